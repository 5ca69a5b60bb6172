"""Large inputs: a long run of letters, a 1 MB line, a 10 MB text; progress and Cancel on them.

These check results only; how fast they parse is measured in bench/bench_import_large.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.importing import PlanImportError, parse_plan_text, read_plan_file

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _sample(prefix: str) -> str:
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _words(size: int) -> str:
    """About `size` characters of the samples' words on one line."""
    words = " ".join(_sample(prefix) for prefix in ("000", "001", "003", "004")).split()
    line = " ".join(words)
    return (line + " ") * (size // len(line)) + line[: size % len(line)]


def _lengthened(text: str, content: str, addition: str) -> str:
    """`text` with `addition` at the end of the line where a task's `content` begins."""
    start = text.index(content[:40])
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return f"{text[:end]} {addition}{text[end:]}"


class _Cancelled(Exception):
    pass


def test_a_run_of_100000_letters_alone_is_not_a_plan():
    with pytest.raises(PlanImportError, match="không phải văn bản kế hoạch"):
        parse_plan_text("a" * 100_000, "chu.txt")


def test_a_run_of_100000_letters_inside_a_plan_leaves_its_tasks():
    text = _sample("000")
    expected = parse_plan_text(text)
    long_run = "x" * 100_000
    parsed = parse_plan_text(_lengthened(text, expected.tasks[0].content, long_run))
    assert [task.path for task in parsed.tasks] == [task.path for task in expected.tasks]
    assert long_run in parsed.tasks[0].content
    assert parsed.title == expected.title and parsed.number == expected.number


def test_a_megabyte_of_words_on_one_line_is_not_laid_out_as_a_plan():
    line = _words(1_000_000)
    assert "\n" not in line and len(line) >= 1_000_000
    with pytest.raises(PlanImportError, match="mot-dong.txt: không phải văn bản kế hoạch"):
        parse_plan_text(line, "mot-dong.txt")


def test_a_one_megabyte_line_inside_a_plan_is_kept_whole():
    text = _sample("004")
    expected = parse_plan_text(text)
    line = _words(1_000_000)
    parsed = parse_plan_text(_lengthened(text, expected.tasks[-1].content, line))
    assert [t.path for t in parsed.tasks] == [t.path for t in expected.tasks]
    assert len(parsed.tasks[-1].content) > 1_000_000


def test_a_ten_megabyte_text_parses():
    sample = _sample("003")
    single = parse_plan_text(sample)
    copies = 10_000_000 // len(sample) + 1
    parsed = parse_plan_text("\n\n".join([sample] * copies), "lon.txt")
    assert len(parsed.source_text) >= 10_000_000
    assert parsed.number == single.number and parsed.title == single.title
    assert len(parsed.tasks) >= len(single.tasks)


def test_parse_reports_progress_and_stops_when_the_callback_raises():
    text = "\n\n".join([_sample("003")] * 20)
    calls: list[tuple[int, int, str]] = []

    def watch(done: int, total: int, message: str) -> None:
        calls.append((done, total, message))

    parse_plan_text(text, "x.txt", watch)
    assert len(calls) >= 9 and all(message.startswith("Đang phân tích văn bản") for *_, message in calls)
    assert [done for done, *_ in calls] == sorted(done for done, *_ in calls)  # the bar never goes back
    assert calls[-1][0] == calls[-1][1]

    def cancel(done: int, total: int, message: str) -> None:
        if done >= 3:
            raise _Cancelled

    with pytest.raises(_Cancelled):
        parse_plan_text(text, "x.txt", cancel)


def test_read_plan_file_passes_its_progress_to_the_parse(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(_sample("000"), encoding="utf-8")
    messages: list[str] = []
    read_plan_file(path, lambda done, total, message: messages.append(message))
    assert "Đang phân tích văn bản…" in messages


# Long runs of the characters the parser's patterns look for: letters, digits, dots, blanks,
# markers, quotes, brackets, tabs and " | " cells, newlines, dates and numbers.
_PIECES = st.sampled_from([
    "a", "Ạ", "1", ".", " ", "\t", "\n", "\n\n", "*", "<p>", "&amp;", " | ", "- ", "1. ", "a) ", "I. ",
    "“", "(", ", ngày ", "tháng ", "năm 2024", "Số: ", "/KH-UBND", "Phòng Giáo dục và Đào tạo ", "chủ trì",
    "%", "KẾ HOẠCH", "Nơi nhận:", "TM. ", "Phụ lục ", "_", "…",
])  # fmt: skip
_LONG_TEXT = st.lists(
    st.tuples(st.lists(_PIECES, min_size=1, max_size=4).map("".join), st.integers(1, 5_000)),
    min_size=1,
    max_size=6,
).map(lambda runs: "".join(piece * count for piece, count in runs))


@settings(max_examples=25, deadline=None)
@given(_LONG_TEXT)
def test_long_generated_inputs_raise_nothing_but_plan_import_error(text):
    try:
        parsed = parse_plan_text(text, "sinh.txt")
    except PlanImportError as error:
        assert "\n" not in str(error)
        return
    assert parsed.source_text == text


def test_a_long_annex_table_reports_progress_inside_its_rows_and_can_be_cancelled():
    rows = "".join(
        f"{number}\tTổ chức nhiệm vụ số {number}\tPhòng Giáo dục và Đào tạo\tCác trường học\tTháng 5/2024\n"
        for number in range(1, 3001)
    )
    text = "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\nTT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n" + rows
    messages: list[str] = []
    parsed = parse_plan_text(text, "phu-luc.txt", lambda done, total, message: messages.append(message))
    assert len(parsed.tasks) == 3000
    assert "Đang phân tích văn bản (2500/3000)…" in messages

    def cancel_in_the_rows(done: int, total: int, message: str) -> None:
        if "(1000/3000)" in message:
            raise _Cancelled

    with pytest.raises(_Cancelled):
        parse_plan_text(text, "phu-luc.txt", cancel_in_the_rows)
