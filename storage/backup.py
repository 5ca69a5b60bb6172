"""Backing up, checking and restoring the data file together with its evidence files.

- `backup_database(db, dest)`: a copy at `dest` plus the evidence files in `dest`'s own
  attachments folder (`<dest stem>_tep_dinh_kem/`), so the copy opens like any data file.
- Automatic backups (`automatic_backup`, `list_backups`): on opening and closing, at most one a
  day (always before a migration or a restore), into `backups/` beside the data file and the
  second folder named in the settings. Each is a checked database copy, a manifest
  (`<stem>-<time>.json`: counts, path → SHA-256 of every evidence file) and the files in a
  content-addressed store shared by all copies; rotation (core.backup_rotation) keeps 7 daily,
  5 weekly and 12 monthly copies and drops stored files no manifest lists any more.
- `restore_database(backup, db)`: checks the backup and its files, keeps the current file and
  folder (`.before-restore-<time>`), then swaps database and files in together; a marker file
  lets `recover_interrupted_restore` finish or undo a swap a crash interrupted.
- `check_database(db)`: problems found, one line each, after rolling back a hot journal.

The application must close its own connection to a file before restoring over it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from core.backup_rotation import backup_due, backups_to_keep
from core.paths import attachments_dir
from storage import file_lock
from storage.backup_store import (
    STORE_FOLDER,
    StoredFile,
    consistent_connection,
    copy_database,
    count_plans_and_tasks,
    ensure_sqlite_file,
    entries_from_json,
    entries_to_json,
    integrity_problem,
    materialize_files,
    missing_or_damaged,
    one_line,
    recover_hot_journal,
    remove_with_side_files,
    store_files,
    write_json,
)
from storage.faults import fault_message
from storage.migrations import SCHEMA_VERSION, STEPS
from storage.sql import StorageError, transaction

BACKUPS_FOLDER = "backups"
SECOND_FOLDER_SETTING = "backup.second_folder"
_MAX_REPORTED = 20  # foreign_key_check can list thousands of rows; the first ones say enough
_STAMP = "%Y%m%d-%H%M%S"
_FRESH_BLOB_SECONDS = 3600  # a file stored this recently may belong to a backup still being written


def backup_database(db_path: str | Path, dest_path: str | Path) -> Path:
    """Copy the database at `db_path` to `dest_path` (replaced if it exists), with its evidence files.

    The files go to `dest_path`'s attachments folder, which is replaced as a whole. Returns
    `dest_path`. StorageError, leaving no temporary file behind, when it cannot be done.
    """
    source_path, dest = Path(db_path), Path(dest_path)
    if not source_path.exists():
        raise StorageError(f"Không tìm thấy tệp cơ sở dữ liệu {source_path} để sao lưu")
    ensure_sqlite_file(source_path)
    if dest.exists() and dest.resolve() == source_path.resolve():
        raise StorageError(f"Không thể sao lưu tệp {source_path} vào chính nó")
    files_source, files_dest = attachments_dir(source_path), attachments_dir(dest)
    staged = files_dest.with_name(files_dest.name + ".partial")
    try:
        shutil.rmtree(staged, ignore_errors=True)
        if files_source.is_dir():
            shutil.copytree(files_source, staged)
        copy_database(source_path, dest)
        _replace_folder(staged if files_source.is_dir() else None, files_dest)
    except OSError as exc:
        message = fault_message(exc) or f"Không sao lưu được tệp minh chứng vào {files_dest}: {one_line(exc)}"
        raise StorageError(message) from exc
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return dest


def check_database(db_path: str | Path) -> list[str]:
    """Problems found in the database file, one Vietnamese line each; empty when it is fine.

    Checks that it is a SQLite file of this program with a schema this version can read,
    SQLite's integrity check, foreign keys, and (at the current version) that no table is missing.
    An older schema is not a problem: it is upgraded when the file is opened. A journal left by
    a crash is rolled back first, as opening the file normally would.
    """
    path = Path(db_path)
    if not path.exists():
        return [f"Không tìm thấy tệp {path}"]
    try:
        ensure_sqlite_file(path)
    except StorageError as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        with consistent_connection(path) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                problems.append(
                    f"Tệp {path} có lược đồ v{version}, mới hơn chương trình này (v{SCHEMA_VERSION})"
                )
            elif version == 0:
                problems.append(f"Tệp {path} chưa phải là cơ sở dữ liệu của chương trình (lược đồ v0)")
            elif version == SCHEMA_VERSION:
                tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                present = {row[0] for row in tables}
                problems.extend(f"Thiếu bảng {table}" for table in sorted(_expected_tables() - present))
            problem = integrity_problem(conn)
            if problem:
                problems.append(f"Lỗi toàn vẹn dữ liệu: {problem}")
            dangling = conn.execute("PRAGMA foreign_key_check").fetchmany(_MAX_REPORTED)
            for table, rowid, parent, _fk in dangling:
                problems.append(f"Bảng {table}, dòng {rowid}: tham chiếu tới bảng {parent} không tồn tại")
    except sqlite3.DatabaseError as exc:
        problems.append(f"Tệp {path} bị hỏng: {one_line(exc)}")
    except OSError as exc:
        problems.append(f"Không đọc được tệp {path}: {one_line(exc.strerror or exc)}")
    return problems


# --- automatic backups -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One automatic backup as listed: its database copy, manifest, and what it holds."""

    path: Path  # the database copy
    manifest: Path
    database: str  # the name of the data file it is a copy of
    created_at: datetime
    reason: str  # "open", "close", "migration", "restore"
    size: int  # bytes: the database copy and the evidence files it lists
    plans: int
    tasks: int
    files: int

    @property
    def reason_label(self) -> str:
        return _REASON_LABELS.get(self.reason, self.reason)

    @property
    def size_text(self) -> str:
        """The size as a clerk reads it: "1,5 MB", "120 KB"."""
        if self.size >= 1 << 20:
            return f"{self.size / (1 << 20):.1f} MB".replace(".", ",")
        return f"{max(1, round(self.size / 1024))} KB"


_REASON_LABELS = {
    "open": "khi mở tệp",
    "close": "khi đóng tệp",
    "migration": "trước khi nâng cấp tệp",
    "restore": "trước khi khôi phục",
}


def backup_folders(db_path: str | Path) -> list[Path]:
    """Where automatic backups of `db_path` go: `backups/` beside it, then the second folder if set."""
    path = Path(db_path)
    folders = [path.parent / BACKUPS_FOLDER]
    second = _second_folder(path)
    if second is not None and second.resolve() != folders[0].resolve():
        folders.append(second)
    return folders


def automatic_backup(
    db_path: str | Path, reason: str = "open", *, force: bool = False, now: datetime | None = None
) -> tuple[list[BackupInfo], list[str]]:
    """Take the automatic backup when one is due; returns (copies written, warnings).

    Due: `force` (before a migration or a restore), or no copy yet today, or — on closing — a
    file changed since today's copy (rotation then keeps only the newer one of the day). The
    copy in `backups/` must succeed (StorageError otherwise) unless the data file's folder cannot
    be written at all; the second folder, often a USB stick that is not plugged in, only gives a
    warning.
    """
    path = Path(db_path)
    now = now or datetime.now()
    if not path.is_file() or path.stat().st_size == 0:
        return [], []
    written: list[BackupInfo] = []
    warnings: list[str] = []
    for index, folder in enumerate(backup_folders(path)):
        if index == 0 and not folder.is_dir() and not os.access(path.parent, os.W_OK):
            # A file on read-only media (opened read-only) cannot change: the second folder may still serve.
            warnings.append(f"Không sao lưu tự động vào {folder}: thư mục {path.parent} không ghi được")
            continue
        latest = next(iter(_list_folder(folder, path.name)), None)
        if not force and not _due(latest, path, reason, now):
            continue
        try:
            written.append(_write_backup(path, folder, reason, now))
            if not force:
                # Not before a restore: the copy being restored from may be the one rotation drops.
                rotate_backups(folder, path.name)
        except (StorageError, OSError) as error:
            if index == 0:
                raise StorageError(f"Không tạo được bản sao lưu tự động: {one_line(error)}") from error
            warnings.append(f"Không sao lưu được vào thư mục thứ hai {folder}: {one_line(error)}")
    return written, warnings


def backup_before_migration(db_path: str | Path) -> BackupInfo | None:
    """An automatic backup of a file whose schema is older than this program's, before it is upgraded.

    To be called before `storage.database.open_database` on an existing file; None when no
    upgrade is pending.
    """
    path = Path(db_path)
    if not path.is_file() or path.stat().st_size == 0 or not os.access(path.parent, os.W_OK):
        return None  # a file in a folder that cannot be written cannot be upgraded either
    try:
        with consistent_connection(path) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error:
        return None  # open_database gives the message a damaged file deserves
    if not 0 < version < SCHEMA_VERSION:
        return None
    written, _warnings = automatic_backup(path, "migration", force=True)
    return written[0] if written else None


def list_backups(db_path: str | Path) -> list[BackupInfo]:
    """The automatic backups of `db_path` in every backup folder, newest first."""
    path = Path(db_path)
    found = [info for folder in backup_folders(path) for info in _list_folder(folder, path.name)]
    return sorted(found, key=lambda info: info.created_at, reverse=True)


def rotate_backups(folder: Path, db_name: str) -> list[Path]:
    """Delete the copies of `db_name` in `folder` that rotation does not keep, then unused stored files.

    Returns the database copies deleted.
    """
    backups = _list_folder(folder, db_name)  # newest first
    kept = backups_to_keep(info.created_at for info in backups)
    removed = []
    for info in backups:
        if info.created_at in kept:
            kept.discard(info.created_at)  # two copies of one instant: the first listed stays
        else:
            info.manifest.unlink(missing_ok=True)  # first: without its manifest a copy is not listed
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    _remove_leftovers(folder, db_name)
    _collect_unused_files(folder)
    return removed


def _remove_leftovers(folder: Path, db_name: str) -> None:
    """What a backup killed half-way leaves: partial files, and copies whose manifest never came."""
    old = datetime.now().timestamp() - _FRESH_BLOB_SECONDS  # not a backup being written right now
    listed = set()
    for manifest in folder.glob("*.json"):  # of every data file: "kehoach-2" shares the folder
        try:
            listed.add(json.loads(manifest.read_text(encoding="utf-8"))["copy"])
        except (OSError, ValueError, KeyError, TypeError):
            return  # a manifest we cannot read may own any copy: delete nothing
    stem = Path(db_name).stem
    candidates = [
        *folder.glob(f"{stem}-*.sqlite3.partial*"),
        *folder.glob(f".{stem}-*.json.partial"),
        *(path for path in folder.glob(f"{stem}-*.sqlite3") if path.name not in listed),
        *(folder / STORE_FOLDER).glob(".*.partial"),
    ]
    for path in candidates:
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < old:
                path.unlink()


def _due(latest: BackupInfo | None, path: Path, reason: str, now: datetime) -> bool:
    if backup_due(latest.created_at if latest else None, now):
        return True
    if reason != "close" or latest is None:
        return False
    source = json.loads(latest.manifest.read_text(encoding="utf-8")).get("source", {})
    stat = path.stat()
    return (source.get("size"), source.get("mtime_ns")) != (stat.st_size, stat.st_mtime_ns)


def _write_backup(path: Path, folder: Path, reason: str, now: datetime) -> BackupInfo:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{path.stem}-{now.strftime(_STAMP)}"
    counter = 2
    while (folder / f"{stem}.json").exists() or (folder / f"{stem}.sqlite3").exists():
        stem = f"{path.stem}-{now.strftime(_STAMP)}-{counter}"
        counter += 1
    copy, manifest = folder / f"{stem}.sqlite3", folder / f"{stem}.json"
    previous = next(iter(_list_folder(folder, path.name)), None)
    known = {entry.path: entry for entry in _entries(previous.manifest)} if previous else {}
    stat = path.stat()
    entries = store_files(attachments_dir(path), folder / STORE_FOLDER, known)
    copy_database(path, copy)
    try:
        plans, tasks = count_plans_and_tasks(copy)
        write_json(
            manifest,
            {
                "format": 1,
                "database": path.name,
                "copy": copy.name,
                "created_at": now.isoformat(),  # to the microsecond: copies a second apart stay apart
                "reason": reason,
                "plans": plans,
                "tasks": tasks,
                "source": {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns},
                "files": entries_to_json(entries),
            },
        )
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    return _info(manifest)


def _list_folder(folder: Path, db_name: str) -> list[BackupInfo]:
    """The backups of `db_name` in `folder`, newest first; unreadable manifests are skipped."""
    if not folder.is_dir():
        return []
    found = []
    for manifest in folder.glob(f"{Path(db_name).stem}-*.json"):
        try:
            info = _info(manifest)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if info.path.is_file() and info.database == db_name:
            found.append(info)
    return sorted(found, key=lambda info: (info.created_at, info.path.name), reverse=True)


def _info(manifest: Path) -> BackupInfo:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    copy = manifest.with_name(data["copy"])
    files = entries_from_json(data.get("files", []))
    size = copy.stat().st_size if copy.is_file() else 0
    return BackupInfo(
        path=copy,
        manifest=manifest,
        database=data["database"],
        created_at=datetime.fromisoformat(data["created_at"]),
        reason=data.get("reason", ""),
        size=size + sum(entry.size for entry in files),
        plans=int(data.get("plans", 0)),
        tasks=int(data.get("tasks", 0)),
        files=len(files),
    )


def _entries(manifest: Path) -> list[StoredFile]:
    return entries_from_json(json.loads(manifest.read_text(encoding="utf-8")).get("files", []))


def _collect_unused_files(folder: Path) -> None:
    store = folder / STORE_FOLDER
    if not store.is_dir():
        return
    used: set[str] = set()
    for manifest in folder.glob("*.json"):
        try:
            used.update(entry.sha256 for entry in _entries(manifest))
        except (OSError, ValueError, KeyError, TypeError):
            return  # a manifest we cannot read may need any file: delete nothing
    fresh_after = datetime.now().timestamp() - _FRESH_BLOB_SECONDS
    for blob in store.glob("*/*"):
        if blob.name not in used and blob.stat().st_mtime < fresh_after:
            blob.unlink(missing_ok=True)


def _second_folder(path: Path) -> Path | None:
    try:
        with consistent_connection(path) as conn:
            query = "SELECT value FROM settings WHERE key = ?"
            row = conn.execute(query, (SECOND_FOLDER_SETTING,)).fetchone()
    except sqlite3.Error:
        return None
    value = json.loads(row[0]) if row else ""
    return Path(value) if isinstance(value, str) and value.strip() else None


# --- restoring -------------------------------------------------------------------------------


def verify_backup(backup_path: str | Path, progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Problems that would make a restore from this backup refuse, one line each; empty when usable.

    The database copy is checked as `check_database` does, and every evidence file its manifest
    lists is re-hashed in the store; `progress(done, total)` is called before each file (raise
    from it to stop).
    """
    backup = Path(backup_path)
    problems = check_database(backup)
    manifest = _manifest_of(backup)
    if manifest is not None:
        bad = missing_or_damaged(_entries(manifest), manifest.parent / STORE_FOLDER, progress)
        problems.extend(f"Tệp minh chứng «{path}» trong bản sao lưu bị thiếu hoặc hỏng" for path in bad)
    return problems


def restore_database(backup_path: str | Path, db_path: str | Path) -> Path | None:
    """Replace the database at `db_path` and its evidence files with a backup, after checking it.

    The backup is an automatic copy (its manifest beside it lists the files in the store) or
    a copy made by `backup_database` (its own attachments folder beside it; without one the
    current files stay). The replaced file is kept as `<name>.before-restore-<time>` and its
    attachments folder likewise; returns the kept file's path, or None when there was none.
    StorageError, in one line and with nothing changed, when the backup has problems.
    """
    backup, target = Path(backup_path), Path(db_path)
    owner = _held_elsewhere(target)
    if owner is not None:
        # That instance would go on writing to the file it has open and lose its next save.
        raise StorageError(
            f"Không khôi phục được: tệp {target} đang được mở bởi {owner.describe()}; hãy đóng nó trước"
        )
    recover_interrupted_restore(target)
    problems = check_database(backup)
    if problems:
        more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
        raise StorageError(f"Bản sao lưu {backup} không dùng được: {one_line(problems[0])}{more}")
    if target.exists() and backup.resolve() == target.resolve():
        raise StorageError(f"Không thể khôi phục tệp {target} từ chính nó")
    manifest = _manifest_of(backup)
    entries = _entries(manifest) if manifest else []
    if manifest is not None:
        bad = missing_or_damaged(entries, manifest.parent / STORE_FOLDER)
        if bad:
            raise StorageError(
                f"Bản sao lưu {backup} không dùng được: thiếu hoặc hỏng {len(bad)} tệp minh chứng"
                f" (ví dụ «{bad[0]}»)"
            )
    files_dir = attachments_dir(target)
    if target.exists():
        recover_hot_journal(target)
    if Path(f"{target}-journal").is_file() and Path(f"{target}-journal").stat().st_size > 0:
        raise StorageError(
            f"Tệp {target} đang được chương trình khác ghi dở (còn tệp -journal); hãy đóng chương trình đó"
        )
    kept = None
    stamp = datetime.now().strftime(_STAMP)
    new_db = target.with_name(target.name + ".restoring")
    new_files = files_dir.with_name(files_dir.name + ".restoring")
    shutil.rmtree(new_files, ignore_errors=True)
    try:
        # Everything the restore needs is prepared before anything current is touched.
        copy_database(backup, new_db)
        if manifest is not None:
            new_files.mkdir(parents=True)
            materialize_files(entries, manifest.parent / STORE_FOLDER, new_files)
        elif attachments_dir(backup).is_dir():
            shutil.copytree(attachments_dir(backup), new_files)
        if target.exists():
            # A damaged current file (often why it is restored) cannot be copied this way; kept below.
            with contextlib.suppress(StorageError):
                automatic_backup(target, "restore", force=True)
            kept = _free_path(target.with_name(f"{target.name}.before-restore-{stamp}"))
            # A byte copy, not the backup API: the file being replaced may be damaged, and it is
            # kept exactly as it was.
            shutil.copy2(target, kept)
        files_kept = _free_path(files_dir.with_name(f"{files_dir.name}.before-restore-{stamp}"))
        _swap_in(target, new_db, new_files if new_files.is_dir() else None, files_kept)
    except OSError as exc:
        raise StorageError(f"Không khôi phục được {target} từ {backup}: {one_line(exc)}") from exc
    finally:
        new_db.unlink(missing_ok=True)
        shutil.rmtree(new_files, ignore_errors=True)
    return kept


def recover_interrupted_restore(db_path: str | Path) -> str | None:
    """Finish or undo a restore a crash interrupted; returns what was done, or None when nothing was.

    The marker, written before anything moves and removed after, names every path involved;
    what happened is read from the disk, not from the marker, since the crash may have come
    between a move and any note of it. The database is moved last and atomically: while its
    `.restoring` copy is still there, the files go back as they were.
    """
    target = Path(db_path)
    if _held_elsewhere(target) is not None:
        return None  # that instance may be restoring right now; its files are not leftovers
    marker = _marker(target)
    if not marker.is_file():
        _remove_restore_leftovers(target)
        return None
    data = json.loads(marker.read_text(encoding="utf-8"))
    if Path(data["new_db"]).is_file():
        _undo_swap(target, data)
        outcome = f"Đã hoàn tác lần khôi phục dở dang của {target}"
    else:
        outcome = f"Đã hoàn tất lần khôi phục dở dang của {target}"
    marker.unlink()
    return outcome


def _held_elsewhere(target: Path) -> file_lock.LockOwner | None:
    """The other live instance that has `target` open, if any (this process's own lock is not one)."""
    owner = file_lock.holder(target)
    if owner is None or (owner.pid, owner.host) == (os.getpid(), file_lock.current_host()):
        return None
    return owner


def _remove_restore_leftovers(target: Path) -> None:
    """A restore killed while preparing (before its marker) leaves only its `.restoring` copies."""
    files_dir = attachments_dir(target)
    remove_with_side_files(target.with_name(target.name + ".restoring"))
    shutil.rmtree(files_dir.with_name(files_dir.name + ".restoring"), ignore_errors=True)


def _swap_in(target: Path, new_db: Path, new_files: Path | None, files_kept: Path) -> None:
    """Move the prepared database and files folder into place: both, or (undone) neither."""
    files_dir = attachments_dir(target)
    marker = _marker(target)
    state = {
        "new_db": str(new_db),
        "new_files": str(new_files or ""),
        "files_kept": str(files_kept),
        "had_files": files_dir.exists(),
    }
    write_json(marker, state)
    try:
        if new_files is not None:
            if state["had_files"]:
                os.replace(files_dir, files_kept)
            os.replace(new_files, files_dir)
        os.replace(new_db, target)
    except BaseException:
        _undo_swap(target, state)
        marker.unlink(missing_ok=True)
        raise
    marker.unlink()


def _undo_swap(target: Path, state: dict) -> None:
    """Put the files folder back as it was before `_swap_in` began; the database was not moved yet."""
    files_dir, kept = attachments_dir(target), Path(state["files_kept"])
    if state["new_files"]:
        new_files = Path(state["new_files"])
        if state["had_files"]:
            if kept.exists():  # the current folder was moved aside, perhaps the restored one moved in
                if files_dir.exists():
                    os.replace(files_dir, new_files)
                os.replace(kept, files_dir)
        elif files_dir.exists() and not new_files.exists():
            os.replace(files_dir, new_files)  # the restored folder moved in where there was none
        shutil.rmtree(new_files, ignore_errors=True)
    Path(state["new_db"]).unlink(missing_ok=True)


def _replace_folder(new: Path | None, target: Path) -> None:
    """Put folder `new` at `target` (or just remove `target` when `new` is None)."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    if new is not None:
        os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _manifest_of(backup: Path) -> Path | None:
    manifest = backup.with_suffix(".json")
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(data, dict) and data.get("copy") == backup.name else None


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".restore.json")


def _free_path(candidate: Path) -> Path:
    base, counter = candidate, 1
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{counter}")
        counter += 1
    return candidate


def _expected_tables() -> set[str]:
    db = Database(memory=True)
    try:
        for step in STEPS:
            with transaction(db):
                step(db)
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()
