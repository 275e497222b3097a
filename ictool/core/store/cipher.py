"""Encrypted ictool files: SQLCipher (through ``sqlcipher3``), loaded only when a file is encrypted.

Why whole-file encryption with SQLCipher: the transcripts are interviews with people who could be
harmed if identified, carried on laptops and sent by e-mail. SQLCipher encrypts every page of the
file, and its rollback journal, so nothing ictool writes is readable without the passphrase, while
the file stays one SQLite database (any SQLCipher 4 tool opens it with the passphrase: the default
settings are kept). A plain file stays a plain SQLite file, opened by the standard library, and
never loads ``sqlcipher3``: the command's start-up and plain files cost exactly what they did.

Why a keyring (passphrases remembered per path in this process) rather than a passphrase argument
on every call: an encrypted file is opened by path in many places (the inspection, the writable
connection, a backup copy, the frozen copy an export reads, a worker thread's own connection, the
packages a merge reads). The person gives a passphrase once — an argument when a file is created,
or the *source* the front end installs (the CLI's prompt, ``ICTOOL_PASSPHRASE`` or
``--passphrase-file``) — and every connection to that file, or to a copy ictool made of it, finds it
here. A passphrase that did not open its file is forgotten.

Why a raw key: SQLCipher derives the key from the passphrase with 256,000 rounds of PBKDF2 (0.14 s)
on every connection, and opening a file takes several connections (the read-only inspection, then
the writable one). The key is derived once per passphrase and salt (the salt is the file's first 16
bytes) with :mod:`hashlib`, exactly as SQLCipher 4 does, and handed to SQLCipher as a raw key.

Why a recovery key derives the packages' passphrases: SQLCipher keys a file with one key, and an
encrypted file has no place outside its encrypted pages but its 16-byte salt, so a second key cannot
be stored beside the passphrase in the file. Instead a project may hold a *recovery key* (32 random
bytes from :mod:`secrets`, inside the encrypted project, and in a file the lead keeps offline), and
each encrypted package of that project gets a passphrase generated from it and the package's random
salt: ``HMAC-SHA256(recovery key, salt)``, 120 bits written as six groups of base32. The package stays
an ordinary SQLCipher 4 file opened by that passphrase; whoever holds the recovery key computes the
passphrase of any package of the study from the package alone, and a project holding the key opens
its packages (a merge) without asking. Someone with only a package learns its salt, which says
nothing about the key or other packages' passphrases; one package's passphrase reveals neither. The
recovery key does not open the project itself, whose passphrase is the lead's own.

Why the errors are translated: ``sqlcipher3`` raises its own exception classes, which the
standard library's ``except sqlite3.Error`` (in ictool, and in sqlite-utils, which imported the
standard ``sqlite3``) would not catch. Making ``sqlcipher3`` importable as ``pysqlite3`` before
sqlite-utils loads would have sqlite-utils use it for plain files too, so every start would load it.
Instead an encrypted connection (:func:`connect`) raises the standard library's classes.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import hmac
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from ictool.core.errors import NotAnIctoolFile, StorageError, UserError
from ictool.core.paths import path_key, replace_file

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

#: SQLCipher 4's defaults (PBKDF2-HMAC-SHA512, 256,000 rounds, 256-bit key, 16-byte salt).
KDF_ROUNDS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16

#: The smallest page SQLite writes: an encrypted file is whole pages (a text or .docx file rarely is).
_SMALLEST_PAGE = 512

#: Page cache of an encrypted connection, in KiB (SQLite's default is 2,000): a page read again from
#: the operating system's cache is decrypted and its HMAC checked again, so a merge's working set kept
#: decrypted in memory took its SQLite time from 1.17 s to 0.76 s (plain: 0.62 s). Used as needed.
_CACHE_KIB = 65536

#: The standard library's default for ``SQLITE_LIMIT_VARIABLE_NUMBER`` (this SQLCipher allows more);
#: the same figure as for a plain file keeps a merge's batches identical.
_VARIABLE_NUMBER = 32766

LOST_PASSPHRASE = (
    "A lost passphrase loses the data: nobody, not even with ictool, can open the file without it. "
    "Keep it somewhere safe, apart from the file"
)

#: ``source(path, new)`` -> a passphrase, or None when none can be had (installed by a front end).
PassphraseSource = Callable[[Path, bool], str | None]


class PassphraseNeeded(NotAnIctoolFile):
    """The file has no plain SQLite header: it is encrypted (or not SQLite at all), and no passphrase
    was given for it."""


class WrongPassphrase(UserError):
    """The passphrase given does not open the file (or the file is no SQLite file at all)."""


#: Bytes of a recovery key, and of a passphrase generated from it (120 bits: six groups of base32).
RECOVERY_KEY_BYTES = 32
_GENERATED_BYTES = 15
_RECOVERY_LABEL = "ictool recovery key"
#: The ``meta`` key an encrypted project holds its recovery key under (hex); a plain copy drops it.
RECOVERY_META = "recovery_key"

_source: PassphraseSource | None = None
_known: dict[str, str] = {}
_recovery_keys: list[bytes] = []


def set_passphrase_source(source: PassphraseSource | None) -> None:
    """Install how passphrases are asked for (the CLI's prompt and options); None removes it."""
    global _source
    _source = source


def remember(path: Path, passphrase: str) -> None:
    """Open ``path`` with ``passphrase`` from now on in this process, without asking."""
    _known[path_key(Path(path))] = passphrase


def forget(path: Path) -> None:
    _known.pop(path_key(Path(path)), None)


def passphrase_for(path: Path) -> str:
    """The passphrase of the encrypted file ``path``: remembered, else from the installed source."""
    known = _known.get(path_key(Path(path)))
    if known is not None:
        return known
    given = _source(Path(path), False) if _source is not None else None
    if not given:
        raise PassphraseNeeded(
            f"{path}: cannot be read as it is: an encrypted ictool file needs its passphrase to be "
            "opened; a damaged file, or one that is not a SQLite database at all (not an ictool file), "
            "cannot be opened (ask for a good copy)"
        )
    return given


def new_passphrase(path: Path) -> str:
    """A passphrase for a new encrypted file from the installed source (the CLI asks twice)."""
    given = _source(Path(path), True) if _source is not None else None
    if not given:
        raise UserError(f"{path}: no passphrase was given to encrypt it with")
    return given


def new_recovery_key() -> bytes:
    import secrets  # only here: every command imports this module

    return secrets.token_bytes(RECOVERY_KEY_BYTES)


def recovered_passphrase(recovery_key: bytes, salt: bytes) -> str:
    """The passphrase of the package with ``salt`` made under ``recovery_key`` (see the module's notes)."""
    digest = hmac.new(recovery_key, b"ictool package passphrase\x00" + salt, hashlib.sha256).digest()
    text = base64.b32encode(digest[:_GENERATED_BYTES]).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def recoverable_key(recovery_key: bytes) -> Key:
    """The key of a new package that ``recovery_key`` opens: a fresh salt, the passphrase from both."""
    salt = os.urandom(SALT_BYTES)
    return Key(recovered_passphrase(recovery_key, salt), salt)


def use_recovery_key(recovery_key: bytes) -> None:
    """Try ``recovery_key`` on every encrypted file opened from now on in this process, before asking:
    a project holding one opens the packages it issued (a merge) without their passphrases."""
    if recovery_key not in _recovery_keys:
        _recovery_keys.append(recovery_key)


def forget_recovery_keys() -> None:
    _recovery_keys.clear()


def open_with_recovery_key(path: Path, recovery_key: bytes) -> None:
    """Open the package ``path`` with the passphrase ``recovery_key`` gives it (checked at its opening)."""
    remember(path, recovered_passphrase(recovery_key, read_salt(path)))


def recovery_key_text(recovery_key: bytes, title: str) -> str:
    """The recovery key file's text: what it is for, then the key (base32, in groups of eight)."""
    encoded = base64.b32encode(recovery_key).decode("ascii").rstrip("=")
    grouped = "-".join(encoded[i : i + 8] for i in range(0, len(encoded), 8))
    return (
        f"{_RECOVERY_LABEL} for the study {title!r}\n"
        "With it, every encrypted package of the study opens without its passphrase "
        "('ictool decrypt PACKAGE -o PLAIN --recovery-key-file THIS'). Keep it offline (a USB stick in "
        "a drawer, a printout), apart from the project and the packages, and remove it from this "
        "computer. It does not open the project: the project's passphrase is yours to keep.\n"
        f"{grouped}\n"
    )


def write_recovery_key(project: Path, recovery_key: bytes, title: str) -> Path:
    """Write the recovery key to a new file beside ``project`` (never over an existing one), readable
    by its owner only; returns its name, which the front end prints."""
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        target = project.with_name(f"{project.stem}.recovery-key{suffix}.txt")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise StorageError(f"{target}: the recovery key could not be written ({exc})") from exc
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(recovery_key_text(recovery_key, title))
        return target
    raise StorageError(f"{project.parent}: too many recovery key files beside {project.name}")


def read_recovery_key(path: Path) -> bytes:
    """The recovery key in the file ``path`` (its last non-empty line; dashes and spaces ignored)."""
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: the recovery key file cannot be read ({exc})") from exc
    encoded = lines[-1].replace("-", "").replace(" ", "").upper() if lines else ""
    try:
        key = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except ValueError:
        key = b""
    if len(key) != RECOVERY_KEY_BYTES:
        raise UserError(f"{path}: holds no ictool recovery key")
    return key


def derive_keys(paths: Iterable[Path]) -> None:
    """Derive the keys of the encrypted files among ``paths`` at once, on threads, ahead of opening them.

    Why: a merge opens a project and several packages, and each key takes 0.14 s of PBKDF2, which
    :mod:`hashlib` computes without holding the GIL. The passphrase tried is the one a recovery key
    in use gives, else the remembered or asked one (a file with none is left to its opening to report).
    Nothing waits here: the keys are derived in the background, in the order given, and opening a file
    waits for its own key only, so the project opens as soon as its key is ready while the packages'
    are still being derived (and a wrong guess costs nothing but its thread's time).
    """
    jobs: list[tuple[str, bytes]] = []
    for path in paths:
        path = Path(path)
        try:
            with path.open("rb") as fh:
                head = fh.read(SALT_BYTES)
        except OSError:
            continue
        if head.startswith(b"SQLite format 3") or not may_be_encrypted(path):
            continue
        if path_key(path) not in _known and _recovery_keys:
            jobs.extend((recovered_passphrase(key, head), head) for key in _recovery_keys)
            continue
        try:
            jobs.append((passphrase_for(path), head))
        except UserError:
            continue
    for passphrase, salt in jobs:
        _derivation(passphrase, salt, background=True)


def may_be_encrypted(path: Path) -> bool:
    """Whether ``path`` (already known not to start with the SQLite header) could be an encrypted file:
    whole pages of at least 512 bytes. A text file or spreadsheet is then not taken for one."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= _SMALLEST_PAGE and size % _SMALLEST_PAGE == 0


def read_salt(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(SALT_BYTES)


#: The shortest passphrase a new encrypted file takes: NIST SP 800-63B's floor for a secret a person
#: chooses. A lost laptop gives whoever finds it all the time they want to guess offline.
MIN_PASSPHRASE = 8


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` may not encrypt a new file (worded for the person typing it); None if it may."""
    if not passphrase:
        return "an empty passphrase encrypts nothing"
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"a passphrase needs at least {MIN_PASSPHRASE} characters (this one has {len(passphrase)}); "
            "a few words are easier to remember than symbols"
        )
    return None


def check_new_passphrase(passphrase: str, path: Path) -> None:
    """Refuse a passphrase too weak for a new file (or a new key for ``path``), before anything is written."""
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise UserError(f"{path}: {problem}; nothing was written")


@dataclass(frozen=True)
class Key:
    """The passphrase of one encrypted file and the salt its key is derived with."""

    passphrase: str = field(repr=False)
    salt: bytes

    @classmethod
    def fresh(cls, passphrase: str) -> Key:
        """For a new file: a new random salt."""
        return cls(passphrase, os.urandom(SALT_BYTES))

    def literal(self) -> str:
        """SQLCipher's raw key with its salt (``x'…'``): no key derivation on opening."""
        return f"x'{_derive(self.passphrase, self.salt).hex()}{self.salt.hex()}'"


_derivations: dict[tuple[str, bytes], Future[bytes]] = {}
_derivations_lock = threading.Lock()
_MAX_DERIVATIONS = 256  # kept keys (each 64 bytes): more are wrong guesses; forgetting costs a derivation
_pool: ThreadPoolExecutor | None = None


def _derive(passphrase: str, salt: bytes) -> bytes:
    """The key of (passphrase, salt): derived once per process, waited for if already under way."""
    return _derivation(passphrase, salt).result()


def _derivation(passphrase: str, salt: bytes, *, background: bool = False) -> Future[bytes]:
    """The derivation of (passphrase, salt), started here (or on a thread) unless one exists."""
    global _pool
    from concurrent.futures import Future, ThreadPoolExecutor  # here: most commands derive no key

    with _derivations_lock:
        found = _derivations.get((passphrase, salt))
        if found is not None:
            return found
        if len(_derivations) >= _MAX_DERIVATIONS:
            _derivations.clear()
        future: Future[bytes] = Future()
        _derivations[(passphrase, salt)] = future
        if background and _pool is None:
            _pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="ictool-key")
    if background and _pool is not None:
        _pool.submit(_fill, future, passphrase, salt)
    else:
        _fill(future, passphrase, salt)
    return future


def _fill(future: Future[bytes], passphrase: str, salt: bytes) -> None:
    try:
        future.set_result(
            hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, KEY_BYTES)
        )
    except BaseException as exc:  # handed to whoever waits for the key
        future.set_exception(exc)


def _dbapi2() -> ModuleType:
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # a source install without the dependency
        raise UserError(
            "encrypted files need the sqlcipher3 package, which is missing from this installation "
            f"({exc}); reinstall ictool"
        ) from exc
    return cast(ModuleType, dbapi2)


def _translate(exc: BaseException) -> sqlite3.Error:
    """The standard library's exception for a ``sqlcipher3`` one (same class name, message and code)."""
    kind = getattr(sqlite3, type(exc).__name__, sqlite3.Error)
    if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
        kind = sqlite3.Error
    translated = kind(*exc.args)
    for attribute in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attribute):
            with contextlib.suppress(AttributeError):
                setattr(translated, attribute, getattr(exc, attribute))
    return translated


@contextlib.contextmanager
def _standard_errors() -> Iterator[None]:
    dbapi2 = _dbapi2()
    try:
        yield
    except dbapi2.Error as exc:
        raise _translate(exc) from exc


@functools.cache
def _classes() -> tuple[type[Any], type[Any]]:
    """The connection and cursor classes of an encrypted file (built once ``sqlcipher3`` is loaded)."""
    dbapi2 = _dbapi2()
    errors = dbapi2.Error

    class CipherCursor(dbapi2.Cursor):  # type: ignore[misc,name-defined]
        def execute(self, *args: Any) -> Any:
            try:
                return super().execute(*args)
            except errors as exc:
                raise _translate(exc) from exc

        def executemany(self, *args: Any) -> Any:
            try:
                return super().executemany(*args)
            except errors as exc:
                raise _translate(exc) from exc

        def executescript(self, *args: Any) -> Any:
            try:
                return super().executescript(*args)
            except errors as exc:
                raise _translate(exc) from exc

        def __next__(self) -> Any:
            try:
                return super().__next__()
            except errors as exc:
                raise _translate(exc) from exc

        def fetchone(self) -> Any:
            try:
                return super().fetchone()
            except errors as exc:
                raise _translate(exc) from exc

        def fetchmany(self, *args: Any) -> Any:
            try:
                return super().fetchmany(*args)
            except errors as exc:
                raise _translate(exc) from exc

        def fetchall(self) -> Any:
            try:
                return super().fetchall()
            except errors as exc:
                raise _translate(exc) from exc

    class CipherConnection(dbapi2.Connection):  # type: ignore[misc,name-defined]
        ictool_key: Key

        def cursor(self, factory: Any = CipherCursor) -> Any:
            return super().cursor(factory)

        def execute(self, *args: Any) -> Any:
            return self.cursor().execute(*args)

        def executemany(self, *args: Any) -> Any:
            return self.cursor().executemany(*args)

        def executescript(self, *args: Any) -> Any:
            return self.cursor().executescript(*args)

        def commit(self) -> None:
            try:
                super().commit()
            except errors as exc:
                raise _translate(exc) from exc

        def rollback(self) -> None:
            try:
                super().rollback()
            except errors as exc:
                raise _translate(exc) from exc

        def backup(self, target: Any, **kwargs: Any) -> None:
            try:
                super().backup(target, **kwargs)
            except errors as exc:
                raise _translate(exc) from exc

        def getlimit(self, category: int) -> int:
            """The one limit ictool asks for (``store.batches``); this build has no ``getlimit``."""
            return _VARIABLE_NUMBER

    return CipherConnection, CipherCursor


def connect(
    target: str, *, key: Key, uri: bool = False, timeout: float = 5.0, check_same_thread: bool = True
) -> sqlite3.Connection:
    """A connection to an encrypted file (or a new one): the key is the first statement it runs.

    The connection raises the standard library's ``sqlite3`` errors. Whether the key is right shows
    at the first read (:func:`check_key`); nothing is written by keying.
    """
    connection_class, _ = _classes()
    with _standard_errors():
        conn = _dbapi2().connect(
            target, uri=uri, timeout=timeout, factory=connection_class, check_same_thread=check_same_thread
        )
    conn.ictool_key = key
    try:
        conn.execute(f'PRAGMA key = "{key.literal()}"')
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to word, not a log line
        conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def key_of(conn: sqlite3.Connection) -> Key | None:
    """The key of an encrypted file's connection; None for a plain one."""
    return cast(Key | None, getattr(conn, "ictool_key", None))


def is_encrypted(conn: sqlite3.Connection) -> bool:
    return key_of(conn) is not None


def wrong_passphrase(path: Path) -> WrongPassphrase:
    return WrongPassphrase(
        f"{path}: the passphrase does not open it (a wrong passphrase, or the file is not an ictool "
        "file); nothing was written to it"
    )


def read_header(path: Path, uri: str, timeout: float) -> tuple[int, int]:
    """(user_version, application_id) of the encrypted file ``path``: what a plain file's header says.

    The passphrase comes from the keyring or the source; a wrong one raises :class:`WrongPassphrase`
    (and is forgotten), a right one is remembered. The file is opened read-only and *immutable*, so
    a hot journal left by a crash is not needed to check the key (it is rolled back by the writable
    open, as for a plain file) and nothing beside the file is created. When the file is caught
    mid-transaction so that even its header cannot be read without the journal (a SIGKILLed merge),
    the right key is rolled back with first, as the next writer would.
    """
    salt = read_salt(path)
    if path_key(path) not in _known:
        for recovery_key in _recovery_keys:
            candidate = Key(recovered_passphrase(recovery_key, salt), salt)
            try:
                header = _header(f"{uri}?mode=ro&immutable=1", candidate, timeout)
            except sqlite3.Error:
                continue
            remember(path, candidate.passphrase)
            return header
    passphrase = passphrase_for(path)
    key = Key(passphrase, salt)
    try:
        try:
            user_version, application_id = _header(f"{uri}?mode=ro&immutable=1", key, timeout)
        except sqlite3.DatabaseError as exc:
            wrong_key = "not a database" in str(exc) or "encrypted" in str(exc)
            journal = path.with_name(path.name + "-journal")
            if wrong_key or not (journal.exists() and journal.stat().st_size > 0):
                raise
            # Page 1 decrypted and passed its HMAC, so the key is right; the file is mid-transaction
            # (a crash, a killed merge): its journal is rolled back, as the next writer would.
            user_version, application_id = _header(f"{uri}?mode=rw", key, timeout)
    except sqlite3.DatabaseError as exc:
        forget(path)
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise wrong_passphrase(path) from exc
        raise NotAnIctoolFile(f"{path}: the file is damaged or truncated ({exc})") from exc
    except sqlite3.Error as exc:
        raise NotAnIctoolFile(f"{path}: cannot be opened ({exc})") from exc
    remember(path, passphrase)
    return user_version, application_id


def _header(uri: str, key: Key, timeout: float) -> tuple[int, int]:
    conn = connect(uri, uri=True, key=key, timeout=timeout)
    try:
        user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()
    return user_version, application_id


def key_for_existing(path: Path) -> Key:
    """The key of the encrypted file ``path`` (already inspected, so its passphrase is known)."""
    return Key(passphrase_for(path), read_salt(path))


# -- whole-file conversions: new files built beside the target, the original untouched --------------


def export_copy(
    source: Path,
    source_key: Key | None,
    target: Path,
    target_key: Key | None,
    settings: tuple[int, int],
) -> None:
    """Write a new ``target`` holding every row of ``source``, encrypted with ``target_key`` or plain.

    SQLCipher's ``sqlcipher_export`` is its documented way between a plain and an encrypted file (the
    backup API refuses the change of page format); it leaves the header's ``user_version`` and
    ``application_id`` behind, so ``settings`` sets them on the copy. Built beside ``target`` under a
    temporary name, checked, then renamed in; ``source`` is only read.
    """
    if target.exists():
        raise StorageError(f"{target}: already exists; choose another name or remove it first")
    if not target.parent.is_dir():
        raise StorageError(f"{target.parent}: no such folder")
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.creating")
    if source_key is not None:
        conn = connect(str(source), key=source_key)
    else:
        connection_class, _ = _classes()
        with _standard_errors():
            conn = cast(sqlite3.Connection, _dbapi2().connect(str(source), factory=connection_class))
    try:
        try:
            literal = "" if target_key is None else target_key.literal()
            conn.execute("ATTACH DATABASE ? AS converted KEY ?", [str(tmp), literal])
            conn.execute("SELECT sqlcipher_export('converted')")
            user_version, application_id = settings
            conn.execute(f"PRAGMA converted.user_version = {int(user_version)}")
            conn.execute(f"PRAGMA converted.application_id = {int(application_id)}")
            if target_key is None:  # a plain copy must not hand out the key to the study's packages
                conn.execute("DELETE FROM converted.meta WHERE key = ?", [RECOVERY_META])
                conn.commit()
            conn.execute("DETACH DATABASE converted")
        finally:
            conn.close()
        check = connect(str(tmp), key=target_key) if target_key is not None else sqlite3.connect(str(tmp))
        try:
            problem = check.execute("PRAGMA integrity_check").fetchall()
            check.execute("PRAGMA journal_mode = DELETE")
        finally:
            check.close()
        if problem != [("ok",)]:
            raise StorageError(f"{target}: the new file failed its integrity check ({problem[0][0]})")
        if target.exists():
            raise StorageError(f"{target}: already exists; choose another name or remove it first")
        replace_file(tmp, target)
    except sqlite3.Error as exc:
        raise StorageError(f"{target}: could not be written ({exc}); nothing was changed") from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    if target_key is not None:
        remember(target, target_key.passphrase)
