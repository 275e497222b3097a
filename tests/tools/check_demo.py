"""Sanity check of the ictool demo project in ictool/core/demo/data/.

Run from anywhere:  .venv/bin/python tests/tools/check_demo.py
Exits non-zero if a structural check fails; prints word counts, percent agreement
and Krippendorff's alpha per variable.
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

import krippendorff
import numpy as np

HERE = Path(__file__).resolve().parents[2] / "ictool" / "core" / "demo" / "data"
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
LEVELS = {"nominal", "ordinal", "interval", "ratio", "text"}
errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def read_csv(name: str, header: list[str]) -> list[dict[str, str]]:
    path = HERE / name
    raw = path.read_bytes()
    if b"\r" in raw:
        err(f"{name}: contains CR characters (expected \\n line endings)")
    text = raw.decode("utf-8")
    reader = csv.DictReader(text.splitlines(), strict=True)
    if reader.fieldnames != header:
        err(f"{name}: header {reader.fieldnames} != {header}")
    rows = list(reader)
    for i, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            err(f"{name}:{i}: wrong number of fields")
    return rows


def parse_number(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


def parse_code(s: str) -> int | str:
    s = s.strip()
    return int(s) if re.fullmatch(r"-?\d+", s) else s


# ---------------------------------------------------------------- codebook
cb_rows = read_csv(
    "codebook.csv",
    ["name", "label", "level", "choices", "group", "description", "missing", "multiple", "min", "max"],
)
codebook: dict[str, dict] = {}
for row in cb_rows:
    name = row["name"]
    if not NAME_RE.match(name):
        err(f"codebook: bad name {name!r}")
    if name.casefold() in {n.casefold() for n in codebook}:
        err(f"codebook: duplicate name {name}")
    level = row["level"]
    if level not in LEVELS:
        err(f"codebook {name}: bad level {level}")
    choices: list[tuple[int | str, str]] = []
    if row["choices"].strip():
        for part in row["choices"].split("|"):
            if "," not in part:
                err(f"codebook {name}: choice without comma: {part!r}")
                continue
            code, label = part.split(",", 1)
            choices.append((parse_code(code), label.strip()))
        codes = [c for c, _ in choices]
        if len(set(codes)) != len(codes):
            err(f"codebook {name}: duplicate choice codes")
        for _, label in choices:
            if label in {str(c) for c in codes}:
                err(f"codebook {name}: label {label!r} equals a code")
    multiple = row["multiple"].strip().lower() == "yes"
    missing = [m.strip() for m in row["missing"].split("|") if m.strip()]
    if len(missing) > 3:
        err(f"codebook {name}: more than three missing codes")
    if level in {"nominal", "ordinal"} and not choices:
        err(f"codebook {name}: {level} variable without choices")
    if multiple and missing:
        err(f"codebook {name}: multi-select variable with missing codes")
    if choices:
        for m in missing:
            if parse_code(m) not in [c for c, _ in choices]:
                err(f"codebook {name}: missing code {m} is not a choice")
        if row["min"] or row["max"]:
            err(f"codebook {name}: min/max on a categorical variable")
    elif level in {"interval", "ratio"}:
        for m in missing:
            if parse_number(m) is None:
                err(f"codebook {name}: non-numeric missing code {m}")
    codebook[name] = {
        "level": level,
        "group": row["group"],
        "choices": choices,
        "codes": [c for c, _ in choices],
        "multiple": multiple,
        "missing": missing,
        "min": parse_number(row["min"]) if row["min"] else None,
        "max": parse_number(row["max"]) if row["max"] else None,
    }
n_multi = sum(v["multiple"] for v in codebook.values())
if not 1 <= n_multi <= 2:
    err(f"codebook: {n_multi} multi-select variables (expected 1 or 2)")
groups = list(dict.fromkeys(v["group"] for v in codebook.values()))
print(f"codebook: {len(codebook)} variables, groups: {groups}")
print(f"  levels: { {lv: sum(v['level'] == lv for v in codebook.values()) for lv in sorted(LEVELS)} }")

# ---------------------------------------------------------------- transcripts
transcripts: dict[str, str] = {}
print("\ntranscripts (words):")
for path in sorted((HERE / "transcripts").glob("*.txt")):
    raw = path.read_bytes()
    if b"\r" in raw:
        err(f"{path.name}: contains CR characters")
    text = raw.decode("utf-8")
    first = text.split("\n", 1)[0]
    if not first.startswith(f"# Interview {path.stem} — "):
        err(f"{path.name}: bad title line {first!r}")
    transcripts[path.stem] = text
    n = len(text.split())
    astral = sum(1 for ch in text if ord(ch) > 0xFFFF)
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    note = []
    if astral:
        note.append(f"{astral} non-BMP char(s)")
    if arabic:
        note.append(f"{arabic} Arabic letters")
    print(f"  {path.stem}: {n:5d}  {first[2:60]}…  {'; '.join(note)}")
long_ones = [d for d, t in transcripts.items() if len(t.split()) >= 4000]
print(f"  {len(transcripts)} transcripts, {len(long_ones)} with >= 4,000 words: {long_ones}")
if len(long_ones) < 3:
    err("fewer than three transcripts with >= 4,000 words")

# ---------------------------------------------------------------- coders
coders = {r["name"]: r["profile"] for r in read_csv("coders.csv", ["name", "profile"])}
print(f"\ncoders: {list(coders)}")


def check_ref(where: str, doc: str | None = None, var: str | None = None, coder: str | None = None) -> bool:
    ok = True
    if doc is not None and doc not in transcripts:
        err(f"{where}: unknown document {doc}")
        ok = False
    if var is not None and var not in codebook:
        err(f"{where}: unknown variable {var}")
        ok = False
    if coder is not None and coder not in coders:
        err(f"{where}: unknown coder {coder}")
        ok = False
    return ok


# ---------------------------------------------------------------- codings
def parse_value(var: str, raw: str, where: str):
    """Return the parsed value, or None after reporting an error."""
    v = codebook[var]
    if v["level"] == "text":
        return raw
    if v["multiple"]:
        if raw == "[]":
            return frozenset()
        codes = [parse_code(c) for c in raw.split("|")]
        bad = [c for c in codes if c not in v["codes"]]
        if bad or len(set(codes)) != len(codes):
            err(f"{where}: bad multi-select value {raw!r}")
            return None
        return frozenset(codes)
    if v["choices"]:
        code = parse_code(raw)
        if code not in v["codes"]:
            err(f"{where}: {raw!r} is not a choice code of {var}")
            return None
        return code
    num = parse_number(raw)
    if num is None:
        err(f"{where}: {raw!r} is not a number")
        return None
    if raw in v["missing"] or any(parse_number(m) == num for m in v["missing"]):
        return num
    if (v["min"] is not None and num < v["min"]) or (v["max"] is not None and num > v["max"]):
        err(f"{where}: {raw} outside {v['min']}..{v['max']} and not a missing code")
        return None
    return num


codings: dict[tuple[str, str, str], object] = {}
for i, r in enumerate(read_csv("codings.csv", ["document", "variable", "coder", "value"]), start=2):
    where = f"codings.csv:{i}"
    if not check_ref(where, r["document"], r["variable"], r["coder"]):
        continue
    key = (r["document"], r["variable"], r["coder"])
    if key in codings:
        err(f"{where}: duplicate coding {key}")
    val = parse_value(r["variable"], r["value"], where)
    if val is not None:
        codings[key] = val

non_text = [n for n, v in codebook.items() if v["level"] != "text"]
omitted: dict[tuple[str, str], int] = defaultdict(int)
for doc, var, coder in itertools.product(transcripts, non_text, coders):
    if (doc, var, coder) not in codings:
        omitted[(doc, coder)] += 1
print(f"\ncodings: {len(codings)} cells; omitted non-text cells: {dict(omitted) or 'none'}")
texts = [(d, c) for (d, v, c) in codings if codebook[v]["level"] == "text"]
print(f"  text-variable codings: {len(texts)}")

# ---------------------------------------------------------------- status, memos, evidence
status = {}
for i, r in enumerate(read_csv("status.csv", ["document", "coder", "status"]), start=2):
    check_ref(f"status.csv:{i}", r["document"], coder=r["coder"])
    if r["status"] not in {"done", "in progress", "not started"}:
        err(f"status.csv:{i}: unknown status {r['status']!r}")
    status[(r["document"], r["coder"])] = r["status"]
for doc, coder in itertools.product(transcripts, coders):
    expected = "in progress" if omitted.get((doc, coder)) else "done"
    if status.get((doc, coder)) != expected:
        err(f"status.csv: {doc}/{coder} is {status.get((doc, coder))!r}, codings suggest {expected!r}")

for i, r in enumerate(read_csv("memos.csv", ["document", "coder", "memo"]), start=2):
    check_ref(f"memos.csv:{i}", r["document"], coder=r["coder"])

ev_rows = read_csv("evidence.csv", ["document", "variable", "coder", "quote"])
for i, r in enumerate(ev_rows, start=2):
    where = f"evidence.csv:{i}"
    if not check_ref(where, r["document"], r["variable"], r["coder"]):
        continue
    if r["quote"] not in transcripts[r["document"]]:
        err(f"{where}: quote is not an exact substring of {r['document']}: {r['quote'][:60]!r}")
    nw = len(r["quote"].split())
    if not 5 <= nw <= 40:
        err(f"{where}: quote has {nw} words (expected 5-40)")
    if (r["document"], r["variable"], r["coder"]) not in codings:
        err(f"{where}: evidence for a cell that was not coded")
print(f"evidence: {len(ev_rows)} quotes checked")

# ---------------------------------------------------------------- agreement and alpha
print("\nper-variable agreement (pairwise, on documents coded by both coders) and Krippendorff's alpha")
print(f"  {'variable':24s} {'level':8s} {'%agree':>7s} {'alpha':>7s}")
docs = list(transcripts)
results = []
for var in non_text:
    v = codebook[var]
    pairs = agree = 0
    for doc in docs:
        vals = [codings.get((doc, var, c)) for c in coders]
        vals = [x for x in vals if x is not None]
        for a, b in itertools.combinations(vals, 2):
            pairs += 1
            agree += a == b
    pct = 100 * agree / pairs
    if v["multiple"]:
        # alpha per option (binary), averaged; the set-as-category value is shown too
        alphas = []
        for code in v["codes"]:
            data = [
                [
                    (1.0 if code in codings[(d, var, c)] else 0.0) if (d, var, c) in codings else np.nan
                    for d in docs
                ]
                for c in coders
            ]
            arr = np.array(data)
            if np.nanmax(arr) != np.nanmin(arr):
                alphas.append(krippendorff.alpha(reliability_data=arr, level_of_measurement="nominal"))
        alpha = float(np.mean(alphas))
        label = "multi(avg)"
    else:
        miss = {parse_code(m) for m in v["missing"]} | {parse_number(m) for m in v["missing"]}
        cats = {c: i for i, c in enumerate(v["codes"])}
        data = []
        for c in coders:
            row = []
            for d in docs:
                x = codings.get((d, var, c))
                if x is None or x in miss:
                    row.append(np.nan)
                elif v["choices"]:
                    row.append(float(cats[x]))  # position = order for ordinal
                else:
                    row.append(float(x))
            data.append(row)
        alpha = krippendorff.alpha(reliability_data=np.array(data), level_of_measurement=v["level"])
        label = v["level"]
    results.append((var, label, pct, alpha))
    band = "reliable" if alpha >= 0.8 else "tentative" if alpha >= 0.667 else "unreliable"
    print(f"  {var:24s} {label:10s} {pct:6.1f}% {alpha:7.3f}  {band}")
bands = defaultdict(list)
for var, _, _, a in results:
    band = (
        "reliable (>= .80)" if a >= 0.8 else ("tentative (.667-.80)" if a >= 0.667 else "unreliable (< .667)")
    )
    bands[band].append(var)
print()
for k, vs in bands.items():
    print(f"  {k}: {len(vs)}: {', '.join(vs)}")

if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("\nall structural checks passed")
