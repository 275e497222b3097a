"""Qt item models: thin adapters over lists of core records."""
