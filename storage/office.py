"""Our office: read from the settings, saved together with its unit in the directory.

The letterhead fields live in the settings (they travel with the data file); the office is also
a unit of the directory, created or renamed here in the same transaction, so plans can assign
work to it and its groups are known to include it.
"""

from __future__ import annotations

import dataclasses

from sqlite_utils import Database

from core.chain.groups import is_group
from core.importing.units import unit_key
from core.model import Unit
from core.office import Office
from core.reports.data import Signer
from core.vntext import clean
from storage.database import StorageError, transaction
from storage.settings import get_setting, set_settings
from storage.units import list_units, save_unit


def get_office(db: Database) -> Office:
    """Our office as stored; `unit_id` is None when its unit is not (or no longer) in the directory."""
    unit_id = get_setting(db, "office.unit_id") or None
    if unit_id is not None and db.execute("SELECT 1 FROM units WHERE id = ?", (unit_id,)).fetchone() is None:
        unit_id = None
    return Office(
        name=get_setting(db, "office.issuing_body"),
        parent_body=get_setting(db, "office.parent_body"),
        kind_code=get_setting(db, "office.kind"),
        place=get_setting(db, "office.place"),
        symbol=get_setting(db, "office.abbreviation"),
        signer=Signer(
            authority=tuple(get_setting(db, "signer.authority")),
            title=get_setting(db, "signer.title"),
            name=get_setting(db, "signer.name"),
        ),
        recipients=tuple(get_setting(db, "recipients")),
        unit_id=unit_id,
    )


def save_office(db: Database, office: Office) -> Office:
    """Store our office and make it a unit of the directory, all in one transaction.

    The unit is the one saved before (renamed and re-kinded when those changed), else a directory
    unit of the same name (as plans write it: "Phòng GD&ĐT" = "Phòng Giáo dục và Đào tạo"), else a
    new one. An office without a name has no unit. StorageError for an unknown kind.
    """
    name = clean(office.name)
    kind = clean(office.kind_code)
    if name and is_group(name):
        raise StorageError(f'"{name}" là tên một nhóm đơn vị, không thể là đơn vị của ta')
    with transaction(db):
        if kind and db.execute("SELECT 1 FROM unit_kinds WHERE code = ?", (kind,)).fetchone() is None:
            raise StorageError(f'Loại đơn vị "{kind}" không có trong danh mục loại đơn vị')
        unit_id = _office_unit(db, name, kind or None) if name else None
        set_settings(
            db,
            {
                "office.issuing_body": name,
                "office.parent_body": office.parent_body,
                "office.kind": kind,
                "office.place": office.place,
                "office.abbreviation": office.symbol,
                "signer.authority": list(office.signer.authority),
                "signer.title": office.signer.title,
                "signer.name": office.signer.name,
                "recipients": list(office.recipients),
                "office.unit_id": unit_id or 0,
            },
        )
        return get_office(db)


def _office_unit(db: Database, name: str, kind: str | None) -> int:
    current = get_office(db).unit_id
    unit = None
    if current is not None:
        unit = next((u for u in list_units(db) if u.id == current), None)
    if unit is None:
        key = unit_key(name)
        unit = next((u for u in list_units(db) if not u.is_group and unit_key(u.name) == key), None)
    if unit is None:
        return save_unit(db, Unit(name=name, kind_code=kind, notes="Đơn vị của ta")).id
    if unit.is_group:
        raise StorageError(f'"{unit.name}" là một nhóm đơn vị, không thể là đơn vị của ta')
    changed = dataclasses.replace(unit, name=name, kind_code=kind or unit.kind_code)
    if changed != unit:
        save_unit(db, changed)
    return unit.id
