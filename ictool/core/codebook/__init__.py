"""Codebook: variables, categories, levels and missing codes; spreadsheets in and out."""

from ictool.core.codebook.model import Category, Code, Codebook, Kind, Level, Number, Value, Variable

__all__ = ["Category", "Code", "Codebook", "Kind", "Level", "Number", "Value", "Variable"]
