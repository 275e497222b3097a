"""The PySide6 desktop app: a window shell hosting one workspace per role, over ``ictool.core``.

No SQL and no statistics here: widgets call the core's use cases and refresh from their results.
``shell/`` opens files and hosts workspaces, ``coder/`` is the coder's workspace, ``workers.py``
runs long core calls off the GUI thread, ``workspaces.py`` says which workspace opens which file.
"""
