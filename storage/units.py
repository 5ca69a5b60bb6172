"""Units (đơn vị) and unit kinds: offices, communes, schools, and named groups of them.

Names are stored NFC with a search key twin, so lookups ignore case, diacritics and đ.
A unit that assignments or indicator figures refer to cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from core.model import Unit, UnitKind
from core.vntext import clean, nfc, search_key, sort_key
from storage import audit
from storage.database import StorageError, now_text, query_one, search_condition, transaction


def list_unit_kinds(db: Database) -> list[UnitKind]:
    rows = db.query("SELECT id, code, name FROM unit_kinds ORDER BY position, id")
    return [UnitKind(code=row["code"], name=row["name"], id=row["id"]) for row in rows]


def list_units(db: Database, search: str = "", limit: int | None = None, groups: bool = True) -> list[Unit]:
    """Units whose name or short name contains every word of `search`, in Vietnamese order; with
    `limit`, the first that many by name (a picker on a national file); `groups=False` leaves
    groups out."""
    params: dict[str, object] = {}
    where = search_condition(["name_key", "short_name_key"], search, params)
    if not groups:
        where += " AND is_group = 0"
    bounded = f" ORDER BY name_key LIMIT {int(limit)}" if limit is not None else ""
    units = [_unit(row) for row in db.query(f"SELECT * FROM units WHERE {where}{bounded}", params)]
    return sorted(units, key=lambda unit: sort_key(unit.name))


def get_unit(db: Database, unit_id: int) -> Unit:
    row = _row(db, unit_id)
    if row is None:
        raise StorageError(f"Không tìm thấy đơn vị có mã số {unit_id}")
    return _unit(row)


def find_unit(db: Database, name: str) -> Unit | None:
    """The unit whose name (or else short name) equals `name` ignoring case and diacritics.

    None when there is none; StorageError when several units share that name.
    """
    key = search_key(name)
    if not key:
        return None
    for column, key_column in (("name", "name_key"), ("short_name", "short_name_key")):
        rows = list(db.query(f"SELECT * FROM units WHERE {key_column} = ? ORDER BY id", [key]))
        if len(rows) > 1:
            ids = ", ".join(str(row["id"]) for row in rows)
            raise StorageError(f'Có {len(rows)} đơn vị cùng tên "{rows[0][column]}" (mã số {ids})')
        if rows:
            return _unit(rows[0])
    return None


def save_unit(db: Database, unit: Unit) -> Unit:
    """Insert the unit when its id is None, else update it; returns it as stored."""
    name = clean(unit.name)
    if not name:
        raise StorageError("Tên đơn vị không được để trống")
    short_name = clean(unit.short_name)
    now = now_text()
    with transaction(db):
        if unit.kind_code is not None and not _kind_exists(db, unit.kind_code):
            raise StorageError(f'Loại đơn vị "{unit.kind_code}" của đơn vị "{name}" không tồn tại')
        if unit.id is not None and _row(db, unit.id) is None:
            raise StorageError(f'Không tìm thấy đơn vị "{name}" (mã số {unit.id}) để sửa')
        if unit.parent_id is not None:
            _check_parent(db, unit.id, unit.parent_id, name)
        values = (
            name, search_key(name), short_name, search_key(short_name), unit.kind_code,
            unit.parent_id, int(unit.is_group), nfc(unit.notes),
        )
        if unit.id is None:
            cursor = db.execute(
                "INSERT INTO units (name, name_key, short_name, short_name_key, kind_code, parent_id,"
                " is_group, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, now, now),
            )
            unit_id = int(cursor.lastrowid)
            audit.record(db, "insert", "unit", unit_id, f'Thêm đơn vị "{name}"')
        else:
            unit_id = unit.id
            db.execute(
                "UPDATE units SET name = ?, name_key = ?, short_name = ?, short_name_key = ?,"
                " kind_code = ?, parent_id = ?, is_group = ?, notes = ?, updated_at = ? WHERE id = ?",
                (*values, now, unit_id),
            )
            if not unit.is_group:
                db.execute("DELETE FROM unit_group_members WHERE group_id = ?", (unit_id,))
            audit.record(db, "update", "unit", unit_id, f'Sửa đơn vị "{name}"')
        return get_unit(db, unit_id)


def delete_unit(db: Database, unit_id: int) -> None:
    """Delete a unit; refused while assignments or indicator figures refer to it."""
    with transaction(db):
        unit = get_unit(db, unit_id)
        assigned = db.execute("SELECT count(*) FROM assignments WHERE unit_id = ?", (unit_id,)).fetchone()[0]
        if assigned:
            raise StorageError(
                f'Không thể xoá đơn vị "{unit.name}": đơn vị đang được giao {assigned} nhiệm vụ'
            )
        figures = db.execute(
            "SELECT count(*) FROM indicator_values WHERE unit_id = ?", (unit_id,)
        ).fetchone()[0]
        if figures:
            raise StorageError(
                f'Không thể xoá đơn vị "{unit.name}": đơn vị có {figures} số liệu chỉ tiêu'
            )
        db.execute("DELETE FROM units WHERE id = ?", (unit_id,))
        audit.record(db, "delete", "unit", unit_id, f'Xoá đơn vị "{unit.name}"')


def group_members(db: Database, group_id: int) -> list[Unit]:
    """The members of a group in the order they were set."""
    rows = db.query(
        "SELECT u.* FROM unit_group_members m JOIN units u ON u.id = m.member_id"
        " WHERE m.group_id = ? ORDER BY m.position",
        [group_id],
    )
    return [_unit(row) for row in rows]


def set_group_members(db: Database, group_id: int, member_ids: Iterable[int]) -> None:
    """Replace a group's members. Members must be existing units that are not groups themselves."""
    member_ids = list(member_ids)
    with transaction(db):
        group = get_unit(db, group_id)
        if not group.is_group:
            raise StorageError(f'Đơn vị "{group.name}" không phải là nhóm đơn vị')
        if len(set(member_ids)) != len(member_ids):
            raise StorageError(f'Danh sách thành viên của nhóm "{group.name}" có đơn vị bị lặp')
        db.execute("DELETE FROM unit_group_members WHERE group_id = ?", (group_id,))
        for position, member_id in enumerate(member_ids):
            row = _row(db, member_id)
            if row is None:
                raise StorageError(
                    f'Không tìm thấy đơn vị có mã số {member_id} để thêm vào nhóm "{group.name}"'
                )
            if row["is_group"]:
                raise StorageError(f'Nhóm "{group.name}" không thể chứa nhóm "{row["name"]}"')
            db.execute(
                "INSERT INTO unit_group_members (group_id, member_id, position) VALUES (?, ?, ?)",
                (group_id, member_id, position),
            )
        audit.record(
            db, "update", "unit", group_id, f'Đặt {len(member_ids)} thành viên cho nhóm "{group.name}"'
        )


def _check_parent(db: Database, unit_id: int | None, parent_id: int, name: str) -> None:
    if _row(db, parent_id) is None:
        raise StorageError(f'Không tìm thấy đơn vị cấp trên (mã số {parent_id}) của đơn vị "{name}"')
    if unit_id is None:
        return
    ancestor: int | None = parent_id
    while ancestor is not None:
        if ancestor == unit_id:
            raise StorageError(f'Đơn vị "{name}" không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó')
        ancestor = db.execute("SELECT parent_id FROM units WHERE id = ?", (ancestor,)).fetchone()[0]


def _kind_exists(db: Database, code: str) -> bool:
    return db.execute("SELECT 1 FROM unit_kinds WHERE code = ?", (code,)).fetchone() is not None


def _row(db: Database, unit_id: int) -> dict | None:
    return query_one(db, "SELECT * FROM units WHERE id = ?", [unit_id])


def _unit(row: dict) -> Unit:
    return Unit(
        name=row["name"],
        short_name=row["short_name"],
        kind_code=row["kind_code"],
        parent_id=row["parent_id"],
        is_group=bool(row["is_group"]),
        notes=row["notes"],
        id=row["id"],
    )
