"""Opening the database file, transactions, and the small conversions every storage module shares.

`open_database` is the only way the application gets a connection: it refuses files that are
not SQLite databases of this program, turns foreign keys on and brings the schema up to date.
`transaction` wraps a multi-row change so that it either happens completely or not at all.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from core.vntext import search_key
from storage import migrations
from storage.backup import backup_before_migration
from storage.backup_store import ensure_sqlite_file
from storage.faults import fault_message
from storage.sql import StorageError, schema_version, transaction

# StorageError, schema_version and transaction are defined in storage.sql, below the migrations
# (which need them); they are imported here too, where every storage module has found them.
# ensure_sqlite_file lives with the backup copies (below storage.backup, which this module calls).
__all__ = ["StorageError", "ensure_sqlite_file", "schema_version", "transaction"]


def open_database(path: str | Path, create: bool = True, read_only: str | None = None) -> Database:
    """Open (or create) the database at `path`, foreign keys on, schema migrated to the latest.

    ":memory:" gives a private in-memory database (for tools and tests).

    An existing file older than this program's schema first gets an automatic backup (with its
    evidence files, `storage.backup.backup_before_migration`) and a copy `<name>.bak-v<old>`.
    Raises StorageError when the file is missing (and `create` is false), is not a SQLite
    database of this program, is unreadable, or was written by a newer version of the program.

    `read_only` (why, in Vietnamese: "Nguyễn Văn An đang mở tệp này trên máy KT-01") opens an
    existing file so that every write fails with SQLite's "attempt to write a readonly database",
    which storage.faults turns into a message giving that reason. The reason is remembered for the
    file (`read_only_reason`) so that the connections jobs open later on the same file cannot
    write either, until `forget_read_only`.
    """
    if str(path) != ":memory:":
        if read_only is None:
            read_only = read_only_reason(path)
        if read_only:
            return _open_read_only(Path(path), read_only)

    if str(path) == ":memory:":
        db = Database(memory=True)
        db.execute("PRAGMA foreign_keys = ON")
        migrations.migrate(db, None)
        return db
    path = Path(path)
    existed = path.exists()
    if existed:
        ensure_sqlite_file(path)
        backup_before_migration(path)  # None when the file is current or its folder cannot be written
    elif not create:
        raise StorageError(f"Không tìm thấy tệp cơ sở dữ liệu: {path}")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Không tạo được thư mục {path.parent}: {exc.strerror or exc}") from exc
    try:
        db = Database(path)
    except sqlite3.Error as exc:
        message = fault_message(exc, path) or f"Không mở được tệp cơ sở dữ liệu {path}: {exc}"
        raise StorageError(message) from exc
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        migrations.migrate(db, path if existed else None)
    except sqlite3.OperationalError as exc:
        # Locked, read-only or on a vanished drive: the file may be fine, it cannot be used now.
        db.close()
        message = fault_message(exc, path) or f"Không mở được tệp cơ sở dữ liệu {path}: {exc}"
        raise StorageError(message) from exc
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StorageError(f"Tệp {path} không phải là cơ sở dữ liệu hợp lệ: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db


# Files this process opened read-only, with the reason: see open_database(read_only=…).
_read_only_files: dict[str, str] = {}


def _file_key(path: str | Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def read_only_reason(path: str | Path) -> str | None:
    """Why this process opened the file at `path` read-only, or None when it may write to it."""
    return _read_only_files.get(_file_key(path))


def forget_read_only(path: str | Path) -> None:
    """Let the next `open_database(path)` write again (the file was closed, or is reopened for writing)."""
    _read_only_files.pop(_file_key(path), None)


def make_read_only(db: Database, path: str | Path, reason: str) -> None:
    """Turn the open connection `db` to `path` read-only from now on, like `open_database(read_only=…)`.

    For a file whose lock another instance took over while this one slept: better to refuse every
    save with the reason than to write beside it.
    """
    db.execute("PRAGMA query_only = ON")
    _read_only_files[_file_key(path)] = reason


def _open_read_only(path: Path, reason: str) -> Database:
    if not path.exists():
        raise StorageError(f"Không tìm thấy tệp cơ sở dữ liệu: {path}")
    ensure_sqlite_file(path)
    try:
        db = Database(path)
    except sqlite3.Error as exc:
        message = fault_message(exc, path) or f"Không mở được tệp cơ sở dữ liệu {path}: {exc}"
        raise StorageError(message) from exc
    try:
        # query_only rather than a "mode=ro" URI: a plain path works for every UNC and drive path,
        # and SQLite can still roll back a hot journal the crash of another program left.
        db.execute("PRAGMA query_only = ON")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        version = schema_version(db)
        if version < migrations.SCHEMA_VERSION:
            raise StorageError(
                f"Tệp {path} cần được nâng cấp lên phiên bản mới nhưng đang mở chỉ để đọc ({reason}): "
                "hãy mở lại khi có thể ghi vào tệp"
            )
        migrations.migrate(db, None, target=version)  # refuses a newer or foreign schema, writes nothing
    except sqlite3.DatabaseError as exc:
        db.close()
        message = fault_message(exc, path) or f"Tệp {path} không phải là cơ sở dữ liệu hợp lệ: {exc}"
        raise StorageError(message) from exc
    except BaseException:
        db.close()
        raise
    _read_only_files[_file_key(path)] = reason
    return db


# --- conversions shared by the storage modules ----------------------------------------------


def now_text() -> str:
    """The current local time with its UTC offset, e.g. "2025-11-22T09:15:02+07:00"."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def date_value(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def query_one(db: Database, sql: str, params: list[object]) -> dict | None:
    """The first row of a query as a dict, or None; the cursor is read to the end and closed."""
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def like_pattern(word: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching `word` anywhere."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(text: str) -> list[str]:
    """The search keys of the words in `text`; every word must match for a row to match."""
    return search_key(text).split()


def search_condition(columns: list[str], text: str, params: dict[str, object]) -> str:
    """SQL requiring each word of `text` to occur in at least one of the `*_key` `columns`.

    Adds the LIKE patterns to `params` as named parameters (:search_0, :search_1…); returns
    "1" (always true) for an empty search.
    """
    clauses = []
    for index, word in enumerate(search_words(text)):
        name = f"search_{index}"
        params[name] = like_pattern(word)
        alternatives = " OR ".join(f"{column} LIKE :{name} ESCAPE '\\'" for column in columns)
        clauses.append(f"({alternatives})")
    return " AND ".join(clauses) if clauses else "1"
