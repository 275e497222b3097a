"""The README's command reference names every command, argument and option the parser has.

The reference is written by hand, so nothing keeps it true but this test: a new flag, argument or command
without a line in the README fails here, and so does an entry for a command that no longer exists.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from itertools import takewhile

from ictool.cli.main import build_parser
from tests.e2e.conftest import ROOT

SECTION = "## Command reference"
HELP = frozenset({"-h", "--help"})


def reference() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"the README has no '{SECTION}' section"
    text = readme.split(SECTION, 1)[1]
    return re.split(r"^## ", text, maxsplit=1, flags=re.MULTILINE)[0]


def entries() -> dict[str, tuple[str, str]]:
    """Command path (``""`` for ``ictool`` itself, ``"codebook export"``…) -> (heading, body)."""
    found: dict[str, tuple[str, str]] = {}
    parts = re.split(r"^### `(ictool[^`]*)`[ \t]*$", reference(), flags=re.MULTILINE)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        # The command's words come first; arguments and options are upper case or start with - or [.
        words = takewhile(lambda word: re.fullmatch(r"[a-z][a-z-]*", word), heading.split()[1:])
        path = " ".join(words)
        assert path not in found, f"two entries for 'ictool {path}'"
        found[path] = (heading, body)
    return found


def commands(
    parser: argparse.ArgumentParser, path: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command that runs something (``codebook`` itself only lists its actions)."""
    nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not nested or not path:
        yield path, parser
    for action in nested:
        for name, command in action.choices.items():
            yield from commands(command, f"{path} {name}".strip())


def test_every_command_has_an_entry_and_every_entry_a_command() -> None:
    documented = entries()
    paths = [path for path, _ in commands(build_parser())]
    assert len(paths) > 15
    assert sorted(documented) == sorted(paths)


def test_every_argument_and_option_is_documented_in_its_entry() -> None:
    documented = entries()
    parser = build_parser()
    everywhere = {o for a in parser._actions for o in a.option_strings} - HELP
    for path, command in commands(parser):
        heading, body = documented[path]
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            if not action.option_strings:  # a positional argument: its name in the heading
                name = (action.metavar or action.dest).upper()
                assert re.search(rf"\b{re.escape(name)}\b", heading), f"'ictool {path}' lacks {name}"
                continue
            if path and set(action.option_strings) <= everywhere:
                continue  # --as: on every command, documented once under ictool itself
            options = set(action.option_strings) - HELP
            if not options:
                continue  # --help, on every command and explained once above the entries
            for option in options:
                line = rf"^- .*`{re.escape(option)}[ `,]"
                assert re.search(line, body, flags=re.MULTILINE), f"'ictool {path}': no line for {option}"
            in_usage = [o for o in options if re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", heading)]
            assert in_usage, f"'ictool {path}': {' or '.join(sorted(options))} is not in the usage line"


def test_the_walk_finds_nested_and_global_options() -> None:
    # Guards the test itself: a walk that found nothing would pass everything.
    found = dict(commands(build_parser()))
    assert {"", "codebook export", "codebook template", "coders add", "alpha"} <= set(found)
    assert "codebook" not in found
    assert any("--allow-remove" in a.option_strings for a in found["codebook update"]._actions)
