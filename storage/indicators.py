"""Indicators (chỉ tiêu) of a plan and the actual figures units report for them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlite_utils import Database

from core.model import Indicator, IndicatorValue
from core.vntext import clean, search_key
from storage import audit
from storage.database import StorageError, now_text, query_one, transaction

COMPARATORS = (">=", ">", "=", "<=", "<")


def list_indicators(db: Database, plan_id: int) -> list[Indicator]:
    rows = db.query("SELECT * FROM indicators WHERE plan_id = ? ORDER BY position, id", [plan_id])
    return [_indicator(row) for row in rows]


def get_indicator(db: Database, indicator_id: int) -> Indicator:
    row = query_one(db, "SELECT * FROM indicators WHERE id = ?", [indicator_id])
    if row is None:
        raise StorageError(f"Không tìm thấy chỉ tiêu có mã số {indicator_id}")
    return _indicator(row)


def save_indicator(db: Database, indicator: Indicator) -> Indicator:
    """Insert when id is None (at the end of the plan's list), else update; returns it as stored."""
    text = clean(indicator.text)
    if not text:
        raise StorageError("Nội dung chỉ tiêu không được để trống")
    if indicator.comparator not in COMPARATORS:
        raise StorageError(f'Chỉ tiêu "{text[:60]}": phép so sánh "{indicator.comparator}" không hợp lệ')
    if indicator.denominator is not None and indicator.denominator <= 0:
        raise StorageError(f'Chỉ tiêu "{text[:60]}": mẫu số phải lớn hơn 0')
    with transaction(db):
        if indicator.task_id is not None:
            task = query_one(db, "SELECT plan_id FROM tasks WHERE id = ?", [indicator.task_id])
            if task is None or task["plan_id"] != indicator.plan_id:
                raise StorageError(f'Chỉ tiêu "{text[:60]}" gắn với nhiệm vụ không thuộc kế hoạch này')
        values = (
            indicator.plan_id,
            indicator.task_id,
            text,
            search_key(text),
            clean(indicator.measure) or "%",
            indicator.comparator,
            indicator.target_value,
            indicator.numerator,
            indicator.denominator,
            indicator.baseline,
            clean(indicator.deadline),
            json.dumps([list(item) for item in indicator.breakdown], ensure_ascii=False),
        )
        if indicator.id is None:
            position = db.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM indicators WHERE plan_id = ?",
                (indicator.plan_id,),
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO indicators (plan_id, task_id, text, text_key, measure, comparator, target_value,"
                " numerator, denominator, baseline, deadline, breakdown, position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, position),
            )
            indicator_id = int(cursor.lastrowid)
            audit.record(db, "insert", "indicator", indicator_id, f'Thêm chỉ tiêu "{text[:80]}"')
        else:
            indicator_id = indicator.id
            updated = db.execute(
                "UPDATE indicators SET plan_id = ?, task_id = ?, text = ?, text_key = ?, measure = ?,"
                " comparator = ?, target_value = ?, numerator = ?, denominator = ?, baseline = ?,"
                " deadline = ?, breakdown = ? WHERE id = ?",
                (*values, indicator_id),
            )
            if updated.rowcount == 0:
                raise StorageError(f'Không tìm thấy chỉ tiêu "{text[:60]}" (mã số {indicator_id}) để sửa')
            audit.record(db, "update", "indicator", indicator_id, f'Sửa chỉ tiêu "{text[:80]}"')
        return get_indicator(db, indicator_id)


def delete_indicator(db: Database, indicator_id: int) -> None:
    """Delete an indicator with its reported figures."""
    with transaction(db):
        indicator = get_indicator(db, indicator_id)
        db.execute("DELETE FROM indicators WHERE id = ?", (indicator_id,))
        audit.record(db, "delete", "indicator", indicator_id, f'Xóa chỉ tiêu "{indicator.text[:80]}"')


def record_indicator_value(db: Database, value: IndicatorValue) -> IndicatorValue:
    """Store a unit's figure for a period, replacing the figure it reported before for that period."""
    if value.value is None and value.numerator is None:
        raise StorageError("Số liệu chỉ tiêu trống: cần một giá trị hoặc một tử số")
    if value.denominator is not None and value.denominator <= 0:
        raise StorageError("Số liệu chỉ tiêu: mẫu số phải lớn hơn 0")
    if value.numerator is not None and value.denominator is not None and value.numerator > value.denominator:
        raise StorageError(f"Số liệu chỉ tiêu: tử số {value.numerator} lớn hơn mẫu số {value.denominator}")
    period = clean(value.period)
    with transaction(db):
        indicator = get_indicator(db, value.indicator_id)
        if (
            value.unit_id is not None
            and query_one(db, "SELECT id FROM units WHERE id = ?", [value.unit_id]) is None
        ):
            raise StorageError(f"Không tìm thấy đơn vị có mã số {value.unit_id}")
        db.execute(
            "DELETE FROM indicator_values WHERE indicator_id = ? AND unit_id IS ? AND period = ?",
            (value.indicator_id, value.unit_id, period),
        )
        cursor = db.execute(
            "INSERT INTO indicator_values (indicator_id, unit_id, period, value, numerator, denominator,"
            " note, recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                value.indicator_id,
                value.unit_id,
                period,
                value.value,
                value.numerator,
                value.denominator,
                clean(value.note),
                now_text(),
                clean(value.source),
            ),
        )
        value_id = int(cursor.lastrowid)
        audit.record(
            db,
            "update",
            "indicator_value",
            value_id,
            f'Số liệu chỉ tiêu "{indicator.text[:60]}" kỳ {period or "—"}',
        )
        return _value(query_one(db, "SELECT * FROM indicator_values WHERE id = ?", [value_id]))


def indicator_values(db: Database, indicator_id: int) -> list[IndicatorValue]:
    rows = db.query(
        "SELECT * FROM indicator_values WHERE indicator_id = ? ORDER BY period, unit_id IS NOT NULL, unit_id",
        [indicator_id],
    )
    return [_value(row) for row in rows]


def plan_indicator_values(db: Database, plan_id: int) -> dict[int, list[IndicatorValue]]:
    """Every figure reported for the plan's indicators, by indicator id, in `indicator_values` order.

    One query for the whole plan, so a screen listing its indicators does not ask once per row.
    Indicators without figures are absent from the result.
    """
    rows = db.query(
        "SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
        " WHERE i.plan_id = ? ORDER BY v.indicator_id, v.period, v.unit_id IS NOT NULL, v.unit_id",
        [plan_id],
    )
    found: dict[int, list[IndicatorValue]] = {}
    for row in rows:
        found.setdefault(row["indicator_id"], []).append(_value(row))
    return found


def replace_indicators(db: Database, plan_id: int, indicators: Sequence[Indicator]) -> list[Indicator]:
    """Make the plan's indicators exactly `indicators` (used by imports); figures of removed ones go too."""
    with transaction(db):
        db.execute("DELETE FROM indicators WHERE plan_id = ?", (plan_id,))
        return [save_indicator(db, _with_plan(item, plan_id)) for item in indicators]


def _with_plan(indicator: Indicator, plan_id: int) -> Indicator:
    from dataclasses import replace

    return replace(indicator, plan_id=plan_id, id=None)


def _indicator(row: dict) -> Indicator:
    return Indicator(
        plan_id=row["plan_id"],
        text=row["text"],
        measure=row["measure"],
        comparator=row["comparator"],
        target_value=row["target_value"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        baseline=row["baseline"],
        deadline=row["deadline"],
        task_id=row["task_id"],
        breakdown=tuple((str(name), float(count)) for name, count in json.loads(row["breakdown"])),
        position=row["position"],
        id=row["id"],
    )


def _value(row: dict) -> IndicatorValue:
    return IndicatorValue(
        indicator_id=row["indicator_id"],
        period=row["period"],
        unit_id=row["unit_id"],
        value=row["value"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        note=row["note"],
        source=row["source"],
        recorded_at=datetime.fromisoformat(row["recorded_at"]),
        id=row["id"],
    )
