"""Timestamps and durations: what each xAPI version accepts, and their values for comparison.

Timestamps (1.0.3 Data §4.5; IEEE 9274.1.1 §4.2.7 and the 2.0 conformance suite):
- 1.0.3 requires ISO 8601 (extended or basic format; the suite's XAPI-00123 wording) and only
  recommends (SHOULD*) RFC 3339 and a time zone, so a time without a zone is accepted here.
- 2.0.0 requires RFC 3339 `date-time`: seconds and an offset are mandatory; `T`, `t` or a space
  separate date and time (the 2.0 suite sends "2008-09-15 15:53:00.601+00:00" and expects 200).
- Both refuse the "unknown local offset" forms `-00`, `-0000` and `-00:00` (both suites test it).

Durations (1.0.3 Data §4.6, 9274.1.1 §4.2.7): ISO 8601:2004 §4.4.3.2 only, `PnYnMnDTnHnMnS` or
`PnW`; weeks never combine with other units (`P4W1D` is refused by the 2.0 suite); only the
lowest-order component may carry a decimal fraction; the alternative format of §4.4.3.3
(`P0003-02-01`) is refused; more precision than 0.01 s is accepted (and ignored when comparing).
"""

import re
from datetime import UTC, datetime, timedelta, timezone

_FRACTION = r"(?:[.,](\d+))?"
_ZONE_ISO = r"(Z|z|[+-]\d{2}(?::?\d{2})?)?"
_ISO_EXTENDED = re.compile(
    rf"(\d{{4}})-(\d{{2}})-(\d{{2}})[Tt ](\d{{2}}):(\d{{2}})(?::(\d{{2}}){_FRACTION})?{_ZONE_ISO}",
    re.ASCII,
)
_ISO_BASIC = re.compile(
    rf"(\d{{4}})(\d{{2}})(\d{{2}})[Tt](\d{{2}})(\d{{2}})(?:(\d{{2}}){_FRACTION})?{_ZONE_ISO}",
    re.ASCII,
)
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})",
    re.ASCII,
)
_UNKNOWN_OFFSETS = ("-00", "-0000", "-00:00")

RULE_TIMESTAMP_103 = "must be an ISO 8601 date and time (e.g. 2024-05-18T05:32:34.804Z)"
RULE_TIMESTAMP_200 = "must be an RFC 3339 date-time with a time zone (e.g. 2024-05-18T05:32:34Z)"
RULE_NEGATIVE_ZERO = "must not use the unknown-offset forms -00, -0000 or -00:00"
RULE_DURATION = "must be an ISO 8601 duration such as PT1H30M or P4W (no negative values)"


def _zone(text: str | None) -> timezone | None:
    """The offset of a zone designator; None when absent; raises ValueError when out of range."""
    if text is None:
        return None
    if text in ("Z", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(text)
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def _match(value: str, rfc3339: bool) -> re.Match[str] | None:
    if rfc3339:
        return _RFC3339.fullmatch(value)
    return _ISO_EXTENDED.fullmatch(value) or _ISO_BASIC.fullmatch(value)


def _build(match: re.Match[str]) -> datetime:
    """The datetime a matched timestamp names; raises ValueError for impossible dates or times."""
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    sec = int(second or 0)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    # RFC 3339 allows a leap second; it names the same instant as the end of second 59.
    moment = datetime(
        int(year), int(month), int(day), int(hour), int(minute), min(sec, 59), micro, _zone(zone)
    )
    return moment if sec < 60 else moment + timedelta(seconds=1)


def timestamp_problem(value: str, rfc3339: bool) -> str | None:
    """Why `value` is not an acceptable Timestamp for the version, or None when it is."""
    match = _match(value, rfc3339)
    if match is None:
        return RULE_TIMESTAMP_200 if rfc3339 else RULE_TIMESTAMP_103
    if value.endswith(_UNKNOWN_OFFSETS):
        return RULE_NEGATIVE_ZERO
    try:
        _build(match)
    except (ValueError, OverflowError):
        return "is not a real date and time"
    return None


def to_instant(value: str) -> datetime | None:
    """The UTC instant of a Timestamp truncated to milliseconds (the precision an LRS must keep).

    A 1.0.3 timestamp without a zone is taken as UTC. None when `value` is not a timestamp.
    """
    match = _match(value, rfc3339=False)
    if match is None:
        return None
    try:
        moment = _build(match)
    except (ValueError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


# A number; a fraction only where the component is the last one (its designator ends the string).
_N = r"\d+(?:[.,]\d+(?=.$))?"
_DURATION = re.compile(
    rf"P(?:{_N}W|(?=\d|T\d)(?:{_N}Y)?(?:{_N}M)?(?:{_N}D)?(?:T(?=\d)(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?)",
    re.ASCII | re.DOTALL,
)


def is_duration(value: str) -> bool:
    """True for an ISO 8601:2004 §4.4.3.2 duration."""
    return _DURATION.fullmatch(value) is not None


def duration_key(value: str) -> str:
    """A duration for comparison: a string (1.0.3 Data §2.3.1.b8) cut to 0.01 s (§4.6.s1.b5)."""
    match = re.search(r"(\d+)[.,](\d+)S$", value)
    if match is None:
        return value
    whole, fraction = match.groups()
    fraction = fraction[:2].rstrip("0")
    return value[: match.start()] + whole + ("." + fraction if fraction else "") + "S"
