"""The start-up notice: a bar above the screens saying how much is overdue or due soon.

It appears when a database is opened and anything is overdue or due within the warning window
("3 nhiệm vụ quá hạn, 5 sắp đến hạn"), never as a dialog: nothing waits for it. «Xem» opens the
deadlines screen showing exactly those rows; × hides it until the next file is opened.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.status import DeadlineStatus
from gui.context import AppContext
from gui.models.deadline_table import status_icon
from gui.models.task_tree import STATUS_COLOURS

WARNED = frozenset({DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON})


def notice_text(overdue: int, soon: int, warn_days: int) -> str:
    """ "3 nhiệm vụ quá hạn, 5 sắp đến hạn (trong 7 ngày tới)", leaving out a zero part."""
    parts = []
    if overdue:
        parts.append(f"{overdue} nhiệm vụ quá hạn")
    if soon:
        parts.append(f"{soon} {'nhiệm vụ ' if not overdue else ''}sắp đến hạn (trong {warn_days} ngày tới)")
    return ", ".join(parts)


class DeadlineNotice(QFrame):
    open_requested = Signal(object)  # the statuses to show: frozenset[DeadlineStatus]

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("deadlineNotice")
        colour = STATUS_COLOURS[DeadlineStatus.OVERDUE]
        self.setStyleSheet(
            f"#deadlineNotice {{ background: #fdf3e7; border: 1px solid {colour}; border-radius: 4px; }}"
        )
        self.icon = QLabel()
        self.icon.setPixmap(status_icon(DeadlineStatus.OVERDUE, 16).pixmap(16, 16))
        self.label = QLabel()
        self.label.setObjectName("deadlineNoticeText")
        self.open_button = QPushButton("Xem các nhiệm vụ này")
        self.open_button.setToolTip("Mở màn hình «Hạn xử lý» (Ctrl+4), lọc nhiệm vụ quá hạn và sắp đến hạn")
        self.open_button.clicked.connect(self._open)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip("Ẩn thông báo này")
        self.close_button.setAccessibleName("Ẩn thông báo")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.close_button)
        self.hide()
        self._dismissed = False
        self._warned = (0, 0)
        self.checked_on = date.today()
        context.database_opened.connect(self._database_opened)

    def check(self, today: date | None = None) -> tuple[int, int]:
        """Count what is overdue and due soon as of `today`; show the notice when there is any.

        Returns (overdue, due soon).
        """
        from storage.deadlines import status_counts
        from storage.settings import get_setting

        db = self.context.db
        warn_days = int(get_setting(db, "warn_days"))
        self.checked_on = today or date.today()
        counts = status_counts(db, self.checked_on, warn_days)
        overdue, soon = counts[DeadlineStatus.OVERDUE], counts[DeadlineStatus.DUE_SOON]
        self._warned = (overdue, soon)
        if (overdue or soon) and not self._dismissed:
            when = "hôm nay" if self.checked_on == date.today() else vntext.format_date(self.checked_on)
            self.label.setText(f"{notice_text(overdue, soon, warn_days)} (tính đến {when}).")
            self.show()
        else:
            self.hide()
        return overdue, soon

    def dismiss(self) -> None:
        self._dismissed = True
        self.hide()

    def _database_opened(self) -> None:
        self._dismissed = False
        self.check()

    def _open(self) -> None:
        overdue, soon = self._warned
        statuses = frozenset(
            status
            for status, count in ((DeadlineStatus.OVERDUE, overdue), (DeadlineStatus.DUE_SOON, soon))
            if count
        )
        self.open_requested.emit(statuses or WARNED)


def install_deadline_notice(window: QMainWindow) -> DeadlineNotice:
    """Put the notice above the window's central widget and check the open database now.

    «Xem» shows the window's "deadlines" screen filtered to what the notice counted.
    """
    notice = DeadlineNotice(window.context, window)
    central = window.takeCentralWidget()
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(4, 4, 4, 0)
    layout.setSpacing(4)
    layout.addWidget(notice)
    layout.addWidget(central, 1)
    window.setCentralWidget(container)

    def show_deadlines(statuses: frozenset[DeadlineStatus]) -> None:
        window.show_screen("deadlines")
        window.screens["deadlines"].show_statuses(statuses, notice.checked_on)

    notice.open_requested.connect(show_deadlines)
    notice.check()
    return notice
