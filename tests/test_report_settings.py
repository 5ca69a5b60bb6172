"""Office identity settings as reports use them: saved together or not at all, margins within the decree."""

from __future__ import annotations

import pytest

from storage.database import StorageError
from storage.settings import SETTINGS, get_setting, set_settings


def test_several_settings_are_saved_together(db):
    set_settings(
        db,
        {
            "office.issuing_body": "Phòng Văn hóa - Xã hội",
            "office.abbreviation": "VHXH",
            "signer.authority": ["KT. TRƯỞNG PHÒNG"],
            "margins.left": 35,
        },
    )
    assert get_setting(db, "office.issuing_body") == "Phòng Văn hóa - Xã hội"
    assert get_setting(db, "signer.authority") == ["KT. TRƯỞNG PHÒNG"]
    assert get_setting(db, "margins.left") == 35


def test_one_bad_value_saves_none_of_them(db):
    with pytest.raises(StorageError, match="Lề trái"):
        set_settings(db, {"office.place": "Phong Thổ", "margins.left": 28})
    assert get_setting(db, "office.place") == ""
    with pytest.raises(KeyError):
        set_settings(db, {"office.place": "Phong Thổ", "theme": "dark"})
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("margins.top", 20, 25),
        ("margins.bottom", 20, 25),
        ("margins.left", 30, 35),
        ("margins.right", 15, 20),
    ],
)
def test_margins_are_limited_to_the_ranges_of_the_decree(db, key, low, high):
    assert (SETTINGS[key].minimum, SETTINGS[key].maximum) == (low, high)
    set_settings(db, {key: high})
    for wrong in (low - 1, high + 1):
        with pytest.raises(StorageError):
            set_settings(db, {key: wrong})
    assert get_setting(db, key) == high
