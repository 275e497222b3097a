"""``ictool package PROJECT --coder NAME -o OUT``: a blind coder package."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.outputs import checked_output

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "package",
        help="write a coder package (the codebook, that coder's documents and only that coder's codings)",
        description="Write a coder package: a new file holding the codebook, the documents assigned to the "
        "coder and that coder's own existing codings, and nothing of any other coder.",
    )
    p.add_argument("project", type=Path, help="project file")
    p.add_argument("--coder", required=True, metavar="NAME", help="the coder the package is for")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="package file to write")
    p.add_argument("--round", metavar="NAME", default=None, help="only the coder's documents of this round")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt the package with a passphrase of its own (tell the coder by another channel); "
        "in a project with a recovery key the passphrase is generated from it and printed",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.store import cipher
    from ictool.core.team.hand_out import build_package, recoverable_key

    checked_output(args.output, (".ictcoder",), "a coder package")
    with Project.open(args.project, actor=args.actor) as project:
        passphrase: str | cipher.Key | None = None
        generated = None
        if args.encrypt:
            generated = recoverable_key(project)
            passphrase = generated if generated is not None else cipher.new_passphrase(args.output)
        info = build_package(project, args.coder, args.output, round=args.round, passphrase=passphrase)
    print(
        f"wrote {info.path} for {info.coder}: {info.documents} documents, {info.codings} existing codings "
        f"(package {info.package_uuid[:8]}, revision {info.revision})"
    )
    if generated is not None:
        print(
            f"encrypted with the passphrase {generated.passphrase} (made from the study's recovery key, "
            "which opens it too): tell the coder by another channel than the file's"
        )
    elif passphrase is not None:
        print(
            "encrypted: tell the coder its passphrase by another channel than the file's. "
            f"{cipher.LOST_PASSPHRASE}"
        )
    return 0
