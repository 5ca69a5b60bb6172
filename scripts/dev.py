#!/usr/bin/env python3
"""Set up, then run the application or its tests: the README's Quick start.

    python3 scripts/dev.py run  [main.py arguments, e.g. --db PATH]    (Windows: py scripts\\dev.py run)
    python3 scripts/dev.py test [pytest arguments, e.g. -q -k fonts]
    python3 scripts/dev.py bench [name filter]    runs bench/ and writes docs/benchmarks.md

Set-up, each step skipped when already done: on Debian/Ubuntu the system libraries Qt and the
tests need (apt-get), the virtual environment `.venv` in the repository root, and the pinned
packages of requirements-dev.txt (installed again only when a requirements file changes).
Standard library only, because it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"
VENV_PYTHON = VENV / "Scripts" / "python.exe" if os.name == "nt" else VENV / "bin" / "python"
STAMP = VENV / "dev-requirements.sha256"
REQUIREMENTS = (REPO / "requirements.txt", REPO / "requirements-dev.txt")
# Debian 12 names. Qt's xcb platform plugin loads the libxcb-*/libxkbcommon-x11 set at run time, so
# pip cannot bring them; fonts-liberation2 and poppler-utils (pdftotext) are used by the tests.
# Tesseract with its Vietnamese data reads scanned PDFs, LibreOffice converts .doc/.rtf: both are
# real components of the importer, so the tests of those paths run instead of skipping; Calc
# re-saves a collection template in the exchange tests as an office's LibreOffice would.
SYSTEM_PACKAGES = (
    "libgl1", "libegl1", "libglib2.0-0", "libdbus-1-3", "libfontconfig1", "libxkbcommon0",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0", "libxcb-randr0", "libxcb-xfixes0",
    "fonts-liberation2", "poppler-utils", "tesseract-ocr", "tesseract-ocr-vie", "libreoffice-writer-nogui",
    "libreoffice-calc-nogui",
)  # fmt: skip


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def fail(message: str) -> NoReturn:
    print(f"[dev] LỖI / ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def requirements_digest() -> str:
    digest = hashlib.sha256()
    for path in REQUIREMENTS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def venv_has_pip() -> bool:
    if not VENV_PYTHON.exists():
        return False
    probe = subprocess.run([str(VENV_PYTHON), "-m", "pip", "--version"], capture_output=True)
    return probe.returncode == 0


def missing_system_packages(need_venv: bool) -> list[str]:
    wanted = list(SYSTEM_PACKAGES)
    # Debian's python3 ships without ensurepip, so `python3 -m venv` fails until python3-venv is in.
    if need_venv and importlib.util.find_spec("ensurepip") is None:
        wanted.append("python3-venv")
    query = ["dpkg-query", "-W", "--showformat=${Package} ${db:Status-Abbrev}\n", *wanted]
    # Exits 1 when some package is unknown to dpkg, which only means it is missing.
    listing = subprocess.run(query, capture_output=True, text=True)
    installed = {fields[0] for fields in map(str.split, listing.stdout.splitlines()) if fields[1:2] == ["ii"]}
    return [package for package in wanted if package not in installed]


def install_system_packages(packages: list[str]) -> None:
    apt = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    if os.geteuid() != 0:
        apt = ["sudo", *apt] if shutil.which("sudo") else []
    manual = f"apt-get update && apt-get install -y --no-install-recommends {' '.join(packages)}"
    if not apt or not shutil.which("apt-get"):
        fail(
            "thiếu các gói hệ thống sau, hãy cài bằng quyền root / missing system packages, "
            f"install them as root:\n    {manual}"
        )
    say(f"cài gói hệ thống / installing system packages: {' '.join(packages)}")
    for command in (["-qq", "update"], ["-q", "install", "-y", "--no-install-recommends", *packages]):
        if subprocess.run([*apt, *command], stdin=subprocess.DEVNULL).returncode != 0:
            fail(
                "không cài được gói hệ thống; hãy chạy với quyền root / could not install system "
                f"packages; run as root:\n    {manual}"
            )


def set_up() -> None:
    # This file may be run by any python3 on the PATH; the code it sets up needs 3.11.
    if sys.version_info < (3, 11):  # noqa: UP036
        fail(f"cần Python 3.11 trở lên / Python 3.11+ is required (this is {sys.version.split()[0]})")
    digest = requirements_digest()
    up_to_date = VENV_PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == digest
    need_venv = not up_to_date and not venv_has_pip()
    if sys.platform.startswith("linux"):
        if shutil.which("dpkg-query"):
            missing = missing_system_packages(need_venv)
            if missing:
                install_system_packages(missing)
        else:
            say("không có dpkg (không phải Debian/Ubuntu): bỏ qua thư viện hệ thống / "
                "no dpkg: skipping the system-library check")  # fmt: skip
    if need_venv:
        say(f"tạo môi trường ảo / creating {VENV.name} with Python {sys.version.split()[0]}")
        # --clear: a .venv left half-made by an earlier failed attempt has a python but no pip.
        command = [sys.executable, "-m", "venv", "--clear", str(VENV)]
        if subprocess.run(command).returncode != 0:
            fail(f"không tạo được {VENV} / could not create the virtual environment")
    if not up_to_date:
        say("cài thư viện Python (lần đầu mất vài phút) / installing Python packages (slow the first time)")
        STAMP.unlink(missing_ok=True)
        pip = [str(VENV_PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        if subprocess.run([*pip, "--progress-bar", "off", "-r", str(REQUIREMENTS[1])]).returncode != 0:
            fail("pip install -r requirements-dev.txt thất bại / failed (xem lỗi ở trên / see above)")
        STAMP.write_text(digest + "\n")
    say("môi trường sẵn sàng / environment ready")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "bench"):
        print(*__doc__.strip().splitlines()[:4], sep="\n", file=sys.stderr)
        return 2
    command, extra = argv[0], argv[1:]
    set_up()
    if command == "run":
        # The user's working directory is kept so that relative paths such as --db data.sqlite3 work.
        return subprocess.run([str(VENV_PYTHON), str(REPO / "main.py"), *extra]).returncode
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if command == "bench":
        bench = [str(VENV_PYTHON), str(REPO / "bench" / "run.py"), *extra]
        return subprocess.run(bench, cwd=REPO, env=env).returncode
    say(f"pytest {' '.join(extra)}".rstrip())
    # `python -m pytest` puts the repository root on sys.path, so tests import core/, storage/, gui/.
    return subprocess.run([str(VENV_PYTHON), "-m", "pytest", *extra], cwd=REPO, env=env).returncode


if __name__ == "__main__":
    if os.name == "nt":
        # Redirected output on Windows uses the ANSI code page, which has no Vietnamese letters.
        for stream in (sys.stdout, sys.stderr):
            stream.reconfigure(encoding="utf-8")
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
