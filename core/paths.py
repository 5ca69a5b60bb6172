"""Default locations on disk: the user's database and the attachments folder beside a database."""

from __future__ import annotations

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
