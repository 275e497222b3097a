"""``ictool new PROJECT --codebook FILE [--title T]``: create a project from a codebook sheet;
``ictool new PROJECT --from-qdpx STUDY.qdpx [--codebook FILE]``: from a QDA program's REFI-QDA project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.outputs import checked_output

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "new",
        help="create a project file from a codebook (.xlsx or .csv), or from a REFI-QDA .qdpx",
        description="Create a new project file. The codebook sheet has the columns name, label, level, "
        "choices, group, description, missing, multiple, min, max (only name and level are required). "
        "Every problem in the sheet is listed with its row; on any problem nothing is created. "
        "With --from-qdpx, the project is made from a REFI-QDA project of a QDA program (or of "
        "'ictool export -o X.qdpx'): its text sources become documents, its users coders, and its "
        "codings values and evidence where the code tree matches the codebook (variable code, then "
        "category codes, by name); the codebook is --codebook, else the one an ictool .qdpx carries. "
        "What does not map is listed; a malformed or foreign file is refused and nothing is created.",
    )
    p.add_argument("project", type=Path, help="the project file to create (must not exist)")
    p.add_argument(
        "--codebook",
        type=Path,
        help="codebook spreadsheet (.xlsx or .csv); required unless --from-qdpx carries ictool's codebook",
    )
    p.add_argument(
        "--from-qdpx",
        type=Path,
        metavar="QDPX",
        help="a REFI-QDA project (.qdpx) to take documents, coders and codings from",
    )
    p.add_argument("--title", default="", help="project title (default: the file name)")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt the project with a passphrase (asked twice at a terminal; see --passphrase-file)",
    )
    p.add_argument(
        "--recovery-key",
        action="store_true",
        help="with --encrypt: give the study a recovery key, written to a new file beside the project "
        "(its name is printed; keep it offline), which opens every encrypted package of the study",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.codebook.sheet import read_codebook
    from ictool.core.project import Project
    from ictool.core.team.progress import variables_in_groups

    checked_output(args.project, (".ictool",), "a project file")
    if args.from_qdpx is not None:
        if args.encrypt:
            from ictool.core.errors import UserError

            raise UserError(
                f"{args.project}: --encrypt does not go with --from-qdpx yet; create the project, then "
                "write an encrypted copy with 'ictool encrypt'"
            )
        return _from_qdpx(args)
    if args.codebook is None:
        from ictool.core.errors import UserError

        raise UserError("name the codebook sheet with --codebook (or a REFI-QDA project with --from-qdpx)")
    if args.recovery_key and not args.encrypt:
        from ictool.core.errors import UserError

        raise UserError("--recovery-key goes with --encrypt (a plain project needs none)")
    codebook = read_codebook(args.codebook)
    from ictool.core.store import cipher

    passphrase = cipher.new_passphrase(args.project) if args.encrypt else None
    recovery_key = cipher.new_recovery_key() if args.recovery_key else None
    with Project.create(
        args.project,
        codebook,
        title=args.title,
        actor=args.actor,
        passphrase=passphrase,
        recovery_key=recovery_key,
    ) as project:
        groups = len([g for g in codebook.groups if g])
        ungrouped = sum(not v.group for v in codebook)
        print(f"created {project.path}: {variables_in_groups(len(codebook), groups, ungrouped)}")
        title = project.title
    if passphrase is not None:
        print(f"encrypted with its passphrase. {cipher.LOST_PASSPHRASE}")
    if recovery_key is not None:
        written = cipher.write_recovery_key(args.project, recovery_key, title)
        print(
            f"wrote the study's recovery key to {written}: it opens every encrypted package of the study "
            "(not the project). Keep it offline, apart from the files, and remove it from this computer"
        )
    elif passphrase is not None:
        print("note: without a recovery key (--recovery-key), a package whose passphrase is lost is lost")
    return 0


def _from_qdpx(args: argparse.Namespace) -> int:
    from ictool.core.codebook.sheet import read_codebook
    from ictool.core.exchange.qdpx_in import new_project_from_qdpx

    codebook = read_codebook(args.codebook) if args.codebook is not None else None
    report = new_project_from_qdpx(
        args.project, args.from_qdpx, codebook=codebook, title=args.title, actor=args.actor
    )
    coders = ", ".join(report.coders) or "none"
    print(
        f"created {report.path} from {args.from_qdpx.name}: {report.documents} documents, "
        f"coders {coders}; {report.values} values, {report.evidence} quotes, {report.memos} memos, "
        f"{report.resolutions} resolutions"
    )
    if report.unmapped:
        print(f"not mapped ({len(report.unmapped)}):")
        for line in report.unmapped:
            print(f"  {line}")
    return 0
