"""Word 97–2003 (.doc) and RTF files → a temporary .docx, through LibreOffice or Microsoft Word.

(Being written: see issue 10. Interface used by read_plan_file.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.importing.progress import ProgressCallback


@contextmanager
def converted_docx(path: Path, progress: ProgressCallback) -> Iterator[Path]:
    """A .docx made from `path` in a temporary folder, removed on exit."""
    raise NotImplementedError
    yield path
