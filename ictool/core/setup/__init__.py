"""Setting up a study: codebook changes, documents, coders."""
