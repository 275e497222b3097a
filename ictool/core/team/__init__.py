"""The team workflow: assign, hand out, read returned packages, merge, import coding sheets, hand back."""
