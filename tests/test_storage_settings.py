"""Settings declared once with type and default, stored in the database file."""

import unicodedata

import pytest

from storage.database import StorageError, open_database
from storage.settings import SETTINGS, all_settings, get_setting, set_setting


def test_every_declared_setting_reads_as_its_default_in_a_new_database(db):
    assert all_settings(db) == {
        "warn_days": 7,
        "office.parent_body": "",
        "office.issuing_body": "",
        "office.place": "",
        "office.abbreviation": "",
        "office.kind": "",
        "office.unit_id": 0,
        "signer.authority": [],
        "signer.title": "",
        "signer.name": "",
        "recipients": [],
        "margins.top": 20,
        "margins.bottom": 20,
        "margins.left": 30,
        "margins.right": 15,
        "backup.second_folder": "",
    }
    assert set(SETTINGS) == set(all_settings(db))


def test_settings_round_trip_as_nfc_and_survive_reopening(db, db_path):
    set_setting(db, "warn_days", 10)
    set_setting(db, "office.issuing_body", unicodedata.normalize("NFD", "ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG"))
    set_setting(db, "signer.authority", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"))
    set_setting(db, "recipients", ["Như trên;", "Lưu: VT."])
    db.close()
    reopened = open_database(db_path)
    try:
        assert get_setting(reopened, "warn_days") == 10
        assert get_setting(reopened, "office.issuing_body") == "ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG"
        assert get_setting(reopened, "signer.authority") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
        assert get_setting(reopened, "recipients") == ["Như trên;", "Lưu: VT."]
    finally:
        reopened.close()


def test_changing_a_returned_list_does_not_change_the_default(db):
    get_setting(db, "recipients").append("Lưu: VT.")
    assert get_setting(db, "recipients") == []


def test_an_unknown_key_raises_key_error(db):
    with pytest.raises(KeyError):
        get_setting(db, "theme")
    with pytest.raises(KeyError):
        set_setting(db, "theme", "dark")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("warn_days", "7"),
        ("warn_days", True),
        ("warn_days", 7.5),
        ("warn_days", -1),
        ("margins.left", 500),
        ("office.place", 12),
        ("recipients", "Như trên"),
        ("signer.authority", ["KT. CHỦ TỊCH", 3]),
    ],
)
def test_a_value_of_the_wrong_type_or_range_is_refused(db, key, value):
    with pytest.raises(StorageError, match="không hợp lệ"):
        set_setting(db, key, value)
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_a_damaged_stored_value_is_reported_not_guessed(db):
    db.execute("INSERT INTO settings (key, value) VALUES ('warn_days', '\"bảy\"')")
    with pytest.raises(StorageError, match="warn_days"):
        get_setting(db, "warn_days")
