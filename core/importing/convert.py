"""Word 97–2003 (.doc) and RTF files → a temporary .docx, through LibreOffice or Microsoft Word.

LibreOffice runs headless with a profile of its own in the temporary folder (so a LibreOffice the
user has open does not take the job, and nothing of theirs is touched), with a time limit. The
process is polled, so the progress callback runs about twice a second and Cancel stops it.
On Windows without LibreOffice, Microsoft Word does the same through PowerShell automation.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.importing.errors import PlanImportError
from core.importing.progress import ProgressCallback

TIMEOUT = 120.0  # seconds
INSTALL = (
    "cần LibreOffice (hoặc Microsoft Word trên Windows) để đọc tệp .doc/.rtf; trên Windows cài LibreOffice"
    " từ libreoffice.org, trên Debian/Ubuntu: apt-get install libreoffice-writer-nogui;"
    " hoặc mở tệp bằng Word và lưu thành .docx"
)
_WORD_SCRIPT = (
    "$w = New-Object -ComObject Word.Application; $w.Visible = $false; "
    "try {{ $d = $w.Documents.Open('{source}', $false, $true); "
    "$d.SaveAs2('{target}', 16); $d.Close($false) }} "
    "finally {{ $w.Quit() }}"
)


def libreoffice() -> str | None:
    """The LibreOffice program, if one is installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places = ["/usr/lib/libreoffice/program/soffice", *glob.glob("/opt/libreoffice*/program/soffice")]
    if os.name == "nt":
        for root in (os.environ.get("PROGRAMFILES", ""), os.environ.get("PROGRAMFILES(X86)", "")):
            if root:
                places.append(os.path.join(root, "LibreOffice", "program", "soffice.exe"))
    return next((place for place in places if os.path.isfile(place)), None)


def _word_available() -> bool:
    return os.name == "nt" and shutil.which("powershell") is not None


def _run(command: list[str], name: str, progress: ProgressCallback) -> None:
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    started = time.monotonic()
    try:
        while process.poll() is None:
            elapsed = time.monotonic() - started
            if elapsed > TIMEOUT:
                raise PlanImportError(f"Không nhập được tệp {name}: chuyển đổi quá {TIMEOUT:.0f} giây.")
            progress(0, 0, f"Đang chuyển đổi {name} sang .docx…")
            time.sleep(0.5)
    finally:
        if process.poll() is None:  # cancelled or timed out
            process.kill()
            process.wait()


@contextmanager
def converted_docx(path: Path, progress: ProgressCallback) -> Iterator[Path]:
    """A .docx made from `path` in a temporary folder, removed on exit."""
    path = Path(path)
    office = libreoffice()
    if office is None and not _word_available():
        raise PlanImportError(f"Không nhập được tệp {path.name}: {INSTALL}.")
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as folder:
        work = Path(folder)
        # A plain name: LibreOffice and Word both stumble on some characters in paths.
        source = work / ("nguon" + path.suffix.lower())
        shutil.copyfile(path, source)
        target = work / "nguon.docx"
        if office is not None:
            profile = (work / "profile").resolve().as_uri()
            command = [
                office,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "docx",
                "--outdir",
                str(work),
                str(source),
            ]
        else:
            script = _WORD_SCRIPT.format(
                source=str(source).replace("'", "''"), target=str(target).replace("'", "''")
            )
            command = ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]
        _run(command, path.name, progress)
        if not target.is_file() or target.stat().st_size == 0:
            raise PlanImportError(
                f"Không nhập được tệp {path.name}: không chuyển được sang .docx"
                " (tệp hỏng hoặc không phải văn bản Word)."
            )
        yield target
