"""Shipped resources, report font selection and default file locations (core.resources, core.paths)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from core import paths, resources
from core.about import APP_ID, ORG_NAME
from core.resources import FONT_STYLES, font_paths, resource_path, system_times_new_roman

REPO = Path(__file__).resolve().parents[1]
VIETNAMESE_SAMPLE = "ỹựẫĐđơưạặệ"


@pytest.fixture(autouse=True)
def _fresh_font_cache():
    resources._font_paths.cache_clear()
    yield
    resources._font_paths.cache_clear()


def test_resource_path_finds_the_shipped_fonts_and_their_licence():
    for name in ("LiberationSerif-Regular.ttf", "LiberationSerif-BoldItalic.ttf", "OFL.txt", "README.md"):
        path = resource_path("fonts", name)
        assert path.is_file()
        assert path == REPO / "resources" / "fonts" / name


def test_resource_path_finds_the_sample_plans():
    samples = resource_path("samples")
    assert samples.is_dir()
    assert len(list(samples.glob("*.txt"))) >= 5


def test_missing_resource_raises_file_not_found_naming_it():
    with pytest.raises(FileNotFoundError, match="fonts/KhongCo.ttf"):
        resource_path("fonts", "KhongCo.ttf")


def test_resource_path_looks_inside_the_pyinstaller_bundle_when_frozen(tmp_path, monkeypatch):
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "app.png").write_bytes(b"png")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("icons", "app.png") == tmp_path / "resources" / "icons" / "app.png"
    with pytest.raises(FileNotFoundError):
        resource_path("fonts", "LiberationSerif-Regular.ttf")


def test_font_paths_returns_four_existing_files():
    fonts = font_paths()
    assert set(fonts) == set(FONT_STYLES)
    assert all(path.is_file() for path in fonts.values())
    assert len(set(fonts.values())) == 4


def test_font_paths_falls_back_to_shipped_liberation_serif_without_times_new_roman(monkeypatch):
    monkeypatch.setattr(resources, "system_times_new_roman", lambda platform, environ: None)
    fonts = font_paths("serif")
    assert fonts["regular"] == resource_path("fonts", "LiberationSerif-Regular.ttf")
    assert fonts["bolditalic"] == resource_path("fonts", "LiberationSerif-BoldItalic.ttf")


def test_font_paths_rejects_an_unknown_family():
    with pytest.raises(ValueError, match="monospace"):
        font_paths("monospace")


def test_shipped_fonts_cover_vietnamese():
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        face = TTFont(f"Test-{name}", str(resource_path("fonts", f"LiberationSerif-{name}.ttf"))).face
        missing = [char for char in VIETNAMESE_SAMPLE if ord(char) not in face.charToGlyph]
        assert missing == [], f"LiberationSerif-{name} thiếu {missing}"


def _install_fake_fonts(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_bytes(b"\x00\x01\x00\x00")


def test_windows_times_new_roman_is_used_when_all_four_styles_are_installed(tmp_path):
    _install_fake_fonts(tmp_path / "Fonts", ["times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"])
    found = system_times_new_roman("win32", {"WINDIR": str(tmp_path)})
    assert found == {
        "regular": tmp_path / "Fonts" / "times.ttf",
        "bold": tmp_path / "Fonts" / "timesbd.ttf",
        "italic": tmp_path / "Fonts" / "timesi.ttf",
        "bolditalic": tmp_path / "Fonts" / "timesbi.ttf",
    }


def test_windows_without_times_bold_italic_falls_back(tmp_path):
    _install_fake_fonts(tmp_path / "Fonts", ["times.ttf", "timesbd.ttf", "timesi.ttf"])
    assert system_times_new_roman("win32", {"WINDIR": str(tmp_path)}) is None


@pytest.mark.skipif(sys.platform == "win32", reason="fake fc-list is a shell script")
def test_fontconfig_times_new_roman_is_found_by_weight_and_slant(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    listing = "".join(
        f"{fonts}/{file}\t{weight}\t{slant}\\n"
        for file, weight, slant in [
            ("TNR.ttf", 80, 0),
            ("TNR-B.ttf", 200, 0),
            ("TNR-I.ttf", 80, 100),
            ("TNR-BI.ttf", 200, 100),
            ("TNR-Variable.otf", 80, 0),
        ]
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "fc-list").write_text(f"#!/bin/sh\nprintf '{listing}'\n")
    (bin_dir / "fc-list").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    found = system_times_new_roman("linux", {"HOME": str(tmp_path / "home")})
    if found is not None and found["regular"].parent != fonts:
        pytest.skip("this machine has Times New Roman in a standard folder, found before fontconfig")
    assert found == {
        "regular": fonts / "TNR.ttf",
        "bold": fonts / "TNR-B.ttf",
        "italic": fonts / "TNR-I.ttf",
        "bolditalic": fonts / "TNR-BI.ttf",
    }


@pytest.mark.skipif(sys.platform == "win32", reason="fake fc-list is a shell script")
def test_fontconfig_with_only_some_times_styles_falls_back(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "fc-list").write_text(f"#!/bin/sh\nprintf '{tmp_path}/TNR.ttf\\t80\\t0\\n'\n")
    (bin_dir / "fc-list").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert resources._fontconfig_times_new_roman() is None


def test_default_db_path_is_in_the_user_data_folder_which_is_created(tmp_path, monkeypatch):
    asked = []

    def fake_user_data_dir(appname: str, appauthor: str) -> str:
        asked.append((appname, appauthor))
        return str(tmp_path / "data" / appname)

    monkeypatch.setattr(paths, "user_data_dir", fake_user_data_dir)
    path = paths.default_db_path()
    assert asked == [(APP_ID, ORG_NAME)]
    assert path == tmp_path / "data" / APP_ID / "kehoach.sqlite3"
    assert path.parent.is_dir()
    assert not path.exists()


def test_attachments_folder_sits_beside_the_database_named_after_it(tmp_path):
    db = tmp_path / "so-lieu" / "phong-gd.sqlite3"
    assert paths.attachments_dir(db) == tmp_path / "so-lieu" / "phong-gd_tep_dinh_kem"
    assert paths.attachments_dir(str(db)) == tmp_path / "so-lieu" / "phong-gd_tep_dinh_kem"
    assert not paths.attachments_dir(db).exists()
