"""Plan documents (.txt, .docx, .xlsx annex, .pdf, .doc, .rtf) → ParsedPlan.

`read_plan_file` decides what a file is by its content (and then its name), reads it and
hands the text to `parse_plan_text`: a PDF through its text layer read with positions
(`core.importing.pdf`), scanned pages through OCR (`core.importing.ocr`), a Word 97–2003
.doc or an .rtf converted to .docx first (`core.importing.convert`). Every problem a user can
cause — an empty file, a binary one, a damaged .docx, an encrypted PDF, a scan without OCR
installed, a workbook without a task table, text that is not a plan — raises
`PlanImportError` with one Vietnamese line naming the file. Long reads report progress and
stop when the progress callback raises (see `core.importing.progress`).
"""

# The readers (python-docx, openpyxl, the parser) load when first used (PEP 562): the GUI and
# storage read small modules of this package (units, header rules) at start-up, and only an
# import needs the readers. The light modules are imported here: `to_domain` names both a
# submodule and its function, and importing the submodule would otherwise shadow the function.
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from core.importing.errors import PlanImportError
from core.importing.parsed import (
    Inference,
    ParsedIndicator,
    ParsedPlan,
    ParsedResponsibility,
    ParsedSection,
    ParsedSigner,
    ParsedTask,
    to_json,
)
from core.importing.to_domain import DomainPlan, PlannedIndicator, TaskNode, to_domain

_LAZY = {
    "decode_text": "core.importing.reading",
    "read_plan_file": "core.importing.reading",
    "parse_plan_text": "core.importing.text_parser",
}
__all__ = [
    "DomainPlan",
    "Inference",
    "ParsedIndicator",
    "ParsedPlan",
    "ParsedResponsibility",
    "ParsedSection",
    "ParsedSigner",
    "ParsedTask",
    "PlanImportError",
    "PlannedIndicator",
    "TaskNode",
    "decode_text",
    "parse_plan_text",
    "read_plan_file",
    "to_domain",
    "to_json",
]

if TYPE_CHECKING:
    from core.importing.reading import decode_text, read_plan_file
    from core.importing.text_parser import parse_plan_text


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'core.importing' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value
