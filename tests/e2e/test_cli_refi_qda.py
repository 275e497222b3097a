"""REFI-QDA through the real command: the demo's codebook as .qdc, the study as .qdpx, and back with
'new --from-qdpx'; a foreign zip refused with nothing created; and start-up never loads an XML library."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ictool.core.demo.build import build_demo
from tests.e2e.conftest import Cli
from tests.refi_qda.schemas import CODEBOOK_XSD, PROJECT_XSD, errors


def test_demo_out_as_qdc_and_qdpx_and_back(cli: Cli, tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.ictool")
    done = cli("codebook", "export", demo, "-o", tmp_path / "codebook.qdc")
    assert done.returncode == 0, done.stderr
    assert errors((tmp_path / "codebook.qdc").read_bytes(), CODEBOOK_XSD) == []
    done = cli("export", demo, "-o", tmp_path / "study.qdpx")
    assert done.returncode == 0, done.stderr
    assert "12 documents, 3 coders" in done.stdout
    with zipfile.ZipFile(tmp_path / "study.qdpx") as archive:
        assert errors(archive.read("project.qde"), PROJECT_XSD) == []
    refused = cli("export", demo, "-o", tmp_path / "other.qdpx", "--labels")
    assert refused.returncode != 0 and "--labels" in refused.stderr
    done = cli("new", tmp_path / "back.ictool", "--from-qdpx", tmp_path / "study.qdpx")
    assert done.returncode == 0, done.stderr
    assert "12 documents, coders Amira, Jonas, Lena" in done.stdout
    assert "not mapped" not in done.stdout


def test_a_foreign_zip_is_refused_and_nothing_created(cli: Cli, tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "photos.qdpx", "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8")
    done = cli("new", tmp_path / "study.ictool", "--from-qdpx", tmp_path / "photos.qdpx")
    assert done.returncode != 0
    assert "is not a REFI-QDA project" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.qdpx"]
    done = cli("new", tmp_path / "study.ictool")
    assert done.returncode != 0 and "--codebook" in done.stderr


def test_version_loads_no_xml_library() -> None:
    """``ictool --version`` must start fast: the exchange's XML modules load only for an exchange."""
    import subprocess
    import sys

    from tests.e2e.conftest import ROOT

    code = (
        "import sys; from ictool.cli.main import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('lxml', 'xml.etree', 'ictool.core.exchange'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
