"""The codebook as a REFI-QDA code tree, and back: one place for the form both files share.

Each variable is a code named by the variable's name; each category a child code named by its label
(a category always has one). A REFI code has a name, a description and children, nothing more,
so what else ictool needs travels at the end of the description, after a line ``[ictool]``, one
``key: value`` line per column of the codebook sheet (the same words and the same syntax as the sheet,
so the sheet's own validation reads them back)::

    Code the respondent's gender as stated …

    [ictool]
    label: Gender
    level: nominal
    group: Demographics
    missing: 9
    multiple: no

and a category's description is ``[ictool]`` and ``code: 2``. A value that holds a line break is
written as a JSON string (``label: "two\\nlines"``). Codes without such a block are a QDA program's
own: they are matched by name (variable name, then category label or code) when a study comes in.
"""

from __future__ import annotations

import contextlib
import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ictool.core.codebook.choices import format_choices, format_code, parse_code
from ictool.core.codebook.export import codebook_to_rows
from ictool.core.codebook.model import Category, Codebook, Variable
from ictool.core.codebook.sheet import codebook_from_rows

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "ictool"
MARK = "[ictool]"
#: The sheet columns kept in a variable code's block (name is the code's name, choices its children,
#: description the free text before the block).
BLOCK_KEYS = ("label", "level", "group", "missing", "multiple", "min", "max")
#: Derived GUIDs (value codes, codings, notes) are UUID 5 in this namespace, so an export is repeatable.
GUIDS = uuid.UUID("6f1c4a52-5d1e-4d9b-9a57-3f0e2f1a7c11")


def derived_guid(*parts: str) -> str:
    return str(uuid.uuid5(GUIDS, "/".join(parts)))


def block(description: str, pairs: Iterable[tuple[str, str]]) -> str:
    """``description`` followed by the ``[ictool]`` block of the non-empty pairs."""
    lines = [
        f"{key}: {json.dumps(value, ensure_ascii=False) if _needs_json(value) else value}"
        for key, value in pairs
        if value != ""
    ]
    head = f"{description.rstrip()}\n\n" if description.strip() else ""
    return f"{head}{MARK}\n" + "\n".join(lines)


def _needs_json(value: str) -> bool:
    return "\n" in value or "\r" in value or value.startswith('"') or value != value.strip()


def read_block(text: str) -> tuple[str, dict[str, str] | None]:
    """The free description and the block's pairs (None when there is no ``[ictool]`` block)."""
    before, found, after = text.rpartition(MARK)
    if not found or (before and not before.endswith("\n")):
        return text, None
    pairs: dict[str, str] = {}
    for line in after.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        value = value.strip()
        if value.startswith('"'):
            with contextlib.suppress(ValueError):
                value = str(json.loads(value))
        pairs[key.strip().casefold()] = value
    return before.rstrip(), pairs


def code_elements(codebook: Codebook) -> ET.Element:
    """The ``Codes`` element of ``codebook`` (the sheet's checks run first).

    Tags are written unqualified and the root declares the default namespace (``xmlns``): ElementTree
    cannot write a default namespace for elements whose attributes have none."""
    rows = codebook_to_rows(codebook)  # refuses what would not come back, in the sheet's words
    codes = ET.Element("Codes")
    for variable, row in zip(codebook, rows, strict=True):
        code = _code(codes, variable.uuid, variable.name)
        pairs = [(key, row[key]) for key in BLOCK_KEYS]
        ET.SubElement(code, "Description").text = block(row["description"], pairs)
        for category in variable.choices:
            child = _code(code, category.uuid, category.label)
            ET.SubElement(child, "Description").text = block("", [("code", format_code(category.code))])
    return codes


def _code(parent: ET.Element, guid: str, name: str) -> ET.Element:
    return ET.SubElement(parent, "Code", {"guid": guid, "name": name, "isCodable": "true"})


@dataclass
class CodeNode:
    """A code of the file's tree, as read: guid, name, path (for messages), children, its block."""

    guid: str
    name: str
    path: str
    description: str = ""
    pairs: dict[str, str] | None = None
    children: list[CodeNode] = field(default_factory=list)


def read_code_tree(codes: ET.Element | None, ns: str) -> list[CodeNode]:
    """The top-level codes under a ``Codes`` element (empty when there is none)."""
    if codes is None:
        return []
    return [_node(el, ns, "") for el in codes.findall(f"{{{ns}}}Code")]


def _node(el: ET.Element, ns: str, parent: str) -> CodeNode:
    name = el.get("name", "")
    path = f"{parent}/{name}" if parent else name
    text = el.findtext(f"{{{ns}}}Description") or ""
    description, pairs = read_block(text)
    node = CodeNode(el.get("guid", ""), name, path, description, pairs)
    node.children = [_node(child, ns, path) for child in el.findall(f"{{{ns}}}Code")]
    return node


def walk(nodes: Sequence[CodeNode]) -> Iterable[CodeNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def codebook_from_tree(nodes: Sequence[CodeNode], source: str) -> Codebook | None:
    """The codebook carried by ictool's blocks (None when no code has one); the sheet's checks apply."""
    rows: list[tuple[int, dict[str, str]]] = []
    for node in walk(nodes):
        if node.pairs is None or "level" not in node.pairs:
            continue
        choices = [
            Category(parse_code(child.pairs["code"]), child.name)
            for child in node.children
            if child.pairs is not None and "code" in child.pairs
        ]
        row = {key: node.pairs.get(key, "") for key in BLOCK_KEYS}
        row.update(name=node.name, description=node.description, choices=format_choices(choices))
        rows.append((len(rows) + 1, row))
    if not rows:
        return None
    return codebook_from_rows(rows, f"{source} (the codebook in its codes; variable")


def category_for(variable: Variable, node: CodeNode) -> Category | None:
    """The category a child code stands for: by ictool's code, else by label, else by the code's text."""
    if node.pairs is not None and "code" in node.pairs:
        found = variable.category(parse_code(node.pairs["code"]))
        if found is not None:
            return found
    key = node.name.strip().casefold()
    for category in variable.choices:
        if category.label.strip().casefold() == key:
            return category
    for category in variable.choices:
        if format_code(category.code).casefold() == key:
            return category
    return None
