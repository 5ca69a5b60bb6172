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
from PySide6.QtGui import QKeyEvent, QResizeEvent
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
# Hover and keyboard focus drawn the same on every piece (set on the screen, read by its buttons).
LINK_STYLE = """
QPushButton[overviewLink="true"] {
    border: 2px solid transparent; border-radius: 4px; background: transparent; padding: 0px;
}
QPushButton[overviewLink="true"]:hover { background: palette(midlight); }
QPushButton[overviewLink="true"]:pressed { background: palette(mid); }
QPushButton[overviewLink="true"]:focus { border-color: palette(highlight); }
"""


def colour_block(colour: str) -> QFrame:
    """A frame filled with `colour` that takes whatever room its layout gives it."""
    block = QFrame()
    # A style sheet, not the palette: the screen's style sheet would override a palette.
    block.setStyleSheet(f"background-color: {colour}; border: none;")
    block.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
    block.setMinimumSize(2, 2)
    return block


def add_stretched(layout: QBoxLayout, parts: list[tuple[QWidget, int]]) -> None:
    """Add the parts with their stretch; a part of zero is left out (a zero stretch would take room)."""
    for widget, stretch in parts:
        if stretch > 0:
            layout.addWidget(widget, stretch)


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with «…» to the width it is given."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.full_text = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(8)
        super().setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width())
        if shown != self.text():
            super().setText(shown)


class LinkButton(QPushButton):
    """A flat button whose face is the layout `body` holds; its children never take the clicks."""

    def __init__(self, tip: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("overviewLink", True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tip)
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def finish(self, body: QBoxLayout) -> None:
        """Lay `body` out inside the button, its widgets transparent to the mouse."""
        body.setContentsMargins(6, 3, 6, 3)
        self.setLayout(body)
        for child in self.findChildren(QWidget):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint() if self.layout() is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        # Text is shortened to the room there is: a narrow window squeezes the pieces, never scrolls.
        return QSize(40, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A push button answers Space; Enter is what a list of links invites too.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)


class StatusTile(LinkButton):
    """One status's count: a strip of its colour, its name, and the count in large type."""

    def __init__(self, status: DeadlineStatus, parent: QWidget | None = None):
        super().__init__(f"Mở «Hạn xử lý» chỉ với «{status.label}»", status.label, parent)
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
        self.number.setStyleSheet(f"color: {colour};")
        text = QVBoxLayout()
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

    def set_count(self, count: int) -> None:
        self.count = count
        self.number.setText(vntext.format_number(count, 0))
        self.setAccessibleName(f"{self.status.label}: {count}")


class UnitBar(LinkButton):
    """A unit's name, a horizontal bar as long as its count against the longest, and the count."""

    def __init__(self, name: str, count: int, longest: int, tip: str, colour: str = OVERDUE_COLOUR):
        super().__init__(tip, f"{name}: {count}")
        self.name, self.count = name, count
        label = ElidedLabel(name)
        number = QLabel(vntext.format_number(count, 0))
        chart = QHBoxLayout()
        chart.setContentsMargins(0, 0, 0, 0)
        chart.setSpacing(4)
        add_stretched(chart, [(colour_block(colour), count), (QWidget(), max(longest, count) - count)])
        chart.addWidget(number)
        for part in (chart.itemAt(i).widget() for i in range(chart.count())):
            if part is not number:
                part.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        # The name takes two fifths of the width, the bar and its number the rest.
        body = QHBoxLayout()
        body.addWidget(label, 2)
        body.addLayout(chart, 3)
        self.finish(body)


class TextLink(LinkButton):
    """A line of text shortened to the width (the tooltip has it whole), a coloured dot before it
    and a greyed detail after it."""

    def __init__(self, text: str, tip: str, colour: str | None = None, detail: str = ""):
        super().__init__(tip, text)
        self.text_shown = text
        body = QHBoxLayout()
        body.setSpacing(6)
        if colour:
            dot = QLabel("●")
            dot.setStyleSheet(f"color: {colour};")
            body.addWidget(dot)
        body.addWidget(ElidedLabel(text), 3)
        if detail:
            extra = ElidedLabel(detail)
            extra.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            extra.setEnabled(False)  # greyed: it qualifies the line
            body.addWidget(extra, 2)
        self.finish(body)


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

    def __init__(self, figures: PeriodCompletion, label: str, highest: int, tip: str, current: bool = False):
        super().__init__(tip, f"{label}: {figures.done} / {figures.due}")
        self.figures, self.label = figures, label
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        rate = figures.rate
        rate_label = QLabel("—" if rate is None else f"{round(rate * 100)}%")
        rate_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        rate_label.setEnabled(rate is not None)
        stack = QVBoxLayout()
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(0)
        parts: list[tuple[QWidget, int]] = [(QWidget(), max(highest, figures.due, 1) - figures.due)]
        parts += [(colour_block(colour), getattr(figures, name)) for name, colour in reversed(SEGMENTS)]
        add_stretched(stack, parts)
        for index in range(stack.count()):
            stack.itemAt(index).widget().setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        column = QWidget()
        column.setLayout(stack)
        column.setFixedWidth(24)
        column.setMinimumHeight(self.fontMetrics().height() * 4)
        plot = QHBoxLayout()
        plot.addStretch(1)
        plot.addWidget(column)
        plot.addStretch(1)
        baseline = colour_block("#9aa0a6")
        baseline.setFixedHeight(1)
        name = QLabel(label)
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if current:
            font = name.font()
            font.setBold(True)
            name.setFont(font)
        body = QVBoxLayout()
        body.setSpacing(2)
        body.addWidget(rate_label)
        body.addLayout(plot, 1)
        body.addWidget(baseline)
        body.addWidget(name)
        self.finish(body)

    def minimumSizeHint(self) -> QSize:
        return QSize(30, self.fontMetrics().height() * 6 + 20)
