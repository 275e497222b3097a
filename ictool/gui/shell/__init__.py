"""The window shell: files, recent files, Help, the status bar, and hosting one workspace at a time."""
