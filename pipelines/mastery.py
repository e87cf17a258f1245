"""Reference definitions of the mastery arithmetic the warehouse computes in SQL.

The dbt models are the implementation analysts query; these small functions state the same
rules in their textbook form (design/mastery.md) so the tests can hold the SQL to them: the
recursive decaying average against the closed-form weights `mastery.sql` sums, and the
normalisation `fct_evidence.sql` applies.
"""

from __future__ import annotations

from collections.abc import Sequence

DEFAULT_RATE = 0.65
DEFAULT_CUTS = (0.5, 0.7, 0.9)  # lower bounds of Developing, Proficient, Exceeds
LEVEL_LABELS = {1: "Beginning", 2: "Developing", 3: "Proficient", 4: "Exceeds"}
SCALE_MAX = 4


def decaying_average(scores: Sequence[float], rate: float = DEFAULT_RATE) -> float:
    """Canvas / Mastery Connect: d1 = s1, dk = (1 - r)·d(k-1) + r·sk, scores oldest first."""
    if not scores:
        raise ValueError("a decaying average needs at least one score")
    value = scores[0]
    for score in scores[1:]:
        value = (1 - rate) * value + rate * score
    return value


def decaying_average_weights(count: int, rate: float = DEFAULT_RATE) -> list[float]:
    """The closed form SQL can sum in one pass: (1-r)^(n-1) for the first, r(1-r)^(n-k) after."""
    if count < 1:
        raise ValueError("a decaying average needs at least one score")
    return [(1 - rate) ** (count - 1)] + [
        rate * (1 - rate) ** (count - k) for k in range(2, count + 1)
    ]


def normalised_score(
    scaled: float | None = None,
    raw: float | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    success: bool | None = None,
) -> float | None:
    """0-1 score: scaled (clamped), else (raw - min) / (max - min), else success as 1/0."""
    if scaled is not None:
        return min(max(scaled, 0.0), 1.0)
    low = minimum if minimum is not None else 0.0
    if raw is not None and maximum is not None and maximum > low:
        return min(max((raw - low) / (maximum - low), 0.0), 1.0)
    if success is not None:
        return 1.0 if success else 0.0
    return None


def proficiency_level(score: float, cuts: Sequence[float] = DEFAULT_CUTS) -> int:
    """Level 1-4 on the default scale; each cut is the inclusive lower bound of the next level."""
    return 1 + sum(1 for cut in cuts if score >= cut)
