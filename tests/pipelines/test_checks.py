"""The Great Expectations suite on the mastery mart passes good rows and names what is wrong."""

import pandas as pd
import pytest

from pipelines.defs.warehouse.checks import validate_mastery


def _mastery(**overrides: list) -> pd.DataFrame:
    rows = {
        "student_key": ["a" * 64, "a" * 64, "b" * 64],
        "standard_uri": ["https://s/1", "https://s/2", "https://s/1"],
        "standard_code": ["6.EE.A.1", "6.RP.A.1", "6.EE.A.1"],
        "method": ["decaying_average"] * 3,
        "mastery_score": [0.2, 0.75, 1.0],
        "level": [1, 3, 4],
        "evidence_count": [1, 3, 2],
    }
    rows.update(overrides)
    return pd.DataFrame(rows)


def test_good_rows_pass() -> None:
    result = validate_mastery(_mastery())
    assert result.passed
    assert result.metadata["expectations_evaluated"].value == 7
    assert result.metadata["expectations_failed"].value == 0


@pytest.mark.parametrize(
    ("overrides", "failing"),
    [
        ({"mastery_score": [0.2, 1.4, 1.0]}, "expect_column_values_to_be_between(mastery_score)"),
        ({"student_key": [None, "a" * 64, "b" * 64]}, "not_be_null(student_key)"),
        ({"level": [1, 5, 4]}, "expect_column_values_to_be_in_set(level)"),
        ({"evidence_count": [0, 3, 2]}, "expect_column_values_to_be_between(evidence_count)"),
        (
            {"standard_uri": ["https://s/1"] * 2 + ["https://s/1"], "student_key": ["a" * 64] * 3},
            "compound_columns_to_be_unique",
        ),
        ({"method": ["decaying_average", "vibes", "decaying_average"]}, "in_set(method)"),
    ],
)
def test_bad_rows_fail_and_are_named(overrides: dict, failing: str) -> None:
    result = validate_mastery(_mastery(**overrides))
    assert not result.passed
    assert result.metadata["expectations_failed"].value == 1
    assert failing in result.metadata["failing_expectations"].value
