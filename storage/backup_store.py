"""The pieces backups are made of: consistent SQLite copies and a content-addressed file store.

- `consistent_connection(path)` opens a database file for reading after rolling back a hot
  journal a crash left behind: a read-only connection cannot do that and reports a healthy file
  as "attempt to write a readonly database".
- `copy_database(source, dest)` writes a copy with SQLite's online backup API to a temporary
  name, runs `PRAGMA integrity_check` on it and only then moves it into place; a failure leaves
  neither the temporary file nor its `-journal` behind.
- The file store keeps evidence files once each, named by their SHA-256 (`tep/ab/abcdef…`), so
  a daily backup of unchanged files copies nothing. A manifest per backup lists path → SHA-256.

`ensure_sqlite_file` is the header check every opening and copy starts with.

No Qt here, no knowledge of what the tables mean beyond counting plans and tasks.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from storage.faults import Fault, classify, fault_message
from storage.sql import StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
STORE_FOLDER = "tep"
_CHUNK = 1 << 20
_SIDE_FILES = ("-journal", "-wal", "-shm")


def one_line(text: object) -> str:
    """A message on one line: SQLite's integrity reports can hold newlines."""
    return " ".join(str(text).split())


def ensure_sqlite_file(path: Path) -> None:
    """Raise StorageError unless `path` is a readable file that is empty or starts like SQLite."""
    if not path.is_file():
        raise StorageError(f"{path} không phải là một tệp")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"Không đọc được tệp {path}: {exc.strerror or exc}") from exc
    # SQLite writes nothing to a new database until the first table exists, so an empty
    # file is a database of version 0.
    if header and header != SQLITE_HEADER:
        raise StorageError(f"Tệp {path} không phải là cơ sở dữ liệu SQLite")


def remove_with_side_files(path: Path) -> None:
    """Delete a (temporary) database file and the journal files SQLite may have left beside it."""
    for suffix in ("", *_SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def writable(path: Path) -> bool:
    """Whether SQLite could write `path` and create its journal beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def recover_hot_journal(path: Path) -> None:
    """Let SQLite roll back a journal left by a crash, so that a read-only reader sees a sound file.

    Opening read-write and reading the schema is what triggers the rollback. Where the file
    cannot be written (read-only media) nothing happens here; `consistent_connection` then
    reads a private copy instead.
    """
    journal = Path(f"{path}-journal")
    if not (journal.is_file() and journal.stat().st_size > 0) and not Path(f"{path}-wal").is_file():
        return
    if not writable(path):
        return
    conn = sqlite3.connect(path, timeout=5)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass  # judged later by whoever reads the file; this was only a chance to roll back
    finally:
        conn.close()


@contextmanager
def consistent_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to `path` after any hot journal has been rolled back.

    When the file cannot be written to roll its journal back, the file and its journal are copied
    to a temporary folder and the copy is opened instead: the original stays as it was.
    """
    path = Path(path)
    recover_hot_journal(path)
    journal = Path(f"{path}-journal")
    if journal.is_file() and journal.stat().st_size > 0 and not writable(path):
        with tempfile.TemporaryDirectory(prefix="qlkh-") as folder:
            copy = Path(folder) / path.name
            shutil.copyfile(path, copy)
            shutil.copyfile(journal, Path(f"{copy}-journal"))
            conn = sqlite3.connect(copy)
            try:
                yield conn
            finally:
                conn.close()
        return
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """The first problem `PRAGMA integrity_check` finds, with how many more, on one line; None if ok."""
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check(20)").fetchall()]
    if rows == ["ok"]:
        return None
    more = f" (và {len(rows) - 1} lỗi khác)" if len(rows) > 1 else ""
    # The first row starts "*** in database main ***" and a newline, which says nothing to a clerk.
    return f"{one_line(rows[0].replace('*** in database main ***', ''))}{more}"


def copy_database(source: Path, dest: Path) -> None:
    """Copy the database `source` to `dest` (replaced if it exists) through the backup API, checked.

    StorageError, with nothing left at `dest` or beside it, when the copy fails or is unsound.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    remove_with_side_files(partial)
    try:
        with consistent_connection(source) as conn:
            target = sqlite3.connect(partial)
            try:
                conn.backup(target)
                problem = integrity_problem(target)
            finally:
                target.close()
        if problem:
            raise StorageError(f"Bản sao {dest.name} không toàn vẹn: {problem}")
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as exc:
        # A full disk is the copy's (only `dest` is written); other faults name the data file.
        fault = fault_message(exc, dest if classify(exc) is Fault.DISK_FULL else source)
        raise StorageError(fault or f"Không sao lưu được {source} vào {dest}: {one_line(exc)}") from exc
    finally:
        remove_with_side_files(partial)


def count_plans_and_tasks(path: Path) -> tuple[int, int]:
    """Plans outside the trash and their tasks, as the restore dialog lists them; (0, 0) if unreadable."""
    try:
        with consistent_connection(path) as conn:
            plans = conn.execute("SELECT count(*) FROM plans WHERE deleted_at IS NULL").fetchone()[0]
            tasks = conn.execute(
                "SELECT count(*) FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.deleted_at IS NULL"
            ).fetchone()[0]
    except sqlite3.Error:
        return 0, 0
    return int(plans), int(tasks)


# --- the content-addressed file store ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredFile:
    """One evidence file in a manifest: its path under the attachments folder and its content."""

    path: str  # POSIX, relative to the attachments folder ("12/bien-ban.pdf")
    sha256: str
    size: int
    mtime_ns: int = 0


def blob_path(store: Path, sha256: str) -> Path:
    return store / sha256[:2] / sha256


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def walk_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under `root` as (POSIX relative path, path), in a stable order."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            full = Path(folder) / name
            if full.is_file() and not full.is_symlink():
                yield full.relative_to(root).as_posix(), full


def store_files(root: Path, store: Path, known: dict[str, StoredFile]) -> list[StoredFile]:
    """Put every file under `root` into the store (once per content); returns the manifest entries.

    `known` holds the previous manifest's entries: a file with the same size and modification
    time is taken to be unchanged and is not even re-read.
    """
    entries = []
    for relative, full in walk_files(root):
        stat = full.stat()
        previous = known.get(relative)
        if (
            previous is not None
            and (previous.size, previous.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
            and blob_path(store, previous.sha256).is_file()
        ):
            entries.append(previous)
            continue
        sha256, size = file_digest(full)
        if not blob_path(store, sha256).is_file():
            sha256, size = _copy_into_store(full, store)
        entries.append(StoredFile(relative, sha256, size, stat.st_mtime_ns))
    return entries


def _copy_into_store(source: Path, store: Path) -> tuple[str, int]:
    # Named by the digest of the bytes actually copied, so a file changing meanwhile cannot
    # put wrong content under a name.
    store.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".", suffix=".partial", dir=store)
    temp = Path(temp_name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        sha256 = digest.hexdigest()
        target = blob_path(store, sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return sha256, size


def materialize_files(entries: list[StoredFile], store: Path, folder: Path) -> None:
    """Write the files of a manifest under `folder` from the store, each checked against its SHA-256."""
    for entry in entries:
        relative = Path(*entry.path.split("/"))
        if relative.is_absolute() or ".." in relative.parts:
            raise StorageError(f"Đường dẫn tệp không hợp lệ trong bản sao lưu: {entry.path}")
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(blob_path(store, entry.sha256), target)


def missing_or_damaged(
    entries: list[StoredFile], store: Path, progress: Callable[[int, int], None] | None = None
) -> list[str]:
    """The manifest entries whose stored copy is absent or no longer has its SHA-256."""
    bad = []
    for done, entry in enumerate(entries):
        if progress is not None:
            progress(done, len(entries))
        blob = blob_path(store, entry.sha256)
        if not blob.is_file() or file_digest(blob)[0] != entry.sha256:
            bad.append(entry.path)
    return bad


def write_json(path: Path, data: dict) -> None:
    """Write JSON to a temporary name, then move it into place."""
    temp = path.with_name(f".{path.name}.partial")
    try:
        temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def entries_from_json(items: list[dict]) -> list[StoredFile]:
    return [StoredFile(i["path"], i["sha256"], int(i["size"]), int(i.get("mtime_ns", 0))) for i in items]


def entries_to_json(entries: list[StoredFile]) -> list[dict]:
    return [{"path": e.path, "sha256": e.sha256, "size": e.size, "mtime_ns": e.mtime_ns} for e in entries]
