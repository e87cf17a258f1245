"""The `ids` and `canonical` statement formats of GET /statements (1.0.3 Communication §2.1.3).

- ids: "only include minimum information necessary in Agent, Activity, Verb and Group Objects
  to identify them. For Anonymous Groups this means including the minimum information needed to
  identify each member." Agents and identified Groups keep `objectType` and their one IFI;
  anonymous Groups keep their members reduced the same way; Activities keep just `id` (their
  `objectType` is the default; both conformance suites expect a SubStatement's Activity object to
  have one key, XAPI-00171); Verbs keep `id` (Data 2.4.3.s6.b2: no display). This
  applies wherever they appear: actor, object, authority, context and inside a SubStatement.
- canonical: every language map (Verb display, Activity name and description, interaction
  component descriptions, Attachment display and description) keeps only the entry that best
  matches the Accept-Language preferences (Communication §2.1.3 "Language Filtering
  Requirements for Canonical Format Statements"; 9274.1.1 §4.1.6.1: one language per map).
  Replacing definitions by the LRS's canonical ones is the LRS's job; this only filters.

Both build new containers where they change something and share the untouched parts with the
statement given, which they never modify.
"""

from typing import Any

from schemas.xapi.agents import IFIS
from schemas.xapi.langtags import best_language
from schemas.xapi.objects import COMPONENT_LISTS


def _agent_ids(agent: dict[str, Any]) -> dict[str, Any]:
    kind = agent.get("objectType", "Agent")
    out: dict[str, Any] = {"objectType": kind}
    for key in IFIS:
        if key in agent:
            out[key] = agent[key]
            return out
    if kind == "Group":
        out["member"] = [_agent_ids(member) for member in agent.get("member", ())]
    return out


def _activity_ids(activity: dict[str, Any]) -> dict[str, Any]:
    return {"id": activity["id"]}


def _object_ids(obj: dict[str, Any]) -> dict[str, Any]:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return _activity_ids(obj)
    if kind in ("Agent", "Group"):
        return _agent_ids(obj)
    if kind == "SubStatement":
        return _statement_ids(obj)
    return dict(obj)


def _context_ids(context: dict[str, Any]) -> dict[str, Any]:
    out = dict(context)
    for key in ("instructor", "team"):
        if key in context:
            out[key] = _agent_ids(context[key])
    if "contextActivities" in context:
        activities: dict[str, Any] = {}
        for kind, value in context["contextActivities"].items():
            if isinstance(value, list):
                activities[kind] = [_activity_ids(a) for a in value]
            else:
                activities[kind] = _activity_ids(value)
        out["contextActivities"] = activities
    if "contextAgents" in context:
        out["contextAgents"] = [
            {**item, "agent": _agent_ids(item["agent"])} for item in context["contextAgents"]
        ]
    if "contextGroups" in context:
        out["contextGroups"] = [
            {**item, "group": _agent_ids(item["group"])} for item in context["contextGroups"]
        ]
    return out


def _statement_ids(statement: dict[str, Any]) -> dict[str, Any]:
    out = dict(statement)
    out["actor"] = _agent_ids(statement["actor"])
    out["verb"] = {"id": statement["verb"]["id"]}
    out["object"] = _object_ids(statement["object"])
    if "context" in statement:
        out["context"] = _context_ids(statement["context"])
    if "authority" in statement:
        out["authority"] = _agent_ids(statement["authority"])
    return out


def to_ids_format(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement as `format=ids` returns it."""
    return _statement_ids(statement)


def _pick(langmap: dict[str, str], languages: list[str]) -> dict[str, str]:
    key = best_language(list(langmap), languages)
    return {} if key is None else {key: langmap[key]}


def _definition_canonical(definition: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    out = dict(definition)
    for key in ("name", "description"):
        if key in definition:
            out[key] = _pick(definition[key], languages)
    for key in COMPONENT_LISTS:
        if key in definition:
            out[key] = [
                {**c, "description": _pick(c["description"], languages)}
                if "description" in c
                else dict(c)
                for c in definition[key]
            ]
    return out


def _activity_canonical(activity: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    if "definition" not in activity:
        return dict(activity)
    return {**activity, "definition": _definition_canonical(activity["definition"], languages)}


def _context_canonical(context: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    if "contextActivities" not in context:
        return context
    activities: dict[str, Any] = {}
    for kind, value in context["contextActivities"].items():
        if isinstance(value, list):
            activities[kind] = [_activity_canonical(a, languages) for a in value]
        else:
            activities[kind] = _activity_canonical(value, languages)
    return {**context, "contextActivities": activities}


def _statement_canonical(statement: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    out = dict(statement)
    verb = statement["verb"]
    if "display" in verb:
        out["verb"] = {**verb, "display": _pick(verb["display"], languages)}
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        out["object"] = _activity_canonical(obj, languages)
    elif kind == "SubStatement":
        out["object"] = _statement_canonical(obj, languages)
    if "context" in statement:
        out["context"] = _context_canonical(statement["context"], languages)
    if "attachments" in statement:
        attachments = []
        for attachment in statement["attachments"]:
            item = {**attachment, "display": _pick(attachment["display"], languages)}
            if "description" in attachment:
                item["description"] = _pick(attachment["description"], languages)
            attachments.append(item)
        out["attachments"] = attachments
    return out


def to_canonical_format(statement: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """The statement as `format=canonical` returns it; `languages`: Accept-Language, best first."""
    return _statement_canonical(statement, languages)
