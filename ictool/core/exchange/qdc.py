"""``ictool codebook export PROJECT -o codebook.qdc``: the codebook as a REFI-QDA codebook file.

The ``.qdc`` is the standard's codebook exchange (root ``CodeBook`` in ``urn:QDA-XML:codebook:1.0``):
ATLAS.ti, MAXQDA, NVivo and QualCoder read it as a code tree (see :mod:`.codes` for the form). Written
beside the target and renamed into place, like every export.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ictool.core.codebook.model import Codebook
from ictool.core.exchange.codes import CODEBOOK_NS, ORIGIN, code_elements
from ictool.core.paths import write_atomically


def codebook_document(codebook: Codebook) -> ET.ElementTree[ET.Element]:
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    root.append(code_elements(codebook))
    return ET.ElementTree(root)


def write_qdc(codebook: Codebook, path: Path) -> None:
    """Write ``codebook`` to ``path`` (.qdc); raises ValidationError (writing nothing) for a codebook the
    sheet could not read back, and refuses an empty codebook (the schema wants at least one code)."""
    from ictool.core.errors import UserError

    if not len(codebook):
        raise UserError("the codebook has no variables; a REFI-QDA codebook needs at least one code")
    tree = codebook_document(codebook)
    ET.indent(tree)
    write_atomically(Path(path), lambda tmp: tree.write(tmp, encoding="utf-8", xml_declaration=True))
