"""What the report modules are given: who issues the document, page margins, and each report's rows.

Plain frozen values, built by `storage.reports` from the database (or by tests directly), so the
PDF code never runs a query. Text is printed exactly as given; empty strings print as blanks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from core.errors import UserError
from core.model import Plan, Role, TaskKind
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus

# Called with each page number as it is finished (progress bars); it may raise to cancel.
PageCallback = Callable[[int], None]

# Legal ranges of Nghị định 30/2020, Phụ lục I (official-layout.md, "Page"), in millimetres.
MARGIN_RANGES: dict[str, tuple[int, int]] = {
    "top": (20, 25),
    "bottom": (20, 25),
    "left": (30, 35),
    "right": (15, 20),
}
_MARGIN_LABELS = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


@dataclass(frozen=True, slots=True)
class Margins:
    """Page margins of a portrait page in mm; landscape pages use the same margins rotated."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15

    def __post_init__(self) -> None:
        for side, (low, high) in MARGIN_RANGES.items():
            value = getattr(self, side)
            if not low <= value <= high:
                raise UserError(
                    f"Lề {_MARGIN_LABELS[side]} {value:g} mm nằm ngoài khoảng Nghị định 30/2020 cho phép "
                    f"({low}–{high} mm)"
                )


@dataclass(frozen=True, slots=True)
class Signer:
    """The signature block: authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), title, name."""

    authority: tuple[str, ...] = ()
    title: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class Letterhead:
    """Who issues a document (header block), where, and how it is signed and sent."""

    parent_body: str = ""  # cơ quan chủ quản: "UBND HUYỆN PHONG THỔ"
    issuing_body: str = ""  # "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    place: str = ""  # địa danh of the dateline: "Phong Thổ"
    abbreviation: str = ""  # the issuing body's part of a symbol: "PGDĐT"
    signer: Signer = field(default_factory=Signer)
    recipients: tuple[str, ...] = ()  # "Nơi nhận" items, the last one normally "Lưu: VT, …"


@dataclass(frozen=True, slots=True)
class DocumentId:
    """'Số: 05/KH-PGDĐT' and the date of the dateline; blanks where a draft has no number or day."""

    number: str = ""
    symbol: str = ""
    issued_on: date | None = None
    year: int | None = None  # printed when issued_on is None
    month: int | None = None


@dataclass(frozen=True, slots=True)
class PlanItem:
    """A section or task of a plan, in tree order, as the plan text and its annex print it."""

    ordinal: str
    content: str
    kind: TaskKind = TaskKind.TASK
    title: str = ""
    depth: int = 0
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    timeframe_text: str = ""
    deadline: date | None = None


@dataclass(frozen=True, slots=True)
class PlanReportData:
    plan: Plan
    basis: tuple[str, ...] = ()
    items: tuple[PlanItem, ...] = ()


@dataclass(frozen=True, slots=True)
class TrackedItem:
    """One unit's part in one task (one occurrence of it) with its status as of a date."""

    plan_reference: str
    task_path: str
    content: str
    unit_name: str
    role: Role
    status: DeadlineStatus
    due_on: date | None = None
    timeframe_text: str = ""
    occurrence_key: str = ""
    days_left: int | None = None
    result: str = ""
    completed_on: date | None = None
    other_units: tuple[str, ...] = ()  # the lead units of a supported task, the supporters of a led one


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """A target (chỉ tiêu) with the figure reached: 'Kế hoạch', 'Thực hiện', 'Tỷ lệ', 'Đạt'."""

    text: str
    target: str
    actual: str = ""
    rate: float | None = None  # actual ÷ target, 1.0 = exactly the target
    met: bool | None = None
    verdict: str = ""  # core.indicator_periods.verdict: "Đang thực hiện" until the deadline has passed


@dataclass(frozen=True, slots=True)
class ProgressReportData:
    plan: Plan
    as_of: date
    counts: dict[DeadlineStatus, int]
    items: tuple[TrackedItem, ...] = ()
    indicators: tuple[IndicatorLine, ...] = ()
    warn_days: int = DEFAULT_WARN_DAYS


@dataclass(frozen=True, slots=True)
class DeadlineListData:
    as_of: date
    overdue: tuple[TrackedItem, ...] = ()
    due_soon: tuple[TrackedItem, ...] = ()
    unit_name: str = ""  # "" for every unit
    plan: Plan | None = None  # None for every plan
    warn_days: int = DEFAULT_WARN_DAYS


@dataclass(frozen=True, slots=True)
class AssignmentSheetData:
    unit_name: str
    as_of: date
    leads: tuple[TrackedItem, ...] = ()
    supports: tuple[TrackedItem, ...] = ()
    plan: Plan | None = None  # None for every plan


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """Which report, as of when, for which plan and unit (None: every plan / every unit)."""

    kind: str  # a key of core.reports.REPORT_KINDS
    as_of: date
    plan_id: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How one report is printed: its letterhead (defaults from the settings, changeable per report),
    its own number and date (blank for the clerk to fill in when not given), the margins."""

    letterhead: Letterhead = field(default_factory=Letterhead)
    margins: Margins = field(default_factory=Margins)
    number: str = ""
    issued_on: date | None = None
    year: int | None = None  # the year printed when issued_on is None
