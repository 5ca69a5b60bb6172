"""Backing up, checking and restoring the database file.

Backups use SQLite's online backup API, so a copy taken while the application has the file
open is still consistent. A restore checks the backup first and keeps a copy of the file it
replaces; the application must close its own connection to that file before restoring.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from storage.database import StorageError, ensure_sqlite_file, transaction
from storage.migrations import SCHEMA_VERSION, STEPS

_MAX_REPORTED = 20  # integrity_check can list thousands of lines; the first ones say enough


def backup_database(db_path: str | Path, dest_path: str | Path) -> Path:
    """Copy the database at `db_path` to `dest_path` (replaced if it exists); returns `dest_path`."""
    source_path, dest = Path(db_path), Path(dest_path)
    if not source_path.exists():
        raise StorageError(f"Không tìm thấy tệp cơ sở dữ liệu {source_path} để sao lưu")
    ensure_sqlite_file(source_path)
    if dest.exists() and dest.resolve() == source_path.resolve():
        raise StorageError(f"Không thể sao lưu tệp {source_path} vào chính nó")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source = _connect_read_only(source_path)
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Không sao lưu được {source_path} vào {dest}: {exc}") from exc
    return dest


def check_database(db_path: str | Path) -> list[str]:
    """Problems found in the database file, one Vietnamese line each; empty when it is fine.

    Checks that it is a SQLite file of this program with a schema this version can read,
    SQLite's integrity check, foreign keys, and (at the current version) that no table is missing.
    An older schema is not a problem: it is upgraded when the file is opened.
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
        conn = _connect_read_only(path)
    except sqlite3.Error as exc:
        return [f"Không mở được tệp {path}: {exc}"]
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            problems.append(
                f"Tệp {path} có lược đồ v{version}, mới hơn chương trình này (v{SCHEMA_VERSION})"
            )
        elif version == 0:
            problems.append(f"Tệp {path} chưa phải là cơ sở dữ liệu của chương trình (lược đồ v0)")
        elif version == SCHEMA_VERSION:
            present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            problems.extend(f"Thiếu bảng {table}" for table in sorted(_expected_tables() - present))
        for (message,) in conn.execute("PRAGMA integrity_check").fetchmany(_MAX_REPORTED):
            if message != "ok":
                problems.append(f"Lỗi toàn vẹn dữ liệu: {message}")
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchmany(_MAX_REPORTED):
            problems.append(f"Bảng {table}, dòng {rowid}: tham chiếu tới bảng {parent} không tồn tại")
    except sqlite3.DatabaseError as exc:
        problems.append(f"Tệp {path} bị hỏng: {exc}")
    finally:
        conn.close()
    return problems


def restore_database(backup_path: str | Path, db_path: str | Path) -> Path | None:
    """Replace the database at `db_path` with the backup, after checking the backup.

    The replaced file is first copied to `<name>.before-restore-<time>`; returns that copy's
    path, or None when there was no file to replace. StorageError when the backup has problems.
    """
    backup, target = Path(backup_path), Path(db_path)
    problems = check_database(backup)
    if problems:
        raise StorageError(f"Bản sao lưu {backup} không dùng được: {problems[0]}")
    kept = None
    if target.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        counter = 1
        while kept.exists():
            kept = target.with_name(f"{target.name}.before-restore-{stamp}-{counter}")
            counter += 1
        # A byte copy, not the backup API: the file being replaced may be damaged, which is
        # often why it is being restored, and it is kept exactly as it was.
        shutil.copy2(target, kept)
    backup_database(backup, target)
    return kept


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _expected_tables() -> set[str]:
    db = Database(memory=True)
    try:
        for step in STEPS:
            with transaction(db):
                step(db)
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()
