"""Whether a target (chỉ tiêu) is met: the comparator applied to an actual figure.

A target is a value with a comparator (≥ "trở lên/tối thiểu", > "trên", = "đạt", ≤ "dưới/không
quá", < "dưới") and, for counts written "41/51 trường", a numerator over a denominator. An actual
figure is either a value in the target's measure or a count out of a total; counts are compared
as counts when the target is one, else turned into a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.model import Indicator

COMPARATOR_LABELS = {">=": "từ … trở lên", ">": "trên", "=": "đạt", "<=": "không quá", "<": "dưới"}
COMPARATOR_SYMBOLS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}


@dataclass(frozen=True, slots=True)
class Actual:
    """A reported figure: `value` in the indicator's measure, or `numerator` of `denominator`."""

    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None

    def as_value(self, measure: str) -> float | None:
        if self.value is not None:
            return self.value
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator if measure == "%" else float(self.numerator)
        return None


def target_text(indicator: Indicator) -> str:
    """The target as a clerk writes it in a table: "≥ 98%", "41/51 (80,39%)", "09 trường"."""
    from core.vntext import format_number

    symbol = COMPARATOR_SYMBOLS.get(indicator.comparator, "")
    if indicator.numerator is not None and indicator.denominator:
        ratio = f"{indicator.numerator}/{indicator.denominator}"
        if indicator.target_value is not None and indicator.measure == "%":
            return f"{ratio} ({format_number(indicator.target_value)}%)"
        return f"{ratio} {indicator.measure}".strip()
    if indicator.target_value is None:
        return ""
    value = format_number(indicator.target_value)
    measure = "%" if indicator.measure == "%" else f" {indicator.measure}"
    prefix = f"{symbol} " if symbol and symbol != "=" else ""
    return f"{prefix}{value}{measure}"


def target_value(indicator: Indicator) -> float | None:
    """The number an actual figure is compared with, in the indicator's measure.

    A count target ("41/51 trường") compares counts; a percentage one compares percentages.
    """
    counted = indicator.numerator is not None and bool(indicator.denominator)
    if counted and indicator.measure != "%":
        return float(indicator.numerator)
    if indicator.target_value is not None:
        return indicator.target_value
    if counted:
        return indicator.numerator * 100 / indicator.denominator
    return None


def is_met(indicator: Indicator, actual: Actual) -> bool | None:
    """True when the actual figure meets the target, False when not, None when either is unknown."""
    target = target_value(indicator)
    value = actual.as_value(indicator.measure)
    if target is None or value is None:
        return None
    # Figures are typed with two decimals at most; compare at that precision.
    value, target = round(value, 6), round(target, 6)
    return {
        ">=": value >= target,
        ">": value > target,
        "=": value >= target,  # "đạt 100%": reaching the figure is meeting it
        "<=": value <= target,
        "<": value < target,
    }[indicator.comparator]


def achievement_rate(indicator: Indicator, actual: Actual) -> float | None:
    """Actual ÷ target as a fraction (1.0 = exactly the target); None when it cannot be computed.

    For "less is better" targets (≤, <) the rate is target ÷ actual, so 1.0 still means met.
    """
    target = target_value(indicator)
    value = actual.as_value(indicator.measure)
    if target is None or value is None:
        return None
    if indicator.comparator in ("<=", "<"):
        return None if value == 0 else target / value
    return None if target == 0 else value / target
