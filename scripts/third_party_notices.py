"""Write THIRD_PARTY_NOTICES.md: every library the app runs on, its version, licence and licence text.

    .venv/bin/python scripts/third_party_notices.py           # rewrite THIRD_PARTY_NOTICES.md
    .venv/bin/python scripts/third_party_notices.py --check   # exit 1 if the file would change

The list is the closure of ``[project.dependencies]`` in pyproject.toml over the installed distributions'
own requirements (extras nobody asked for and markers false on this interpreter are skipped), plus
Python itself, which the desktop bundle carries. Licence texts come from each distribution's licence
files; PySide6 and Qt ship none in their wheels, so the GNU texts they are used under come from
``resources/licenses/``.

``build_app.spec`` runs ``render()`` again at build time, so a bundle's notices always name the versions
inside it; the committed file is the same list for reading and review (``tests/test_notices.py`` keeps its
names and licences in step with pyproject).
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "THIRD_PARTY_NOTICES.md"
LICENCES = ROOT / "resources" / "licenses"
#: (heading, file) of the licence texts PySide6 and Qt are used under, which their wheels do not carry.
GNU_TEXTS = (
    ("GNU Lesser General Public License v3", LICENCES / "LGPL-3.0.txt"),
    ("GNU General Public License v3", LICENCES / "GPL-3.0.txt"),
)
QT_DISTRIBUTIONS = {"pyside6-essentials", "pyside6-addons", "shiboken6"}
PLATFORM_VARIABLES = ("sys_platform", "platform_system", "os_name", "platform_machine")
#: Why a distribution in the closure is not what it seems, keyed by canonical name.
NOTES = {
    "pip": "Required by sqlite-utils for its `install` command, which ictool never runs; build_app.spec "
    "leaves it out of the desktop app.",
    "sqlcipher3": "The Python module (after pysqlite, under the zlib licence below) has SQLCipher, the "
    "encrypting SQLite, and OpenSSL's libcrypto linked into its one extension library; it opens only "
    "encrypted ictool files. Their licences follow.",
}
#: Licences the metadata does not declare, read from the licence text the distribution ships.
DECLARED_HERE = {"sqlcipher3": "Zlib; contains SQLCipher (BSD-3-Clause) and OpenSSL (Apache-2.0)"}
#: Code linked into a distribution's binaries whose licence texts it does not ship.
EMBEDDED = {
    "sqlcipher3": (
        ("SQLCipher (Zetetic LLC, community edition): BSD-3-Clause", LICENCES / "SQLCipher-BSD-3-Clause.txt"),
        ("OpenSSL (The OpenSSL Project Authors): Apache-2.0", LICENCES / "Apache-2.0.txt"),
    ),
}
HOMEPAGE_LABELS = ("homepage", "home", "source", "source code", "repository", "code", "documentation")


@dataclass
class Entry:
    name: str
    version: str
    licence: str
    homepage: str
    #: (file name, text) of the licence files the distribution ships.
    texts: list[tuple[str, str]] = field(default_factory=list)
    #: True when only requirements whose markers name a platform pull it in: the closure differs elsewhere.
    platform_only: bool = False


def project_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    with pyproject.open("rb") as handle:
        return list(tomllib.load(handle)["project"]["dependencies"])


def _applies(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in extras | {""})


def _names_platform(marker: Marker | None) -> bool:
    return marker is not None and any(name in str(marker) for name in PLATFORM_VARIABLES)


def runtime_closure(requirements: list[str]) -> dict[str, tuple[metadata.Distribution, bool]]:
    """Canonical name -> (installed distribution, reached only through platform markers)."""
    found: dict[str, tuple[metadata.Distribution, bool]] = {}
    extras_seen: dict[str, set[str]] = {}
    queue = [(Requirement(text), False) for text in requirements]
    while queue:
        requirement, via_platform = queue.pop(0)
        name = canonicalize_name(requirement.name)
        via_platform = via_platform or _names_platform(requirement.marker)
        extras = set(requirement.extras)
        if name in found:
            dist, was_platform = found[name]
            found[name] = (dist, was_platform and via_platform)
            if extras <= extras_seen[name]:
                continue
        else:
            try:
                dist = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                missing = f"{requirement.name} is required but not installed: pip install -e ."
                raise SystemExit(missing) from None
            found[name] = (dist, via_platform)
        extras_seen.setdefault(name, set()).update(extras)
        for text in dist.requires or []:
            inner = Requirement(text)
            if _applies(inner, extras_seen[name]):
                queue.append((inner, via_platform))
    return found


def _field(md: metadata.PackageMetadata, name: str) -> str:
    """A metadata field's first value, "" when absent (plain indexing's None is deprecated)."""
    return str((md.get_all(name) or [""])[0])


def licence_of(dist: metadata.Distribution) -> str:
    """The SPDX expression when declared; else a short License field; else the licence classifiers."""
    md = dist.metadata
    if canonicalize_name(_field(md, "Name")) in DECLARED_HERE:
        return DECLARED_HERE[canonicalize_name(_field(md, "Name"))]
    expression = _field(md, "License-Expression").strip()
    if expression:
        return expression
    short = _field(md, "License").strip()
    if short and "\n" not in short and len(short) <= 80 and short.upper() != "UNKNOWN":
        return short
    classifiers = [c.split(" :: ")[-1] for c in md.get_all("Classifier") or [] if c.startswith("License ::")]
    return " OR ".join(c for c in classifiers if c != "OSI Approved") or "not declared (see the text below)"


def homepage_of(dist: metadata.Distribution) -> str:
    md = dist.metadata
    if _field(md, "Home-page"):
        return _field(md, "Home-page").strip()
    urls: dict[str, str] = {}
    for entry in md.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls.setdefault(label.strip().lower(), url.strip())
    for label in HOMEPAGE_LABELS:
        if label in urls:
            return urls[label]
    return next(iter(urls.values()), "")


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """The files the distribution declares as licence files (License-File), else LICENSE-like names."""
    info = [f for f in dist.files or [] if f.parts and f.parts[0].endswith(".dist-info")]
    declared = dist.metadata.get_all("License-File") or []
    chosen = []
    for name in declared:
        matches = [f for f in info if "/".join(f.parts[1:]) in (name, f"licenses/{name}")]
        chosen += matches[:1]
    if not declared:
        pattern = re.compile(r"^(licen[cs]e|copying|notice)", re.IGNORECASE)
        chosen = [f for f in info if len(f.parts) == 2 and pattern.match(f.name)]
    texts = []
    for file in chosen:
        text = file.read_text(encoding="utf-8")
        if text and text.strip():
            texts.append(("/".join(file.parts[1:]).removeprefix("licenses/"), text.strip()))
    return texts


def entries(requirements: list[str] | None = None) -> list[Entry]:
    closure = runtime_closure(project_requirements() if requirements is None else requirements)
    found = []
    for _name, (dist, platform_only) in sorted(closure.items()):
        found.append(
            Entry(
                name=_field(dist.metadata, "Name"),
                version=dist.version,
                licence=licence_of(dist),
                homepage=homepage_of(dist),
                texts=licence_texts(dist),
                platform_only=platform_only,
            )
        )
    return found


def python_licence_text() -> str | None:
    base = Path(sys.base_prefix)
    for path in (
        base / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
        base / "LICENSE.txt",
    ):
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    return None


def fenced(text: str) -> str:
    """A code block the text cannot close early, whatever fences it contains itself."""
    longest = max((len(run) for run in re.findall(r"~{3,}", text)), default=2)
    fence = "~" * (longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


QT_SECTION = """\
## PySide6, shiboken6 and Qt

PySide6 (the Python bindings, in the PySide6-Essentials and PySide6-Addons distributions), shiboken6 (the
binding generator's run-time library) and the Qt libraries those wheels contain are offered by The Qt
Company under the GNU Lesser General Public License v3 (LGPL-3.0), the GNU GPL v2 or v3, or a commercial
licence. ictool uses them under **LGPL-3.0**; its full text, and the GPL-3.0 it builds on, are at the end of
this file.

ictool does not modify Qt or PySide6. The desktop app is built as one folder (PyInstaller's one-folder
mode), so Qt's and PySide6's shared libraries stay separate, replaceable files under `_internal/`:
the bindings in `_internal/PySide6/`, Qt's libraries in `_internal/PySide6/Qt/lib/` on Linux and beside
the bindings on Windows (on macOS the same tree is inside `ictool.app/Contents/Frameworks/`). You may
replace them with your own, modified or not, compatible build of the same versions; the build recipe,
`build_app.spec`, is part of ictool's source.

The source of Qt is at <https://download.qt.io/official_releases/qt/> and <https://code.qt.io/>; the
source of PySide6 and shiboken6 is at <https://download.qt.io/official_releases/QtForPython/> and
<https://code.qt.io/cgit/pyside/pyside-setup.git/>. Qt also bundles third-party code under its own
licences, listed at <https://doc.qt.io/qt-6/licenses-used-in-qt.html>.
"""


def render(found: list[Entry] | None = None) -> str:
    found = entries() if found is None else found
    python = platform.python_version()
    lines = [
        "# Third-party notices",
        "",
        "ictool itself is released under the MIT licence (`LICENSE`). The desktop app carries the Python",
        "interpreter and the libraries below, each under its own licence. This file is generated by",
        "`scripts/third_party_notices.py` from the installed distributions: do not edit it by hand.",
        "",
        "| Component | Version | Licence | Home page |",
        "|---|---|---|---|",
        f"| Python | {python} | PSF-2.0 | https://www.python.org/ |",
    ]
    for entry in found:
        licence = entry.licence
        if canonicalize_name(entry.name) in QT_DISTRIBUTIONS:
            licence += " (used under LGPL-3.0-only)"
        lines.append(f"| {entry.name} | {entry.version} | {_cell(licence)} | {entry.homepage} |")
    lines += [
        "",
        "SQLite, inside Python's `sqlite3` module, is in the public domain. On Linux the bundle also carries",
        "system libraries of the machine it was built on (each under its own licence, as its distribution",
        "ships it).",
        "",
        "## Python",
        "",
        f"Python {python}, under the Python Software Foundation License (PSF-2.0). The licences of the",
        "software Python incorporates are listed at <https://docs.python.org/3/license.html>.",
        "",
    ]
    text = python_licence_text()
    lines += [fenced(text) if text else "See <https://docs.python.org/3/license.html>.", "", QT_SECTION]
    for entry in found:
        lines += [f"## {entry.name} {entry.version}", "", f"Licence: {entry.licence}  "]
        lines += [f"Home page: {entry.homepage or 'not declared'}", ""]
        if canonicalize_name(entry.name) in NOTES:
            lines += [NOTES[canonicalize_name(entry.name)], ""]
        if canonicalize_name(entry.name) in QT_DISTRIBUTIONS:
            lines += ["Used under LGPL-3.0-only: see *PySide6, shiboken6 and Qt* above.", ""]
        for name, body in entry.texts:
            lines += [f"### {name}", "", fenced(body), ""]
        for title, path in EMBEDDED.get(canonicalize_name(entry.name), ()):
            lines += [f"### {title}", "", fenced(path.read_text(encoding="utf-8").strip()), ""]
        if not entry.texts and canonicalize_name(entry.name) not in QT_DISTRIBUTIONS:
            lines += ["The distribution ships no licence file; its declared licence is above.", ""]
    for title, path in GNU_TEXTS:
        lines += [f"## {title}", "", fenced(path.read_text(encoding="utf-8").strip()), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output.name} is out of date: run scripts/third_party_notices.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(entries())} distributions and Python")
    return 0


if __name__ == "__main__":
    sys.exit(main())
