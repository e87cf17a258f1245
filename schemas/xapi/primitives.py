"""The string formats of xAPI (1.0.3 Data §4; IEEE 9274.1.1 §4.2.7) as annotated types.

Most formats are regular expressions checked inside pydantic-core, which costs no Python call
per value; only language maps, timestamps and durations need Python, because their rules do not
fit a regular expression the Rust engine accepts (repeated subtags, calendar dates, the position
of a fraction).

An IRI only has to carry a scheme and no whitespace, control or RFC 3987-excluded characters:
1.0.3 Data 2.2.s4.b6 lets the LRS validate IRIs "best-effort", and the rules it must enforce are
"absolute" (2.2.s4.b1.b8: no IRI without a scheme) and "not the empty string" (2.2.s4.b1.b4).
"""

from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field

from schemas.xapi.errors import fail, pattern
from schemas.xapi.langtags import is_language_tag
from schemas.xapi.timeformats import RULE_DURATION, is_duration, timestamp_problem

# Every object refuses unknown keys (1.0.3 Data 2.2.s4.b1.b7, 9274.1.1 §4.2.1) and coerces
# nothing (2.2.s4.b1.b2-b3: no strings for numbers or booleans, even "100" or "false").
STRICT = ConfigDict(extra="forbid", strict=True)

_SCHEME = r"[A-Za-z][A-Za-z0-9+.\-]*:"
_IRI_CHARS = r"[^\s\x00-\x1F\x7F<>\"{}|\\^`]+"

IRI = Annotated[str, pattern(rf"^{_SCHEME}{_IRI_CHARS}$", "must be an absolute IRI")]
# The same check as IRI; the pattern is spelled differently so that its failure names an IRL.
IRL = Annotated[str, pattern(rf"^(?:{_SCHEME}){_IRI_CHARS}$", "must be an absolute IRL")]
# openid is a URI: ASCII only.
URI = Annotated[str, pattern(rf"^{_SCHEME}[!#-;=?-\[\]_a-z~]+$", "must be an absolute URI")]
MailtoIRI = Annotated[
    str, pattern(r"^mailto:[^@\s]+@[^@\s]+$", "must be a mailto IRI (mailto:name@example.com)")
]
Sha1Hex = Annotated[
    str, pattern(r"^[0-9a-fA-F]{40}$", "must be a SHA-1 hash as 40 hexadecimal digits")
]
Sha2Hex = Annotated[
    str,
    pattern(
        r"^(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$",
        "must be a SHA-2 hash in hexadecimal (SHA-224, -256, -384 or -512)",
    ),
]
UUID = Annotated[
    str,
    pattern(
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        "must be a UUID in standard string form (8-4-4-4-12 hexadecimal digits)",
    ),
]
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z\-]+"
MediaType = Annotated[
    str, pattern(rf"^{_TOKEN}/{_TOKEN}(?:[ \t]*;.*)?$", "must be an Internet media type")
]
# 1.0.3 Data 2.4.10: "1.0" or "1.0.x" (the 1.0.3 suite accepts "1.0" and "1.0.9").
Version103 = Annotated[str, pattern(r"^1\.0(?:\.\d+)?$", "must be a 1.0.x version")]
# 9274.1.1 keeps versions as sent and stores 1.0.x statements too.
Version200 = Annotated[str, pattern(r"^[12]\.0(?:\.\d+)?$", "must be a 1.0.x or 2.0.x version")]

Number = Annotated[float, Field(allow_inf_nan=False)]
NonNegativeInt = Annotated[int, Field(ge=0)]


def _check_language_map(value: dict[str, str]) -> dict[str, str]:
    for key in value:
        if not is_language_tag(key):
            fail(f"key {key!r} is not an RFC 5646 language tag")
    return value


def _check_language_tag(value: str) -> str:
    if not is_language_tag(value):
        fail("must be an RFC 5646 language tag")
    return value


LanguageMap = Annotated[dict[str, str], AfterValidator(_check_language_map)]
LanguageTag = Annotated[str, AfterValidator(_check_language_tag)]

# 1.0.3 Data 4.1: keys are IRIs; the LRS must not reject a statement for an extension's value.
Extensions = dict[IRI, Any]


def _check_timestamp_103(value: str) -> str:
    problem = timestamp_problem(value, rfc3339=False)
    if problem:
        fail(problem)
    return value


def _check_timestamp_200(value: str) -> str:
    problem = timestamp_problem(value, rfc3339=True)
    if problem:
        fail(problem)
    return value


def _check_duration(value: str) -> str:
    if not is_duration(value):
        fail(RULE_DURATION)
    return value


Timestamp103 = Annotated[str, AfterValidator(_check_timestamp_103)]
Timestamp200 = Annotated[str, AfterValidator(_check_timestamp_200)]
Duration = Annotated[str, AfterValidator(_check_duration)]
