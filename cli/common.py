"""Pieces every headless command shares: the --db option, opening the database, errors."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from core import vntext
from core.errors import UserError


class CommandError(UserError):
    """Bad input for a command: printed as one line, exit code 1."""


def machine_fault(error: BaseException, argv: Sequence[str]) -> str | None:
    """The one-line message for a full disk, a locked or read-only file… (storage.faults), else None.

    SQLite's errors do not name the file, so the data file is taken from `--db` in `argv` (or the
    default one), as the command itself found it.
    """
    from storage.faults import fault_message

    return fault_message(error, _db_in_argv(argv))


def _db_in_argv(argv: Sequence[str]) -> Path:
    from core.paths import default_db_path

    for index, word in enumerate(argv):
        if word == "--db" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if word.startswith("--db="):
            return Path(word.removeprefix("--db="))
    return default_db_path()


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="tệp dữ liệu SQLite (mặc định: thư mục dữ liệu của người dùng)")


def db_path(args: argparse.Namespace) -> Path:
    from core.paths import default_db_path

    return Path(args.db) if args.db else default_db_path()


def open_existing_db(args: argparse.Namespace):
    """Open the database a read command works on; a missing file is an error, not a new database."""
    from storage.database import StorageError, open_database

    path = db_path(args)
    if not path.exists():
        raise CommandError(f"Không tìm thấy tệp dữ liệu: {path}")
    try:
        return open_database(path, create=False)
    except StorageError as error:
        raise CommandError(str(error)) from error


def unit_id_named(db, name: str) -> int:
    """The id of the unit called `name` (as `find_unit` matches names); an error when there is none."""
    from storage.units import find_unit

    unit = find_unit(db, name)
    if unit is None:
        raise CommandError(f"--unit: không có đơn vị nào tên {name!r}")
    return unit.id


def parse_as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text) if "-" in text and len(text) == 10 else vntext.parse_date(text)
    except ValueError as error:
        raise CommandError(
            f"--as-of: ngày không hợp lệ: {text!r} (dạng YYYY-MM-DD hoặc dd/mm/yyyy)"
        ) from error
