"""The coder's workspace: coding transcripts against the codebook, then handing the package back."""
