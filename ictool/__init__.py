"""ictool: inter-rater reliability coding for qualitative research teams."""

__version__ = "0.1.0"
APP_NAME = "ictool"
