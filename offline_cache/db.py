"""The kiosk's SQLite store: open, migrate, check integrity; repair only when asked.

One file, ``<data dir>/store/kiosk.db``, in WAL mode with ``synchronous=FULL``
so a committed transaction survives a power cut, and foreign keys on. Every
state change runs inside ``db.atomic()`` (sqlite-utils' transaction context).
The process that holds ``store/owner.lock`` owns the store: it alone migrates
it at start-up (rows left ``sending`` go back to ``pending``) and may sync;
other processes (``kiosk queue status`` while the kiosk runs) open it as
guests, or read-only where the disk allows nothing else.

A store that fails its integrity check is never changed on opening: every
opener gets ``StorageFault("corrupt")``, the kiosk goes out of service with a
message for staff, and ``kiosk queue repair`` (:func:`repair`) sets the file
aside intact and salvages every row that can still be read into a new store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import logging
import os
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.base.clock import Clock
from offline_cache.crypto import (
    AES_256_GCM,
    ALGORITHMS,
    KeyProblem,
    KeyProvider,
    Sealer,
    StoreKeyError,
    UnsealError,
)

log = logging.getLogger(__name__)

DB_NAME = "kiosk.db"
LOCK_NAME = "owner.lock"
STORE_DIR = "store"
_KEY_CHECK_PLAIN = b"kiosk store key check v1"
_KEY_CHECK_AAD = b"meta:key_check"
MAX_FAULTS_REPORTED = 64

# Errors that mean the disk (not the data) is the problem: full, read-only, failing.
_STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EFBIG, errno.EIO, errno.EDQUOT, errno.EACCES,
                   errno.EPERM}
_STORAGE_SQLITE = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN",
                   "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_BUSY", "SQLITE_LOCKED")


class StorageFault(Exception):
    """The disk refused a write (full, read-only, failing); nothing was half-written.

    The resident is told to ask staff (``message_key``); ``kind`` is a short
    code that is reported to the hub with the heartbeat.
    """

    message_key = "store.ask_staff"

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"storage fault ({kind}): {detail}")
        self.kind = kind
        self.detail = detail


def storage_fault_from(exc: BaseException) -> StorageFault | None:
    """The ``StorageFault`` an SQLite or OS error stands for, if it is a disk problem."""
    if isinstance(exc, StorageFault):
        return exc
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc).lower()
        if name.startswith("SQLITE_FULL") or "disk is full" in text:
            return StorageFault("disk_full", str(exc))
        if name.startswith("SQLITE_READONLY") or "readonly" in text:
            return StorageFault("read_only", str(exc))
        if name.startswith(_STORAGE_SQLITE) or "disk i/o" in text:
            return StorageFault(name.lower().removeprefix("sqlite_") or "io_error", str(exc))
        return None
    if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
        kinds = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EFBIG: "file_too_big",
                 errno.EROFS: "read_only"}
        return StorageFault(kinds.get(exc.errno or 0, "io_error"), str(exc))
    return None


# --- migrations ---------------------------------------------------------------

def _m1_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE outbox (
            client_id TEXT PRIMARY KEY,
            tracking_code TEXT NOT NULL UNIQUE,
            service_id TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('pending', 'sending', 'sent', 'needs_attention')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            sent_at TEXT,
            case_id TEXT,
            hub_status TEXT,
            payload BLOB,
            payload_bytes INTEGER NOT NULL,
            purged_at TEXT
        );
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
        CREATE TABLE materials (
            sha256 TEXT PRIMARY KEY,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sealed BLOB NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE outbox_materials (
            client_id TEXT NOT NULL REFERENCES outbox (client_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            uploaded INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (client_id, position)
        );
        CREATE INDEX outbox_materials_sha ON outbox_materials (sha256);
        CREATE TABLE receipts (
            client_id TEXT PRIMARY KEY REFERENCES outbox (client_id) ON DELETE CASCADE,
            tracking_code TEXT NOT NULL,
            service_id TEXT NOT NULL,
            masked_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            result_mode TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE http_cache (
            key TEXT PRIMARY KEY,
            etag TEXT,
            body BLOB NOT NULL,
            fetched_at TEXT NOT NULL
        );
        CREATE TABLE faults (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            reported INTEGER NOT NULL DEFAULT 0
        );
        """
    )


def _m2_ratings_and_errands(db: sqlite_utils.Database) -> None:
    # Ratings wait here until delivered (sealed: the comment is free text); errands hold the
    # one-visit measures, nothing personal.
    db.executescript(
        """
        CREATE TABLE ratings (
            client_id TEXT PRIMARY KEY,
            tracking_code TEXT NOT NULL,
            service_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'needs_attention')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            payload BLOB
        );
        CREATE INDEX ratings_due ON ratings (state, next_attempt_at);
        CREATE TABLE errands (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            service_id TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            duration_s REAL,
            submitted INTEGER NOT NULL,
            result_on_spot INTEGER NOT NULL,
            one_visit INTEGER NOT NULL,
            materials_saved INTEGER NOT NULL
        );
        CREATE INDEX errands_ended ON errands (ended_at);
        """
    )


# Versioned in code: entry i brings the schema from version i to i + 1. Append only.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _m1_initial, _m2_ratings_and_errands)
SCHEMA_VERSION = len(MIGRATIONS)


def iso(moment: dt.datetime) -> str:
    """A sortable UTC timestamp for the store's text columns."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> dt.datetime:
    """Read a timestamp written by ``iso``."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


CORRUPT_ADVICE = ("the store failed its integrity check ({reason}); nothing was changed. "
                  "Fix: stop the kiosk and run 'kiosk queue repair', which keeps the damaged "
                  "file and salvages every readable row into a new store")


@dataclass(frozen=True)
class RepairReport:
    """What ``kiosk queue repair`` did: where the damaged file went, what was salvaged."""

    needed: bool
    moved_to: Path | None = None
    reason: str = ""
    salvaged: dict[str, int] = field(default_factory=dict)
    method: str = ""


class Store:
    """The open store: one connection, guarded by a lock, shared by the journey and sync."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        sealer: Sealer,
        clock: Clock,
        *,
        owner: bool,
        lock_fd: int | None,
    ) -> None:
        self.db = db
        self.path = path
        self.sealer = sealer
        self.clock = clock
        self.owner = owner
        self._lock_fd = lock_fd
        self._lock = threading.RLock()
        self._fault_memory: list[str] = []

    # --- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path,
        key: KeyProvider,
        clock: Clock,
        *,
        guest: bool = False,
        cipher: str = AES_256_GCM,
    ) -> Store:
        """Open (or create) ``<data_dir>/store/kiosk.db`` and migrate it.

        A store holding data is opened with the cipher it recorded when it was made;
        ``cipher`` only chooses the one a new store is sealed with.

        Raises ``StoreKeyError`` for a missing or wrong key and ``StorageFault``
        if the disk cannot hold a store at all, or ``StorageFault("corrupt")``
        when the file fails its integrity check; nothing on disk is changed then.
        """
        store_dir = data_dir / STORE_DIR
        try:
            store_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise storage_fault_from(exc) or exc from None
        path = store_dir / DB_NAME
        try:
            lock_fd = None if guest else _try_lock(store_dir / LOCK_NAME)
        except OSError as exc:
            raise storage_fault_from(exc) or exc from None
        owner = lock_fd is not None
        try:
            try:
                db = _connect(path)
                _check_integrity(db)
            except sqlite3.DatabaseError as exc:
                if _is_corruption(exc):
                    raise StorageFault("corrupt", CORRUPT_ADVICE.format(reason=exc)) from None
                raise storage_fault_from(exc) or exc from None
            has_data = _has_key_check(db)
            try:
                algorithm = _recorded_algorithm(db) if has_data else cipher
                sealer = key.sealer(create=not has_data, algorithm=algorithm)
            except (StoreKeyError, StorageFault):
                db.conn.close()
                raise
            if has_data:
                _verify_key(db, sealer, key.describe())
            if owner:
                _migrate(db, sealer, clock)
            elif _schema_version(db) != SCHEMA_VERSION:
                db.conn.close()
                raise StorageFault("schema", "the store is not migrated yet; start the kiosk once")
        except BaseException:
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        store = cls(db, path, sealer, clock, owner=owner, lock_fd=lock_fd)
        if owner:
            store._recover()
        return store

    @staticmethod
    def exists(data_dir: Path) -> bool:
        """Whether ``data_dir`` holds a store file."""
        return (data_dir / STORE_DIR / DB_NAME).is_file()

    @classmethod
    def open_read_only(cls, data_dir: Path, key: KeyProvider, clock: Clock) -> Store:
        """Open the store for reading only: nothing is created, locked, migrated or repaired.

        Works on a read-only file system (where even the WAL's shared-memory file cannot
        be made); ``StorageFault("missing")`` when there is no store yet.
        """
        path = data_dir / STORE_DIR / DB_NAME
        if not path.is_file():
            raise StorageFault("missing", f"there is no store at {path} yet")
        try:
            db = _connect_read_only(path)
            _check_integrity(db)
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                raise StorageFault("corrupt", CORRUPT_ADVICE.format(reason=exc)) from None
            raise storage_fault_from(exc) or exc from None
        if not _has_key_check(db):
            db.conn.close()
            raise StorageFault("schema", "the store holds no data yet; start the kiosk once")
        try:
            sealer = key.sealer(create=False, algorithm=_recorded_algorithm(db))
            _verify_key(db, sealer, key.describe())
        except (StoreKeyError, StorageFault):
            db.conn.close()
            raise
        return cls(db, path, sealer, clock, owner=False, lock_fd=None)

    def close(self) -> None:
        """Close the connection and release ownership."""
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self.db.conn.close()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _recover(self) -> None:
        with self.atomic() as db:
            n = db.execute(
                "UPDATE outbox SET state = 'pending', updated_at = ? WHERE state = 'sending'",
                [iso(self.clock.now())],
            ).rowcount
        if n:
            log.warning("store: %d submission(s) left 'sending' by a stop were set back to pending",
                        n)

    # --- transactions --------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        """One transaction under the store lock; disk errors become ``StorageFault``."""
        with self._lock:
            try:
                with self.db.atomic():
                    yield self.db
            except (sqlite3.Error, OSError) as exc:
                fault = storage_fault_from(exc)
                if fault is None:
                    raise
                raise fault from exc

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite_utils.Database]:
        """Read access under the store lock."""
        with self._lock:
            yield self.db

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""
        with self._lock:
            return list(self.db.query(sql, params))

    # --- sealing helpers -----------------------------------------------------

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """Seal with the terminal key."""
        return self.sealer.seal(plaintext, aad)

    def unseal(self, sealed: bytes, aad: bytes) -> bytes:
        """Open a sealed value (``UnsealError`` if it does not authenticate)."""
        return self.sealer.open(sealed, aad)

    # --- storage faults ------------------------------------------------------

    def record_fault(self, kind: str) -> str:
        """Remember a storage fault for the heartbeat; returns its id (no personal data)."""
        fault_id = f"{kind}@{iso(self.clock.now())}"
        with self._lock:
            self._fault_memory.append(fault_id)
            del self._fault_memory[:-MAX_FAULTS_REPORTED]
        # The disk may be the problem, so a failure to persist the fault is expected.
        with contextlib.suppress(StorageFault, sqlite3.Error), self.atomic() as db:
            db.execute("INSERT INTO faults (at, kind) VALUES (?, ?)",
                       [iso(self.clock.now()), kind])
        log.error("store: storage fault %s", fault_id)
        return fault_id

    def storage_faults(self) -> list[str]:
        """Fault ids not yet reported (persisted and in memory), newest last."""
        with self._lock:
            rows = [f"{r['kind']}@{r['at']}" for r in self.db.query(
                "SELECT kind, at FROM faults WHERE reported = 0 ORDER BY id")]
            merged = list(dict.fromkeys(rows + self._fault_memory))
        return merged[-MAX_FAULTS_REPORTED:]

    def mark_faults_reported(self) -> None:
        """The heartbeat carried the faults; stop reporting them."""
        with self._lock:
            self._fault_memory.clear()
        with contextlib.suppress(StorageFault), self.atomic() as db:
            db.execute("UPDATE faults SET reported = 1 WHERE reported = 0")

    def disk_bytes(self) -> int:
        """Bytes the store uses on disk (database, WAL and shared-memory files)."""
        total = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                total += os.stat(str(self.path) + suffix).st_size
        return total


def _try_lock(path: Path) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _connect(path: Path) -> sqlite_utils.Database:
    # isolation_level=None: no implicit transactions; db.atomic() issues BEGIN itself.
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        # Temporary tables and sort spills stay in memory, never in stray temp files.
        conn.execute("PRAGMA temp_store=MEMORY")
        # Freed pages are zeroed, so purged ciphertext does not linger in the file.
        conn.execute("PRAGMA secure_delete=ON")
    except sqlite3.Error:
        conn.close()
        raise
    return sqlite_utils.Database(conn)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return (name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
            or any(m in text for m in ("integrity_check failed", "not a database", "malformed")))


def _check_integrity(db: sqlite_utils.Database) -> None:
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError:
        db.conn.close()
        raise
    if [tuple(r) for r in rows] != [("ok",)]:
        db.conn.close()
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise sqlite3.DatabaseError(f"integrity_check failed: {detail}")


def _connect_read_only(path: Path) -> sqlite_utils.Database:
    # With a -wal file (the kiosk is running, or stopped uncleanly) read through it; the
    # -shm exists then too. Without one, read the file as it stands (immutable), which
    # creates no -wal/-shm beside it and works on a read-only disk.
    wal = Path(str(path) + "-wal")
    mode = "mode=ro" if wal.exists() else "immutable=1"
    try:
        conn = sqlite3.connect(f"file:{path}?{mode}", uri=True, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError:
        # A WAL left behind on a read-only disk: its shared memory cannot be made.
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None,
                               check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    return sqlite_utils.Database(conn)


def _move_aside(path: Path, reason: str, clock: Clock) -> Path:
    stamp = clock.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S")
    target = path.parent / f"corrupt-{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = path.parent / f"corrupt-{stamp}-{n}"
    target.mkdir(mode=0o700)
    for suffix in ("", "-wal", "-shm", "-journal"):
        src = Path(str(path) + suffix)
        if src.exists():
            os.replace(src, target / src.name)
    # An alert for staff: the old file is kept intact for recovery; nothing personal is logged.
    log.critical("store: database failed its integrity check (%s); moved aside to %s for "
                 "repair", reason, target)
    return target


def _has_key_check(db: sqlite_utils.Database) -> bool:
    if "meta" not in db.table_names():
        return False
    return bool(db.execute("SELECT 1 FROM meta WHERE key = 'key_check'").fetchone())


def _recorded_algorithm(db: sqlite_utils.Database) -> str:
    """The cipher a store holding data was sealed with (its ``meta`` 'algorithm')."""
    row = db.execute("SELECT value FROM meta WHERE key = 'algorithm'").fetchone()
    # Every store records it since the key check was added; the default only covers a
    # store whose row went missing, and such a store was sealed with AES.
    recorded = AES_256_GCM if row is None else _text(row[0])
    if recorded not in ALGORITHMS:
        raise StorageFault("schema", f"the store was sealed with {recorded!r}, which this kiosk "
                           f"does not know ({', '.join(ALGORITHMS)}); install the newer kiosk "
                           "version again")
    return recorded


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii", "replace")
    return str(value)


def _verify_key(db: sqlite_utils.Database, sealer: Sealer, where: str) -> None:
    row = db.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
    try:
        ok = sealer.open(bytes(row[0]), _KEY_CHECK_AAD) == _KEY_CHECK_PLAIN
    except UnsealError:
        ok = False
    if not ok:
        db.conn.close()
        raise StoreKeyError(
            KeyProblem.WRONG,
            f"the {where} does not open this store; restore the terminal's original key "
            "(the store was not changed)",
        )


def _schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: sqlite_utils.Database, sealer: Sealer, clock: Clock) -> None:
    current = _schema_version(db)
    if current > SCHEMA_VERSION:
        db.conn.close()
        raise StorageFault("schema", f"store schema {current} is newer than this kiosk "
                           f"({SCHEMA_VERSION}); install the newer kiosk version again")
    try:
        for version in range(current, SCHEMA_VERSION):
            with db.atomic():
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
                log.info("store: migrated schema to version %d", version + 1)
        if not _has_key_check(db):
            with db.atomic():
                db.execute("INSERT INTO meta (key, value) VALUES ('key_check', ?)",
                           [sealer.seal(_KEY_CHECK_PLAIN, _KEY_CHECK_AAD)])
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('created_at', ?)",
                           [iso(clock.now())])
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('algorithm', ?)",
                           [sealer.algorithm])
    except (sqlite3.Error, OSError) as exc:
        db.conn.close()
        raise storage_fault_from(exc) or exc from None


# --- repair ---------------------------------------------------------------------

# Copied in this order so a row's parent is in place first; meta (schema version, key
# check) comes from the new store itself.
_SALVAGE_TABLES = ("outbox", "materials", "outbox_materials", "receipts", "http_cache", "faults",
                   "ratings", "errands")


def repair(data_dir: Path, key: KeyProvider, clock: Clock,
           sqlite_cli: str | None = None, *, cipher: str = AES_256_GCM) -> RepairReport:
    """Set a damaged store aside intact and salvage every readable row into a new one.

    Needs the store to itself (``StorageFault("busy")`` while the kiosk runs). A healthy
    store is left alone (``needed=False``). Rows are recovered with the ``sqlite3``
    command's ``.recover`` (it reads rows out of pages whose b-tree is broken) when that
    command is installed, else by reading each table as far as it goes.
    """
    store_dir = data_dir / STORE_DIR
    path = store_dir / DB_NAME
    if not path.is_file():
        return RepairReport(needed=False)
    try:
        lock_fd = _try_lock(store_dir / LOCK_NAME)
    except OSError as exc:
        raise storage_fault_from(exc) or exc from None
    if lock_fd is None:
        raise StorageFault("busy", "the kiosk is running and owns the store; stop it first "
                           "(systemctl stop kiosk), then repair")
    try:
        try:
            db = _connect(path)
            _check_integrity(db)
            db.conn.close()
            return RepairReport(needed=False)
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise storage_fault_from(exc) or exc from None
            reason = str(exc)
        moved = _move_aside(path, reason, clock)
    finally:
        os.close(lock_fd)
    cli = sqlite_cli if sqlite_cli is not None else shutil.which("sqlite3")
    source, method = moved / DB_NAME, "read"
    if cli:
        recovered = _recover_with_cli(cli, moved / DB_NAME, moved / "recovered.db")
        if recovered is not None:
            source, method = recovered, "sqlite3 .recover"
    # Salvaged rows stay sealed as they were, so the new store takes the damaged one's
    # cipher; ``cipher`` applies only when even that record cannot be read.
    store = Store.open(data_dir, key, clock, cipher=_salvaged_algorithm(source) or cipher)
    try:
        salvaged = _salvage(store, source)
        store.record_fault("corrupt_db_repaired")
    finally:
        store.close()
    return RepairReport(needed=True, moved_to=moved, reason=reason, salvaged=salvaged,
                        method=method)


def _salvaged_algorithm(source: Path) -> str | None:
    """The cipher a damaged store recorded, when its ``meta`` table can still be read."""
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = src.execute("SELECT value FROM meta WHERE key = 'algorithm'").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        src.close()
    if row is None or _text(row[0]) not in ALGORITHMS:
        return None
    return _text(row[0])


def _recover_with_cli(cli: str, damaged: Path, target: Path) -> Path | None:
    """``sqlite3 damaged .recover`` replayed into ``target``; ``None`` if the tool failed.

    ``.recover`` needs an SQLite built with the ``sqlite_dbpage`` table; Debian 12's is
    not, and then the tables are read as far as they go instead.
    """
    try:
        dump = subprocess.run([cli, str(damaged), ".recover"], capture_output=True,
                              timeout=600, check=True).stdout
        subprocess.run([cli, str(target)], input=dump, capture_output=True, timeout=600,
                       check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("store: sqlite3 .recover failed (%s); reading the tables instead", exc)
        return None
    return target


def _salvage(store: Store, source: Path) -> dict[str, int]:
    """Copy every row that can be read from ``source`` into ``store``; counts per table."""
    counts: dict[str, int] = {}
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            present = {r[0] for r in src.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        except sqlite3.DatabaseError:
            present = set()  # not even the schema can be read: a new, empty store
        with store.atomic() as db:
            for table in _SALVAGE_TABLES:
                counts[table] = 0
                if table not in present:
                    continue
                columns = [c.name for c in db[table].columns]
                have = {r[1] for r in src.execute(f'PRAGMA table_info("{table}")')}
                cols = [c for c in columns if c in have]
                names = ", ".join(f'"{c}"' for c in cols)
                insert = (f'INSERT OR IGNORE INTO "{table}" ({names}) '
                          f'VALUES ({", ".join("?" for _ in cols)})')
                try:
                    rows = src.execute(f'SELECT {names} FROM "{table}"')
                except sqlite3.DatabaseError:
                    continue  # not even the table's first page can be read
                while True:
                    try:
                        row = rows.fetchone()
                    except sqlite3.DatabaseError:
                        break  # the rest of this table is unreadable
                    if row is None:
                        break
                    try:
                        counts[table] += db.execute(insert, list(row)).rowcount
                    except sqlite3.IntegrityError:
                        continue  # a row whose parent was lost, or a value the schema refuses
    finally:
        src.close()
    return counts
