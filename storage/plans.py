"""Plans (Kế hoạch, Chương trình…) with their basis documents, the trash, and lookup by reference.

Deleting a plan moves it to the trash (`deleted_at` set); only a plan in the trash can be
purged, which removes it with its tasks, assignments and occurrences. A plan is found by id or
by its reference ("367/KH-UBND"), compared without case, diacritics or spaces.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database

from core.model import DOC_TYPES, BasisDocument, Plan, PlanStatus
from core.plan_names import plan_label
from core.vntext import clean, format_date, nfc, search_key
from storage import audit
from storage.assignments import effective_period, refresh_plan_occurrences
from storage.attachments import FileJournal, attachments_root_of, file_transaction, trash_task_files
from storage.database import (
    StorageError,
    date_text,
    date_value,
    now_text,
    query_one,
    search_condition,
    transaction,
)

# Newest first: the issue date, else the issue year/month, else when the plan was entered.
_NEWEST_FIRST = (
    "COALESCE(issued_on, CASE WHEN issued_year IS NOT NULL"
    " THEN printf('%04d-%02d-01', issued_year, COALESCE(issued_month, 1)) END, created_at) DESC, id DESC"
)


def reference_key(reference: str) -> str:
    """"367 /KH-UBND" and "367/kh-ubnd" both give "367/kh-ubnd"; "QĐ" gives "qd"."""
    return "".join(search_key(reference).split())


def list_plans(db: Database, search: str = "", limit: int | None = None) -> list[Plan]:
    """Plans not in the trash whose title, issuer or reference contains every word of `search`,
    newest first; the first `limit` of them when given (a picker on a national file)."""
    params: dict[str, object] = {}
    where = search_condition(["title_key", "issuer_key", "reference_key"], search, params)
    bounded = f" LIMIT {int(limit)}" if limit is not None else ""
    rows = db.query(
        f"SELECT * FROM plans WHERE deleted_at IS NULL AND {where} ORDER BY {_NEWEST_FIRST}{bounded}", params
    )
    return [_plan(row) for row in rows]


def list_trash(db: Database) -> list[Plan]:
    """Plans in the trash, most recently deleted first."""
    rows = db.query("SELECT * FROM plans WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC")
    return [_plan(row) for row in rows]


def get_plan(db: Database, plan_id: int) -> Plan:
    """The plan with this id, also when it is in the trash."""
    row = _row(db, plan_id)
    if row is None:
        raise StorageError(f"Không tìm thấy kế hoạch có mã số {plan_id}")
    return _plan(row)


def is_in_trash(db: Database, plan_id: int) -> bool:
    row = _row(db, plan_id)
    if row is None:
        raise StorageError(f"Không tìm thấy kế hoạch có mã số {plan_id}")
    return row["deleted_at"] is not None


def find_plan(db: Database, ref: int | str) -> Plan:
    """The plan (not in the trash) with this id or reference ("367/KH-UBND", "367 /KH-UBND").

    StorageError when no plan matches or several plans share the reference.
    """
    text = clean(str(ref))
    if not text:
        raise StorageError("Chưa cho biết kế hoạch cần tìm (mã số hoặc số hiệu như 367/KH-UBND)")
    if text.isdigit():
        row = _row(db, int(text))
        if row is None:
            raise StorageError(f"Không tìm thấy kế hoạch có mã số {text}")
        if row["deleted_at"] is not None:
            raise StorageError(f"Kế hoạch mã số {text} đang ở thùng rác")
        return _plan(row)
    rows = list(
        db.query(
            "SELECT * FROM plans WHERE reference_key = ? AND deleted_at IS NULL ORDER BY id",
            [reference_key(text)],
        )
    )
    if not rows:
        raise StorageError(f'Không tìm thấy kế hoạch số "{text}"')
    if len(rows) > 1:
        ids = ", ".join(str(row["id"]) for row in rows)
        raise StorageError(f'Có {len(rows)} kế hoạch cùng số "{text}" (mã số {ids}); hãy dùng mã số')
    return _plan(rows[0])


def save_plan(db: Database, plan: Plan, basis: Sequence[BasisDocument] | None = None) -> Plan:
    """Insert the plan when its id is None, else update it; returns it as stored.

    `basis`, when given, replaces the plan's basis documents (None keeps them). A basis line
    with a reference but no link is linked to the one plan with that reference, if exactly one
    exists. When the plan's period (or the year it defaults to) changes, every occurrence of
    the plan's assignments is recomputed.
    """
    if plan.doc_type not in DOC_TYPES:
        raise StorageError(f'Loại văn bản "{plan.doc_type}" của kế hoạch {plan_label(plan)} không hợp lệ')
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        raise StorageError(
            f"Thời gian thực hiện của kế hoạch {plan_label(plan)} không hợp lệ: "
            f"{format_date(plan.period_start)} sau {format_date(plan.period_end)}"
        )
    if plan.issued_month is not None and not 1 <= plan.issued_month <= 12:
        raise StorageError(f"Tháng ban hành {plan.issued_month} của kế hoạch {plan_label(plan)} không hợp lệ")
    title = clean(plan.title)
    number = clean(plan.number) if plan.number is not None else None
    symbol = clean(plan.symbol) if plan.symbol is not None else None
    issuer = clean(plan.issuer)
    now = now_text()
    with transaction(db):
        old = None
        if plan.id is not None:
            old_row = _row(db, plan.id)
            if old_row is None:
                raise StorageError(f"Không tìm thấy kế hoạch {plan_label(plan)} (mã số {plan.id}) để sửa")
            old = _plan(old_row)
        if plan.parent_plan_id is not None:
            _check_parent_plan(db, plan)
        reference = f"{number or ''}/{symbol or ''}".rstrip("/") if (number or symbol) else ""
        values = (
            title, search_key(title), plan.doc_type, number or None, symbol or None,
            reference_key(reference), issuer, search_key(issuer), clean(plan.parent_issuer),
            clean(plan.place), date_text(plan.issued_on), plan.issued_year, plan.issued_month,
            date_text(plan.period_start), date_text(plan.period_end), plan.parent_plan_id,
            _json_list(plan.signer_authority), clean(plan.signer_title), clean(plan.signer_name),
            _json_list(plan.recipients), PlanStatus(plan.status).value, nfc(plan.source_name),
            nfc(plan.source_text),
        )
        columns = (
            "title, title_key, doc_type, number, symbol, reference_key, issuer, issuer_key,"
            " parent_issuer, place, issued_on, issued_year, issued_month, period_start, period_end,"
            " parent_plan_id, signer_authority, signer_title, signer_name, recipients, status,"
            " source_name, source_text"
        )
        if old is None:
            cursor = db.execute(
                f"INSERT INTO plans ({columns}, created_at, updated_at)"
                f" VALUES ({', '.join('?' * (len(values) + 2))})",
                (*values, now, now),
            )
            plan_id = int(cursor.lastrowid)
        else:
            plan_id = old.id
            setters = ", ".join(f"{column.strip()} = ?" for column in columns.split(","))
            db.execute(f"UPDATE plans SET {setters}, updated_at = ? WHERE id = ?", (*values, now, plan_id))
        saved = get_plan(db, plan_id)
        if basis is not None:
            _replace_basis(db, saved, basis)
        _link_citing_plans(db, saved)
        if old is not None and _period(old) != _period(saved):
            refresh_plan_occurrences(db, plan_id)
        audit.record(
            db, "insert" if old is None else "update", "plan", plan_id,
            f"{'Thêm' if old is None else 'Sửa'} kế hoạch {plan_label(saved)}",
        )
        return saved


def suggest_number(db: Database, abbreviation: str, year: int) -> str:
    """The next document number of the office with symbol part `abbreviation` in `year`: "05", "12".

    Offices number what they issue in one sequence per year (sổ văn bản đi), whatever the type,
    so the suggestion follows the highest number among its documents of that year (two digits).
    """
    suffix = f"-{search_key(abbreviation)}".replace(" ", "")
    highest = 0
    for number, symbol in db.execute(
        "SELECT number, symbol FROM plans WHERE number IS NOT NULL AND deleted_at IS NULL"
        " AND COALESCE(CAST(strftime('%Y', issued_on) AS INTEGER), issued_year) = ?",
        (year,),
    ).fetchall():
        key = "".join(search_key(symbol or "").split())
        if abbreviation and (key.endswith(suffix) or key == suffix[1:]) and str(number).isdigit():
            highest = max(highest, int(number))
    return f"{highest + 1:02d}"


def issue_plan(db: Database, plan_id: int, number: str, issued_on: date) -> Plan:
    """Give a draft its number and date and mark it issued (ban hành), in one transaction.

    StorageError for a number that is not a number, a plan already issued, or a number another
    plan of the same symbol already has that year.
    """
    number = clean(number)
    if not number.isdigit():
        raise StorageError(f"Số văn bản «{number}» phải là số (ví dụ 05, 367)")
    with transaction(db):
        plan = get_plan(db, plan_id)
        if plan.status is not PlanStatus.DRAFT:
            state = plan.status.label.lower()
            raise StorageError(f"Kế hoạch {plan_label(plan)} {state}, không ban hành lại")
        issued = dataclasses.replace(
            plan, number=number, issued_on=issued_on, issued_year=issued_on.year,
            issued_month=issued_on.month, status=PlanStatus.ISSUED,
        )
        clash = db.execute(
            "SELECT id FROM plans WHERE reference_key = ? AND id <> ? AND deleted_at IS NULL"
            " AND COALESCE(CAST(strftime('%Y', issued_on) AS INTEGER), issued_year) = ?",
            (reference_key(issued.reference), plan_id, issued_on.year),
        ).fetchone()
        if clash is not None:
            raise StorageError(
                f"Số {issued.reference} năm {issued_on.year} đã dùng cho kế hoạch mã số {clash[0]}"
            )
        return save_plan(db, issued)


def get_basis(db: Database, plan_id: int) -> list[BasisDocument]:
    rows = db.query("SELECT * FROM plan_basis WHERE plan_id = ? ORDER BY position", [plan_id])
    return [
        BasisDocument(
            text=row["text"], reference=row["reference"], linked_plan_id=row["linked_plan_id"], id=row["id"]
        )
        for row in rows
    ]


def delete_plan(db: Database, plan_id: int) -> None:
    """Move a plan to the trash."""
    with transaction(db):
        plan = get_plan(db, plan_id)
        if is_in_trash(db, plan_id):
            raise StorageError(f"Kế hoạch {plan_label(plan)} đã ở thùng rác")
        db.execute("UPDATE plans SET deleted_at = ? WHERE id = ?", (now_text(), plan_id))
        audit.record(db, "delete", "plan", plan_id, f"Chuyển kế hoạch {plan_label(plan)} vào thùng rác")


def restore_plan(db: Database, plan_id: int) -> None:
    """Bring a plan back from the trash."""
    with transaction(db):
        plan = get_plan(db, plan_id)
        if not is_in_trash(db, plan_id):
            raise StorageError(f"Kế hoạch {plan_label(plan)} không ở thùng rác")
        db.execute("UPDATE plans SET deleted_at = NULL WHERE id = ?", (plan_id,))
        audit.record(db, "restore", "plan", plan_id, f"Khôi phục kế hoạch {plan_label(plan)} từ thùng rác")


def purge_plan(db: Database, plan_id: int, *, journal: FileJournal | None = None) -> None:
    """Remove a plan in the trash for good, with its tasks, assignments, occurrences and history.

    Its evidence files go to the attachments trash (`_da_xoa/`) as `storage.tasks.delete_task`
    leaves a task's, never deleted, and come back if the change fails. Called inside a caller's
    transaction, pass its `file_transaction` journal; without one there the files stay where they
    are (`check --repair` finds them), since a later failure of the caller could not move them back.
    """
    if journal is None and not db.conn.in_transaction:
        with file_transaction(db) as own:
            return purge_plan(db, plan_id, journal=own)
    root = attachments_root_of(db)
    with transaction(db):
        plan = get_plan(db, plan_id)
        if not is_in_trash(db, plan_id):
            raise StorageError(
                f"Kế hoạch {plan_label(plan)} chưa ở thùng rác; hãy xoá nó vào thùng rác trước khi xoá hẳn"
            )
        if root is not None and journal is not None:
            task_ids = [row[0] for row in db.execute("SELECT id FROM tasks WHERE plan_id = ?", (plan_id,))]
            trash_task_files(db, task_ids, root, journal)
        db.execute("DELETE FROM plans WHERE id = ?", (plan_id,))
        audit.record(db, "purge", "plan", plan_id, f"Xoá hẳn kế hoạch {plan_label(plan)}")


def _replace_basis(db: Database, plan: Plan, basis: Sequence[BasisDocument]) -> None:
    db.execute("DELETE FROM plan_basis WHERE plan_id = ?", (plan.id,))
    for position, document in enumerate(basis, start=1):
        text = clean(document.text)
        if not text:
            raise StorageError(f"Căn cứ thứ {position} của kế hoạch {plan_label(plan)} không có nội dung")
        reference = clean(document.reference) if document.reference else None
        linked = document.linked_plan_id
        if linked is not None and _row(db, linked) is None:
            raise StorageError(
                f"Căn cứ thứ {position} của kế hoạch {plan_label(plan)} trỏ tới kế hoạch "
                f"mã số {linked} không tồn tại"
            )
        if linked is None and reference:
            matches = db.execute(
                "SELECT id FROM plans WHERE reference_key = ? AND deleted_at IS NULL AND id <> ? LIMIT 2",
                (reference_key(reference), plan.id),
            ).fetchall()
            if len(matches) == 1:
                linked = matches[0][0]
        db.execute(
            "INSERT INTO plan_basis (plan_id, position, text, reference, linked_plan_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (plan.id, position, text, reference, linked),
        )


def _link_citing_plans(db: Database, plan: Plan) -> None:
    """Link other plans' unlinked basis lines that cite this plan, so the chain shows from both ends.

    A district plan imported before the province plan it implements gets its link when the
    province plan arrives. Only an unambiguous reference is linked.
    """
    key = reference_key(plan.reference)
    if not plan.number or not key:
        return
    same = db.execute(
        "SELECT count(*) FROM plans WHERE reference_key = ? AND deleted_at IS NULL", (key,)
    ).fetchone()[0]
    if same != 1:
        return
    for basis_id, reference in db.execute(
        "SELECT id, reference FROM plan_basis WHERE linked_plan_id IS NULL AND reference IS NOT NULL"
        " AND plan_id <> ?",
        (plan.id,),
    ).fetchall():
        if reference_key(reference) == key:
            db.execute("UPDATE plan_basis SET linked_plan_id = ? WHERE id = ?", (plan.id, basis_id))


def _check_parent_plan(db: Database, plan: Plan) -> None:
    ancestor: int | None = plan.parent_plan_id
    if _row(db, ancestor) is None:
        raise StorageError(
            f"Kế hoạch cấp trên (mã số {ancestor}) của kế hoạch {plan_label(plan)} không tồn tại"
        )
    while ancestor is not None:
        if ancestor == plan.id:
            raise StorageError(
                f"Kế hoạch {plan_label(plan)} không thể thực hiện chính nó hoặc kế hoạch triển khai nó"
            )
        ancestor = db.execute("SELECT parent_plan_id FROM plans WHERE id = ?", (ancestor,)).fetchone()[0]


def _period(plan: Plan):
    return effective_period(plan.period_start, plan.period_end, plan.year)


def plan_end(plan: Plan) -> date:
    """The day a plan's work ends: its own end, else 31/12 of its year (the deadline of a target
    that names none)."""
    return _period(plan)[1]


def _json_list(values: Sequence[str]) -> str:
    if isinstance(values, str):
        raise TypeError("expected a sequence of lines, got a single string")
    return json.dumps([clean(value) for value in values], ensure_ascii=False)


def _row(db: Database, plan_id: int) -> dict | None:
    return query_one(db, "SELECT * FROM plans WHERE id = ?", [plan_id])


def _plan(row: dict) -> Plan:
    return Plan(
        title=row["title"],
        doc_type=row["doc_type"],
        number=row["number"],
        symbol=row["symbol"],
        issuer=row["issuer"],
        parent_issuer=row["parent_issuer"],
        place=row["place"],
        issued_on=date_value(row["issued_on"]),
        issued_year=row["issued_year"],
        issued_month=row["issued_month"],
        period_start=date_value(row["period_start"]),
        period_end=date_value(row["period_end"]),
        parent_plan_id=row["parent_plan_id"],
        signer_authority=tuple(json.loads(row["signer_authority"])),
        signer_title=row["signer_title"],
        signer_name=row["signer_name"],
        recipients=tuple(json.loads(row["recipients"])),
        status=PlanStatus(row["status"]),
        source_name=row["source_name"],
        source_text=row["source_text"],
        id=row["id"],
    )
