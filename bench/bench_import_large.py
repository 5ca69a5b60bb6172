"""Benchmark of the plan parser on large inputs: it must stay linear, whatever the text.

Targets: a run of 100,000 letters without spaces under 1 s (it took over 150 s while the
date-line search was quadratic); a 1 MB line of words under 2 s, alone and inside a plan; a
13 MB line under 20 s; a 10 MB text (the five samples repeated) under 20 s; the same 10 MB
saved in TCVN3 read from disk (encoding found, converted, parsed) under 20 s.
`run()` is what bench/run.py collects; `python bench/bench_import_large.py` prints the figures.
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, median_seconds, under  # noqa: E402  (needs the path set above)
from core.importing import PlanImportError, parse_plan_text, read_plan_file  # noqa: E402
from core.importing.legacy_text import TCVN3, encode  # noqa: E402

SAMPLES = REPO / "resources" / "samples"


def _samples() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]


def _words_line(size: int) -> str:
    """`size` characters of the samples' words in random order on one line (", ngày" among them)."""
    words = " ".join(_samples()).split()
    chooser = random.Random(13)
    return " ".join(chooser.choice(words) for _ in range(size // 5))[:size]


def _inside_plan(addition: str) -> str:
    """Sample 004 with `addition` at the end of its last task's first line."""
    text = _samples()[4]
    start = text.index(parse_plan_text(text).tasks[-1].content[:40])
    end = text.index("\n", start)
    return f"{text[:end]} {addition}{text[end:]}"


def _ten_megabytes() -> str:
    text = "\n\n".join(_samples())
    return "\n\n".join([text] * (10_000_000 // len(text) + 1))


def _parse(text: str) -> Callable[[], object]:
    def action() -> object:
        try:
            return parse_plan_text(text, "lon.txt")
        except PlanImportError as error:  # text that is no plan is refused: also an answer
            return error

    return action


def run() -> list[Result]:
    letters = "a" * 100_000
    line = _words_line(1_000_000)
    large = _ten_megabytes()
    results = [
        under("parse a run of 20,000 letters", median_seconds(_parse("a" * 20_000), repeat=3), 0.5),
        under("parse a run of 100,000 letters", median_seconds(_parse(letters), repeat=3), 1.0),
        under("parse a 1 MB line of words", median_seconds(_parse(line), repeat=3), 2.0, unit="s"),
        under(
            "parse a plan with a 1 MB line in a task",
            median_seconds(_parse(_inside_plan(line)), repeat=3),
            2.0,
            unit="s",
        ),
        under(
            "parse a 13 MB line of words",
            median_seconds(_parse(_words_line(13_000_000)), repeat=1, warmup=0),
            20.0,
            unit="s",
        ),
        under(
            f"parse a {len(large) / 1e6:.0f} MB text (samples repeated)",
            median_seconds(_parse(large), repeat=1, warmup=0),
            20.0,
            unit="s",
        ),
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tcvn3.txt"
        path.write_bytes(encode(large, TCVN3))
        seconds = median_seconds(lambda: read_plan_file(path), repeat=1, warmup=0)
        results.append(under("read a 10 MB TCVN3 .txt (detect, convert, parse)", seconds, 20.0, unit="s"))
    return results


def main() -> int:
    for result in run():
        verdict = "ok" if result.met else "SLOW"
        target = f"target {result.target}, {verdict}"
        print(f"{result.name}: {result.value:g} {result.unit} ({target})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
