"""Task paths ("II.1.a") from the ordinals printed in a plan's task tree, and the ordinal that
comes next (Roman sections, numbers, points in Vietnamese order)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.tasktree import (
    POINT_LETTERS,
    first_child_ordinal,
    next_ordinal,
    normalise_ordinal,
    point_letter,
    roman,
    roman_value,
    task_paths,
)
from core.vntext import sort_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.", "1"),
        ("1", "1"),
        ("a)", "a"),
        (" a) ", "a"),
        ("(2)", "2"),
        ("II.", "II"),
        ("1.1.", "1.1"),
        ("1.2", "1.2"),
        ("đ)", "đ"),
        ("-", "-"),
        ("+", "+"),
        ("•", "•"),
        ("", ""),
        ("1 .", "1"),
    ],
)
def test_normalise_ordinal_strips_punctuation_and_spaces(text, expected):
    assert normalise_ordinal(text) == expected


def test_paths_join_each_level_with_dots():
    nodes = [
        ("s2", None, "II."),
        ("t1", "s2", "1."),
        ("t1a", "t1", "a)"),
        ("t1b", "t1", "b)"),
        ("t2", "s2", "2."),
    ]
    assert task_paths(nodes) == {"s2": "II", "t1": "II.1", "t1a": "II.1.a", "t1b": "II.1.b", "t2": "II.2"}


@pytest.mark.parametrize("bullet", ["-", "+", "*", "•", "", " ", "–"])
def test_bullets_and_empty_ordinals_get_their_position_among_siblings(bullet):
    nodes = [("s", None, "I."), ("a", "s", bullet), ("b", "s", bullet), ("c", "s", bullet)]
    assert task_paths(nodes) == {"s": "I", "a": "I.1", "b": "I.2", "c": "I.3"}


def test_bullet_position_counts_every_sibling():
    nodes = [("t", None, "1."), ("a", "t", "a)"), ("b", "t", "b)"), ("dash", "t", "-")]
    assert task_paths(nodes)["dash"] == "1.3"


def test_bullet_positions_restart_under_each_parent():
    nodes = [
        ("a", None, "a)"), ("a1", "a", "-"), ("a2", "a", "-"),
        ("b", None, "b)"), ("b1", "b", "-"),
    ]
    assert task_paths(nodes) == {"a": "a", "a1": "a.1", "a2": "a.2", "b": "b", "b1": "b.1"}


@pytest.mark.parametrize(
    ("parent_ordinal", "child_ordinal", "expected"),
    [
        ("1.", "1.2.", "II.1.2"),  # the child repeats its parent's number
        ("1.", "1.2", "II.1.2"),
        ("1", "2", "II.1.2"),
        ("1.", "1.", "II.1.1"),  # same number without a dot after it is the child's own
        ("2.", "1.2", "II.2.1.2"),  # a different parent number is kept
        ("1.", "11.2", "II.1.11.2"),  # "11." does not start with "1."
    ],
)
def test_child_ordinal_repeating_the_parent_number_contributes_only_its_own_part(
    parent_ordinal, child_ordinal, expected
):
    nodes = [("s", None, "II."), ("p", "s", parent_ordinal), ("c", "p", child_ordinal)]
    assert task_paths(nodes)["c"] == expected


def test_deep_numbering_repeating_several_levels_is_reduced():
    nodes = [("s", None, "II"), ("p", "s", "1."), ("q", "p", "1.2."), ("r", "q", "1.2.3.")]
    assert task_paths(nodes) == {"s": "II", "p": "II.1", "q": "II.1.2", "r": "II.1.2.3"}


def test_roots_without_ordinals_are_numbered():
    assert task_paths([(10, None, ""), (11, None, ""), (12, 11, "a)")]) == {10: "1", 11: "2", 12: "2.a"}


def test_empty_tree_has_no_paths():
    assert task_paths([]) == {}


def test_child_before_its_parent_is_refused():
    with pytest.raises(ValueError, match="đứng trước nhiệm vụ cha"):
        task_paths([("c", "p", "a)"), ("p", None, "1.")])


def test_duplicate_key_is_refused():
    with pytest.raises(ValueError, match="bị lặp"):
        task_paths([("a", None, "1."), ("a", None, "2.")])


@st.composite
def trees(draw):
    """Random trees in tree order, with ordinals drawn from what plans print."""
    ordinals = st.sampled_from(["I.", "II.", "1.", "2.", "1.1.", "a)", "b)", "-", "+", "", "•"])
    nodes = []

    def grow(parent, depth):
        for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
            key = len(nodes)
            nodes.append((key, parent, draw(ordinals)))
            grow(key, depth + 1)

    grow(None, 0)
    return nodes


@given(trees())
def test_every_path_extends_its_parents_path_by_one_segment(nodes):
    paths = task_paths(nodes)
    assert set(paths) == {key for key, _, _ in nodes}
    for key, parent, _ in nodes:
        assert paths[key]
        if parent is not None:
            assert paths[key].startswith(paths[parent] + ".")
            assert paths[key].count(".") > paths[parent].count(".")


@pytest.mark.parametrize(
    ("ordinal", "following"),
    [
        ("I", "II"), ("IV", "V"), ("XIX", "XX"), ("XX", "XXI"), ("XXXVIII", "XXXIX"),
        ("1", "2"), ("9.", "10."), ("1.2", "1.3"),
        ("a)", "b)"), ("d)", "đ)"), ("đ)", "e)"), ("e)", "g)"), ("i)", "k)"), ("u)", "v)"), ("x)", "y)"),
        ("D)", "Đ)"), ("Đ)", "E)"), ("C)", "D)"),
        ("y)", "y)"), ("-", "-"), ("+", "+"), ("", ""),
    ],
)  # fmt: skip
def test_next_ordinal_continues_the_numbering_in_vietnamese_order(ordinal, following):
    assert next_ordinal(ordinal) == following


def test_first_child_ordinal_goes_one_level_down():
    assert [first_child_ordinal(o) for o in ("II", "XIV", "3", "b)", "")] == ["1", "1", "a)", "-", "I"]


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_read_back_the_number_they_write(number):
    assert roman_value(roman(number)) == number


@given(st.integers(min_value=0, max_value=len(POINT_LETTERS) - 2))
def test_points_follow_one_another_through_the_vietnamese_alphabet(index):
    letter = point_letter(index)
    assert next_ordinal(f"{letter})") == f"{point_letter(index + 1)})"
    assert sort_key(letter) < sort_key(point_letter(index + 1))
