"""Settings kept in the database file, declared once here with their type and default.

They travel with the data (a copied database prints with the same office name and margins). The
office identity, default signer and recipients, and margins (within the legal ranges) are what
reports print unless the user changes them for one report.
Values are stored as JSON; a key not stored yet reads as its default.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from core.reports.data import MARGIN_RANGES
from core.status import DEFAULT_WARN_DAYS
from core.vntext import clean
from storage import audit
from storage.database import StorageError, transaction

SettingValue = int | str | list[str]


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: type  # int, str or list (of str)
    default: int | str | tuple[str, ...]
    label: str
    minimum: int | None = None
    maximum: int | None = None


_DECLARED = (
    Setting("warn_days", int, DEFAULT_WARN_DAYS, "Số ngày báo trước hạn (sắp đến hạn)", 0, 365),
    Setting("office.parent_body", str, "", "Cơ quan chủ quản"),
    Setting("office.issuing_body", str, "", "Cơ quan ban hành"),
    Setting("office.place", str, "", "Địa danh"),
    Setting("office.abbreviation", str, "", "Chữ viết tắt tên cơ quan"),
    Setting("office.kind", str, "", "Loại đơn vị"),
    # Our unit in the directory (storage.office keeps it in step with the name); 0 = none yet.
    Setting("office.unit_id", int, 0, "Đơn vị của ta trong danh bạ", 0, None),
    Setting("signer.authority", list, (), "Thẩm quyền ký (từng dòng)"),
    Setting("signer.title", str, "", "Chức vụ người ký"),
    Setting("signer.name", str, "", "Họ tên người ký"),
    Setting("recipients", list, (), "Nơi nhận (từng dòng)"),
    # Nghị định 30/2020 ranges (core.reports.data.MARGIN_RANGES): a report never prints outside them.
    Setting("margins.top", int, 20, "Lề trên (mm)", *MARGIN_RANGES["top"]),
    Setting("margins.bottom", int, 20, "Lề dưới (mm)", *MARGIN_RANGES["bottom"]),
    Setting("margins.left", int, 30, "Lề trái (mm)", *MARGIN_RANGES["left"]),
    Setting("margins.right", int, 15, "Lề phải (mm)", *MARGIN_RANGES["right"]),
    # A second copy of the automatic backups (a USB stick, a shared drive); "" = none.
    Setting("backup.second_folder", str, "", "Thư mục sao lưu thứ hai"),
)
SETTINGS: dict[str, Setting] = {setting.key: setting for setting in _DECLARED}


def get_setting(db: Database, key: str) -> SettingValue:
    """The stored value of `key`, or its default. KeyError for a key not declared here."""
    setting = SETTINGS[key]
    row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return _copy(setting.default)
    value = json.loads(row[0])
    problem = _problem(setting, value)
    if problem:
        raise StorageError(f'Thiết lập "{setting.label}" ({key}) lưu trong tệp không hợp lệ: {problem}')
    return _copy(value)


def set_setting(db: Database, key: str, value: SettingValue) -> None:
    """Store `value` for `key`. KeyError for an unknown key, StorageError for a wrong type or range."""
    setting = SETTINGS[key]
    problem = _problem(setting, value)
    if problem:
        raise StorageError(f'Giá trị của thiết lập "{setting.label}" không hợp lệ: {problem}')
    if setting.type is str:
        value = clean(value)
    elif setting.type is list:
        value = [clean(line) for line in value]
    with transaction(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )
        audit.record(db, "update", "setting", None, f'Đổi thiết lập "{setting.label}" ({key})')


def set_settings(db: Database, values: Mapping[str, SettingValue]) -> None:
    """Store several settings at once: all of them, or none when one is refused (StorageError/KeyError)."""
    for key, value in values.items():
        problem = _problem(SETTINGS[key], value)
        if problem:
            raise StorageError(f'Giá trị của thiết lập "{SETTINGS[key].label}" không hợp lệ: {problem}')
    with transaction(db):
        for key, value in values.items():
            set_setting(db, key, value)


def all_settings(db: Database) -> dict[str, SettingValue]:
    """Every declared setting with its current value."""
    return {key: get_setting(db, key) for key in SETTINGS}


def _problem(setting: Setting, value: object) -> str:
    """Why `value` does not fit `setting`, or "" when it does."""
    if setting.type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"cần một số nguyên, nhận được {value!r}"
        if setting.minimum is not None and value < setting.minimum:
            return f"nhỏ nhất là {setting.minimum}, nhận được {value}"
        if setting.maximum is not None and value > setting.maximum:
            return f"lớn nhất là {setting.maximum}, nhận được {value}"
        return ""
    if setting.type is str:
        return "" if isinstance(value, str) else f"cần một chuỗi chữ, nhận được {value!r}"
    if not isinstance(value, list | tuple) or not all(isinstance(line, str) for line in value):
        return f"cần một danh sách các dòng chữ, nhận được {value!r}"
    return ""


def _copy(value: int | str | list[str] | tuple[str, ...]) -> SettingValue:
    # Lists are handed out as fresh copies so a caller cannot change a default by mutating it.
    return list(value) if isinstance(value, list | tuple) else value
