"""Rounds of coding (pilot, training, main…), the study's qualification rule, and retest identities.

Why rounds: coders are trained on a few documents before the main coding, and a lead certifies them
round by round. A round is a named set of documents; the report, the assignment and the packages can
be limited to one (``round_documents``). The rule (``rule.py``) says when a round's alpha qualifies a
variable; a retest identity (``retest.py``) codes documents again for Krippendorff's stability.
"""
