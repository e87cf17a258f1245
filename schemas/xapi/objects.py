"""Verbs, Activities and Statement References (1.0.3 Data §2.4.3-2.4.4, 9274.1.1 §4.2.2.2-3).

Interaction rules (Data 2.4.4.1.s8-s16):
- `interactionType` is one of ten values, matched exactly (2.2.s4.b1.b6: "choiCe" is refused).
- Any interaction property (`correctResponsesPattern`, `choices`, `scale`, `source`, `target`,
  `steps`) requires `interactionType` (XAPI-00064 in the 1.0.3 suite).
- A component list is only valid for its interaction types (choices: choice and sequencing;
  scale: likert; source and target: matching; steps: performance) — 2.4.4.1.s13.b3 lets the
  LRS refuse the others — and the ids inside one list are distinct (2.4.4.1.s16.b1).
"""

from typing import Annotated, Any, Literal, Required

from pydantic import AfterValidator, Discriminator, Tag, with_config
from typing_extensions import TypedDict

from schemas.xapi.agents import IFIS, Agent, Group
from schemas.xapi.errors import fail
from schemas.xapi.primitives import IRI, IRL, STRICT, UUID, Extensions, LanguageMap

VOIDED = "http://adlnet.gov/expapi/verbs/voided"

InteractionType = Literal[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
]

COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_LISTS_FOR_TYPE: dict[str, tuple[str, ...]] = {
    "choice": ("choices",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "matching": ("source", "target"),
    "performance": ("steps",),
}
_INTERACTION_KEYS = ("correctResponsesPattern", *COMPONENT_LISTS)


@with_config(STRICT)
class Verb(TypedDict, total=False):
    id: Required[IRI]
    display: LanguageMap


@with_config(STRICT)
class InteractionComponent(TypedDict, total=False):
    id: Required[str]
    description: LanguageMap


def _check_definition(value: dict[str, Any]) -> dict[str, Any]:
    kind = value.get("interactionType")
    if kind is None:
        for key in _INTERACTION_KEYS:
            if key in value:
                fail(f"is required when {key} is present", "interactionType")
        return value
    allowed = _LISTS_FOR_TYPE.get(kind, ())
    for key in COMPONENT_LISTS:
        components = value.get(key)
        if components is None:
            continue
        if key not in allowed:
            fail(f"is not allowed when interactionType is {kind!r}", key)
        seen: set[str] = set()
        for index, component in enumerate(components):
            if component["id"] in seen:
                fail(f"duplicates the id of another {key} component", key, index, "id")
            seen.add(component["id"])
    return value


@with_config(STRICT)
class ActivityDefinition(TypedDict, total=False):
    name: LanguageMap
    description: LanguageMap
    type: IRI
    moreInfo: IRL
    extensions: Extensions
    interactionType: InteractionType
    correctResponsesPattern: list[str]
    choices: list[InteractionComponent]
    scale: list[InteractionComponent]
    source: list[InteractionComponent]
    target: list[InteractionComponent]
    steps: list[InteractionComponent]


@with_config(STRICT)
class Activity(TypedDict, total=False):
    objectType: Literal["Activity"]
    id: Required[IRI]
    definition: Annotated[ActivityDefinition, AfterValidator(_check_definition)]


@with_config(STRICT)
class StatementRef(TypedDict):
    objectType: Literal["StatementRef"]
    id: UUID


def _untyped_actor(value: Any) -> Any:
    fail("is required when the object is an Agent or a Group", "objectType")


def object_tag(value: Any) -> str | None:
    """Which kind of object `value` is; objects without `objectType` are Activities (2.4.4.s2)."""
    if type(value) is not dict:
        return None
    kind = value.get("objectType")
    if kind is None:
        # An Agent or Group as object must say so (2.4.4.2.s1.b1); say that rather than
        # complaining that the "Activity" lacks an id and has an mbox.
        if "id" not in value and ("member" in value or any(k in value for k in IFIS)):
            return "⟨untyped⟩"
        return "⟨Activity⟩"
    if type(kind) is not str:
        return None
    tag = f"⟨{kind}⟩"
    return tag if tag in _OBJECT_TAGS else None


_OBJECT_TAGS = frozenset({"⟨Activity⟩", "⟨Agent⟩", "⟨Group⟩", "⟨StatementRef⟩", "⟨SubStatement⟩"})

# The choices any object position offers besides SubStatement (statements.py adds that one).
ActivityChoice = Annotated[Activity, Tag("⟨Activity⟩")]
AgentChoice = Annotated[Agent, Tag("⟨Agent⟩")]
GroupChoice = Annotated[Group, Tag("⟨Group⟩")]
StatementRefChoice = Annotated[StatementRef, Tag("⟨StatementRef⟩")]
UntypedChoice = Annotated[Any, AfterValidator(_untyped_actor), Tag("⟨untyped⟩")]


def object_discriminator(expected: str) -> Discriminator:
    """The discriminator of an object position whose allowed objectTypes read `expected`."""
    return Discriminator(
        object_tag,
        custom_error_type="xapi_object_type",
        custom_error_message=f"must be {expected}",
        custom_error_context={"expected": expected, "kind": "an object"},
    )


# A SubStatement's object: anything but another SubStatement (2.4.4.3.s8.b4).
SubObject = Annotated[
    ActivityChoice | AgentChoice | GroupChoice | StatementRefChoice | UntypedChoice,
    object_discriminator("'Activity', 'Agent', 'Group' or 'StatementRef'"),
]
