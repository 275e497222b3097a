"""The editor each kind of variable gets in the coding form (see ``make_editor``).

The editors live in ``editor_base`` (shared behaviour), ``choice_editors`` and ``entry_editors``;
this module picks one per variable and re-exports them for callers and tests.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ictool.core.codebook.model import Kind, Variable
from ictool.gui.widgets.choice_editors import ChoiceButtons, ChoiceCombo
from ictool.gui.widgets.editor_base import MAX_RADIO_CHOICES, VariableEditor
from ictool.gui.widgets.entry_editors import NumberEditor, TextEditor

__all__ = ["ChoiceButtons", "ChoiceCombo", "NumberEditor", "TextEditor", "VariableEditor", "make_editor"]


def make_editor(variable: Variable, parent: QWidget | None = None) -> VariableEditor:
    """The editor a variable's kind calls for."""
    kind = variable.kind
    if kind is Kind.TEXT:
        return TextEditor(variable, parent)
    if kind is Kind.NUMBER:
        return NumberEditor(variable, parent)
    if kind is Kind.SINGLE and len(variable.choices) > MAX_RADIO_CHOICES:
        return ChoiceCombo(variable, parent)
    return ChoiceButtons(variable, parent)
