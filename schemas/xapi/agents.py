"""Agents, Groups and the places that take either (1.0.3 Data §2.4.2, 9274.1.1 §4.2.2.1).

- An Agent carries exactly one Inverse Functional Identifier (mbox, mbox_sha1sum, openid,
  account); `objectType` "Agent" is optional except where the Agent is a statement's object.
- A Group always says `objectType` "Group". With no IFI it is anonymous and must list its
  members (a non-empty `member`); with an IFI it is identified and has exactly one.
- Members are Agents only (Data 2.4.2.2.s4.b2, s5.b2).
- An authority is an Agent, or for 3-legged OAuth an anonymous Group of exactly two Agents
  (Data 2.4.9.s3.b1; the 1.0.3 suite refuses identified Groups and 1 or 3 members).
"""

from typing import Annotated, Any, Literal, Required

from pydantic import AfterValidator, Discriminator, Tag, with_config
from typing_extensions import TypedDict

from schemas.xapi.errors import fail
from schemas.xapi.primitives import IRL, STRICT, URI, MailtoIRI, Sha1Hex

IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_IFI_LIST = "mbox, mbox_sha1sum, openid or account"


@with_config(STRICT)
class Account(TypedDict):
    homePage: IRL
    name: str


@with_config(STRICT)
class _Identified(TypedDict, total=False):
    name: str
    mbox: MailtoIRI
    mbox_sha1sum: Sha1Hex
    openid: URI
    account: Account


def _ifis(value: dict[str, Any]) -> list[str]:
    return [key for key in IFIS if key in value]


def _check_agent(value: dict[str, Any]) -> dict[str, Any]:
    if ("mbox" in value) + ("mbox_sha1sum" in value) + ("openid" in value) + (
        "account" in value
    ) != 1:
        found = _ifis(value)
        if found:
            fail(f"has {len(found)} identifiers ({', '.join(found)}); an Agent has exactly one")
        fail(f"must have one of {_IFI_LIST}")
    return value


@with_config(STRICT)
class AgentDict(_Identified, total=False):
    objectType: Literal["Agent"]


Agent = Annotated[AgentDict, AfterValidator(_check_agent)]


def _check_group(value: dict[str, Any]) -> dict[str, Any]:
    found = _ifis(value)
    if len(found) > 1:
        fail(f"has {len(found)} identifiers ({', '.join(found)}); a Group has at most one")
    if not found:
        if "member" not in value:
            fail(f"is required in an anonymous Group (one without {_IFI_LIST})", "member")
        if not value["member"]:
            fail("must list at least one Agent in an anonymous Group", "member")
    return value


@with_config(STRICT)
class GroupDict(_Identified, total=False):
    objectType: Required[Literal["Group"]]
    member: list[Agent]


Group = Annotated[GroupDict, AfterValidator(_check_group)]


def _actor_tag(value: Any) -> str | None:
    if type(value) is not dict:
        return None
    kind = value.get("objectType", "Agent")
    if kind == "Agent":
        return "⟨Agent⟩"
    if kind == "Group":
        return "⟨Group⟩"
    return None


Actor = Annotated[
    Annotated[Agent, Tag("⟨Agent⟩")] | Annotated[Group, Tag("⟨Group⟩")],
    Discriminator(
        _actor_tag,
        custom_error_type="xapi_object_type",
        custom_error_message="must be an Agent or a Group",
        custom_error_context={"expected": "'Agent' or 'Group'", "kind": "an Agent or Group object"},
    ),
]


def _check_authority(value: dict[str, Any]) -> dict[str, Any]:
    if value.get("objectType") == "Group":
        if _ifis(value):
            fail("must be an Agent, or an anonymous Group of two Agents (OAuth); not identified")
        if len(value["member"]) != 2:
            fail("must list exactly two Agents when the authority is a Group", "member")
    return value


Authority = Annotated[Actor, AfterValidator(_check_authority)]
