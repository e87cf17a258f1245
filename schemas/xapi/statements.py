"""Statements and SubStatements for each version, and the public validation entry points.

The two versions differ in three places only: `context` (2.0.0 adds contextAgents and
contextGroups), the Timestamp format (ISO 8601 vs RFC 3339) and the `version` property. Each
version gets its own TypeAdapter, built once at import.

Rules that need more than one property (Data 2.4.6.s4 revision/platform only with an Activity
object; Data 2.3.2 and 9274.1.1 §4.2.5 a voiding statement's object is a StatementRef) run after
the structure is known to be valid, on statements and SubStatements alike (2.4.4.3.s8.b2: a
SubStatement is validated as a Statement). A SubStatement refuses `id`, `stored`, `version` and
`authority` (s8.b3) simply by not listing them; it may carry `attachments` (9274.1.1 lists them,
and 1.0.3 Data 2.4.11 only recommends putting them on the outer statement).
"""

from typing import Annotated, Any, Literal, Required

from pydantic import AfterValidator, Tag, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

from schemas.xapi.agents import Actor, Authority
from schemas.xapi.attachments import Attachment
from schemas.xapi.contexts import Context103, Context200
from schemas.xapi.errors import MAX_ERRORS, XAPIValidationError, convert, fail
from schemas.xapi.jsonbody import check_nesting, load_json
from schemas.xapi.objects import (
    VOIDED,
    ActivityChoice,
    AgentChoice,
    GroupChoice,
    StatementRefChoice,
    SubObject,
    UntypedChoice,
    Verb,
    object_discriminator,
)
from schemas.xapi.primitives import (
    STRICT,
    UUID,
    Timestamp103,
    Timestamp200,
    Version103,
    Version200,
)
from schemas.xapi.results import Result
from schemas.xapi.versions import XAPIVersion


def _check_statement(value: dict[str, Any]) -> dict[str, Any]:
    obj = value["object"]
    context = value.get("context")
    if context is not None:
        kind = obj.get("objectType", "Activity")
        if kind != "Activity":
            for key in ("revision", "platform"):
                if key in context:
                    fail(
                        f"is only allowed when the object is an Activity, not a {kind}",
                        "context",
                        key,
                    )
    if value["verb"]["id"] == VOIDED and obj.get("objectType") != "StatementRef":
        fail("must be 'StatementRef' in a voiding statement", "object", "objectType")
    return value


@with_config(STRICT)
class _SubStatementCore(TypedDict, total=False):
    objectType: Required[Literal["SubStatement"]]
    actor: Required[Actor]
    verb: Required[Verb]
    object: Required[SubObject]
    result: Result
    attachments: list[Attachment]


@with_config(STRICT)
class SubStatement103(_SubStatementCore, total=False):
    context: Context103
    timestamp: Timestamp103


@with_config(STRICT)
class SubStatement200(_SubStatementCore, total=False):
    context: Context200
    timestamp: Timestamp200


_OBJECT_TYPES = "'Activity', 'Agent', 'Group', 'StatementRef' or 'SubStatement'"
Object103 = Annotated[
    ActivityChoice
    | AgentChoice
    | GroupChoice
    | StatementRefChoice
    | UntypedChoice
    | Annotated[SubStatement103, AfterValidator(_check_statement), Tag("⟨SubStatement⟩")],
    object_discriminator(_OBJECT_TYPES),
]
Object200 = Annotated[
    ActivityChoice
    | AgentChoice
    | GroupChoice
    | StatementRefChoice
    | UntypedChoice
    | Annotated[SubStatement200, AfterValidator(_check_statement), Tag("⟨SubStatement⟩")],
    object_discriminator(_OBJECT_TYPES),
]


@with_config(STRICT)
class _StatementCore(TypedDict, total=False):
    id: UUID
    actor: Required[Actor]
    verb: Required[Verb]
    result: Result
    authority: Authority
    attachments: list[Attachment]


@with_config(STRICT)
class Statement103(_StatementCore, total=False):
    object: Required[Object103]
    context: Context103
    timestamp: Timestamp103
    stored: Timestamp103
    version: Version103


@with_config(STRICT)
class Statement200(_StatementCore, total=False):
    object: Required[Object200]
    context: Context200
    timestamp: Timestamp200
    stored: Timestamp200
    version: Version200


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "1.0.3": TypeAdapter(Annotated[Statement103, AfterValidator(_check_statement)]),
    "2.0.0": TypeAdapter(Annotated[Statement200, AfterValidator(_check_statement)]),
}


def _adapter(version: XAPIVersion) -> TypeAdapter[Any]:
    try:
        return _ADAPTERS[version]
    except KeyError:
        raise ValueError(f"unsupported xAPI version {version!r}") from None


def _problems(
    statement: Any, adapter: TypeAdapter[Any], prefix: tuple[str | int, ...]
) -> list[tuple[str, str]]:
    try:
        adapter.validate_python(statement, strict=True)
    except ValidationError as exc:
        return convert(exc, prefix)
    return []


_ACTOR = TypeAdapter(Actor)


def validate_actor(actor: Any, path: str = "agent") -> None:
    """Check an Agent or Group given outside a statement (the `agent` query parameter)."""
    problems = _problems(actor, _ACTOR, (path,))
    if problems:
        raise XAPIValidationError(problems)


def validate_statement(statement: dict[str, Any], version: XAPIVersion) -> None:
    """Check one statement (a parsed JSON object) against the rules of `version`."""
    adapter = _adapter(version)
    if type(statement) is not dict:
        raise XAPIValidationError([("$", "must be a JSON object")])
    nesting = check_nesting(statement)
    if nesting:
        raise XAPIValidationError([("$", nesting)])
    problems = _problems(statement, adapter, ())
    if problems:
        raise XAPIValidationError(problems)


def parse_statements(body: bytes, version: XAPIVersion) -> tuple[list[dict[str, Any]], bool]:
    """Parse a request body (one statement or an array of them) and validate every statement.

    Returns the statements exactly as sent and whether the body was an array. Any problem —
    invalid or too deeply nested JSON, a repeated property name, an empty array, an item that is
    not an object, a broken rule, two statements with the same id — raises XAPIValidationError
    listing every problem found (up to a limit), so that a batch is refused as a whole.
    """
    adapter = _adapter(version)
    data = load_json(body)
    if type(data) is dict:
        statements, batch = [data], False
    elif type(data) is list:
        if not data:
            raise XAPIValidationError([("$", "must contain at least one statement")])
        statements, batch = data, True
    else:
        raise XAPIValidationError([("$", "must be a statement object or an array of statements")])
    problems: list[tuple[str, str]] = []
    seen_ids: dict[str, int] = {}
    for index, statement in enumerate(statements):
        prefix: tuple[str | int, ...] = (index,) if batch else ()
        if type(statement) is not dict:
            problems.append((f"[{index}]", "must be a JSON object (a statement)"))
            continue
        problems += _problems(statement, adapter, prefix)
        sid = statement.get("id")
        if batch and type(sid) is str:
            first = seen_ids.setdefault(sid.lower(), index)
            if first != index:
                problems.append((f"[{index}].id", f"repeats the id of statement [{first}]"))
        if len(problems) >= MAX_ERRORS:
            break
    if problems:
        raise XAPIValidationError(problems[:MAX_ERRORS])
    return statements, batch
