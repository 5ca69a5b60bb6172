"""The application's log: a rotating file in the user's data folder, for the crash dialog to point at.

What goes in: the program's version and platform, which data file was opened (its path), locks,
machine faults and the traceback of every unexpected error. No content of plans, tasks or units:
those messages stay on screen. 1 MB per file, five old files kept (kehoach.log.1 … .5).
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
from pathlib import Path
from types import TracebackType

from platformdirs import user_data_dir

from core.about import APP_ID, ORG_NAME, VERSION

LOG_FILENAME = "kehoach.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
LOGGER_NAME = "kehoach"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger(LOGGER_NAME)
_handler: logging.handlers.RotatingFileHandler | None = None


def default_log_dir() -> Path:
    """The `logs` folder beside the default data file (core.paths.default_db_path), per user."""
    return Path(user_data_dir(APP_ID, ORG_NAME)) / "logs"


def setup_logging(folder: str | Path | None = None) -> Path | None:
    """Send the "kehoach" loggers to `<folder>/kehoach.log` (rotating); the log's path, None if unwritable.

    Called again (another folder, in tests) it replaces the previous file handler.
    """
    global _handler
    path = Path(folder or default_log_dir()) / LOG_FILENAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        # A profile folder that cannot be written must not stop the program from starting.
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = handler
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.info(
        "Khởi động %s %s, Python %s, %s", APP_ID, VERSION, platform.python_version(), platform.platform()
    )
    return path


def log_path() -> Path | None:
    """The log file being written, or None before `setup_logging` (or when it could not be opened)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def log_unexpected(
    exc_type: type[BaseException], value: BaseException, tb: TracebackType | None, where: str = ""
) -> None:
    """Write an unexpected error with its traceback (`where`: the thread or job it happened in)."""
    log.error("Lỗi không mong đợi%s", f" ({where})" if where else "", exc_info=(exc_type, value, tb))
    if _handler is not None:
        _handler.flush()


def shutdown_logging() -> None:
    global _handler
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None
