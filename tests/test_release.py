"""What a release ships besides the code: one version, its licence, and the third-party notices."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from types import ModuleType

from packaging.utils import canonicalize_name

import ictool
from ictool import about

ROOT = Path(__file__).resolve().parents[1]
NOTICES = ROOT / "THIRD_PARTY_NOTICES.md"
REGENERATE = "run .venv/bin/python scripts/third_party_notices.py and commit THIRD_PARTY_NOTICES.md"


def notices_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "third_party_notices", ROOT / "scripts" / "third_party_notices.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["third_party_notices"] = module
    spec.loader.exec_module(module)
    return module


def table() -> dict[str, tuple[str, str]]:
    """Canonical name -> (version, licence) from the summary table of the committed notices."""
    rows = {}
    for line in NOTICES.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 4 and cells[0] not in ("Component", "---"):
            rows[canonicalize_name(cells[0])] = (cells[1], cells[2].replace("\\|", "|"))
    return rows


def test_the_version_lives_only_in_the_package() -> None:
    """pyproject reads ``ictool.__version__``; the installed metadata must agree (else reinstall)."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        pyproject = tomllib.load(handle)
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "ictool.__version__"}
    installed = metadata.version("ictool")
    assert installed == ictool.__version__, f"installed {installed}: run .venv/bin/pip install -e ."


def test_no_other_file_spells_the_version_out() -> None:
    """The spec, the scripts and the app all read ``ictool.__version__``; a copy would go stale."""
    pattern = re.compile(rf"(?<![\d.]){re.escape(ictool.__version__)}(?![\d.])")
    places = [ROOT / "ictool", ROOT / "scripts", ROOT / "resources" / "entry", ROOT / "tests"]
    files = [ROOT / "build_app.spec", ROOT / "pyproject.toml"]
    files += [
        p for place in places for p in place.rglob("*") if p.suffix in (".py", ".spec", ".toml", ".cfg")
    ]
    spelled = [str(p.relative_to(ROOT)) for p in files if pattern.search(p.read_text(encoding="utf-8"))]
    assert spelled == ["ictool/__init__.py"]


def test_the_licence_is_mit_by_the_ictool_authors() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and about.COPYRIGHT in text
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert tomllib.load(handle)["project"]["license"] == {"text": about.LICENSE}


def test_the_notices_list_every_runtime_distribution_with_its_licence() -> None:
    """Every distribution ictool needs at run time is listed, under the licence it declares now.

    Names and licences must match exactly: a new dependency, or one that changed its licence, fails
    here. Versions are compared by their major number only. pyproject gives ranges, not pins, so a fresh
    environment may hold a newer patch or minor release than the one the notices were written from;
    failing on that would fail every run after an upstream release while the bundle is right anyway
    (build_app.spec writes the bundle's own copy from the versions it packs). Distributions that only a
    platform marker pulls in (colorama on Windows) are not required of a file written elsewhere.
    """
    script = notices_script()
    listed = table()
    assert canonicalize_name("Python") in listed
    expected = [e for e in script.entries() if not e.platform_only]
    missing = [e.name for e in expected if canonicalize_name(e.name) not in listed]
    assert not missing, f"{missing} are not in THIRD_PARTY_NOTICES.md: {REGENERATE}"
    closure = {canonicalize_name(e.name) for e in script.entries()} | {"python"}
    stale = sorted(set(listed) - closure)
    assert not stale, f"{stale} are no longer dependencies: {REGENERATE}"
    for entry in expected:
        version, licence = listed[canonicalize_name(entry.name)]
        assert licence.startswith(entry.licence), f"{entry.name}: {licence} != {entry.licence}: {REGENERATE}"
        major = entry.version.split(".")[0]
        assert version.split(".")[0] == major, f"{entry.name} {version} is now {entry.version}: {REGENERATE}"


def test_the_notices_cover_the_declared_dependencies_and_python() -> None:
    """The closure starts from pyproject, so every declared dependency is in it, however reached."""
    script = notices_script()
    names = {canonicalize_name(e.name) for e in script.entries()}
    declared = {canonicalize_name(re.split(r"[<>=!~;\[ ]", r)[0]) for r in script.project_requirements()}
    assert declared <= names
    assert "pytest" not in names and "mypy" not in names  # the test extra is not a runtime dependency


def test_qt_is_used_under_the_lgpl_with_its_source_and_replaceable_libraries() -> None:
    text = NOTICES.read_text(encoding="utf-8")
    for name in ("pyside6-essentials", "pyside6-addons", "shiboken6"):
        assert "used under LGPL-3.0-only" in table()[name][1]
    assert "separate, replaceable files under `_internal/`" in text
    assert "https://download.qt.io/" in text and "https://code.qt.io/" in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in text


def test_licence_texts_come_from_the_distributions(tmp_path: Path) -> None:
    """A listed library's own licence file is quoted in full, not just named."""
    script = notices_script()
    openpyxl = next(e for e in script.entries() if canonicalize_name(e.name) == "openpyxl")
    assert openpyxl.texts, "openpyxl ships LICENCE.rst"
    name, body = openpyxl.texts[0]
    rendered = script.render([openpyxl])
    assert f"### {name}" in rendered and body in rendered
    out = tmp_path / "notices.md"
    assert script.main(["--output", str(out)]) == 0
    assert script.main(["--check", "--output", str(out)]) == 0
    out.write_text(out.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert script.main(["--check", "--output", str(out)]) == 1


def test_the_bundle_spec_carries_the_icon_licence_and_notices() -> None:
    """The spec names its files as strings PyInstaller reads only when building (minutes, ``-m bundle``):
    a renamed icon or a notices file no longer written would otherwise surface on release day."""
    spec = (ROOT / "build_app.spec").read_text(encoding="utf-8")
    for name in ("ictool.ico", "ictool.icns"):
        assert f'"{name}"' in spec and (ROOT / "resources" / "icon" / name).is_file()
    assert spec.count("icon=ICON,") == 3  # both executables and the macOS app
    assert '(str(ROOT / LICENSE_FILE), "."), (str(third_party_notices()), ".")' in spec
    assert (ROOT / about.LICENSE_FILE).is_file() and NOTICES.name == about.NOTICES_FILE
