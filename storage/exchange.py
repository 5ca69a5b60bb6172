"""Spreadsheet exchange against the database: rows to export, snapshots to preview, imports to apply.

The exports gather plain rows (annex, progress report, collection templates) for core.exchange to
write. An import is two steps: `preview_files` reads returned templates and compares them with the
stored plan without writing anything; `apply_file` then writes one previewed file in one
transaction, each change through record_progress / record_indicator_value with the file's name
as the source, so it lands in the progress history. A file is refused if the data changed between
preview and apply.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from core.exchange.annex import AnnexRow
from core.exchange.preview import (
    ExpectedRow,
    FilePreview,
    PlanSnapshot,
    Progress,
    ReportText,
    build_preview,
    rejected_file,
)
from core.exchange.progress import ProgressReport, ProgressTargetRow, ProgressTaskRow, UnitCounts
from core.exchange.safety import ExchangeFileError
from core.exchange.template import REPORT_FIELDS, TemplateRow, TemplateTarget, UnitTemplate, default_period
from core.exchange.template_reader import ReturnedWorkbook, read_returned
from core.indicators import target_text
from core.model import Indicator, IndicatorValue, Plan, Role, TaskKind, WorkState
from core.reports.figures import indicator_line
from core.status import DeadlineStatus, deadline_status
from core.tasktree import normalise_ordinal
from core.vntext import format_date, nfc, search_key, sort_key
from storage import audit
from storage.database import StorageError, date_text, date_value, now_text, transaction
from storage.indicators import indicator_values, list_indicators, record_indicator_value
from storage.plans import get_plan, is_in_trash, plan_end, plan_label, reference_key
from storage.settings import get_setting
from storage.tasks import list_tasks
from storage.unit_reports import save_unit_report, unit_reports


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """After importing several files: which units reported, which did not, which files were refused."""

    reported: tuple[str, ...]
    not_reported: tuple[str, ...]
    rejected: tuple[tuple[str, str], ...]  # (file name, reason)


def margins(db: Database) -> tuple[int, int, int, int]:
    """The office's page margins in mm: (top, bottom, left, right)."""
    return tuple(get_setting(db, f"margins.{side}") for side in ("top", "bottom", "left", "right"))


# ----------------------------------------------------------------------------- exports


def annex_rows(db: Database, plan_id: int) -> list[AnnexRow]:
    """The plan's task tree as annex rows: sections with their numeral, tasks with units and time."""
    rows = []
    for item in list_tasks(db, plan_id):
        task = item.task
        tt = normalise_ordinal(task.ordinal) if task.ordinal else item.path.rsplit(".", 1)[-1]
        if task.kind is TaskKind.SECTION:
            rows.append(AnnexRow(tt, task.content or task.title, is_section=True))
            continue
        time = task.timeframe_text or (format_date(task.deadline_override) if task.deadline_override else "")
        rows.append(
            AnnexRow(
                tt,
                _task_text(task.title, task.content),
                ", ".join(item.lead_units),
                ", ".join(item.support_units),
                time,
            )
        )
    return rows


def _task_text(title: str, content: str) -> str:
    if title and not search_key(content).startswith(search_key(title)):
        return f"{title}: {content}" if content else title
    return content or title


def progress_report(db: Database, plan_id: int, as_of: date, warn_days: int | None = None) -> ProgressReport:
    """Counts, per-unit table, task rows and targets of a plan as of a date (lead units' work).

    Rounds not started by `as_of` (later years of a yearly task) are left out, as on the deadlines
    screen; the status of each round is core.status.deadline_status as of that date.
    """
    plan = get_plan(db, plan_id)
    warn = get_setting(db, "warn_days") if warn_days is None else warn_days
    counts = dict.fromkeys(DeadlineStatus, 0)
    per_unit: dict[str, dict[DeadlineStatus, int]] = defaultdict(lambda: dict.fromkeys(DeadlineStatus, 0))
    by_task: dict[int, list[tuple]] = defaultdict(list)
    for row in db.query(
        "SELECT a.task_id, u.name AS unit_name, o.key, o.due_on, o.state, o.progress, o.completed_on,"
        " o.result FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
        " JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id"
        " WHERE t.plan_id = :plan AND a.role = 'lead'"
        " AND (o.starts_on IS NULL OR o.starts_on <= :as_of) ORDER BY o.key, a.position, a.id",
        {"plan": plan_id, "as_of": as_of.isoformat()},
    ):
        due = date_value(row["due_on"])
        status = deadline_status(
            due, row["state"] == WorkState.DONE.value, date_value(row["completed_on"]), as_of, warn
        )
        counts[status] += 1
        per_unit[row["unit_name"]][status] += 1
        by_task[row["task_id"]].append(
            (row["unit_name"], row["key"], due, status, row["progress"], row["result"])
        )
    units = [UnitCounts(name, per_unit[name]) for name in sorted(per_unit, key=sort_key)]
    tasks: list[ProgressTaskRow] = []
    for item in list_tasks(db, plan_id):
        task = item.task
        if task.kind is TaskKind.SECTION:
            tasks.append(ProgressTaskRow(item.path, task.content or task.title, is_section=True))
            continue
        text, support = _task_text(task.title, task.content), ", ".join(item.support_units)
        found = by_task.get(task.id, [])
        if not found:
            status = "Chưa đến kỳ thực hiện" if item.lead_units else "Chưa giao đơn vị chủ trì"
            tasks.append(ProgressTaskRow(item.path, text, ", ".join(item.lead_units), support, status=status))
        for unit_name, key, due, status, progress, result in found:
            tasks.append(
                ProgressTaskRow(item.path, text, unit_name, support, key, due, status.label, progress, result)
            )
    ends = plan_end(plan)
    targets = [_target_row(db, indicator, as_of, ends) for indicator in list_indicators(db, plan_id)]
    return ProgressReport(plan, as_of, counts, units, tasks, targets)


def _target_row(db: Database, indicator: Indicator, as_of: date, plan_ends: date) -> ProgressTargetRow:
    """The target's line as the reports print it (one rule for the figure and the verdict), with the
    period of the figure it shows."""
    values = indicator_values(db, indicator.id)
    line = indicator_line(indicator, values, as_of, plan_ends)
    latest = max(values, key=lambda v: (v.recorded_at or datetime.min, v.id or 0)).period if values else ""
    return ProgressTargetRow(
        indicator.text, line.target, line.actual, line.rate, line.met, latest, line.verdict
    )


def assigned_units(db: Database, plan_id: int) -> list[tuple[int, str]]:
    """(id, name) of the units with an assignment in the plan, in Vietnamese order."""
    rows = db.execute(
        "SELECT DISTINCT u.id, u.name FROM assignments a JOIN tasks t ON t.id = a.task_id"
        " JOIN units u ON u.id = a.unit_id WHERE t.plan_id = ?",
        (plan_id,),
    ).fetchall()
    return sorted(((row[0], row[1]) for row in rows), key=lambda item: sort_key(item[1]))


def template_units(
    db: Database,
    plan_id: int,
    unit_ids: Sequence[int] | None = None,
    as_of: date | None = None,
    period: str | None = None,
) -> list[UnitTemplate]:
    """One template per unit (all assigned units when `unit_ids` is None): rounds started by `as_of`.

    Each unit's report for `period` (a code; default core.exchange.template.default_period of
    `as_of`, the same default write_template uses) is pre-filled, like the rounds' results.
    """
    as_of = as_of or date.today()
    period = period or default_period(as_of).code
    wanted = [unit_id for unit_id, _ in assigned_units(db, plan_id)] if unit_ids is None else list(unit_ids)
    names = dict(assigned_units(db, plan_id))
    for unit_id in wanted:
        if unit_id not in names:
            row = db.execute("SELECT name FROM units WHERE id = ?", (unit_id,)).fetchone()
            if row is None:
                raise StorageError(f"Không tìm thấy đơn vị có mã số {unit_id}")
            raise StorageError(f"Đơn vị «{row[0]}» không được giao nhiệm vụ nào trong kế hoạch này")
    rows_by_unit: dict[int, list[TemplateRow]] = defaultdict(list)
    tasks_by_unit: dict[int, set[int]] = defaultdict(set)
    for row in db.query(
        "SELECT o.id, o.key, o.due_on, o.state, o.progress, o.completed_on, o.result, o.difficulties,"
        " o.proposals, a.unit_id, a.role, t.id AS task_id, t.path, t.title, t.content FROM occurrences o"
        " JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
        " WHERE t.plan_id = :plan AND (o.starts_on IS NULL OR o.starts_on <= :as_of)"
        " ORDER BY t.order_key, o.key, o.id",
        {"plan": plan_id, "as_of": as_of.isoformat()},
    ):
        rows_by_unit[row["unit_id"]].append(
            TemplateRow(
                row["id"],
                row["path"],
                _task_text(row["title"], row["content"]),
                Role(row["role"]),
                row["key"],
                date_value(row["due_on"]),
                WorkState(row["state"]),
                row["progress"],
                date_value(row["completed_on"]),
                row["result"],
                row["difficulties"],
                row["proposals"],
            )
        )
        tasks_by_unit[row["unit_id"]].add(row["task_id"])
    indicators = list_indicators(db, plan_id)
    values = {indicator.id: indicator_values(db, indicator.id) for indicator in indicators}
    reports = {report.unit_id: report for report in unit_reports(db, period, wanted)}
    result = []
    for unit_id in wanted:
        targets = tuple(
            _template_target(indicator, values[indicator.id], unit_id, as_of)
            for indicator in indicators
            if indicator.task_id is None or indicator.task_id in tasks_by_unit[unit_id]
        )
        report = reports.get(unit_id)
        texts = (report.highlights, report.shortcomings, report.proposals) if report else ("", "", "")
        result.append(UnitTemplate(unit_id, names[unit_id], tuple(rows_by_unit[unit_id]), targets, *texts))
    return result


def _template_target(
    indicator: Indicator, values: list[IndicatorValue], unit_id: int, as_of: date
) -> TemplateTarget:
    own = [value for value in values if value.unit_id == unit_id]
    latest = max(own, key=lambda value: value.period) if own else None
    if latest is not None:
        return TemplateTarget(
            indicator.id,
            indicator.text,
            target_text(indicator),
            latest.period,
            latest.value,
            latest.numerator,
            latest.denominator,
            latest.note,
        )
    period = indicator.deadline if any(ch.isdigit() for ch in indicator.deadline) else str(as_of.year)
    return TemplateTarget(indicator.id, indicator.text, target_text(indicator), period)


# ----------------------------------------------------------------------------- imports


def plan_snapshot(db: Database, plan_id: int, *, ids_trusted: bool = True) -> PlanSnapshot:
    plan = get_plan(db, plan_id)
    rows = tuple(
        ExpectedRow(
            row["id"],
            row["unit_id"],
            row["unit_name"],
            row["path"],
            _task_text(row["title"], row["content"]),
            row["key"],
            Progress(
                WorkState(row["state"]),
                row["progress"],
                date_value(row["completed_on"]),
                row["result"],
                row["difficulties"],
                row["proposals"],
            ),
            date_value(row["starts_on"]),
        )
        for row in db.query(
            "SELECT o.id, o.key, o.starts_on, o.state, o.progress, o.completed_on, o.result,"
            " o.difficulties, o.proposals, a.unit_id, u.name AS unit_name, t.path, t.title, t.content"
            " FROM occurrences o"
            " JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
            " JOIN units u ON u.id = a.unit_id WHERE t.plan_id = ? ORDER BY t.order_key, o.key, o.id",
            [plan_id],
        )
    )
    unit_names: dict[int, str] = {}
    keys: dict[str, set[int]] = defaultdict(set)
    for unit_id, name, short in db.execute("SELECT id, name, short_name FROM units WHERE is_group = 0"):
        unit_names[unit_id] = name
        for text in (name, short):
            if text:
                keys[search_key(text)].add(unit_id)
    unit_keys = {key: next(iter(ids)) for key, ids in keys.items() if len(ids) == 1}
    targets = {indicator.id: indicator for indicator in list_indicators(db, plan_id)}
    values = {}
    for indicator_id in targets:
        for value in indicator_values(db, indicator_id):
            if value.unit_id is not None:
                values[(indicator_id, value.unit_id, value.period)] = value
    return PlanSnapshot(plan, rows, unit_names, unit_keys, targets, values, ids_trusted)


def preview_file(
    db: Database,
    path: str | Path,
    *,
    plan_id: int | None = None,
    engine: str = "auto",
    snapshots: dict[tuple[int, bool], PlanSnapshot] | None = None,
) -> FilePreview:
    """What importing `path` would change; nothing is written. A refused file has `rejected` set."""
    path = Path(path)
    try:
        returned = read_returned(path, engine)
    except ExchangeFileError as error:
        return rejected_file(path, str(error).removeprefix(f"Tệp {path.name}: "))
    if not returned.task_sheets:
        if returned.looks_like_annex:
            reason = "đây là bảng phụ lục nhiệm vụ, không phải biểu mẫu báo cáo; hãy dùng «Nhập kế hoạch»"
        else:
            reason = "không phải biểu mẫu báo cáo (không thấy bảng có cột «Nội dung nhiệm vụ», «Trạng thái»)"
        return rejected_file(path, reason)
    try:
        plan, trusted = _plan_of(db, returned)
    except StorageError as error:
        return rejected_file(path, str(error))
    label = plan_label(plan)
    if plan_id is not None and plan.id != plan_id:
        expected = plan_label(get_plan(db, plan_id))
        return rejected_file(
            path, f"tệp của kế hoạch khác ({label}), không phải kế hoạch {expected}", plan.id, label
        )
    cache = snapshots if snapshots is not None else {}
    snapshot = cache.get((plan.id, trusted))
    if snapshot is None:
        snapshot = cache[(plan.id, trusted)] = plan_snapshot(db, plan.id, ids_trusted=trusted)
    return build_preview(returned, snapshot, label, _stored_reports(db, returned))


def _stored_reports(db: Database, returned: ReturnedWorkbook) -> dict[tuple[int, str], ReportText]:
    """The stored unit reports for the periods a returned file names (an unreadable code names none)."""
    codes = {returned.period} | {str(row.get("period") or "") for row in returned.report_rows}
    stored = {}
    for code in codes - {""}:
        try:
            found = unit_reports(db, code)
        except StorageError:
            continue  # the preview reports the bad code on its row
        for report in found:
            stored[(report.unit_id, report.period)] = ReportText(
                report.highlights, report.shortcomings, report.proposals
            )
    return stored


def _plan_of(db: Database, returned: ReturnedWorkbook) -> tuple[Plan, bool]:
    """The plan a returned file belongs to, and whether its hidden ids can be trusted."""
    reference = returned.plan_reference
    if returned.plan_id is not None:
        row = db.execute("SELECT id FROM plans WHERE id = ?", (returned.plan_id,)).fetchone()
        if row is not None:
            plan = get_plan(db, returned.plan_id)
            same_reference = bool(reference) and reference_key(plan.reference) == reference_key(reference)
            same_title = bool(returned.plan_title) and search_key(plan.title) == search_key(
                returned.plan_title
            )
            if same_reference or (not reference and same_title):
                if is_in_trash(db, plan.id):
                    raise StorageError(f"kế hoạch {plan_label(plan)} của tệp đang ở thùng rác")
                return plan, True
    if not reference:
        raise StorageError("không xác định được kế hoạch của tệp (không có số hiệu kế hoạch)")
    rows = list(
        db.query(
            "SELECT id FROM plans WHERE reference_key = ? AND deleted_at IS NULL ORDER BY id",
            [reference_key(reference)],
        )
    )
    if len(rows) != 1:
        what = "không có trong dữ liệu" if not rows else f"trùng số hiệu với {len(rows)} kế hoạch"
        raise StorageError(f"tệp của kế hoạch {reference} — kế hoạch này {what}")
    # Made from another copy of the data (or the meta sheet is gone): ids may mean other rows.
    return get_plan(db, rows[0]["id"]), False


def xlsx_files(folder: str | Path) -> list[Path]:
    """The .xlsx files directly in `folder`, by name, skipping Office's "~$" lock files."""
    folder = Path(folder)
    return sorted(
        (
            path
            for path in folder.iterdir()
            if path.suffix.lower() == ".xlsx" and not path.name.startswith("~$")
        ),
        key=lambda path: sort_key(path.name),
    )


def preview_files(
    db: Database,
    paths: Iterable[str | Path],
    *,
    plan_id: int | None = None,
    engine: str = "auto",
    report: Callable[[int, int, str], None] | None = None,
) -> list[FilePreview]:
    paths = [Path(path) for path in paths]
    snapshots: dict = {}
    previews = []
    for index, path in enumerate(paths):
        if report is not None:
            report(index, len(paths), f"Đang đọc {path.name}…")
        previews.append(preview_file(db, path, plan_id=plan_id, engine=engine, snapshots=snapshots))
    return previews


def apply_file(db: Database, preview: FilePreview) -> int:
    """Write one previewed file in one transaction; returns the number of changes written.

    Each progress change updates its round of work and appends a progress-history row whose
    source is the file's name; the import itself is one audit-log entry. StorageError (nothing
    written) when the file was refused or a stored value is no longer the one the preview saw.
    """
    if preview.rejected:
        raise StorageError(f"Tệp {preview.name} bị từ chối: {preview.rejected}")
    now, user = now_text(), audit.current_user()
    with transaction(db):
        current = _stored_progress(db, [change.occurrence_id for change in preview.changes])
        for change in preview.changes:
            stored = current.get(change.occurrence_id)
            if stored is None or not stored.same_as(change.old):
                what = "đã bị xóa" if stored is None else "đã thay đổi"
                raise StorageError(
                    f"Tiến độ nhiệm vụ {change.task_path} của «{change.unit_name}» {what} sau khi "
                    f"xem trước tệp {preview.name}; hãy xem trước lại"
                )
        for change in preview.report_changes:
            found = unit_reports(db, change.period, [change.unit_id])
            stored = ReportText(*(getattr(found[0], name) for name in REPORT_FIELDS)) if found else None
            if (stored is None) != (change.old is None) or (stored and not stored.same_as(change.old)):
                raise StorageError(
                    f"Báo cáo chung {change.period_label} của «{change.unit_name}» đã thay đổi sau khi "
                    f"xem trước tệp {preview.name}; hãy xem trước lại"
                )
        updates = [
            (
                change.new.state.value,
                change.new.progress,
                date_text(change.new.completed_on),
                nfc(change.new.result),
                nfc(change.new.difficulties).strip(),
                nfc(change.new.proposals).strip(),
                now,
                change.occurrence_id,
            )
            for change in preview.changes
        ]
        # executemany on the connection joins the open transaction, like db.execute.
        db.conn.executemany(
            "UPDATE occurrences SET state = ?, progress = ?, completed_on = ?, result = ?, difficulties = ?,"
            " proposals = ?, updated_at = ? WHERE id = ?",
            updates,
        )
        db.conn.executemany(
            "INSERT INTO progress_updates (occurrence_id, recorded_at, state, progress, completed_on, result,"
            " difficulties, proposals, source, user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(item[7], now, *item[:6], nfc(preview.name), user) for item in updates],
        )
        for change in preview.target_changes:
            record_indicator_value(db, change.new)
        for change in preview.report_changes:
            save_unit_report(
                db,
                change.unit_id,
                change.period,
                highlights=change.new.highlights,
                shortcomings=change.new.shortcomings,
                proposals=change.new.proposals,
                source=preview.name,
            )
        if preview.change_count:
            units = ", ".join(preview.unit_names)
            reports = f", {len(preview.report_changes)} báo cáo chung" if preview.report_changes else ""
            audit.record(
                db,
                "import",
                "occurrence",
                None,
                f"Nhập {len(preview.changes)} cập nhật tiến độ, {len(preview.target_changes)} số liệu"
                f' chỉ tiêu{reports} từ tệp "{preview.name}" ({units})',
            )
    return preview.change_count


def _stored_progress(db: Database, occurrence_ids: list[int]) -> dict[int, Progress]:
    stored: dict[int, Progress] = {}
    for start in range(0, len(occurrence_ids), 500):
        chunk = occurrence_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for occurrence_id, state, progress, completed_on, *texts in db.execute(
            "SELECT id, state, progress, completed_on, result, difficulties, proposals FROM occurrences"
            f" WHERE id IN ({marks})",
            chunk,
        ):
            stored[occurrence_id] = Progress(WorkState(state), progress, date_value(completed_on), *texts)
    return stored


def import_summary(db: Database, previews: Sequence[FilePreview]) -> ImportSummary:
    """Units that reported (in an accepted file), units of the same plans that did not, refused files."""
    reported: dict[int, str] = {}
    expected: dict[int, str] = {}
    for preview in previews:
        if not preview.accepted:
            continue
        for sheet in preview.sheets:
            if sheet.unit_id is not None:
                reported[sheet.unit_id] = sheet.unit_name
    for plan_id in {preview.plan_id for preview in previews if preview.accepted and preview.plan_id}:
        expected.update(assigned_units(db, plan_id))
    missing = [name for unit_id, name in expected.items() if unit_id not in reported]
    return ImportSummary(
        reported=tuple(sorted(reported.values(), key=sort_key)),
        not_reported=tuple(sorted(missing, key=sort_key)),
        rejected=tuple((preview.name, preview.rejected) for preview in previews if not preview.accepted),
    )
