"""The clickable pieces of the «Tổng quan» screen, built of plain widgets.

Every figure is a push button of its own: Tab reaches it, Space or Enter presses it, a click
presses it, and it carries a tooltip and an accessible name. Its face is labels and coloured
frames laid out inside it (a bar is a frame whose layout stretch is its count), so painting runs
no Python at all: with PySide6 6.12 on Python 3.11 each call of a method that returns nothing
(QPainter.drawRect, QWidget.update, …) takes a reference from None, and a paintEvent in Python
repeated all day would bring the interpreter down (Fatal Python error: none_dealloc).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.overview import PeriodCompletion
from core.status import DeadlineStatus
from gui.models.task_tree import STATUS_COLOURS

OVERDUE_COLOUR = STATUS_COLOURS[DeadlineStatus.OVERDUE]
PENDING_COLOUR = "#c9ced6"
BASELINE_COLOUR = "#9aa0a6"


def paint_with(widget: QWidget, colour: str, *, text: bool = False) -> None:
    """Colour a widget's background (or, with `text`, its text) through its palette.

    Not a style sheet: one per piece was polished again on every reload, and the screen opened a
    third slower. The Base and Text roles, not Window and WindowText: inside a push button, the
    button's own Window and WindowText win over the child's.
    """
    role = QPalette.ColorRole.Text if text else QPalette.ColorRole.Base
    if text:
        widget.setForegroundRole(role)
    else:
        widget.setBackgroundRole(role)
        widget.setAutoFillBackground(True)
    palette = widget.palette()
    if palette.color(role) != QColor(colour):
        palette.setColor(role, QColor(colour))
        widget.setPalette(palette)


def colour_block(colour: str) -> QFrame:
    """A frame filled with `colour` that takes whatever room its layout gives it."""
    block = QFrame()
    paint_with(block, colour)
    block.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
    block.setMinimumSize(2, 2)
    return block


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with «…» to the width it is given."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(8)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, max(self.width(), 8)
        )
        if shown != self.text():
            self.setText(shown)


class LinkButton(QPushButton):
    """A flat button whose face is the layout `body` holds; its children never take the clicks.

    Each piece is made once and refilled (`show_…`) on every reload: making them again each time
    cost more than all the queries behind them.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # Flat: the style draws the keyboard focus and the press, nothing else.
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def finish(self, body: QBoxLayout) -> None:
        """Lay `body` out inside the button, its widgets transparent to the mouse."""
        body.setContentsMargins(6, 3, 6, 3)
        self.setLayout(body)
        for child in self.findChildren(QWidget):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def describe(self, name: str, tip: str) -> None:
        self.setAccessibleName(name)
        self.setToolTip(tip)

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint() if self.layout() is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        # Text is shortened to the room there is: a narrow window squeezes the pieces, never scrolls.
        return QSize(40, self.sizeHint().height())

    def focusInEvent(self, event: QFocusEvent) -> None:
        # A flat button shows no focus in every style: the piece under the keyboard is tinted.
        super().focusInEvent(event)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        palette = self.palette()
        palette.setColor(
            QPalette.ColorRole.AlternateBase, palette.color(QPalette.ColorRole.Highlight).lighter(185)
        )
        self.setPalette(palette)
        self.setAutoFillBackground(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.setAutoFillBackground(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A push button answers Space; Enter is what a list of links invites too.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)


def show_if(widget: QWidget, visible: bool) -> None:
    """Show or hide `widget`, touching it only when that changes (a reload sets hundreds)."""
    if widget.isHidden() == visible:
        widget.setVisible(visible)


def _stretch(layout: QBoxLayout, index: int, value: int) -> None:
    """Size a block of a bar by its layout stretch; a block of nothing is hidden (a zero stretch
    would still take room)."""
    show_if(layout.itemAt(index).widget(), value > 0)
    if layout.stretch(index) != max(value, 0):
        layout.setStretch(index, max(value, 0))


class StatusTile(LinkButton):
    """One status's count: a strip of its colour, its name, and the count in large type."""

    def __init__(self, status: DeadlineStatus, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = status
        self.count = 0
        self.setObjectName(f"overview_{status.value}")
        colour = STATUS_COLOURS[status]
        self.name_label = ElidedLabel(status.label)
        self.number = QLabel("0")
        self.number.setObjectName("tileNumber")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.number.setFont(font)
        paint_with(self.number, colour, text=True)
        text = QVBoxLayout()
        text.setContentsMargins(4, 0, 0, 0)
        text.setSpacing(0)
        text.addWidget(self.name_label)
        text.addWidget(self.number)
        strip = colour_block(colour)
        strip.setFixedWidth(4)
        body = QHBoxLayout()
        body.setSpacing(6)
        body.addWidget(strip)
        body.addLayout(text, 1)
        self.finish(body)
        self.describe(status.label, f"Mở «Hạn xử lý» chỉ với «{status.label}»")

    def set_count(self, count: int) -> None:
        self.count = count
        self.number.setText(vntext.format_number(count, 0))
        self.setAccessibleName(f"{self.status.label}: {count}")


class UnitBar(LinkButton):
    """A unit's name, a horizontal bar as long as its count against the longest, and the count."""

    def __init__(self, colour: str = OVERDUE_COLOUR):
        super().__init__()
        self.unit_id, self.name, self.count = 0, "", 0
        self.label = ElidedLabel()
        self.number = QLabel()
        self.chart = QHBoxLayout()
        self.chart.setContentsMargins(0, 0, 0, 0)
        self.chart.setSpacing(4)
        self.chart.addWidget(colour_block(colour))
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.chart.addWidget(spacer)
        self.chart.addWidget(self.number)
        # The name takes two fifths of the width, the bar and its number the rest.
        body = QHBoxLayout()
        body.addWidget(self.label, 2)
        body.addLayout(self.chart, 3)
        self.finish(body)

    def show_unit(self, unit_id: int, name: str, count: int, longest: int, tip: str) -> None:
        self.unit_id, self.name, self.count = unit_id, name, count
        self.setObjectName(f"overdueUnit_{unit_id}")
        self.label.set_full_text(name)
        self.number.setText(vntext.format_number(count, 0))
        _stretch(self.chart, 0, count)
        _stretch(self.chart, 1, max(longest, count) - count)
        self.describe(f"{name}: {count}", tip)


class TextLink(LinkButton):
    """A line of text shortened to the width (the tooltip has it whole), a coloured mark before it
    and a greyed detail after it."""

    def __init__(self):
        super().__init__()
        self.text_shown = ""
        self.mark = QLabel("●")

        self.label = ElidedLabel()
        self.detail = ElidedLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.detail.setEnabled(False)  # greyed: it qualifies the line
        body = QHBoxLayout()
        body.setSpacing(6)
        body.addWidget(self.mark)
        body.addWidget(self.label, 3)
        body.addWidget(self.detail, 2)
        self.finish(body)

    def show_text(self, text: str, tip: str, colour: str | None = None, detail: str = "") -> None:
        self.text_shown = text
        self.label.set_full_text(text)
        self.detail.set_full_text(detail)
        show_if(self.detail, bool(detail))
        show_if(self.mark, colour is not None)
        if colour is not None:
            paint_with(self.mark, colour, text=True)
        self.describe(text, tip)


# Stacked from the bottom: what was done on time, done late, is overdue, is not yet due.
SEGMENTS = (
    ("done_on_time", STATUS_COLOURS[DeadlineStatus.DONE_ON_TIME]),
    ("done_late", STATUS_COLOURS[DeadlineStatus.DONE_LATE]),
    ("overdue", OVERDUE_COLOUR),
    ("pending", PENDING_COLOUR),
)


class PeriodColumn(LinkButton):
    """One period's rounds due as a stacked column scaled to the fullest period, its completion
    rate above and its label below (bold for the period holding the day)."""

    def __init__(self):
        super().__init__()
        self.figures: PeriodCompletion | None = None
        self.label = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.rate_label = QLabel()
        self.rate_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        small = self.rate_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.rate_label.setFont(small)  # «100%» fits over twelve narrow columns
        # From the top: the room left above the column, then the segments from the last to the first.
        self.stack = QVBoxLayout()
        self.stack.setContentsMargins(0, 0, 0, 0)
        self.stack.setSpacing(0)
        room = QWidget()
        room.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(room)
        for _name, colour in reversed(SEGMENTS):
            self.stack.addWidget(colour_block(colour))
        column = QWidget()
        column.setLayout(self.stack)
        column.setFixedWidth(24)
        column.setMinimumHeight(self.fontMetrics().height() * 4)
        plot = QHBoxLayout()
        plot.addStretch(1)
        plot.addWidget(column)
        plot.addStretch(1)
        baseline = colour_block(BASELINE_COLOUR)
        baseline.setFixedHeight(1)
        self.name_label = QLabel()
        self.name_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QVBoxLayout()
        body.setSpacing(2)
        body.addWidget(self.rate_label)
        body.addLayout(plot, 1)
        body.addWidget(baseline)
        body.addWidget(self.name_label)
        self.finish(body)
        body.setContentsMargins(1, 3, 1, 3)

    def show_period(
        self, figures: PeriodCompletion, label: str, highest: int, tip: str, current: bool
    ) -> None:
        self.figures, self.label = figures, label
        self.setObjectName(f"period_{figures.period.code}")
        rate = figures.rate
        self.rate_label.setText("—" if rate is None else f"{round(rate * 100)}%")
        self.rate_label.setEnabled(rate is not None)
        _stretch(self.stack, 0, max(highest, figures.due, 1) - figures.due)
        for index, (name, _colour) in enumerate(reversed(SEGMENTS), start=1):
            _stretch(self.stack, index, getattr(figures, name))
        self.name_label.setText(label)
        font = self.name_label.font()
        font.setBold(current)
        self.name_label.setFont(font)
        self.describe(f"{label}: {figures.done} / {figures.due}", tip)

    def minimumSizeHint(self) -> QSize:
        return QSize(30, self.fontMetrics().height() * 6 + 20)
