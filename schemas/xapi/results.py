"""Results and scores (1.0.3 Data §2.4.5, 9274.1.1 §4.2.2.4).

Score bounds follow the table: `scaled` in [-1, 1]; `raw` between `min` and `max` inclusive when
they are present; `min` strictly less than `max` ("Decimal number less than max"). The 1.0.3
suite (XAPI-00080..83) sends each of these out of range and expects 400.
"""

from typing import Annotated, Any

from pydantic import AfterValidator, Field, with_config
from typing_extensions import TypedDict

from schemas.xapi.errors import fail
from schemas.xapi.primitives import STRICT, Duration, Extensions, Number


def _check_score(value: dict[str, Any]) -> dict[str, Any]:
    low, high, raw = value.get("min"), value.get("max"), value.get("raw")
    if low is not None and high is not None and not low < high:
        fail("must be less than max", "min")
    if raw is not None:
        if low is not None and raw < low:
            fail("must not be less than min", "raw")
        if high is not None and raw > high:
            fail("must not be greater than max", "raw")
    return value


@with_config(STRICT)
class Score(TypedDict, total=False):
    scaled: Annotated[Number, Field(ge=-1, le=1)]
    raw: Number
    min: Number
    max: Number


@with_config(STRICT)
class Result(TypedDict, total=False):
    score: Annotated[Score, AfterValidator(_check_score)]
    success: bool
    completion: bool
    response: str
    duration: Duration
    extensions: Extensions
