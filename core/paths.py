"""Default locations on disk: the user's database and the attachments folder beside a database;
writing an output file so that a failure never leaves half of it behind."""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from pathlib import Path

from platformdirs import user_data_dir

from core.about import APP_ID, ORG_NAME

DB_FILENAME = "kehoach.sqlite3"
ATTACHMENTS_SUFFIX = "_tep_dinh_kem"


def default_db_path() -> Path:
    """The database opened when none is given, in the per-user data folder (created if missing).

    Windows: %LOCALAPPDATA%\\KeHoachGiaoDuc\\QuanLyKeHoach; Linux: ~/.local/share/QuanLyKeHoach.
    """
    folder = Path(user_data_dir(APP_ID, ORG_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DB_FILENAME


def attachments_dir(db_path: str | Path) -> Path:
    """The evidence-attachments folder that travels with a database: `<db stem>_tep_dinh_kem` beside it.

    Not created here: opening a database (perhaps on read-only media) must not leave folders
    behind; whoever saves the first attachment creates it.
    """
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + ATTACHMENTS_SUFFIX)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` all at once: a temporary file in the same folder, then os.replace.

    A full disk, a pulled USB stick or a kill mid-write leaves the old file (or none) and no partial
    one; the temporary file is removed on failure. An OSError raised names `path`, not the temporary
    file, so the message the user sees is about the file they chose.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never write through a file someone else made; 0o666 lets the umask decide the mode.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        error.filename, error.filename2 = str(path), None
        raise
    return path
