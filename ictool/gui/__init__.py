"""The PySide6 desktop app: thin widgets and item models over ``ictool.core``.

No SQL and no statistics here: widgets call the core facade and refresh from its results.
"""
