"""Text for people and programs that is not a file format of its own: JSON laid out to be read
(``readable_json``) and counts in words (``wording``). Imports nothing else of ictool."""
