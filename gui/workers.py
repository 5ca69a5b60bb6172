"""Long work off the UI thread, with progress and cancel, and a synchronous runner for tests.

A job is a plain function `job(progress: Progress) -> result`. It must not touch widgets
and must open its own database connection (SQLite connections belong to one thread); it
reports through `progress.report(done, total, text)` and checks `progress.cancelled`.
Results and errors come back on the UI thread through the callbacks.
"""

from __future__ import annotations

import sqlite3
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from core import applog


class Cancelled(Exception):
    """Raised by a job that noticed the user cancelled it."""


class Progress(QObject):
    changed = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.changed.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


def log_failure(error: BaseException) -> None:
    """Put a job's failure in the log: a bug with its traceback, a machine fault in one line.

    A user's bad input (ValueError: StorageError, PlanImportError) and a cancel are not logged:
    they are shown, and their messages may quote the user's documents.
    """
    if isinstance(error, Cancelled | ValueError):
        return
    if isinstance(error, OSError | sqlite3.Error):
        applog.log.warning("Việc chạy nền gặp lỗi máy: %s: %s", type(error).__name__, error)
        return
    applog.log_unexpected(type(error), error, error.__traceback__, "việc chạy nền")


class _Relay(QObject):
    # Signals cross threads as queued connections, which puts the callbacks on the UI thread.
    finished = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], progress: Progress, relay: _Relay):
        super().__init__()
        self.fn, self.progress, self.relay = fn, progress, relay

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as error:  # delivered to the UI thread, never lost
            log_failure(error)
            self.relay.failed.emit(error, traceback.format_exc())
        else:
            self.relay.finished.emit(result)


class TaskRunner:
    """Runs jobs on a thread pool; results and errors arrive on the UI thread."""

    def __init__(self, pool: QThreadPool | None = None):
        self.pool = pool or QThreadPool.globalInstance()
        self._live: set[_Relay] = set()

    def start(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
        progress: Progress | None = None,
    ) -> Progress:
        progress = progress or Progress()
        relay = _Relay()
        self._live.add(relay)  # keep the relay alive until the job reports back

        def finished(result: Any) -> None:
            self._live.discard(relay)
            on_done(result)

        def failed(error: BaseException, trace: str) -> None:
            self._live.discard(relay)
            on_error(error, trace)

        relay.finished.connect(finished)
        relay.failed.connect(failed)
        self.pool.start(_Job(fn, progress, relay))
        return progress


class SynchronousRunner(TaskRunner):
    """Runs each job at once on the calling thread: for tests (Picard's FakeThreadPool idea)."""

    def __init__(self) -> None:
        super().__init__(pool=None)

    def start(self, fn, on_done, on_error, progress=None):
        progress = progress or Progress()
        try:
            result = fn(progress)
        except BaseException as error:
            log_failure(error)
            on_error(error, traceback.format_exc())
        else:
            on_done(result)
        return progress
