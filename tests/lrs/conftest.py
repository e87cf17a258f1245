from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from lrs.auth import create_credential
from tests.conftest import basic_auth

V1 = {"X-Experience-API-Version": "1.0.3"}
V2 = {"X-Experience-API-Version": "2.0.0"}


def make_statement(i: int = 0, **overrides: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "actor": {
            "objectType": "Agent",
            "name": f"Learner {i % 3}",
            "account": {"homePage": "https://sis.example.org", "name": f"stu-{i % 3}"},
        },
        "verb": {
            "id": f"http://adlnet.gov/expapi/verbs/{'completed' if i % 2 else 'answered'}",
            "display": {"en-US": "completed" if i % 2 else "answered"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"https://apps.example.org/quiz/{i % 5}",
            "definition": {
                "name": {"en-US": f"Quiz {i % 5}"},
                "type": "http://adlnet.gov/expapi/activities/assessment",
            },
        },
        "result": {"score": {"scaled": 0.8}, "success": True},
        "context": {
            "contextActivities": {"category": [{"id": "https://standards.example.org/6.EE.A.1"}]}
        },
    }
    statement.update(overrides)
    return statement


class Client:
    """A TestClient that sends Basic auth and a version header unless told otherwise."""

    def __init__(self, client: TestClient, auth: str) -> None:
        self.http = client
        self.auth = auth

    def request(
        self,
        method: str,
        url: str,
        *,
        version: str | None = "1.0.3",
        auth: str | None = "default",
        **kwargs: Any,
    ):  # type: ignore[no-untyped-def]
        headers = dict(kwargs.pop("headers", {}) or {})
        if version is not None:
            headers.setdefault("X-Experience-API-Version", version)
        if auth is not None:
            headers.setdefault("Authorization", self.auth if auth == "default" else auth)
        return self.http.request(method, url, headers=headers, **kwargs)

    def post(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.request("POST", url, **kw)

    def put(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.request("PUT", url, **kw)

    def get(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.request("GET", url, **kw)


@pytest.fixture
def credential(lrs_app: Any) -> tuple[str, str]:
    return create_credential(
        lrs_app.state.ctx.store,
        name="Test app",
        tenant="district-1",
        scopes=frozenset({"statements/write", "statements/read"}),
    )


@pytest.fixture
def client(lrs_app: Any, credential: tuple[str, str]) -> Iterator[Client]:
    with TestClient(lrs_app) as http:
        yield Client(http, basic_auth(*credential))
