"""``ictool alpha DATA.(csv|xlsx)``: Krippendorff's alpha of a reliability data sheet, headless.

The same core as the project report (:mod:`ictool.core.reliability`), for data that never lived in
an ictool project: a sheet from another tool, a published example, a reviewer's spot check. Bad input
raises :class:`UserError` (main prints ``error: …`` and exits 2); an *undefined* alpha is a result,
not an error, and is printed with its reason.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.display import progress_printer
from ictool.core.codebook.model import Level
from ictool.core.errors import UserError
from ictool.core.reliability.defaults import DEFAULT_SEED
from ictool.core.text.readable_json import readable_json

if TYPE_CHECKING:
    from ictool.core.reliability import (
        AlphaResult,
        BootstrapResult,
    )


def register(sub: Any) -> None:
    p = sub.add_parser(
        "alpha",
        help="Krippendorff's alpha (with KALPHA bootstrap CI and kappas) of a reliability data sheet",
        description="Compute Krippendorff's alpha of a .csv or .xlsx sheet. Default layout: a header "
        "row naming the coders, one row per unit, optionally a first column of unit ids headed 'unit' "
        "(or id, document, case, item…). Empty cells, NA, N/A, NaN, #N/A, . and * or - alone are "
        "missing (--missing adds codes). CSV may be UTF-8, UTF-16 or Windows-1252, delimited by "
        "commas, semicolons or tabs; where the delimiter is not a comma, 2,5 is read as 2.5.",
    )
    p.add_argument("data", type=Path, help="reliability data (.csv or .xlsx)")
    p.add_argument("--level", default="nominal", help="nominal (default), ordinal, interval or ratio")
    p.add_argument(
        "--order",
        metavar='"a,b,c"',
        default=None,
        help="comma-separated order of the values (ordinal text values need it; every value must be listed)",
    )
    p.add_argument(
        "--coders-in-rows",
        action="store_true",
        help="Krippendorff's layout: one row per coder, one column per unit, no header, no unit column",
    )
    p.add_argument(
        "--missing",
        metavar="CODES",
        default=None,
        help='comma-separated codes that mean missing, e.g. 99,-1 or "n.a." (99 also matches 99.0)',
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        metavar="N",
        help="KALPHA bootstrap replicates for the 95%% CI and q",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"bootstrap seed (default {DEFAULT_SEED})")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.reliability import bootstrap_alpha, compute_alpha, kappas
    from ictool.core.reliability.diagnostics import MATRIX_VALUES, coincidence_matrix
    from ictool.core.reliability.sheet import load_reliability_sheet

    if args.bootstrap < 0:
        raise UserError(f"--bootstrap must be 0 or a positive number of replicates, not {args.bootstrap}")
    order = args.order.split(",") if args.order is not None else None
    missing = _missing_codes(args.missing)
    try:
        reading = load_reliability_sheet(
            args.data, args.level, order=order, coders_in_rows=args.coders_in_rows, missing=missing
        )
    except UserError as exc:
        raise UserError([_with_hint(p) for p in exc.problems]) from None
    data = reading.data
    result = compute_alpha(data)
    kappa = kappas(data) if data.level is Level.NOMINAL else None
    boot = None
    if args.bootstrap > 0:
        boot = bootstrap_alpha(
            result, args.bootstrap, seed=args.seed, progress=progress_printer("replicates")
        )
    summary = _summary(args.data, result, boot, args.bootstrap, args.seed)
    for name in ("cohen_kappa", "fleiss_kappa", "gwet_ac1"):
        summary[name] = getattr(kappa, name) if kappa is not None else None
    matrix = None
    if data.level in (Level.NOMINAL, Level.ORDINAL) and len(data.domain) <= MATRIX_VALUES:
        matrix = coincidence_matrix(result)  # the cells alpha was computed from, not recomputed
    summary["coincidences"] = matrix.to_json_dict() if matrix is not None else None
    summary["missing_markers"] = reading.missing
    summary["notes"] = reading.notes
    if args.json:
        print(readable_json(summary))
    else:
        print(_format(summary))
    return 0


def _missing_codes(text: str | None) -> list[str]:
    if text is None:
        return []
    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:
        raise UserError('--missing needs at least one code, e.g. --missing 99 or --missing "99,-1"')
    return codes


def _with_hint(problem: str) -> str:
    """The option that fixes the problem, which the core reading the sheet does not know by name."""
    if "give their order" in problem:
        return problem + ' (use --order "a,b,c")'
    if "can be declared" in problem:
        return problem.replace(
            "can be declared", 'can be declared with --missing, e.g. --missing 99 or "n.a."'
        )
    return problem


def _summary(
    path: Path, result: AlphaResult, boot: BootstrapResult | None, replicates: int, seed: int
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": str(path),
        "level": result.level.value,
        "alpha": result.alpha,
        "undefined_reason": result.undefined_reason,
        "units": result.units,
        "coders": result.coders,
        "pairable_values": result.pairable_values,
        "pairs": result.pairs,
        "observed_disagreement": result.observed_disagreement,
        "expected_disagreement": result.expected_disagreement,
        "percent_agreement": result.percent_agreement,
    }
    if replicates > 0:
        out["ci95"] = list(boot.ci95) if boot is not None else None
        out["q"] = dict(boot.q) if boot is not None else None
        out["bootstrap"] = {"replicates": replicates, "seed": seed, "draws": boot.draws if boot else None}
    return out


def _number(value: float | None, digits: int = 4) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _format(s: dict[str, Any]) -> str:
    head = f"Krippendorff's alpha ({s['level']}): "
    lines = [
        head + (_number(s["alpha"]) if s["alpha"] is not None else f"undefined — {s['undefined_reason']}")
    ]
    counts = f"units {s['units']} · coders {s['coders']} · pairable values {s['pairable_values']}"
    lines.append(f"  {counts} · pairs {s['pairs']}")
    if s["observed_disagreement"] is not None:
        agreement = s["percent_agreement"]
        lines.append(
            f"  observed disagreement {_number(s['observed_disagreement'])} · expected "
            f"{_number(s['expected_disagreement'])} · agreement {agreement * 100:.1f}% of pairs"
        )
    if s.get("ci95"):
        boot = s["bootstrap"]
        low, high = s["ci95"]
        lines.append(
            f"  95% CI [{low:.4f}, {high:.4f}] (KALPHA bootstrap, {boot['replicates']} replicates, "
            f"{boot['draws']} pairs each, seed {boot['seed']})"
        )
        lines.append(f"  q: P(alpha < .667) = {s['q']['0.667']:.4f} · P(alpha < .800) = {s['q']['0.8']:.4f}")
    if s["level"] == "nominal":
        lines.append(
            f"  Cohen's kappa {_number(s['cohen_kappa'])} · Fleiss' kappa {_number(s['fleiss_kappa'])} · "
            f"Gwet's AC1 {_number(s['gwet_ac1'])}"
        )
    if s["missing_markers"]:
        marked = ", ".join(
            f"{count} {'cell' if count == 1 else 'cells'} ‘{marker}’"
            for marker, count in s["missing_markers"].items()
        )
        lines.append(f"  read as missing: {marked}")
    lines += [f"  note: {note}" for note in s["notes"]]
    return "\n".join(lines)
