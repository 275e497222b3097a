"""Widgets of the coder workspace; each is a thin view that emits what the user did."""
