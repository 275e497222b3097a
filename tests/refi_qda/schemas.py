"""The REFI-QDA schemas of this folder, loaded once, for the tests that validate ictool's output."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

HERE = Path(__file__).parent
PROJECT_XSD = HERE / "Project-mrt2019.xsd"  # the official file (see README.md)
CODEBOOK_XSD = HERE / "Codebook-reconstructed.xsd"  # reconstructed from the specification's text


@cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


def errors(xml: bytes, schema: Path) -> list[str]:
    """Every validation error of ``xml`` against ``schema`` (empty: valid)."""
    checker = _schema(schema)
    valid = checker.validate(etree.fromstring(xml))
    return [] if valid else [str(e) for e in checker.error_log]
