"""Reports kept in the data file: drafted from the data, edited, issued, listed and re-printed as they were.

`draft_report` makes a new report with its sections drafted (core.report_sections) and the period's
figures frozen in its snapshot; `save_report` stores edits; `refresh_report` re-drafts a draft's
figures from today's data (its edited text is kept); `issue_report` gives it a number and a date
and freezes it for good. An issued report is never changed again: re-printing it prints the same.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database

from core.office import Office
from core.periods import Period, parse_period
from core.report_document import REPORT_KINDS, ReportDocument, default_title, snapshot_json
from core.report_sections import Section, closing_sentence, draft_sections, opening_sentence
from core.status import DEFAULT_WARN_DAYS
from core.vntext import clean, nfc
from storage import audit
from storage.database import StorageError, date_text, date_value, now_text, query_one, transaction
from storage.office import get_office
from storage.period_report import annex_rows, period_figures, target_rows
from storage.report_inputs import report_inputs


def draft_report(
    db: Database,
    kind: str,
    plan_ids: Sequence[int],
    period: Period,
    *,
    unit_id: int | None = None,
    request: str = "",
    addressees: Sequence[str] = (),
    warn_days: int = DEFAULT_WARN_DAYS,
) -> ReportDocument:
    """A new report (not saved yet) on the plans for the period, drafted from today's data."""
    if kind not in REPORT_KINDS:
        raise StorageError(f'Loại báo cáo "{kind}" không có; có: {", ".join(REPORT_KINDS)}')
    if not plan_ids:
        raise StorageError("Báo cáo cần ít nhất một kế hoạch")
    inputs = report_inputs(db, plan_ids, period, unit_id=unit_id, warn_days=warn_days)
    office: Office = get_office(db)
    return ReportDocument(
        kind=kind, period=period, plan_ids=tuple(plan_ids), unit_id=unit_id,
        title=default_title(kind, inputs.plans, period), request=clean(request),
        addressees=tuple(clean(a) for a in addressees if clean(a)),
        opening=opening_sentence(inputs.plans, request, period),
        sections=tuple(draft_sections(inputs)),
        closing=closing_sentence(REPORT_KINDS[kind] + (" kế hoạch" if kind == "ket_qua" else ""), period,
                                 inputs.office_name),
        signer_authority=office.signer.authority, signer_title=office.signer.title,
        signer_name=office.signer.name, recipients=office.recipients,
        snapshot=snapshot_json(inputs.figures, annex_rows(db, plan_ids, inputs.figures, unit_id=unit_id),
                               inputs.targets),
    )  # fmt: skip


def save_report(db: Database, report: ReportDocument) -> ReportDocument:
    """Insert the report (id None) or store its edits; an issued report cannot be changed."""
    now = now_text()
    values = (
        report.kind, report.period.code, date_text(report.period.start), date_text(report.period.end),
        json.dumps(list(report.plan_ids)), report.unit_id, clean(report.title), clean(report.request),
        _lines(report.addressees), nfc(report.opening).strip(), _sections(report.sections),
        nfc(report.closing).strip(), clean(report.number) if report.number else None,
        date_text(report.issued_on), "issued" if report.issued else "draft",
        _lines(report.signer_authority), clean(report.signer_title), clean(report.signer_name),
        _lines(report.recipients), report.snapshot or "{}",
    )  # fmt: skip
    columns = (
        "kind, period, period_start, period_end, plan_ids, unit_id, title, request, addressees, opening,"
        " sections, closing, number, issued_on, status, signer_authority, signer_title, signer_name,"
        " recipients, snapshot"
    )
    with transaction(db):
        if report.id is None:
            cursor = db.execute(
                f"INSERT INTO reports ({columns}, created_at, updated_at)"
                f" VALUES ({', '.join('?' * (len(values) + 2))})",
                (*values, now, now),
            )
            report_id = int(cursor.lastrowid)
            audit.record(db, "insert", "report", report_id, f"Thêm báo cáo {report.period.label}")
        else:
            stored = get_report(db, report.id)
            if stored.issued:
                raise StorageError(
                    f"Báo cáo {_label(stored)} đã ban hành, không sửa được; hãy tạo báo cáo mới"
                )
            report_id = report.id
            setters = ", ".join(f"{column.strip()} = ?" for column in columns.split(","))
            db.execute(
                f"UPDATE reports SET {setters}, updated_at = ? WHERE id = ?", (*values, now, report_id)
            )
            audit.record(db, "update", "report", report_id, f"Sửa báo cáo {_label(report)}")
        return get_report(db, report_id)


def refresh_report(db: Database, report_id: int, warn_days: int = DEFAULT_WARN_DAYS) -> ReportDocument:
    """A draft's figures recounted from today's data; its edited sections stay as they are."""
    report = get_report(db, report_id)
    if report.issued:
        raise StorageError(f"Báo cáo {_label(report)} đã ban hành: số liệu của nó không đổi nữa")
    figures = period_figures(db, report.plan_ids, report.period, unit_id=report.unit_id, warn_days=warn_days)
    tasks = annex_rows(db, report.plan_ids, figures, unit_id=report.unit_id)
    targets = target_rows(db, report.plan_ids, report.period, report.unit_id)
    return save_report(db, dataclasses.replace(report, snapshot=snapshot_json(figures, tasks, targets)))


def issue_report(db: Database, report_id: int, number: str, issued_on: date) -> ReportDocument:
    """Give the report its number and date and freeze it (ban hành)."""
    number = clean(number)
    if not number.isdigit():
        raise StorageError(f"Số văn bản «{number}» phải là số (ví dụ 05, 367)")
    with transaction(db):
        report = get_report(db, report_id)
        if report.issued:
            raise StorageError(f"Báo cáo {_label(report)} đã ban hành")
        saved = save_report(db, dataclasses.replace(report, number=number, issued_on=issued_on, issued=True))
        audit.record(db, "issue", "report", report_id, f"Ban hành báo cáo số {number}")
        return saved


def get_report(db: Database, report_id: int) -> ReportDocument:
    row = query_one(db, "SELECT * FROM reports WHERE id = ?", [report_id])
    if row is None:
        raise StorageError(f"Không tìm thấy báo cáo có mã số {report_id}")
    return _report(row)


def list_reports(db: Database) -> list[ReportDocument]:
    """Every report kept, the newest period first."""
    rows = db.query("SELECT * FROM reports ORDER BY period_end DESC, id DESC")
    return [_report(row) for row in rows]


def delete_report(db: Database, report_id: int) -> None:
    """Remove a draft; an issued report is part of the record and stays."""
    with transaction(db):
        report = get_report(db, report_id)
        if report.issued:
            raise StorageError(f"Báo cáo {_label(report)} đã ban hành, không xoá được")
        db.execute("DELETE FROM reports WHERE id = ?", (report_id,))
        audit.record(db, "delete", "report", report_id, f"Xoá dự thảo báo cáo {report.period.label}")


def _label(report: ReportDocument) -> str:
    return f"số {report.number}" if report.number else f"{report.period.label} (mã số {report.id})"


def _lines(values: Sequence[str]) -> str:
    return json.dumps([clean(value) for value in values], ensure_ascii=False)


def _sections(sections: Sequence[Section]) -> str:
    items = [{"key": s.key, "title": clean(s.title), "text": nfc(s.text).strip()} for s in sections]
    return json.dumps(items, ensure_ascii=False)


def _report(row: dict) -> ReportDocument:
    start, end = date_value(row["period_start"]), date_value(row["period_end"])
    period = parse_period(row["period"]).with_dates(start, end)
    return ReportDocument(
        kind=row["kind"], period=period, plan_ids=tuple(json.loads(row["plan_ids"])), title=row["title"],
        unit_id=row["unit_id"], request=row["request"], addressees=tuple(json.loads(row["addressees"])),
        opening=row["opening"], sections=tuple(Section(**s) for s in json.loads(row["sections"])),
        closing=row["closing"], number=row["number"], issued_on=date_value(row["issued_on"]),
        issued=row["status"] == "issued", signer_authority=tuple(json.loads(row["signer_authority"])),
        signer_title=row["signer_title"], signer_name=row["signer_name"],
        recipients=tuple(json.loads(row["recipients"])), snapshot=row["snapshot"], id=row["id"],
        created_at=row["created_at"], updated_at=row["updated_at"],
    )  # fmt: skip
