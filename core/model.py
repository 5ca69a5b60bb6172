"""Domain values: units, plans, tasks, assignments, their occurrences and indicators.

Plain frozen dataclasses with no behaviour beyond small derived properties, so that
storage, the GUI, reports and spreadsheet exchange all speak about the same things.
Ids are None until a value has been saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Role(StrEnum):
    """Role of a unit in a task: chủ trì (leads) or phối hợp (supports)."""

    LEAD = "lead"
    SUPPORT = "support"

    @property
    def label(self) -> str:
        return {"lead": "Chủ trì", "support": "Phối hợp"}[self.value]


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"draft": "Dự thảo", "issued": "Đã ban hành", "closed": "Đã kết thúc"}[self.value]


class TaskKind(StrEnum):
    """A section heading (I. MỤC ĐÍCH, YÊU CẦU) carries no work; a task does."""

    SECTION = "section"
    TASK = "task"


class WorkState(StrEnum):
    """What the responsible unit reports about its work on one occurrence."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return {
            "not_started": "Chưa thực hiện",
            "in_progress": "Đang thực hiện",
            "done": "Hoàn thành",
            "paused": "Tạm dừng",
        }[self.value]


# Document-type codes (ký hiệu) from Nghị định 30/2020, with the type's printed name.
DOC_TYPES: dict[str, str] = {
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "BC": "Báo cáo",
    "QĐ": "Quyết định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    # Also received and imported: a Công văn has no code of its own in its number ("453/PGDĐT").
    "CV": "Công văn",
    "ĐA": "Đề án",
    "PA": "Phương án",
    "TTr": "Tờ trình",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NĐ": "Nghị định",
}


@dataclass(frozen=True, slots=True)
class UnitKind:
    code: str
    name: str
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """An office, commune or school (đơn vị), or a named group of them."""

    name: str
    short_name: str = ""
    kind_code: str | None = None
    parent_id: int | None = None
    is_group: bool = False
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A Kế hoạch / Chương trình, either received from above or written by this office."""

    title: str  # trích yếu
    doc_type: str = "KH"
    number: str | None = None  # the numeric part as printed ("367", "05"); None for a draft
    symbol: str | None = None  # "KH-UBND"; may be known while the number is not
    issuer: str = ""
    parent_issuer: str = ""
    place: str = ""
    issued_on: date | None = None
    issued_year: int | None = None  # kept when only part of the date is printed
    issued_month: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    parent_plan_id: int | None = None
    signer_authority: tuple[str, ...] = ()
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    status: PlanStatus = PlanStatus.DRAFT
    source_name: str = ""
    source_text: str = ""
    id: int | None = None

    @property
    def reference(self) -> str:
        """'367/KH-UBND', '/KH-UBND' for a draft, '' when neither part is known."""
        if not self.number and not self.symbol:
            return ""
        return f"{self.number or ''}/{self.symbol or ''}".rstrip("/")

    @property
    def year(self) -> int | None:
        return self.issued_on.year if self.issued_on else self.issued_year


@dataclass(frozen=True, slots=True)
class BasisDocument:
    """A 'Căn cứ …' line, linked to a plan in the database when its number matches."""

    text: str
    reference: str | None = None  # "740/KH-BCSD" as found in the text
    linked_plan_id: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """A node of a plan's task tree: I → 1 → a) → -."""

    plan_id: int
    content: str
    ordinal: str = ""
    title: str = ""
    kind: TaskKind = TaskKind.TASK
    parent_id: int | None = None
    position: int = 0
    timeframe_text: str = ""
    deadline_override: date | None = None
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """A unit's part in a task, with a deadline override of its own."""

    task_id: int
    unit_id: int
    role: Role = Role.LEAD
    deadline_override: date | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One round of an assignment: the only one, or one year of a recurring task.

    `key` is "" for a one-off or ongoing assignment and e.g. "2025" for a yearly one.
    Progress is reported per occurrence.
    """

    assignment_id: int
    key: str = ""
    due_on: date | None = None
    starts_on: date | None = None
    state: WorkState = WorkState.NOT_STARTED
    progress: int = 0
    completed_on: date | None = None
    result: str = ""
    difficulties: str = ""  # khó khăn, vướng mắc; lý do chậm
    proposals: str = ""  # đề xuất, kiến nghị
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """One entry of an occurrence's progress history."""

    occurrence_id: int
    recorded_at: datetime
    state: WorkState
    progress: int
    completed_on: date | None = None
    result: str = ""
    source: str = ""  # "GUI", or the spreadsheet file it was imported from
    difficulties: str = ""
    proposals: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A numeric target (chỉ tiêu), e.g. '41/51 trường đạt chuẩn, tỷ lệ 80,39%'."""

    plan_id: int
    text: str
    measure: str = "%"
    comparator: str = ">="  # ">=", ">", "=", "<=", "<"
    target_value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    baseline: float | None = None
    deadline: str = ""  # as written: "2025", "năm học 2024-2025"
    task_id: int | None = None
    breakdown: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    position: int = 0
    id: int | None = None


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """An actual figure reported for an indicator by one unit (or the whole office) for a period."""

    indicator_id: int
    period: str = ""  # "2025", "2024-2025", "6 tháng đầu năm 2025"
    unit_id: int | None = None  # None: the figure for the whole plan
    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""
    source: str = ""
    recorded_at: datetime | None = None
    id: int | None = None
