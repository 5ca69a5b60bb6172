"""The packaged application: pyinstaller.spec builds a one-folder bundle that starts and ships resources/.

Slow (the build takes tens of seconds) but part of CI: a missing hidden import, data file or Qt
plugin only shows up in the frozen program.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.about import APP_ID, VERSION

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/<APP_ID>/ built from pyinstaller.spec with the running (.venv) interpreter's PyInstaller."""
    out = tmp_path_factory.mktemp("pyinstaller")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(out / "dist"), "--workpath", str(out / "build"), str(REPO / "pyinstaller.spec"),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    return out / "dist" / APP_ID


def _isolated_env(home: Path) -> dict[str, str]:
    # The program remembers recent files in QSettings; keep that out of the real user's profile.
    home.mkdir(exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    return env


def test_built_application_opens_its_main_window_on_a_new_database(bundle, tmp_path):
    db = tmp_path / "du-lieu" / "kehoach moi.sqlite3"
    db.parent.mkdir()
    result = subprocess.run(
        [str(bundle / f"{APP_ID}{EXE_SUFFIX}"), "--smoke-test", "--db", str(db)],
        env=_isolated_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert db.is_file()
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"


def test_built_console_twin_runs_headless(bundle, tmp_path):
    result = subprocess.run(
        [str(bundle / f"{APP_ID}-cli{EXE_SUFFIX}"), "--version"],
        env=_isolated_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert VERSION in result.stdout


def test_bundle_ships_every_resource_including_the_font_licence(bundle):
    shipped = {
        path.relative_to(REPO / "resources").as_posix()
        for path in (REPO / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    root = bundle / "_internal" / "resources"
    bundled = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
    assert {"fonts/OFL.txt", "fonts/LiberationSerif-Regular.ttf", "samples/README.md"} <= bundled
    assert shipped - bundled == set()


def test_every_headless_command_works_in_the_bundle(bundle, tmp_path):
    """Commands are imported by name at run time: each must be in the bundle, with its libraries."""
    cli = str(bundle / f"{APP_ID}-cli{EXE_SUFFIX}")
    env = _isolated_env(tmp_path / "home")
    db = tmp_path / "kehoach.sqlite3"
    sample = REPO / "resources" / "samples" / "002_2317825042ac3b9f.txt"

    def run(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{args[0]}: exit {result.returncode}\n{result.stderr}"
        return result

    imported = run("import-plan", str(sample), "--db", str(db), "--json")
    plan_id = str(json.loads(imported.stdout)["plan_id"])
    run("deadlines", "--db", str(db), "--as-of", "2025-12-31", "--json")
    run("office", "--db", str(db), "--name", "Phòng Giáo dục và Đào tạo", "--symbol", "PGDĐT", "--json")
    derived = run("derive-plan", "--db", str(db), "--from", plan_id, "--ours", "--json")
    assert json.loads(derived.stdout)["tasks"]
    run("deadlines", "--db", str(db), "--plan", plan_id, "--rollup", "--json")
    run("report", "plan", "--plan", plan_id, "--out", str(tmp_path / "kh.pdf"), "--db", str(db))
    run("export-xlsx", "template", "--plan", plan_id, "--out", str(tmp_path / "mau.xlsx"), "--db", str(db))
    run("import-xlsx", str(tmp_path / "mau.xlsx"), "--db", str(db), "--dry-run", "--json")
    run("backup", "--db", str(db), str(tmp_path / "saoluu.sqlite3"))
    run("check", "--db", str(db))
    assert (tmp_path / "kh.pdf").read_bytes()[:5] == b"%PDF-"
