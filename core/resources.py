"""Files shipped in `resources/`, found the same way from source and from a PyInstaller bundle,
and the serif font files reports are set in (Times New Roman when installed, else Liberation Serif).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

FONT_STYLES = ("regular", "bold", "italic", "bolditalic")

_LIBERATION_SERIF = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}
# File names of Times New Roman as Windows installs it; Debian's ttf-mscorefonts-installer links
# the same names, and people copying fonts from a Windows PC bring these.
_TIMES_WINDOWS_NAMES = {
    "regular": "times.ttf",
    "bold": "timesbd.ttf",
    "italic": "timesi.ttf",
    "bolditalic": "timesbi.ttf",
}
_TIMES_MSCOREFONTS_NAMES = {
    "regular": "Times_New_Roman.ttf",
    "bold": "Times_New_Roman_Bold.ttf",
    "italic": "Times_New_Roman_Italic.ttf",
    "bolditalic": "Times_New_Roman_Bold_Italic.ttf",
}
_TIMES_MACOS_NAMES = {
    "regular": "Times New Roman.ttf",
    "bold": "Times New Roman Bold.ttf",
    "italic": "Times New Roman Italic.ttf",
    "bolditalic": "Times New Roman Bold Italic.ttf",
}


def resources_root() -> Path:
    """The `resources/` folder: beside the code from source, under `sys._MEIPASS` when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. `resource_path("fonts", "OFL.txt")`; it must exist."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        name = "/".join(parts)
        raise FileNotFoundError(
            f"Không tìm thấy tài nguyên '{name}' của chương trình (đã tìm tại {path}). "
            "Bản cài đặt có thể bị thiếu tệp; hãy cài đặt lại."
        )
    return path


def font_paths(family: str = "serif") -> dict[str, Path]:
    """Font files for `regular`, `bold`, `italic`, `bolditalic` of the report typeface.

    The system's Times New Roman when all four styles are installed (the official layout asks for
    it), otherwise the shipped, metric-compatible Liberation Serif.
    """
    return dict(_font_paths(family))


# Cached: fonts do not come and go while the program runs, and fc-list is a subprocess.
@cache
def _font_paths(family: str) -> dict[str, Path]:
    if family != "serif":
        raise ValueError(f"Không có bộ phông '{family}'; chỉ hỗ trợ 'serif'.")
    system = system_times_new_roman(sys.platform, os.environ)
    if system is not None:
        return system
    return {style: resource_path("fonts", name) for style, name in _LIBERATION_SERIF.items()}


def system_times_new_roman(platform: str, environ: Mapping[str, str]) -> dict[str, Path] | None:
    """The four Times New Roman TrueType files installed on this machine, or None if any is missing."""
    if platform == "win32":
        fonts = Path(environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return _complete_set(fonts, _TIMES_WINDOWS_NAMES)
    home = Path(environ.get("HOME", "~")).expanduser()
    user_dirs = [home / ".local" / "share" / "fonts", home / ".fonts"]
    candidates = [
        (Path("/usr/share/fonts/truetype/msttcorefonts"), _TIMES_MSCOREFONTS_NAMES),
        (Path("/System/Library/Fonts/Supplemental"), _TIMES_MACOS_NAMES),
        (Path("/Library/Fonts"), _TIMES_MACOS_NAMES),
        *((folder, _TIMES_WINDOWS_NAMES) for folder in user_dirs),
    ]
    for folder, names in candidates:
        found = _complete_set(folder, names)
        if found is not None:
            return found
    return _fontconfig_times_new_roman()


def _complete_set(folder: Path, names: Mapping[str, str]) -> dict[str, Path] | None:
    paths = {style: folder / name for style, name in names.items()}
    return paths if all(path.is_file() for path in paths.values()) else None


def _fontconfig_times_new_roman() -> dict[str, Path] | None:
    # fc-list, not fc-match: fc-match substitutes Liberation Serif for Times New Roman, which
    # would make a missing font look installed.
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listing = subprocess.run(
        [fc_list, "--format", "%{file}\t%{weight}\t%{slant}\n", ":family=Times New Roman"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, Path] = {}
    for line in listing.splitlines():
        file, weight, slant = (line.split("\t") + ["", ""])[:3]
        # reportlab embeds TrueType outlines only; variable fonts report weight ranges like "[0 210]".
        if not file.lower().endswith(".ttf") or not weight.isdigit() or not slant.isdigit():
            continue
        bold, italic = int(weight) >= 180, int(slant) > 0
        style = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
        found.setdefault(style, Path(file))
    return found if set(found) == set(FONT_STYLES) else None
