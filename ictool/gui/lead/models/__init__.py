"""Item models of the lead's workspace: thin adapters over core objects, written before any widget."""
