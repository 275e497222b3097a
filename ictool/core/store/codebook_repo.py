"""Codebook rows: variables and categories in and out of SQLite.

Codes, bounds and missing codes are stored as JSON text so that ``1`` and ``"1"`` stay
different codes and an integer bound does not come back as ``18.0``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ictool.core.codebook.model import Category, Code, Codebook, Level, Number, Variable
from ictool.core.store.database import Database


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load_number(text: str | None) -> Number | None:
    if text is None:
        return None
    value = json.loads(text)
    assert isinstance(value, int | float)
    return value


def load_codebook(db: Database, *, include_retired: bool = False) -> Codebook:
    """The codebook in form order; retired variables/categories only when asked (exports)."""
    where = "" if include_retired else "WHERE retired = 0"
    cats: dict[str, list[Category]] = {}
    cat_sql = "SELECT variable_uuid, code, label, uuid FROM categories "
    cat_sql += ("" if include_retired else "WHERE retired = 0 ") + "ORDER BY variable_uuid, position"
    for var_uuid, code, label, cat_uuid in db.execute(cat_sql).fetchall():
        cats.setdefault(var_uuid, []).append(Category(code=json.loads(code), label=label, uuid=cat_uuid))
    variables = []
    rows = db.execute(
        "SELECT uuid, name, label, level, multiple, group_name, description, minimum, maximum, missing "
        f"FROM variables {where} ORDER BY position"
    ).fetchall()
    for uuid, name, label, level, multiple, group, description, minimum, maximum, missing in rows:
        variables.append(
            Variable(
                name=name,
                level=Level(level),
                label=label,
                group=group,
                description=description,
                choices=tuple(cats.get(uuid, ())),
                missing=tuple(json.loads(missing)),
                multiple=bool(multiple),
                minimum=_load_number(minimum),
                maximum=_load_number(maximum),
                uuid=uuid,
            )
        )
    return Codebook(tuple(variables))


def _variable_row(var: Variable, position: int) -> dict[str, Any]:
    return {
        "uuid": var.uuid,
        "name": var.name,
        "label": var.label,
        "level": var.level.value,
        "multiple": int(var.multiple),
        "group_name": var.group,
        "description": var.description,
        "position": position,
        "minimum": None if var.minimum is None else _dump(var.minimum),
        "maximum": None if var.maximum is None else _dump(var.maximum),
        "missing": _dump(list(var.missing)),
        "retired": 0,
    }


def upsert_variables(db: Database, variables: Iterable[Variable]) -> None:
    """Write variables and their categories at their new positions (insert or update by uuid).

    Categories that a variable no longer lists are marked retired, not deleted: codings that
    use them stay readable in the audit trail and exports.
    """
    for position, var in enumerate(variables):
        row = _variable_row(var, position)
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "uuid")
        db.execute(
            f"INSERT INTO variables ({cols}) VALUES ({marks}) ON CONFLICT(uuid) DO UPDATE SET {updates}",
            list(row.values()),
        )
        keep = [c.uuid for c in var.choices]
        for cpos, cat in enumerate(var.choices):
            db.execute(
                "INSERT INTO categories (uuid, variable_uuid, code, label, position, retired) "
                "VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT(uuid) DO UPDATE SET "
                "code = excluded.code, label = excluded.label, position = excluded.position, retired = 0",
                [cat.uuid, var.uuid, _dump(cat.code), cat.label, cpos],
            )
        marks = ", ".join("?" for _ in keep) or "NULL"
        db.execute(
            f"UPDATE categories SET retired = 1 WHERE variable_uuid = ? AND uuid NOT IN ({marks})",
            [var.uuid, *keep],
        )


def retire_variables(db: Database, variable_uuids: Iterable[str]) -> None:
    for var_uuid in variable_uuids:
        db.execute(
            "UPDATE variables SET retired = 1, position = position + 100000 WHERE uuid = ?", [var_uuid]
        )


def category_codes_in_use(db: Database, variable_uuid: str) -> list[Code]:
    """Distinct stored values of a variable (decoded JSON), to tell what removing a code would orphan."""
    rows = db.execute(
        "SELECT DISTINCT value FROM codings WHERE variable_uuid = ?", [variable_uuid]
    ).fetchall()
    out: list[Code] = []
    for (text,) in rows:
        value = json.loads(text)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int | str) and item not in out:
                out.append(item)
    return out


def count_codings(db: Database, variable_uuid: str) -> int:
    row = db.execute("SELECT count(*) FROM codings WHERE variable_uuid = ?", [variable_uuid]).fetchone()
    return int(row[0])


def variable_uuids(db: Database) -> set[str]:
    """Every variable the file knows, retired ones included."""
    return {str(r[0]) for r in db.execute("SELECT uuid FROM variables")}
