"""Encrypted projects and packages in the core (issue 15): what is written is unreadable, the key is
checked before anything is written, and plain and encrypted files work together."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.export.frozen import frozen_copy
from ictool.core.project import CoderPackage, Project, open_for_work
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.store import cipher
from ictool.core.store.files import change_passphrase, decrypt_file, encrypt_file, inspect_file
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package, hand_out, recoverable_key
from ictool.core.team.merge import merge_packages
from tests.conftest import make_codebook

PASS = "project passphrase"
TEXT = "Geheimnisvolleerzaehlung"
MEMO = "Streng-vertraulicher-Vermerk"
CODERS = ["Ottoline", "Barnabas"]


def secrets_in(raw: bytes) -> list[str]:
    return [s for s in (TEXT, MEMO, *CODERS) if s.encode() in raw or s.encode("utf-16-le") in raw]


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)


def make_study(folder: Path, passphrase: str | None) -> Project:
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for i in range(1, 4):
        (docs / f"INT-{i:03d}.txt").write_text(f"I: Tell me.\nR: {TEXT} {i}.\n", encoding="utf-8")
    project = Project.create(
        folder / "study.ictool", make_codebook(), title="Study", actor="lead", passphrase=passphrase
    )
    import_documents(project, [docs])
    add_coders(project, CODERS)
    assign(project)
    return project


def code(package: Path, value: int) -> None:
    with CoderPackage.open(package) as pkg:
        me, var = pkg.owner.uuid, pkg.codebook.get("gender")
        assert var is not None
        for doc in pkg.documents():
            coding.set_value(pkg, me, doc.uuid, var.uuid, value)
        coding.set_memo(pkg, me, pkg.documents()[0].uuid, MEMO)


def values(project: Project) -> dict[tuple[str, str, str], object]:
    names = {v.uuid: v.name for v in project.codebook}
    return {(r.coder, r.document, names[r.variable_uuid]): r.value for r in coding.all_values(project)}


def test_plain_and_encrypted_packages_merge_into_an_encrypted_project(tmp_path: Path) -> None:
    results = {}
    for label, passphrase, package_passphrases in [
        ("plain", None, [None, None]),
        ("encrypted", PASS, ["first coder's", None]),  # one package of its own, one plain
    ]:
        folder = tmp_path / label
        project = make_study(folder, passphrase)
        packages = []
        for name, own in zip(CODERS, package_passphrases, strict=True):
            out = folder / f"{name}.ictcoder"
            build_package(project, name, out, passphrase=own)
            packages.append(out)
        for value, package in enumerate(packages, start=1):
            code(package, value)
        merge_packages(project, packages)
        results[label] = values(project)
        assert project.encrypted is (passphrase is not None)
        project.close()
        if passphrase is not None:
            written = [p for p in folder.rglob("*") if p.is_file() and p.suffix != ".txt"]
            assert any(p.parent.name.endswith(".backups") for p in written)
            for path in written:
                if path.name != f"{CODERS[1]}.ictcoder":  # the plain package
                    assert secrets_in(path.read_bytes()) == [], path
            assert secrets_in((folder / f"{CODERS[1]}.ictcoder").read_bytes())  # the check does find them
    assert results["encrypted"] == results["plain"] and results["plain"]


def test_the_journal_of_an_encrypted_file_holds_no_plaintext(tmp_path: Path) -> None:
    project = make_study(tmp_path, PASS)
    journal = project.path.with_name(project.path.name + "-journal")
    coder, doc = project.coder(CODERS[0]), project.documents()[0]
    with project.transaction():
        coding.set_memo(project, coder.uuid, doc.uuid, MEMO * 200)  # pages of it go to the journal...
        coding.set_memo(project, coder.uuid, doc.uuid, "short")  # ...as the memo is rewritten
        raw = journal.read_bytes()
        assert len(raw) > 4096
        assert secrets_in(raw) == []
    assert secrets_in(project.path.read_bytes()) == []
    project.close()


def test_a_wrong_or_missing_passphrase_writes_nothing(tmp_path: Path) -> None:
    make_study(tmp_path, PASS).close()
    path = tmp_path / "study.ictool"
    before = path.read_bytes()
    cipher.forget(path)
    with pytest.raises(cipher.PassphraseNeeded, match="encrypted"):
        Project.open(path)
    cipher.remember(path, "not it")
    for opening in (lambda: Project.open(path), lambda: open_for_work(path, actor="lead")):
        with pytest.raises(cipher.WrongPassphrase, match="does not open it"):
            opening()
        cipher.remember(path, "not it")
    assert path.read_bytes() == before
    assert side_files(path) == []  # no journal, lock or backup
    cipher.remember(path, PASS)
    with Project.open(path, readonly=True) as project:
        assert project.title == "Study"


def test_backups_and_the_frozen_export_copy_stay_encrypted(tmp_path: Path) -> None:
    project = make_study(tmp_path, PASS)
    backup = project.backup()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert secrets_in(backup.read_bytes()) == []
    with frozen_copy(project, tmp_path) as copy:
        assert copy.encrypted
        assert not copy.path.read_bytes().startswith(b"SQLite format 3")
        assert len(copy.documents()) == 3
    project.close()


def test_an_encrypted_connection_raises_the_standard_errors(tmp_path: Path) -> None:
    project = make_study(tmp_path, PASS)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        project.db.conn.execute("SELECT * FROM nothing_here")
    with pytest.raises(sqlite3.IntegrityError):
        project.db.conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'x')")
    project.close()


def test_conversions_keep_every_row_and_leave_the_original(tmp_path: Path) -> None:
    project = make_study(tmp_path, None)
    expected = values(project)
    project.close()
    plain = tmp_path / "study.ictool"
    original = plain.read_bytes()
    secret = tmp_path / "secret.ictool"
    assert encrypt_file(plain, secret, "first passphrase").title == "Study"
    assert plain.read_bytes() == original
    assert secrets_in(secret.read_bytes()) == []
    change_passphrase(secret, "second passphrase")
    cipher.forget(secret)
    cipher.remember(secret, "first passphrase")
    with pytest.raises(cipher.WrongPassphrase):
        inspect_file(secret)
    cipher.remember(secret, "second passphrase")
    back = tmp_path / "back.ictool"
    decrypt_file(secret, back)
    with Project.open(back, readonly=True) as p:
        assert values(p) == expected
    with pytest.raises(UserError, match="not encrypted"):
        decrypt_file(back, tmp_path / "again.ictool")
    with pytest.raises(UserError, match="already exists"):
        encrypt_file(plain, secret, "third passphrase")


def test_the_passphrase_is_not_changed_under_an_open_window(tmp_path: Path) -> None:
    make_study(tmp_path, PASS).close()
    path = tmp_path / "study.ictool"
    with open_for_work(path, actor="lead") as working:
        assert not working.readonly
        with pytest.raises(UserError, match="open for work"):
            change_passphrase(path, "a new passphrase")
    with Project.open(path, readonly=True) as project:
        assert project.title == "Study"


def test_the_key_is_sqlciphers_own(tmp_path: Path) -> None:
    """Any SQLCipher 4 tool opens the file with the passphrase: the raw key is derived as SQLCipher does."""
    from sqlcipher3 import dbapi2

    make_study(tmp_path, "pässword").close()
    conn = dbapi2.connect(str(tmp_path / "study.ictool"))
    conn.execute("PRAGMA key = 'pässword'")
    assert conn.execute("SELECT value FROM meta WHERE key = 'title'").fetchone() == ("Study",)
    conn.close()


@pytest.fixture
def no_recovery_keys() -> Iterator[None]:
    """A recovery key in use is tried on every file the process opens: none leaks into other tests."""
    cipher.forget_recovery_keys()
    yield
    cipher.forget_recovery_keys()


def recoverable_study(folder: Path) -> tuple[Project, Path]:
    """A study with a recovery key: its first coder's package made with the passphrase the key gives."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for i in range(1, 4):
        (docs / f"INT-{i:03d}.txt").write_text(f"I: Tell me.\nR: {TEXT} {i}.\n", encoding="utf-8")
    recovery = cipher.new_recovery_key()
    project = Project.create(
        folder / "study.ictool", make_codebook(), title="Study", passphrase=PASS, recovery_key=recovery
    )
    import_documents(project, [docs])
    add_coders(project, CODERS)
    assign(project)
    package = folder / "coder.ictcoder"
    key = recoverable_key(project)
    assert key is not None and key.passphrase == cipher.recovered_passphrase(recovery, key.salt)
    build_package(project, CODERS[0], package, passphrase=key)
    return project, package


def test_a_forgotten_package_passphrase_is_recovered_with_the_recovery_key(
    tmp_path: Path, no_recovery_keys: None
) -> None:
    project, package = recoverable_study(tmp_path)
    recovery = project.recovery_key
    assert recovery is not None
    code(package, 2)
    with CoderPackage.open(package) as pkg:
        coded = values(pkg)
    assert coded and secrets_in(package.read_bytes()) == []
    cipher.forget(package)  # the coder forgot the passphrase
    with pytest.raises(cipher.PassphraseNeeded):
        CoderPackage.open(package)
    key_file = cipher.write_recovery_key(project.path, recovery, project.title)
    assert key_file.name == "study.recovery-key.txt" and key_file.stat().st_mode & 0o077 == 0
    again = cipher.write_recovery_key(project.path, recovery, project.title)  # never over the first
    assert again.name == "study.recovery-key-2.txt" and key_file.read_text() == again.read_text()
    cipher.open_with_recovery_key(package, cipher.read_recovery_key(key_file))
    plain = tmp_path / "recovered.ictcoder"
    decrypt_file(package, plain)
    with CoderPackage.open(plain) as recovered:
        assert values(recovered) == coded
    assert cipher.RECOVERY_META not in plain.read_bytes().decode("latin-1")
    project.close()


def test_a_wrong_recovery_key_is_refused_and_changes_nothing(tmp_path: Path, no_recovery_keys: None) -> None:
    project, package = recoverable_study(tmp_path)
    project.close()
    before = package.read_bytes()
    cipher.forget(package)
    cipher.open_with_recovery_key(package, cipher.new_recovery_key())  # another study's key
    with pytest.raises(cipher.WrongPassphrase, match="does not open it"):
        decrypt_file(package, tmp_path / "recovered.ictcoder")
    assert package.read_bytes() == before
    assert not (tmp_path / "recovered.ictcoder").exists() and side_files(package) == []


def test_the_project_opens_its_recoverable_packages_for_a_merge_without_asking(
    tmp_path: Path, no_recovery_keys: None
) -> None:
    project, package = recoverable_study(tmp_path)
    code(package, 1)
    cipher.forget(package)
    cipher.set_passphrase_source(lambda path, new: pytest.fail(f"asked for {path}"))
    try:
        merge_packages(project, [package])
    finally:
        cipher.set_passphrase_source(None)
    assert {value for (_, _, name), value in values(project).items() if name == "gender"} == {1}
    plain = tmp_path / "plain.ictool"
    project.close()
    decrypt_file(project.path, plain)
    with Project.open(plain, readonly=True) as copy:
        assert copy.recovery_key is None  # a plain copy would hand anyone the packages' key
    with pytest.raises(UserError, match="only for an encrypted project"):
        Project.create(tmp_path / "x.ictool", make_codebook(), recovery_key=cipher.new_recovery_key())


def test_a_recovery_key_file_holds_one_key(tmp_path: Path) -> None:
    key = cipher.new_recovery_key()
    path = tmp_path / "k.txt"
    path.write_text(cipher.recovery_key_text(key, "S").lower(), encoding="utf-8")
    assert cipher.read_recovery_key(path) == key
    path.write_text("not a key\n", encoding="utf-8")
    with pytest.raises(UserError, match="no ictool recovery key"):
        cipher.read_recovery_key(path)


def test_the_keys_of_a_merge_are_derived_together_ahead(
    tmp_path: Path, no_recovery_keys: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``derive_keys`` starts each encrypted file's key once, on threads, without waiting; opening the
    files waits for their own keys and derives none again."""
    project = make_study(tmp_path, PASS)
    packages = [tmp_path / f"{name}.ictcoder" for name in CODERS]
    for name, out in zip(CODERS, packages, strict=True):
        build_package(project, name, out, passphrase=f"{name}'s")
    project.close()
    plain = tmp_path / "plain.ictool"
    decrypt_file(project.path, plain)
    derived: list[bytes] = []
    real = cipher.hashlib.pbkdf2_hmac

    def counted(name: str, password: bytes, salt: bytes, rounds: int, length: int) -> bytes:
        derived.append(salt)
        return real(name, password, salt, rounds, length)

    monkeypatch.setattr(cipher.hashlib, "pbkdf2_hmac", counted)
    cipher._derivations.clear()
    cipher.derive_keys([*packages, plain, tmp_path / "missing.ictcoder"])  # the project's key is known
    for package in packages:
        with CoderPackage.open(package, readonly=True):
            pass
    assert sorted(derived) == sorted(cipher.read_salt(p) for p in packages)  # once each, plain none


def test_a_file_caught_mid_transaction_opens_as_it_was_before(tmp_path: Path) -> None:
    """A crash mid-transaction (pages already written, the journal hot): the right passphrase opens the
    file as it was before the transaction, a wrong one rolls nothing back. (A file caught while it
    grows, whose header then cannot be read without the journal, comes from a real kill:
    test_merge_killed_encrypted.)"""
    project = make_study(tmp_path / "live", PASS)
    before = values(project)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    coder, docs = project.coder(CODERS[0]), project.documents()
    project.db.conn.execute("PRAGMA cache_size = 5")  # spill pages into the file before the commit
    with project.transaction():
        for doc in docs:
            coding.set_memo(project, coder.uuid, doc.uuid, MEMO * 3000)
        var = project.codebook.get("gender")
        assert var is not None
        for doc in docs:
            coding.set_value(project, coder.uuid, doc.uuid, var.uuid, 2)
        journal = project.path.with_name(project.path.name + "-journal")
        assert journal.stat().st_size > 0
        for source in (project.path, journal):  # what a SIGKILL here would leave
            (crashed / source.name).write_bytes(source.read_bytes())
    project.close()
    path = crashed / project.path.name
    cipher.remember(path, "not it")
    with pytest.raises(cipher.WrongPassphrase):
        Project.open(path)
    assert (crashed / journal.name).exists()  # a wrong passphrase rolls nothing back
    cipher.remember(path, PASS)
    with Project.open(path) as after:
        assert values(after) == before
        assert after.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_new_file_refuses_a_passphrase_shorter_than_eight_characters(tmp_path: Path) -> None:
    """NIST SP 800-63B's floor for a chosen secret: refused before anything is written, by each way a
    new key is made (a new file, an encrypted copy, a changed passphrase)."""
    make_study(tmp_path, None).close()
    plain = tmp_path / "study.ictool"
    original = plain.read_bytes()
    with pytest.raises(UserError, match="at least 8 characters"):
        encrypt_file(plain, tmp_path / "weak.ictool", "1234567")
    assert not (tmp_path / "weak.ictool").exists() and plain.read_bytes() == original
    secret = tmp_path / "secret.ictool"
    encrypt_file(plain, secret, "12345678")
    before = secret.read_bytes()
    with pytest.raises(UserError, match="at least 8 characters"):
        change_passphrase(secret, "short")
    assert secret.read_bytes() == before


def test_recoverable_packages_take_no_passphrase_of_their_own(tmp_path: Path, no_recovery_keys: None) -> None:
    """A passphrase given with ``recoverable`` would be silently dropped: it is refused, nothing written."""
    project, _package = recoverable_study(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="give no passphrase"):
        hand_out(project, out, passphrase="another passphrase", recoverable=True)
    assert list(out.iterdir()) == []
    project.close()
