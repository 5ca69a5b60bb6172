"""What a unit writes for a report period as a whole: kết quả nổi bật, tồn tại, hạn chế, đề xuất, kiến nghị.

One entry per unit and period code (core.periods: "2025-Q2", "2025-2026-HK1"); saving again replaces
it. The office's report compiles these by unit; the returned collection template fills them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from core.periods import parse_period
from core.vntext import nfc, sort_key
from storage import audit
from storage.database import StorageError, now_text, transaction


@dataclass(frozen=True, slots=True)
class UnitReport:
    unit_id: int
    unit_name: str
    period: str
    highlights: str = ""  # kết quả nổi bật
    shortcomings: str = ""  # tồn tại, hạn chế, khó khăn
    proposals: str = ""  # đề xuất, kiến nghị
    source: str = ""


def save_unit_report(
    db: Database,
    unit_id: int,
    period: str,
    *,
    highlights: str = "",
    shortcomings: str = "",
    proposals: str = "",
    source: str = "GUI",
) -> UnitReport:
    """Store (or replace) a unit's own words for a period. StorageError for an unknown unit or period."""
    try:
        code = parse_period(period).code
    except ValueError as error:
        raise StorageError(str(error)) from error
    with transaction(db):
        row = db.execute("SELECT name FROM units WHERE id = ?", (unit_id,)).fetchone()
        if row is None:
            raise StorageError(f"Không tìm thấy đơn vị có mã số {unit_id}")
        db.execute(
            "INSERT INTO unit_reports (unit_id, period, highlights, shortcomings, proposals, source,"
            " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, period) DO UPDATE SET"
            " highlights = excluded.highlights, shortcomings = excluded.shortcomings,"
            " proposals = excluded.proposals, source = excluded.source, recorded_at = excluded.recorded_at",
            (unit_id, code, *(nfc(t).strip() for t in (highlights, shortcomings, proposals)), nfc(source),
             now_text()),
        )
        audit.record(db, "update", "unit_report", unit_id, f'Ghi báo cáo kỳ {code} của "{row[0]}"')
    return unit_reports(db, code, [unit_id])[0]


def unit_reports(db: Database, period: str, unit_ids: Sequence[int] | None = None) -> list[UnitReport]:
    """The units' entries for a period, in Vietnamese order of their names."""
    try:
        code = parse_period(period).code
    except ValueError as error:
        raise StorageError(str(error)) from error
    rows = db.execute(
        "SELECT r.unit_id, u.name, r.period, r.highlights, r.shortcomings, r.proposals, r.source"
        " FROM unit_reports r JOIN units u ON u.id = r.unit_id WHERE r.period = ?",
        (code,),
    ).fetchall()
    wanted = None if unit_ids is None else set(unit_ids)
    found = [UnitReport(*row) for row in rows if wanted is None or row[0] in wanted]
    return sorted(found, key=lambda report: sort_key(report.unit_name))
