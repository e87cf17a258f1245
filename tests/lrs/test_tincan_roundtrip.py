"""Round trips with the reference `tincan` client against a real server on a random port."""

from __future__ import annotations

import uuid

import pytest
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Attachment,
    Context,
    ContextActivities,
    LanguageMap,
    RemoteLRS,
    Result,
    Score,
    Statement,
    StatementRef,
    Verb,
)

from lrs.auth import create_credential
from tests.lrs.conftest import LiveLRS


@pytest.fixture
def remote(live_lrs: LiveLRS) -> RemoteLRS:
    """The session's live server, with a tenant of this test's own (so queries see only it)."""
    key, secret = create_credential(
        live_lrs.server.app.state.ctx.store,
        name="tincan",
        tenant=f"tincan-{uuid.uuid4()}",
        scopes=frozenset({"statements/write", "statements/read"}),
    )
    return RemoteLRS(endpoint=live_lrs.server.endpoint, username=key, password=secret)


def learner(n: int) -> Agent:
    return Agent(
        name=f"Learner {n}",
        account=AgentAccount(home_page="https://sis.example.org", name=f"stu-{n}"),
    )


def quiz_statement(n: int, score: float) -> Statement:
    return Statement(
        actor=learner(n),
        verb=Verb(
            id="http://adlnet.gov/expapi/verbs/completed",
            display=LanguageMap({"en-US": "completed"}),
        ),
        object=Activity(
            id="https://apps.example.org/quiz/ratios",
            definition=ActivityDefinition(name=LanguageMap({"en-US": "Ratios quiz"})),
        ),
        result=Result(score=Score(scaled=score), success=score >= 0.8),
    )


def test_save_and_retrieve_one(remote: RemoteLRS) -> None:
    saved = remote.save_statement(quiz_statement(1, 0.9))
    assert saved.success, saved.data
    got = remote.retrieve_statement(saved.content.id)
    assert got.success
    assert got.content.result.score.scaled == 0.9
    assert got.content.actor.account.name == "stu-1"
    assert got.content.authority is not None and got.content.stored is not None


def test_save_many_query_and_page_with_more(remote: RemoteLRS) -> None:
    batch = [quiz_statement(n % 2, 0.1 * n) for n in range(7)]
    saved = remote.save_statements(batch)
    assert saved.success, saved.data
    ids = {s.id for s in saved.content}
    assert len(ids) == 7

    page = remote.query_statements({"agent": learner(0), "limit": 2})
    assert page.success, page.data
    collected = [s.id for s in page.content.statements]
    more = page.content.more
    while more:
        nxt = remote.more_statements(more)
        assert nxt.success, nxt.data
        collected += [s.id for s in nxt.content.statements]
        more = nxt.content.more
    assert len(collected) == 4 and set(collected) <= ids

    by_verb = remote.query_statements(
        {
            "verb": Verb(id="http://adlnet.gov/expapi/verbs/completed"),
            "activity": Activity(id="https://apps.example.org/quiz/ratios"),
            "ascending": True,
        }
    )
    assert by_verb.success and len(by_verb.content.statements) == 7


def test_voided_statement_is_retrieved_only_as_voided(remote: RemoteLRS) -> None:
    target = remote.save_statement(quiz_statement(3, 0.5)).content
    voiding = Statement(
        actor=learner(3),
        verb=Verb(
            id="http://adlnet.gov/expapi/verbs/voided", display=LanguageMap({"en-US": "voided"})
        ),
        object=StatementRef(id=target.id),
    )
    assert remote.save_statement(voiding).success
    assert not remote.retrieve_statement(target.id).success
    voided = remote.retrieve_voided_statement(target.id)
    assert voided.success and voided.content.id == target.id


def test_put_with_id_from_client(remote: RemoteLRS) -> None:
    st = quiz_statement(4, 0.75)
    st.id = str(uuid.uuid4())
    assert remote.save_statement(st).success
    assert remote.retrieve_statement(st.id).content.id == st.id


def contextual_statement(n: int, registration: str) -> Statement:
    """A statement with a registration, a parent activity and an instructor."""
    st = quiz_statement(n, 0.5)
    st.context = Context(
        registration=registration,
        instructor=Agent(name="Ms Rivera", mbox="mailto:rivera@school.example.org"),
        context_activities=ContextActivities(
            parent=[Activity(id=f"https://apps.example.org/units/{n % 2}")]
        ),
    )
    return st


def test_query_each_filter_through_tincan(remote: RemoteLRS) -> None:
    registration = str(uuid.uuid4())
    first = remote.save_statements([contextual_statement(n, registration) for n in range(3)])
    assert first.success, first.data
    other = remote.save_statement(quiz_statement(9, 0.2))
    assert other.success, other.data
    first_ids = {s.id for s in first.content}

    def ids(query: dict[str, object]) -> set[str]:
        response = remote.query_statements(query)
        assert response.success, response.data
        return {s.id for s in response.content.statements}

    assert ids({"registration": registration}) == first_ids
    unit0 = Activity(id="https://apps.example.org/units/0")
    assert ids({"activity": unit0}) == set()  # a parent only matches with related_activities
    assert len(ids({"activity": unit0, "related_activities": "true"})) == 2
    rivera = Agent(mbox="mailto:rivera@school.example.org")
    assert ids({"agent": rivera}) == set()  # an instructor only matches with related_agents
    assert ids({"agent": rivera, "related_agents": "true"}) == first_ids

    stored = sorted(
        remote.retrieve_statement(i).content.stored for i in first_ids | {other.content.id}
    )
    since = ids({"since": stored[0].isoformat()})
    until = ids({"until": stored[0].isoformat()})
    assert since | until == first_ids | {other.content.id} and not since & until

    oldest = remote.query_statements({"limit": 1, "ascending": "true"})
    assert oldest.success and len(oldest.content.statements) == 1
    assert oldest.content.statements[0].id in first_ids
    assert oldest.content.more  # three more to page through

    as_ids = remote.query_statements({"registration": registration, "format": "ids"})
    assert as_ids.success, as_ids.data
    actor = as_ids.content.statements[0].actor
    assert actor.name is None and actor.account.name.startswith("stu-")


def test_attachment_metadata_round_trips(remote: RemoteLRS) -> None:
    st = quiz_statement(5, 0.95)
    st.attachments = [
        Attachment(
            usage_type="https://w3id.org/xapi/ace/attachments/rubric",
            display=LanguageMap({"en-US": "Rubric"}),
            content_type="application/pdf",
            length=2048,
            sha2="b" * 64,
            fileurl="https://files.example.org/rubrics/5.pdf",
        )
    ]
    saved = remote.save_statement(st)
    assert saved.success, saved.data
    got = remote.retrieve_statement(saved.content.id).content
    (attachment,) = got.attachments
    assert attachment.fileurl == "https://files.example.org/rubrics/5.pdf"
    assert attachment.sha2 == "b" * 64 and attachment.length == 2048
    assert attachment.usage_type == "https://w3id.org/xapi/ace/attachments/rubric"
