"""The clickable pieces of the «Tổng quan» screen, each painted with QPainter.

Every figure is a button of its own (QAbstractButton): Tab reaches it, Space or Enter presses it,
a click presses it, and it carries a tooltip and an accessible name saying what it opens. There
is no chart library: a bar is a rectangle, which also prints and scales well.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from core import vntext
from core.overview import PeriodCompletion
from core.status import DeadlineStatus
from gui.models.task_tree import STATUS_COLOURS

OVERDUE_COLOUR = STATUS_COLOURS[DeadlineStatus.OVERDUE]
PENDING_COLOUR = "#c9ced6"
PAD = 6


class LinkButton(QAbstractButton):
    """A button painted by its subclass, with hover and keyboard focus drawn the same everywhere."""

    def __init__(self, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setToolTip(tip)

    def minimumSizeHint(self) -> QSize:
        # Text is elided to the room there is: a narrow window squeezes the pieces, never scrolls.
        return QSize(40, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QAbstractButton answers Space only; Enter is what a list of links invites too.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self.isDown() or self.underMouse():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Midlight))
            painter.drawRoundedRect(area, 4, 4)
        self.paint_content(painter, self.rect().adjusted(PAD, 2, -PAD, -2))
        if self.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRoundedRect(area, 4, 4)
        painter.end()

    def paint_content(self, painter: QPainter, area: QRect) -> None:
        raise NotImplementedError


class StatusTile(LinkButton):
    """One status's count: a big number under its name, in its colour."""

    def __init__(self, status: DeadlineStatus, parent: QWidget | None = None):
        super().__init__(f"Mở «Hạn xử lý» chỉ với «{status.label}»", parent)
        self.status = status
        self.count = 0
        self.setObjectName(f"overview_{status.value}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_count(self, count: int) -> None:
        self.count = count
        self.setAccessibleName(f"{self.status.label}: {count}")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() * 3 + 2 * PAD)

    def paint_content(self, painter: QPainter, area: QRect) -> None:
        colour = QColor(STATUS_COLOURS[self.status])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRect(QRect(area.left(), area.top() + 2, 4, area.height() - 4))
        text = area.adjusted(10, 0, 0, 0)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        label = self.fontMetrics().elidedText(self.status.label, Qt.TextElideMode.ElideRight, text.width())
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.8)
        big.setBold(True)
        painter.setFont(big)
        painter.setPen(colour)
        painter.drawText(
            text,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            vntext.format_number(self.count, 0),
        )


class UnitBar(LinkButton):
    """A unit's name, a horizontal bar as long as its count against the longest, and the count."""

    def __init__(self, name: str, count: int, longest: int, tip: str, colour: str = OVERDUE_COLOUR):
        super().__init__(tip)
        self.name, self.count, self.longest, self.colour = name, count, max(longest, 1), colour
        self.setAccessibleName(f"{name}: {count}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().height() + 10)

    def paint_content(self, painter: QPainter, area: QRect) -> None:
        metrics = self.fontMetrics()
        name_width = int(area.width() * 0.42)
        number = vntext.format_number(self.count, 0)
        number_width = metrics.horizontalAdvance("000.000")
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        name = metrics.elidedText(self.name, Qt.TextElideMode.ElideRight, name_width - PAD)
        painter.drawText(QRect(area.left(), area.top(), name_width - PAD, area.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)  # fmt: skip
        room = area.width() - name_width - number_width - PAD
        length = max(2, round(room * self.count / self.longest))
        bar = QRect(area.left() + name_width, area.top() + 3, length, area.height() - 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.colour))
        painter.drawRect(bar)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(QRect(bar.right() + PAD, area.top(), number_width, area.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, number)  # fmt: skip


class TextLink(LinkButton):
    """A line of text (elided to the width; the tooltip has it whole), a coloured mark before it."""

    def __init__(self, text: str, tip: str, colour: str | None = None, detail: str = ""):
        super().__init__(tip)
        self.text_shown, self.colour, self.detail = text, colour, detail
        self.setAccessibleName(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().height() + 10)

    def paint_content(self, painter: QPainter, area: QRect) -> None:
        metrics = self.fontMetrics()
        left = area.left()
        if self.colour:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.colour))
            side = metrics.height() // 2
            painter.drawEllipse(QRect(left, area.center().y() - side // 2, side, side))
            left += side + PAD
        detail = metrics.elidedText(self.detail, Qt.TextElideMode.ElideRight, int(area.width() * 0.4))
        detail_width = metrics.horizontalAdvance(detail) + PAD if self.detail else 0
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        room = area.right() - left - detail_width
        text = metrics.elidedText(self.text_shown, Qt.TextElideMode.ElideRight, room)
        align = Qt.AlignmentFlag.AlignVCenter
        box = QRect(left, area.top(), room, area.height())
        painter.drawText(box, align | Qt.AlignmentFlag.AlignLeft, text)
        if self.detail:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            box = QRect(area.right() - detail_width, area.top(), detail_width, area.height())
            painter.drawText(box, align | Qt.AlignmentFlag.AlignRight, detail)


# Stacked from the bottom: what was done on time, done late, is overdue, is not yet due.
SEGMENTS = (
    ("done_on_time", STATUS_COLOURS[DeadlineStatus.DONE_ON_TIME]),
    ("done_late", STATUS_COLOURS[DeadlineStatus.DONE_LATE]),
    ("overdue", OVERDUE_COLOUR),
    ("pending", PENDING_COLOUR),
)


class PeriodColumn(LinkButton):
    """One period's rounds due as a stacked column scaled to the fullest period, its label below
    and its completion rate above."""

    def __init__(self, figures: PeriodCompletion, label: str, highest: int, tip: str, current: bool = False):
        super().__init__(tip)
        self.figures, self.label, self.highest, self.current = figures, label, max(highest, 1), current
        self.setAccessibleName(f"{label}: {figures.done} / {figures.due}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().height() * 4 + 40)

    def sizeHint(self) -> QSize:
        return QSize(44, self.fontMetrics().height() * 6 + 60)

    def minimumSizeHint(self) -> QSize:
        return QSize(24, self.fontMetrics().height() * 4 + 40)

    def paint_content(self, painter: QPainter, area: QRect) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        label_box = QRect(area.left(), area.bottom() - line, area.width(), line)
        label_font = QFont(self.font())
        label_font.setBold(self.current)
        painter.setFont(label_font)
        painter.setPen(text_colour)
        painter.drawText(label_box, Qt.AlignmentFlag.AlignCenter, self.label)
        painter.setFont(self.font())
        rate = self.figures.rate
        rate_text = "—" if rate is None else f"{round(rate * 100)}%"
        painter.setPen(
            self.palette().color(QPalette.ColorRole.PlaceholderText) if rate is None else text_colour
        )
        painter.drawText(
            QRect(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignCenter, rate_text
        )
        plot_top, plot_bottom = area.top() + line + 4, label_box.top() - 4
        height = plot_bottom - plot_top
        width = min(area.width() - 8, 28)
        left = area.center().x() - width // 2
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(area.left(), plot_bottom, area.right(), plot_bottom)
        painter.setPen(Qt.PenStyle.NoPen)
        bottom = float(plot_bottom)
        for name, colour in SEGMENTS:
            value = getattr(self.figures, name)
            if not value:
                continue
            size = height * value / self.highest
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(left, bottom - size, width, size))
            bottom -= size
