"""The mastery arithmetic, in its textbook form, against the closed form the SQL sums."""

import pytest

from pipelines.mastery import (
    decaying_average,
    decaying_average_weights,
    normalised_score,
    proficiency_level,
)


def test_decaying_average_matches_the_worked_example() -> None:
    # design/mastery.md: 1,2,3,4,5 -> 1.65, 2.5275, 3.485, 4.47 with r = 0.65
    assert decaying_average([1, 2]) == pytest.approx(1.65)
    assert decaying_average([1, 2, 3]) == pytest.approx(2.5275)
    assert decaying_average([1, 2, 3, 4]) == pytest.approx(3.485, abs=5e-4)
    assert round(decaying_average([1, 2, 3, 4, 5]), 2) == 4.47


@pytest.mark.parametrize("rate", [0.65, 0.75, 0.3])
@pytest.mark.parametrize(
    "scores", [[0.2], [0.2, 0.9], [1, 2, 3, 4, 5], [0.9, 0.1, 0.5, 0.5, 1.0, 0.0, 0.7]]
)
def test_closed_form_weights_reproduce_the_recursion(scores: list[float], rate: float) -> None:
    weights = decaying_average_weights(len(scores), rate)
    assert sum(weights) == pytest.approx(1.0)
    closed = sum(w * s for w, s in zip(weights, scores, strict=True))
    assert closed == pytest.approx(decaying_average(scores, rate))


def test_the_worked_example_on_the_0_1_scale_is_the_same_number() -> None:
    normalised = [s / 5 for s in (1, 2, 3, 4, 5)]
    assert decaying_average(normalised) * 5 == pytest.approx(4.4696, abs=1e-4)


def test_decaying_average_needs_evidence() -> None:
    with pytest.raises(ValueError):
        decaying_average([])
    with pytest.raises(ValueError):
        decaying_average_weights(0)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"scaled": 0.8}, 0.8),
        ({"scaled": -0.5}, 0.0),  # negative scaled scores clamp to 0
        ({"scaled": 0.3, "raw": 9, "maximum": 10}, 0.3),  # scaled wins over raw
        ({"raw": 2, "minimum": 0, "maximum": 5}, 0.4),  # raw 2 of 5
        ({"raw": 8, "maximum": 10}, 0.8),  # min defaults to 0
        ({"raw": 3, "minimum": 1, "maximum": 4}, 2 / 3),
        ({"raw": 12, "minimum": 0, "maximum": 10}, 1.0),  # out of range clamps
        ({"raw": 5, "minimum": 5, "maximum": 5, "success": True}, 1.0),  # no range -> success
        ({"success": False}, 0.0),
        ({"raw": 4}, None),  # raw without max and no success: not evidence
        ({}, None),
    ],
)
def test_normalised_score(kwargs: dict, expected: float | None) -> None:
    got = normalised_score(**kwargs)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_raw_2_of_5_is_1_6_on_the_4_point_scale() -> None:
    assert normalised_score(raw=2, minimum=0, maximum=5) * 4 == pytest.approx(1.6)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0.0, 1), (0.4999, 1), (0.5, 2), (0.6999, 2), (0.7, 3), (0.8999, 3), (0.9, 4), (1.0, 4)],
)
def test_cut_scores_are_inclusive_lower_bounds(score: float, level: int) -> None:
    assert proficiency_level(score) == level
