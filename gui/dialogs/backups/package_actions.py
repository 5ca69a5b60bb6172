"""Tệp → «Xuất gói dữ liệu…» and «Mở gói dữ liệu…»: the .qlkh package written or opened on the worker.

Opening asks where the new data file goes; `storage.package.import_package` refuses an existing
file (the message says so), and the new file is then opened in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from gui.context import AppContext
from gui.operations import run_with_progress
from storage.package import PACKAGE_SUFFIX, PackageSummary, import_package, write_package

PACKAGE_FILTER = f"Gói dữ liệu (*{PACKAGE_SUFFIX});;Tất cả các tệp (*)"
DB_FILTER = "Tệp dữ liệu (*.sqlite3 *.sqlite *.db);;Tất cả các tệp (*)"


def _reporter(progress):
    def report(done: int, total: int, text: str) -> None:
        progress.check()  # Hủy: stops between two files; nothing is left behind
        progress.report(done, total, text)

    return report


def _counts(summary: PackageSummary) -> str:
    return f"{summary.plans} kế hoạch, {summary.tasks} nhiệm vụ, {summary.files} tệp minh chứng"


def export_package(window, context: AppContext, dest: Path | None = None) -> None:
    """Write the open file's package, asking where unless `dest` is given."""
    if dest is None:
        suggested = context.db_path.with_suffix(PACKAGE_SUFFIX)
        chosen, _ = QFileDialog.getSaveFileName(window, "Xuất gói dữ liệu", str(suggested), PACKAGE_FILTER)
        if not chosen:
            return
        dest = Path(chosen)
    source = context.db_path

    def job(progress):
        return write_package(source, dest, _reporter(progress))

    def done(summary: PackageSummary) -> None:
        window.statusBar().showMessage(f"Đã xuất gói dữ liệu {summary.path} ({_counts(summary)})", 10000)

    run_with_progress(window, context, "Đang xuất gói dữ liệu…", job, done)


def open_package(
    window: QWidget,
    context: AppContext,
    reopen: Callable[[Path], bool],
    package: Path | None = None,
    target: Path | None = None,
) -> None:
    """Unpack a package into a new data file (both asked for unless given), then open that file."""
    if package is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Mở gói dữ liệu", str(context.db_path.parent), PACKAGE_FILTER
        )
        if not chosen:
            return
        package = Path(chosen)
    if target is None:
        suggested = context.db_path.parent / f"{package.stem}.sqlite3"
        chosen, _ = QFileDialog.getSaveFileName(
            window,
            "Tệp dữ liệu mới cho gói",
            str(suggested),
            DB_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused anyway, with why
        )
        if not chosen:
            return
        target = Path(chosen)

    def job(progress):
        return import_package(package, target, _reporter(progress))

    def done(summary: PackageSummary) -> None:
        if reopen(summary.path):
            window.statusBar().showMessage(f"Đã mở gói {package.name} ({_counts(summary)})", 10000)

    run_with_progress(window, context, "Đang mở gói dữ liệu…", job, done)
