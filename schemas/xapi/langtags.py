"""RFC 5646 language tags, and choosing one entry of a language map for an Accept-Language list.

xAPI 1.0.3 Data 2.2.s4.b2 and IEEE 9274.1.1 §4.2.7 require the LRS to reject language-map keys
that are not RFC 5646 tags (at least by the sequence of subtag lengths). The conformance suite
checks exactly that: `de-419-DE` (two regions), `a-DE` (singleton first), `ar-a-aaa-b-bbb-a-ccc`
(repeated extension singleton) and `something` (9 letters) are refused; grandfathered tags such
as `i-enochian` and private-use tags such as `x-whatever` are accepted.
"""

import re

_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language [-extlang]
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
_PRIVATE = rf"x(?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn"
    "|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn"
    "|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_TAG_RE = re.compile(rf"(?:{_LANGTAG}|{_PRIVATE}|{_GRANDFATHERED})", re.IGNORECASE | re.ASCII)

# Tags seen in real traffic repeat endlessly ("en-US", "en", "es"...): remember the good ones.
_KNOWN_GOOD: set[str] = set()
_KNOWN_GOOD_MAX = 4096


def _no_repeats(tag: str) -> bool:
    """RFC 5646 §2.2.5/§2.2.6: a variant or an extension singleton may appear only once."""
    seen: set[str] = set()
    parts = tag.lower().split("-")
    in_extension = False
    for i, part in enumerate(parts):
        if i == 0:
            continue
        if part == "x":
            break
        if len(part) == 1:
            in_extension = True
            key = "singleton:" + part
        elif in_extension or len(part) < 4 or (len(part) == 4 and not part[0].isdigit()):
            continue
        else:
            key = "variant:" + part
        if key in seen:
            return False
        seen.add(key)
    return True


def is_language_tag(tag: object) -> bool:
    """True when `tag` is a well-formed RFC 5646 language tag."""
    if type(tag) is not str:
        return False
    if tag in _KNOWN_GOOD:
        return True
    if _TAG_RE.fullmatch(tag) is None:
        return False
    # The shortest tag that can repeat a variant or singleton is 12 characters long.
    if len(tag) >= 12 and not _no_repeats(tag):
        return False
    if len(_KNOWN_GOOD) < _KNOWN_GOOD_MAX:
        _KNOWN_GOOD.add(tag)
    return True


def best_language(keys: list[str], preferences: list[str]) -> str | None:
    """The key of a language map that best serves an ordered list of preferred language ranges.

    For each preference in turn: the same tag (case-insensitive), then a more specific tag under
    it (RFC 4647 §3.3.1 basic filtering, "en" → "en-US"), then the preference with its last
    subtags dropped (RFC 4647 §3.4 lookup, "en-US" → "en", then other "en-*"). `*` takes any.
    With no match the language-neutral `und` entry wins, then the first entry.
    """
    if not keys:
        return None
    lowered: dict[str, str] = {}
    for key in keys:
        lowered.setdefault(key.lower(), key)  # the first key wins on a case clash
    for preference in preferences:
        wanted = preference.strip().lower()
        if not wanted:
            continue
        if wanted == "*":
            return keys[0]
        parts = wanted.split("-")
        while parts:
            candidate = "-".join(parts)
            if candidate in lowered:
                return lowered[candidate]
            prefix = candidate + "-"
            for low, key in lowered.items():
                if low.startswith(prefix):
                    return key
            parts.pop()
            if parts and len(parts[-1]) == 1:  # never end a range on a singleton
                parts.pop()
    return lowered.get("und", keys[0])
