"""Context (1.0.3 Data §2.4.6, 9274.1.1 §4.2.2.5).

- `contextActivities` keys are parent, grouping, category, other; each value is one Activity or
  an array of them, kept as sent (the LRS returns arrays later). An empty `contextActivities`
  object is refused: the 1.0.3 suite sends `{}` and expects 400.
- `revision` and `platform` are only allowed when the statement's object is an Activity; that
  needs the object, so statements.py checks it.
- 2.0.0 adds `contextAgents` and `contextGroups`: objects with `objectType` "contextAgent" /
  "contextGroup", an Agent / a Group, and optional `relevantTypes`, which when present is a
  non-empty array of IRIs (the 2.0 suite refuses `[]` and `["abc"]`). In 1.0.3 they are unknown
  properties and refused like any other.
"""

from typing import Annotated, Any, Literal, NotRequired

from pydantic import AfterValidator, Discriminator, Field, Tag, with_config
from typing_extensions import TypedDict

from schemas.xapi.agents import Actor, Agent, Group
from schemas.xapi.errors import fail
from schemas.xapi.objects import Activity, StatementRef
from schemas.xapi.primitives import IRI, STRICT, UUID, Extensions, LanguageTag


def _one_or_many(value: Any) -> str | None:
    if type(value) is list:
        return "⟨many⟩"
    if type(value) is dict:
        return "⟨one⟩"
    return None


ActivityOrList = Annotated[
    Annotated[Activity, Tag("⟨one⟩")] | Annotated[list[Activity], Tag("⟨many⟩")],
    Discriminator(
        _one_or_many,
        custom_error_type="xapi_object_type",
        custom_error_message="must be an Activity or an array of Activities",
        custom_error_context={
            "expected": "'Activity'",
            "kind": "an Activity object or an array of Activity objects",
        },
    ),
]


def _check_context_activities(value: dict[str, Any]) -> dict[str, Any]:
    if not value:
        fail("must contain at least one of parent, grouping, category or other")
    return value


@with_config(STRICT)
class ContextActivities(TypedDict, total=False):
    parent: ActivityOrList
    grouping: ActivityOrList
    category: ActivityOrList
    other: ActivityOrList


RelevantTypes = Annotated[list[IRI], Field(min_length=1)]


@with_config(STRICT)
class ContextAgent(TypedDict):
    objectType: Literal["contextAgent"]
    agent: Agent
    relevantTypes: NotRequired[RelevantTypes]


@with_config(STRICT)
class ContextGroup(TypedDict):
    objectType: Literal["contextGroup"]
    group: Group
    relevantTypes: NotRequired[RelevantTypes]


@with_config(STRICT)
class Context103(TypedDict, total=False):
    registration: UUID
    instructor: Actor
    team: Group
    contextActivities: Annotated[ContextActivities, AfterValidator(_check_context_activities)]
    revision: str
    platform: str
    language: LanguageTag
    statement: StatementRef
    extensions: Extensions


@with_config(STRICT)
class Context200(Context103, total=False):
    contextAgents: list[ContextAgent]
    contextGroups: list[ContextGroup]
