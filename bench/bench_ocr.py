"""Benchmark of the scan and old-Word paths: OCR of one scanned page, and a .doc converted by LibreOffice.

Targets: one scanned A4 page read by Tesseract (vie) in under 5 seconds; the received Word 97 file
converted and read in under 10 seconds (LibreOffice's start-up dominates). Uses the received samples
in ../shared; `python bench/bench_ocr.py` prints the figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, median_seconds, under  # noqa: E402  (needs the path set above)
from core.importing import read_plan_file  # noqa: E402
from core.importing.ocr import ocr_pages  # noqa: E402

RECEIVED = REPO.parent / "shared" / "samples" / "received"
SCAN = RECEIVED / "15_sgd-bacgiang-HD-2020-ky-nang-song-scan.pdf"
DOC = RECEIVED / "16_bgddt-ttlt-42-2013-word97.doc"


def run() -> list[Result]:
    results: list[Result] = []
    if SCAN.exists():
        seconds = median_seconds(lambda: ocr_pages(SCAN, [0], lambda *_: None), repeat=3, warmup=0)
        results.append(under("OCR of one scanned page (200 dpi, Tesseract vie)", seconds, 5.0, unit="s"))
    if DOC.exists():
        seconds = median_seconds(lambda: read_plan_file(DOC), repeat=3, warmup=0)
        results.append(under("read a Word 97 .doc through LibreOffice headless", seconds, 10.0, unit="s"))
    return results


def main() -> int:
    for result in run():
        verdict = "ok" if result.met else "SLOW"
        print(f"{result.name}: {result.value} {result.unit} (target {result.target}, {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
