"""The fictional demo project, shipped inside the package."""
