"""What importing a returned template would change, and every problem found, before anything is written.

`build_preview` compares a `ReturnedWorkbook` with a `PlanSnapshot` (the plan's rounds of work and
targets as stored, gathered by storage.exchange). Rows are matched by the hidden "Mã dòng"; when
that column was lost (or the file was made from another copy of the data), by unit + task text
(+ year, + TT when the text repeats), and each sheet says how its rows were matched. Every value
is checked the way the task form checks it: a status from the list, a whole percentage 0–100, a
real date, a completion date for "Hoàn thành" and not before the plan's date, no typed text longer
than MAX_TEXT_CHARS. A row with a problem is left out; the others become changes, old → new. A row
equal to what is stored is no change, so importing the same file twice changes nothing the second
time. A column the file does not have (a template made before "Khó khăn, vướng mắc / lý do chậm"
and "Đề xuất, kiến nghị" were added) keeps what is stored. The "Báo cáo chung" rows become
`UnitReportChange`s against the unit's stored report for the template's period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.exchange.cells import clean_text, parse_amount, parse_day, parse_percent, parse_state, text_of
from core.exchange.safety import MAX_TEXT_CHARS
from core.exchange.template import (
    REPORT_COLUMNS,
    REPORT_FIELDS,
    TARGET_COLUMNS,
    TASK_COLUMNS,
    TEXT_FIELDS,
    combine_result,
)
from core.exchange.template_reader import ReturnedRow, ReturnedSheet, ReturnedWorkbook
from core.model import Indicator, IndicatorValue, Plan, WorkState
from core.periods import parse_period, period_label
from core.progress_rules import COMPLETED_FIELD, PROGRESS_FIELD, progress_problems
from core.vntext import clean, format_date, format_number, search_key

BY_ID = "mã dòng"
BY_TEXT = "nội dung nhiệm vụ"


@dataclass(frozen=True, slots=True)
class Progress:
    state: WorkState
    progress: int
    completed_on: date | None
    result: str
    difficulties: str = ""  # khó khăn, vướng mắc / lý do chậm
    proposals: str = ""  # đề xuất, kiến nghị

    def same_as(self, other: Progress) -> bool:
        return self._compared() == other._compared()

    def _compared(self) -> tuple:
        texts = (clean_text(text) for text in (self.result, self.difficulties, self.proposals))
        return (self.state, self.progress, self.completed_on, *texts)


@dataclass(frozen=True, slots=True)
class ReportText:
    """A unit's own words for a report period (storage.unit_reports), as the preview compares them."""

    highlights: str = ""
    shortcomings: str = ""
    proposals: str = ""

    def same_as(self, other: ReportText) -> bool:
        return all(
            clean_text(getattr(self, name)) == clean_text(getattr(other, name)) for name in REPORT_FIELDS
        )


@dataclass(frozen=True, slots=True)
class ExpectedRow:
    """A round of an assignment of the plan as stored."""

    occurrence_id: int
    unit_id: int
    unit_name: str
    task_path: str
    content: str
    occurrence_key: str
    current: Progress
    starts_on: date | None = None


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    plan: Plan
    rows: tuple[ExpectedRow, ...]
    unit_names: Mapping[int, str]  # every unit: id → name
    unit_keys: Mapping[str, int]  # search key of a name or short name → id (unambiguous ones)
    targets: Mapping[int, Indicator]
    values: Mapping[tuple[int, int, str], IndicatorValue]  # (indicator, unit, period) → stored figure
    ids_trusted: bool = True  # False when the file was made from another copy of the data


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str  # 'H «Tiến độ (%)»', or "" for the whole row or sheet
    reason: str

    def __str__(self) -> str:
        where = [f"tệp {self.file}"]
        if self.sheet:
            where.append(f"trang «{self.sheet}»")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ProgressChange:
    occurrence_id: int
    unit_id: int
    unit_name: str
    task_path: str
    content: str
    occurrence_key: str
    sheet: str
    row: int
    matched_by: str
    old: Progress
    new: Progress

    def differences(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) for each field that changes."""
        pairs = [
            ("Trạng thái", self.old.state.label, self.new.state.label),
            ("Tiến độ (%)", str(self.old.progress), str(self.new.progress)),
            ("Ngày hoàn thành", _day(self.old.completed_on), _day(self.new.completed_on)),
            ("Kết quả thực hiện", clean_text(self.old.result), clean_text(self.new.result)),
            (
                TASK_COLUMNS["difficulties"],
                clean_text(self.old.difficulties),
                clean_text(self.new.difficulties),
            ),
            (TASK_COLUMNS["proposals"], clean_text(self.old.proposals), clean_text(self.new.proposals)),
        ]
        return [pair for pair in pairs if pair[1] != pair[2]]


@dataclass(frozen=True, slots=True)
class UnitReportChange:
    """A unit's "Báo cáo chung" row for a period that differs from its stored report."""

    unit_id: int
    unit_name: str
    period: str  # code, "2025-Q4"
    sheet: str
    row: int
    old: ReportText | None  # None: nothing stored for the unit and period yet
    new: ReportText

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    def differences(self) -> list[tuple[str, str, str]]:
        old = self.old or ReportText()
        pairs = [
            (REPORT_COLUMNS[name], clean_text(getattr(old, name)), clean_text(getattr(self.new, name)))
            for name in REPORT_FIELDS
        ]
        return [pair for pair in pairs if pair[1] != pair[2]]


@dataclass(frozen=True, slots=True)
class TargetChange:
    indicator_id: int
    indicator_text: str
    unit_id: int
    unit_name: str
    period: str
    sheet: str
    row: int
    old: IndicatorValue | None
    new: IndicatorValue

    def differences(self) -> list[tuple[str, str, str]]:
        return [("Số liệu", figure_text(self.old), figure_text(self.new))]


@dataclass(frozen=True, slots=True)
class SheetMatch:
    """How the rows of one task sheet were matched to the plan."""

    sheet: str
    unit_id: int | None
    unit_name: str
    rows: int = 0
    by_id: int = 0
    by_text: int = 0

    @property
    def method(self) -> str:
        if self.by_text and self.by_id:
            return f"{BY_ID} ({self.by_id} dòng), {BY_TEXT} ({self.by_text} dòng)"
        return BY_TEXT if self.by_text else BY_ID if self.by_id else "—"


@dataclass(frozen=True, slots=True)
class FilePreview:
    path: Path
    plan_id: int | None
    plan_label: str
    sheets: tuple[SheetMatch, ...] = ()
    changes: tuple[ProgressChange, ...] = ()
    target_changes: tuple[TargetChange, ...] = ()
    report_changes: tuple[UnitReportChange, ...] = ()
    problems: tuple[Problem, ...] = ()
    rejected: str = ""  # why the whole file is refused; "" when it can be imported
    notes: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def accepted(self) -> bool:
        return not self.rejected

    @property
    def unit_ids(self) -> tuple[int, ...]:
        return tuple(sheet.unit_id for sheet in self.sheets if sheet.unit_id is not None)

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(sheet.unit_name for sheet in self.sheets if sheet.unit_name)

    @property
    def change_count(self) -> int:
        return len(self.changes) + len(self.target_changes) + len(self.report_changes)


def rejected_file(path: Path, reason: str, plan_id: int | None = None, plan_label: str = "") -> FilePreview:
    return FilePreview(
        path=Path(path),
        plan_id=plan_id,
        plan_label=plan_label,
        rejected=reason,
        problems=(Problem(Path(path).name, "", None, "", reason),),
    )


def figure_text(value: IndicatorValue | None) -> str:
    if value is None:
        return "—"
    parts = []
    if value.numerator is not None:
        parts.append(f"{value.numerator}/{value.denominator}" if value.denominator else str(value.numerator))
    if value.value is not None:
        parts.append(format_number(value.value))
    text = " · ".join(parts) or "—"
    return f"{text} ({value.note})" if value.note else text


def build_preview(
    returned: ReturnedWorkbook,
    snapshot: PlanSnapshot,
    plan_label: str,
    stored_reports: Mapping[tuple[int, str], ReportText] | None = None,
) -> FilePreview:
    """`stored_reports`: (unit id, period code) → the stored report, for the periods the file names."""
    builder = _Builder(returned, snapshot)
    for sheet in returned.task_sheets:
        builder.task_sheet(sheet)
    builder.missing_rows(returned.as_of or date.today())
    builder.targets(returned.target_rows)
    builder.reports(returned.report_rows, returned.period, stored_reports or {})
    if not returned.task_sheets:
        reason = (
            "không tìm thấy bảng nhiệm vụ (dòng tiêu đề «Nội dung nhiệm vụ», «Trạng thái», «Tiến độ (%)»)"
        )
        return rejected_file(returned.path, reason, snapshot.plan.id, plan_label)
    if not any(match.unit_id is not None for match in builder.sheets):
        return rejected_file(
            returned.path, "không xác định được đơn vị báo cáo", snapshot.plan.id, plan_label
        )
    return FilePreview(
        path=returned.path,
        plan_id=snapshot.plan.id,
        plan_label=plan_label,
        sheets=tuple(builder.sheets),
        changes=tuple(builder.changes),
        target_changes=tuple(builder.target_changes),
        report_changes=tuple(builder.report_changes),
        problems=tuple(builder.problems),
        notes=returned.notes,
    )


def _day(value: date | None) -> str:
    return format_date(value) if value else "—"


class _Builder:
    def __init__(self, returned: ReturnedWorkbook, snapshot: PlanSnapshot):
        self.file = returned.name
        self.snapshot = snapshot
        self.by_id = {row.occurrence_id: row for row in snapshot.rows}
        self.by_unit: dict[int, list[ExpectedRow]] = defaultdict(list)
        for row in snapshot.rows:
            self.by_unit[row.unit_id].append(row)
        self.seen: set[int] = set()
        self.units_in_file: set[int] = set()
        self.sheets: list[SheetMatch] = []
        self.changes: list[ProgressChange] = []
        self.target_changes: list[TargetChange] = []
        self.report_changes: list[UnitReportChange] = []
        self.problems: list[Problem] = []

    def problem(
        self,
        sheet: str,
        row: int | None,
        reason: str,
        field_name: str = "",
        titles=TASK_COLUMNS,
        source: ReturnedRow | None = None,
    ) -> None:
        column = ""
        if field_name and source is not None and field_name in source.columns:
            column = f"{source.columns[field_name]} «{titles[field_name]}»"
        self.problems.append(Problem(self.file, sheet, row, column, reason))

    # ------------------------------------------------------------------ task sheets
    def _unit_of(self, sheet: ReturnedSheet) -> int | None:
        names = self.snapshot.unit_names
        known = sheet.unit_id is not None and sheet.unit_id in names
        if known and (not sheet.unit_name or search_key(names[sheet.unit_id]) == search_key(sheet.unit_name)):
            return sheet.unit_id
        return self.snapshot.unit_keys.get(search_key(sheet.unit_name)) if sheet.unit_name else None

    def task_sheet(self, sheet: ReturnedSheet) -> None:
        unit_id = self._unit_of(sheet)
        if unit_id is None:
            who = f"«{sheet.unit_name}»" if sheet.unit_name else "(không ghi)"
            self.problem(sheet.name, None, f"không xác định được đơn vị báo cáo {who}; bỏ qua trang tính này")
            self.sheets.append(SheetMatch(sheet.name, None, sheet.unit_name))
            return
        unit_name = self.snapshot.unit_names[unit_id]
        if sheet.missing_columns:
            missing = ", ".join(f"«{title}»" for title in sheet.missing_columns)
            self.problem(sheet.name, None, f"thiếu cột {missing}; bỏ qua trang tính này")
            self.sheets.append(SheetMatch(sheet.name, unit_id, unit_name))
            return
        if not self.by_unit.get(unit_id):
            self.problem(
                sheet.name, None, f"đơn vị «{unit_name}» không được giao nhiệm vụ nào trong kế hoạch này"
            )
        self.units_in_file.add(unit_id)
        by_text = _TextIndex(self.by_unit.get(unit_id, []))
        counts = {"rows": 0, BY_ID: 0, BY_TEXT: 0}
        for row in sheet.rows:
            expected, method = self._match(sheet, row, unit_id, by_text)
            if expected is None:
                continue
            counts["rows"] += 1
            counts[method] += 1
            new = self._values(sheet.name, row, expected)
            if new is not None and not new.same_as(expected.current):
                self.changes.append(
                    ProgressChange(
                        expected.occurrence_id,
                        unit_id,
                        unit_name,
                        expected.task_path,
                        expected.content,
                        expected.occurrence_key,
                        sheet.name,
                        row.row,
                        method,
                        expected.current,
                        new,
                    )
                )
        self.sheets.append(
            SheetMatch(sheet.name, unit_id, unit_name, counts["rows"], counts[BY_ID], counts[BY_TEXT])
        )

    def _match(
        self, sheet: ReturnedSheet, row: ReturnedRow, unit_id: int, by_text
    ) -> tuple[ExpectedRow | None, str]:
        raw_id = row.get("id")
        if isinstance(raw_id, int) and self.snapshot.ids_trusted:
            expected = self.by_id.get(raw_id)
            if expected is None:
                self.problem(
                    sheet.name, row.row, f"mã dòng {raw_id} không thuộc kế hoạch này", "id", source=row
                )
                return None, ""
            if expected.unit_id != unit_id:
                self.problem(
                    sheet.name, row.row, f"dòng của đơn vị khác («{expected.unit_name}»)", "id", source=row
                )
                return None, ""
            content, path = text_of(row.get("content")), text_of(row.get("tt"))
            # Cheap comparisons first: the search key is only needed when the text was edited.
            agrees = not content or path == expected.task_path or content == expected.content
            if not agrees and search_key(content) != search_key(expected.content):
                # Neither the text nor the TT agrees: the id was typed over or the row was pasted.
                self.problem(
                    sheet.name,
                    row.row,
                    f"mã dòng {raw_id} là của nhiệm vụ {expected.task_path}, "
                    "không khớp nội dung và TT của dòng này",
                    "id",
                    source=row,
                )
                return None, ""
            return self._claim(sheet, row, expected, BY_ID)
        content = row.get("content")
        if content is None:
            if any(row.get(name) is not None for name in ("state", "progress", "completed", *TEXT_FIELDS)):
                self.problem(
                    sheet.name,
                    row.row,
                    "dòng không có nội dung nhiệm vụ (dòng thêm vào?)",
                    "content",
                    source=row,
                )
            return None, ""
        candidates = by_text.get(search_key(text_of(content)), [])
        year = text_of(row.get("year"))
        if year:
            candidates = [item for item in candidates if item.occurrence_key == year]
        path = text_of(row.get("tt"))
        if len(candidates) > 1 and path:
            candidates = [item for item in candidates if item.task_path == path]
        candidates = [item for item in candidates if item.occurrence_id not in self.seen] or candidates
        if len(candidates) == 1:
            return self._claim(sheet, row, candidates[0], BY_TEXT)
        reason = (
            "không khớp nhiệm vụ nào được giao cho đơn vị (dòng thêm vào, hoặc nội dung nhiệm vụ bị sửa)"
            if not candidates
            else "khớp nhiều nhiệm vụ cùng nội dung; cần cột «Năm» hoặc «TT» để phân biệt"
        )
        self.problem(sheet.name, row.row, reason, "content", source=row)
        return None, ""

    def _claim(
        self, sheet, row: ReturnedRow, expected: ExpectedRow, method: str
    ) -> tuple[ExpectedRow | None, str]:
        if expected.occurrence_id in self.seen:
            self.problem(sheet.name, row.row, f"dòng lặp lại nhiệm vụ {expected.task_path} đã có ở dòng trên")
            return None, ""
        self.seen.add(expected.occurrence_id)
        return expected, method

    def _values(self, sheet: str, row: ReturnedRow, expected: ExpectedRow) -> Progress | None:
        current = expected.current
        problems_before = len(self.problems)
        parsed = {}
        for name, parse in (("state", parse_state), ("progress", parse_percent), ("completed", parse_day)):
            try:
                parsed[name] = parse(row.get(name))
            except ValueError as error:
                self.problem(sheet, row.row, str(error), name, source=row)
        texts = {name: self._text(row, name, TASK_COLUMNS) for name in TEXT_FIELDS}
        if len(self.problems) > problems_before:
            return None
        result, note = texts["result"], texts["note"]
        # A template made before these columns existed keeps what is stored.
        difficulties = current.difficulties if "difficulties" not in row.columns else texts["difficulties"]
        proposals = current.proposals if "proposals" not in row.columns else texts["proposals"]
        state, progress, completed = parsed["state"], parsed["progress"], parsed["completed"]
        if state is None and progress is None and completed is None and not any(texts.values()):
            return None  # nothing reported on this row
        if state is None:
            state = (
                current.state
                if progress is None
                else WorkState.DONE
                if progress == 100
                else WorkState.NOT_STARTED
                if progress == 0
                else WorkState.IN_PROGRESS
            )
        if progress is None:
            progress = (
                100 if state is WorkState.DONE else 0 if state is WorkState.NOT_STARTED else current.progress
            )
        elif state is WorkState.DONE and progress == 0:
            # The template comes pre-filled with 0 and only the status was picked: 0% done means unset.
            progress = 100
        issued = self.snapshot.plan.issued_on
        found = progress_problems(state, progress, completed, issued)
        for rule_field, column in ((PROGRESS_FIELD, "progress"), (COMPLETED_FIELD, "completed")):
            if rule_field in found:
                self.problem(sheet, row.row, found[rule_field], column, source=row)
        if len(self.problems) > problems_before:
            return None
        return Progress(state, progress, completed, combine_result(result, note), difficulties, proposals)

    def _text(self, row: ReturnedRow, name: str, titles) -> str:
        """The typed text of a cell, or "" with a problem when it is longer than MAX_TEXT_CHARS."""
        text = text_of(row.get(name))
        if len(text) > MAX_TEXT_CHARS:
            self.problem(
                row.sheet,
                row.row,
                f"nội dung dài {len(text)} ký tự, quá {MAX_TEXT_CHARS} ký tự cho phép trong một ô; "
                "hãy rút gọn",
                name,
                titles,
                row,
            )
            return ""
        return text

    def missing_rows(self, as_of: date) -> None:
        """Rounds the template had (those started by its date) that are not in the file."""
        for unit_id in sorted(self.units_in_file):
            for expected in self.by_unit.get(unit_id, []):
                started = expected.starts_on is None or expected.starts_on <= as_of
                if started and expected.occurrence_id not in self.seen:
                    year = f" (năm {expected.occurrence_key})" if expected.occurrence_key else ""
                    self.problem(
                        "",
                        None,
                        f"thiếu dòng nhiệm vụ {expected.task_path or '—'}{year} của "
                        f"«{expected.unit_name}» (dòng bị xóa?): «{_short(expected.content)}»",
                    )

    # -------------------------------------------------------------- unit reports
    def reports(
        self, rows: tuple[ReturnedRow, ...], file_period: str, stored: Mapping[tuple[int, str], ReportText]
    ) -> None:
        seen: set[tuple[int, str]] = set()
        for row in rows:
            before = len(self.problems)
            unit_id = self._row_unit(row, REPORT_COLUMNS)
            period = self._report_period(row, file_period)
            texts = {name: self._text(row, name, REPORT_COLUMNS) for name in REPORT_FIELDS}
            if unit_id is None or period is None or len(self.problems) > before:
                continue
            key = (unit_id, period)
            if key in seen:
                self.problem(
                    row.sheet,
                    row.row,
                    "báo cáo chung của đơn vị cho kỳ này đã có ở dòng trên",
                    "unit",
                    REPORT_COLUMNS,
                    row,
                )
                continue
            seen.add(key)
            old = stored.get(key)
            kept = old or ReportText()
            new = ReportText(
                *(texts[name] if name in row.columns else getattr(kept, name) for name in REPORT_FIELDS)
            )
            if new.same_as(kept):
                continue  # unchanged, or nothing written where nothing is stored
            self.report_changes.append(
                UnitReportChange(
                    unit_id, self.snapshot.unit_names[unit_id], period, row.sheet, row.row, old, new
                )
            )

    def _report_period(self, row: ReturnedRow, file_period: str) -> str | None:
        code = text_of(row.get("period")) or file_period
        if not code:
            self.problem(row.sheet, row.row, "không xác định được kỳ báo cáo của dòng này")
            return None
        try:
            return parse_period(code).code
        except ValueError as error:
            self.problem(row.sheet, row.row, str(error), "period", REPORT_COLUMNS, row)
            return None

    # ---------------------------------------------------------------------- targets
    def targets(self, rows: tuple[ReturnedRow, ...]) -> None:
        by_text = {search_key(indicator.text): indicator for indicator in self.snapshot.targets.values()}
        seen: set[tuple[int, int, str]] = set()
        for row in rows:
            figures = [row.get(name) for name in ("numerator", "denominator", "value")]
            if all(value is None for value in figures):
                continue  # not reported
            sheet = row.sheet
            indicator = self._indicator(row, by_text)
            unit_id = self._target_unit(row)
            if indicator is None or unit_id is None:
                continue
            new = self._figure(row, indicator, unit_id)
            if new is None:
                continue
            key = (indicator.id, unit_id, new.period)
            if key in seen:
                self.problem(
                    sheet,
                    row.row,
                    "số liệu chỉ tiêu này cho cùng kỳ đã có ở dòng trên",
                    "text",
                    TARGET_COLUMNS,
                    row,
                )
                continue
            seen.add(key)
            old = self.snapshot.values.get(key)
            if old is not None and (old.value, old.numerator, old.denominator, clean(old.note)) == (
                new.value,
                new.numerator,
                new.denominator,
                new.note,
            ):
                continue
            self.target_changes.append(
                TargetChange(
                    indicator.id,
                    indicator.text,
                    unit_id,
                    self.snapshot.unit_names[unit_id],
                    new.period,
                    sheet,
                    row.row,
                    old,
                    new,
                )
            )

    def _indicator(self, row: ReturnedRow, by_text) -> Indicator | None:
        raw = row.get("indicator_id")
        if isinstance(raw, int) and self.snapshot.ids_trusted:
            indicator = self.snapshot.targets.get(raw)
            if indicator is None:
                self.problem(
                    row.sheet,
                    row.row,
                    f"chỉ tiêu mã {raw} không thuộc kế hoạch này",
                    "indicator_id",
                    TARGET_COLUMNS,
                    row,
                )
            return indicator
        indicator = by_text.get(search_key(text_of(row.get("text"))))
        if indicator is None:
            self.problem(
                row.sheet, row.row, "không khớp chỉ tiêu nào của kế hoạch", "text", TARGET_COLUMNS, row
            )
        return indicator

    def _target_unit(self, row: ReturnedRow) -> int | None:
        return self._row_unit(row, TARGET_COLUMNS)

    def _row_unit(self, row: ReturnedRow, titles) -> int | None:
        """The unit a row of the targets or report sheet is for: its hidden id, else its name."""
        raw = row.get("unit_id")
        unit_id = (
            raw
            if isinstance(raw, int) and self.snapshot.ids_trusted and raw in self.snapshot.unit_names
            else self.snapshot.unit_keys.get(search_key(text_of(row.get("unit"))))
        )
        if unit_id is None:
            self.problem(
                row.sheet,
                row.row,
                f"không xác định được đơn vị «{text_of(row.get('unit'))}»",
                "unit",
                titles,
                row,
            )
        elif self.units_in_file and unit_id not in self.units_in_file:
            self.problem(
                row.sheet,
                row.row,
                f"dòng của đơn vị khác («{self.snapshot.unit_names[unit_id]}»)",
                "unit",
                titles,
                row,
            )
            return None
        return unit_id

    def _figure(self, row: ReturnedRow, indicator: Indicator, unit_id: int) -> IndicatorValue | None:
        before = len(self.problems)
        numbers = {}
        for name, what in (("numerator", "số lượng đạt"), ("denominator", "tổng số"), ("value", "giá trị")):
            try:
                numbers[name] = parse_amount(row.get(name), what)
            except ValueError as error:
                self.problem(row.sheet, row.row, str(error), name, TARGET_COLUMNS, row)
                continue
            if numbers[name] is not None and numbers[name] < 0:
                self.problem(row.sheet, row.row, f"{what} là số âm", name, TARGET_COLUMNS, row)
        if len(self.problems) > before:
            return None
        numerator, denominator, value = numbers["numerator"], numbers["denominator"], numbers["value"]
        for name, number in (("numerator", numerator), ("denominator", denominator)):
            if number is not None and not number.is_integer():
                self.problem(
                    row.sheet,
                    row.row,
                    f"«{text_of(row.get(name))}» phải là số nguyên",
                    name,
                    TARGET_COLUMNS,
                    row,
                )
        if denominator is not None and denominator == 0:
            self.problem(row.sheet, row.row, "tổng số phải lớn hơn 0", "denominator", TARGET_COLUMNS, row)
        if numerator is not None and denominator and numerator > denominator:
            self.problem(
                row.sheet,
                row.row,
                f"số lượng đạt {text_of(numerator)} lớn hơn tổng số {text_of(denominator)}",
                "numerator",
                TARGET_COLUMNS,
                row,
            )
        if value is not None and indicator.measure == "%" and value > 100:
            self.problem(
                row.sheet,
                row.row,
                f"giá trị {format_number(value)}% vượt quá 100%",
                "value",
                TARGET_COLUMNS,
                row,
            )
        period = text_of(row.get("period"))
        if not period:
            self.problem(row.sheet, row.row, "chưa ghi kỳ báo cáo", "period", TARGET_COLUMNS, row)
        if numerator is None and value is None:
            self.problem(
                row.sheet, row.row, "thiếu số lượng đạt hoặc giá trị thực hiện", "value", TARGET_COLUMNS, row
            )
        if len(self.problems) > before:
            return None
        return IndicatorValue(
            indicator_id=indicator.id,
            period=period,
            unit_id=unit_id,
            value=value,
            numerator=int(numerator) if numerator is not None else None,
            denominator=int(denominator) if denominator is not None else None,
            note=clean(text_of(row.get("note"))),
            source=self.file,
        )


class _TextIndex:
    """A unit's rounds by the search key of their task text, built only when a row needs it."""

    def __init__(self, rows: list[ExpectedRow]):
        self._rows = rows
        self._index: dict[str, list[ExpectedRow]] | None = None

    def get(self, key: str, default: list[ExpectedRow]) -> list[ExpectedRow]:
        if self._index is None:
            self._index = defaultdict(list)
            for row in self._rows:
                self._index[search_key(row.content)].append(row)
        return self._index.get(key, default)


def _short(text: str, limit: int = 70) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
