"""Encrypted files in the desktop app: the passphrase asked for on opening (again after a wrong one,
Cancel keeps what was open), the status bar saying so, the wizard creating an encrypted project and
the Team page handing out encrypted packages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ictool.core.codebook.export import codebook_to_rows
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.store import cipher
from ictool.core.team.assign import assign
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.wizard.wizard import NewProjectWizard
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from ictool.gui.widgets.passphrase import ENCRYPTED_STATUS
from tests.conftest import make_codebook, write_transcripts
from tests.gui.conftest import MakeWindow, ScriptedPrompter, coder_of
from tests.gui.lead_reads import read
from tests.gui.test_lead_wizard import write_sheet

SQLITE_HEADER = b"SQLite format 3\x00"
SECRET = "correct horse battery staple"


@pytest.fixture
def forgetting() -> Iterator[list[Path]]:
    """Paths whose passphrases the test's session learnt: forgotten afterwards (the keyring is the
    process's, and the next test must be asked again)."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        cipher.forget(path)


@pytest.fixture
def encrypted_project(tmp_path: Path, forgetting: list[Path]) -> Path:
    """Two coders, three transcripts, everyone assigned everything; encrypted with ``SECRET``."""
    path = tmp_path / "secret.ictool"
    forgetting.append(path)
    with Project.create(path, make_codebook(), title="Secret study", actor="lead", passphrase=SECRET) as p:
        import_documents(p, write_transcripts(tmp_path / "docs", 3))
        add_coders(p, ["Amira", "Jonas"])
        assign(p)
    cipher.forget(path)  # as after a restart: nobody has given the passphrase yet
    assert path.read_bytes()[:16] != SQLITE_HEADER
    return path


def test_a_wrong_passphrase_is_asked_again_then_the_project_opens(
    make_window: MakeWindow,
    encrypted_project: Path,
    package: Path,
    prompter: ScriptedPrompter,
    qtbot: QtBot,
) -> None:
    window = make_window()
    assert window.open_file(package)
    assert window.cipher_label.text() == ""  # a plain file says nothing
    prompter.passphrases = ["not it", SECRET]
    assert window.open_file(encrypted_project)
    asked = [c for c in prompter.calls if c[0] == "ask_passphrase"]
    assert asked == [
        ("ask_passphrase", "first", "secret.ictool"),
        ("ask_passphrase", "retry", "secret.ictool"),
    ]
    assert not [c for c in prompter.calls if c[0] == "warn"]  # a wrong passphrase is no error box
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace) and lead.file.path == encrypted_project
    assert window.cipher_label.text() == ENCRYPTED_STATUS
    # The page reads in a worker with a connection of its own: the passphrase is remembered.
    page = lead.view.page(TeamPage)
    assert isinstance(page, TeamPage)
    read(qtbot, page)
    assert page.model.rowCount() == 2
    # Opening it again later in the session asks nothing.
    assert window.open_file(encrypted_project)
    assert len([c for c in prompter.calls if c[0] == "ask_passphrase"]) == 2
    window.close_file()
    assert window.cipher_label.text() == ""


@pytest.mark.parametrize("answers", [[None], ["not it", None]], ids=["cancel", "wrong-then-cancel"])
def test_cancelling_the_passphrase_keeps_the_open_file(
    make_window: MakeWindow,
    encrypted_project: Path,
    package: Path,
    prompter: ScriptedPrompter,
    answers: list[str | None],
) -> None:
    window = make_window()
    assert window.open_file(package)
    before = coder_of(window)
    prompter.passphrases = list(answers)
    before_bytes = encrypted_project.read_bytes()
    assert not window.open_file(encrypted_project)
    assert window.workspace is before and window.cipher_label.text() == ""
    assert [c[1] for c in prompter.calls if c[0] == "ask_passphrase"] == (
        ["first"] if len(answers) == 1 else ["first", "retry"]
    )
    assert not [c for c in prompter.calls if c[0] == "warn"]
    assert encrypted_project.read_bytes() == before_bytes  # untouched
    assert window.recent_files() == [str(package)]  # not remembered as opened


def test_the_wizard_creates_an_encrypted_project(
    make_window: MakeWindow,
    prompter: ScriptedPrompter,
    tmp_path: Path,
    qtbot: QtBot,
    forgetting: list[Path],
) -> None:
    window = make_window()
    sheet = write_sheet(tmp_path / "codebook.csv", [dict(r) for r in codebook_to_rows(make_codebook())])
    folder = tmp_path / "transcripts"
    write_transcripts(folder, 3)
    target = tmp_path / "secret study.ictool"
    forgetting.append(target)

    window.new_actions[0].trigger()
    wizard = window.new_dialog
    assert isinstance(wizard, NewProjectWizard)
    prompter.new_file = target
    wizard.location.choose.click()
    wizard.location.title_edit.setText("Secret study")
    form = wizard.location.encryption
    assert form.fields.isHidden() and wizard.location.recovery.isHidden()  # plain: no key to keep
    form.encrypt.setChecked(True)
    wizard.location.recovery.setChecked(True)
    assert not wizard.location.isComplete() and "Type a passphrase" in form.status.text()
    form.first.setText("pa55")  # too short for a file of interviews: refused as typed
    form.second.setText("pa55")
    assert not wizard.location.isComplete() and "at least 8 characters" in form.status.text()
    form.first.setText(SECRET)
    form.second.setText(SECRET + "!")
    assert not wizard.location.isComplete() and "differ" in form.status.text()
    assert "lost passphrase loses the data" in form.warning.text()
    form.second.setText(SECRET)
    assert wizard.location.isComplete() and wizard.draft.passphrase == SECRET
    wizard.next()
    prompter.file = sheet
    wizard.codebook.choose.click()
    assert wizard.codebook.isComplete()
    wizard.next()
    prompter.folder = folder
    wizard.transcripts.add_folder.click()
    task = wizard.transcripts.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=10_000)
    wizard.next()
    wizard.coders.set_names(["Amira", "Jonas"])
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.summary
    assert wizard.summary.values["Encryption"].text().startswith("encrypted")
    assert "recovery key" in wizard.summary.values["Encryption"].text()

    wizard.accept()
    qtbot.waitUntil(lambda: isinstance(window.workspace, LeadWorkspace), timeout=20_000)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace) and lead.file.path == target
    assert target.read_bytes()[:16] != SQLITE_HEADER
    assert window.cipher_label.text() == ENCRYPTED_STATUS
    assert not [c for c in prompter.calls if c[0] == "ask_passphrase"]  # it knew the passphrase
    assert any(c[:2] == ("inform", "Project created") and "encrypted" in c[2] for c in prompter.calls)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".building")]
    window.close_file()
    cipher.forget(target)
    with pytest.raises(cipher.PassphraseNeeded):
        Project.open(target, readonly=True)
    cipher.remember(target, SECRET)
    with Project.open(target, readonly=True) as p:
        assert p.title == "Secret study" and len(p.documents()) == 3 and len(p.coders()) == 2
        kept = p.recovery_key
    # the recovery key: in the project, and once in a file beside it, readable by its owner only
    key_file = tmp_path / "secret study.recovery-key.txt"
    assert key_file.exists() and key_file.stat().st_mode & 0o077 == 0
    assert kept is not None and cipher.read_recovery_key(key_file) == kept
    created = next(c for c in prompter.calls if c[:2] == ("inform", "Project created"))
    assert key_file.name in created[2] and "offline" in created[2]
    qtbot.waitUntil(lambda: window.new_dialog is None or not window.new_dialog.isVisible())


def team_page(make_window: MakeWindow, project: Path, qtbot: QtBot) -> tuple[MainWindow, TeamPage]:
    """``project`` open in a window, on its Team page, read."""
    window = make_window()
    assert window.open_file(project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(TeamPage)
    assert isinstance(page, TeamPage)
    read(qtbot, page)
    return window, page


def test_hand_out_writes_encrypted_packages(
    make_window: MakeWindow,
    tmp_path: Path,
    prompter: ScriptedPrompter,
    qtbot: QtBot,
    forgetting: list[Path],
) -> None:
    project = tmp_path / "team.ictool"
    with Project.create(project, make_codebook(), title="Team study", actor="lead") as p:
        import_documents(p, write_transcripts(tmp_path / "docs", 3))
        add_coders(p, ["Amira", "Jonas"])
        assign(p)
    window, page = team_page(make_window, project, qtbot)
    out = tmp_path / "out"
    out.mkdir()

    prompter.folder = out
    prompter.encryption = None  # Cancel: nothing is written
    page.hand_out_action.trigger()
    assert page.task is None and not list(out.iterdir())

    prompter.encryption = "package secret"
    page.hand_out_action.trigger()
    task = page.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=20_000)
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform_file", "Packages handed out") and "another channel" in text
    chooser = next(c for c in prompter.calls if c[0] == "choose_encryption")
    assert "another channel" in chooser[2]
    packages = sorted(out.iterdir())
    assert [p.name for p in packages] == ["Amira.ictcoder", "Jonas.ictcoder"]
    for path in packages:
        forgetting.append(path)
        cipher.forget(path)
        assert path.read_bytes()[:16] != SQLITE_HEADER
        with pytest.raises(cipher.PassphraseNeeded):
            CoderPackage.open(path)
        cipher.remember(path, "package secret")
        with CoderPackage.open(path) as pkg:
            assert pkg.owner.name == path.stem and len(pkg.documents()) == 3
    assert window.cipher_label.text() == ""  # the project itself is plain

    # Merging them back: each encrypted package's passphrase is asked for (the worker cannot ask),
    # and asked again after a typo instead of leaving that coder's work out of the merge.
    for path in packages:
        cipher.forget(path)
    prompter.passphrases = ["package secret", "package secre", "package secret"]
    task = page.merge_files(packages)
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=20_000)
    asked = [(c[1], c[2]) for c in prompter.calls if c[0] == "ask_passphrase"]
    assert asked == [("first", "Amira.ictcoder"), ("first", "Jonas.ictcoder"), ("retry", "Jonas.ictcoder")]
    dialog = page.results
    assert dialog is not None
    assert [dialog.model.cell(r, 2) for r in range(dialog.model.rowCount())] == ["merged", "merged"]
    dialog.close()


def test_an_export_of_an_encrypted_project_says_it_is_not_encrypted(
    make_window: MakeWindow, encrypted_project: Path, prompter: ScriptedPrompter, tmp_path: Path, qtbot: QtBot
) -> None:
    from ictool.gui.lead.export_dialog import CSV, ExportOptions
    from tests.gui.test_lead_export import export_flow

    prompter.passphrases = [SECRET]
    window = make_window()
    assert window.open_file(encrypted_project)
    out = tmp_path / "final.csv"
    task = export_flow(window).run(out, ExportOptions(kind=CSV))
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform_file", "Export written")
    assert "final.csv is not encrypted" in text and "anyone who gets this file can read it" in text
    assert out.stat().st_size > 0


def test_a_plain_project_gets_an_encrypted_copy_and_back(
    make_window: MakeWindow,
    prompter: ScriptedPrompter,
    tmp_path: Path,
    qtbot: QtBot,
    forgetting: list[Path],
) -> None:
    """File ▸ Save an encrypted copy… (what ``ictool encrypt`` does), then from that copy File ▸ Save a
    plain copy…: every value comes through, the original is untouched, only the action that applies
    is offered."""
    from ictool.core.coding import all_values

    plain = tmp_path / "plain.ictool"
    with Project.create(plain, make_codebook(), title="Open study", actor="lead") as p:
        import_documents(p, write_transcripts(tmp_path / "docs", 3))
        add_coders(p, ["Amira"])
        assign(p)
    original = plain.read_bytes()
    window = make_window()
    assert window.open_file(plain)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    copies = lead.copies
    assert copies.encrypt_action in window.file_menu.actions() and copies.encrypt_action.isEnabled()
    assert not copies.plain_action.isEnabled()

    target = tmp_path / "locked"  # the suffix is added
    forgetting.append(tmp_path / "locked.ictool")
    prompter.new_file = target
    prompter.encryption = None  # Cancel: nothing written
    copies.encrypt_action.trigger()
    assert not (tmp_path / "locked.ictool").exists()
    prompter.encryption = SECRET
    copies.encrypt_action.trigger()
    qtbot.waitUntil(lambda: copies.written is not None, timeout=30_000)
    encrypted = tmp_path / "locked.ictool"
    assert copies.written == encrypted and encrypted.read_bytes()[:16] != SQLITE_HEADER
    assert prompter.last()[1] == "Encrypted copy written" and "delete them" in prompter.last()[2]
    assert plain.read_bytes() == original
    cipher.forget(encrypted)
    with pytest.raises(cipher.PassphraseNeeded):
        Project.open(encrypted, readonly=True)
    cipher.remember(encrypted, SECRET)
    with Project.open(plain, readonly=True) as a, Project.open(encrypted, readonly=True) as b:
        assert a.title == b.title and list(all_values(a)) == list(all_values(b))

    assert window.open_file(encrypted)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    copies = lead.copies
    assert copies.plain_action.isEnabled() and not copies.encrypt_action.isEnabled()
    prompter.new_file = tmp_path / "back.ictool"
    copies.plain_action.trigger()
    qtbot.waitUntil(lambda: copies.written is not None, timeout=30_000)
    assert any(c[0] == "confirm" and "anyone who has the file" in c[2] for c in prompter.calls)
    back = tmp_path / "back.ictool"
    assert back.read_bytes()[:16] == SQLITE_HEADER
    with Project.open(plain, readonly=True) as a, Project.open(back, readonly=True) as b:
        assert list(all_values(a)) == list(all_values(b))
    window.close()


def test_a_study_with_a_recovery_key_hands_out_packages_it_can_open(
    make_window: MakeWindow,
    tmp_path: Path,
    prompter: ScriptedPrompter,
    qtbot: QtBot,
    forgetting: list[Path],
) -> None:
    """Hand out packages in a project that keeps a recovery key: no passphrase to choose, each package
    its own generated passphrase (shown once, to pass on), and the merge opens them with the key."""
    import re

    from ictool.core.team.new_project import new_project

    project = tmp_path / "kept.ictool"
    forgetting.append(project)
    made = new_project(
        project,
        make_codebook(),
        title="Kept study",
        actor="lead",
        transcripts=write_transcripts(tmp_path / "docs", 3),
        coders=["Amira", "Jonas"],
        passphrase=SECRET,
        recovery=True,
    )
    assert made.recovery_file is not None and made.recovery_file.exists()
    window, page = team_page(make_window, project, qtbot)
    out = tmp_path / "out"
    out.mkdir()
    prompter.folder = out
    page.hand_out_action.trigger()
    task = page.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=20_000)
    assert not [c for c in prompter.calls if c[0] == "choose_encryption"]  # nothing to choose
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform_file", "Packages handed out") and "recovery key" in text
    shown = dict(re.findall(r"— (\w+): \d+ documents\n    passphrase: (\S+)", text))
    assert set(shown) == {"Amira", "Jonas"} and shown["Amira"] != shown["Jonas"]
    for name, passphrase in shown.items():
        path = out / f"{name}.ictcoder"
        forgetting.append(path)
        cipher.forget(path)
        assert path.read_bytes()[:16] != SQLITE_HEADER
        cipher.remember(path, passphrase)
        with CoderPackage.open(path) as pkg:
            assert pkg.owner.name == name
        cipher.forget(path)  # the merge must open it with the study's key alone
    prompter.passphrases = []
    task = page.merge_files(sorted(out.iterdir()))
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=20_000)
    assert not [c for c in prompter.calls if c[0] == "ask_passphrase"]
    dialog = page.results
    assert dialog is not None
    assert [dialog.model.cell(r, 2) for r in range(dialog.model.rowCount())] == ["merged", "merged"]
    dialog.close()
    window.close()
