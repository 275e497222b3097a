"""One coder's work in a file: values, evidence, memos, document status."""
