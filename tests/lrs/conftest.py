from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from ace.settings import Settings
from lrs.auth import create_credential
from tests.conftest import basic_auth
from tests.lrs.xapi_http import VERSIONS, XAPI

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


@pytest.fixture
def credential(lrs_app: Any) -> tuple[str, str]:
    return create_credential(
        lrs_app.state.ctx.store,
        name="Test app",
        tenant="district-1",
        scopes=frozenset({"statements/write", "statements/read"}),
    )


@pytest.fixture
def client(lrs_app: Any, credential: tuple[str, str]) -> Iterator[XAPI]:
    """The in-process app, through the same request helper as the live server's tests."""
    with TestClient(lrs_app) as http:
        yield XAPI(http, basic_auth(*credential))


@dataclass
class LiveLRS:
    """The LRS served on 127.0.0.1 and a random port for the whole session."""

    server: Any
    http: httpx.Client
    auth: str

    def client(self, version: str | None = "1.0.3") -> XAPI:
        return XAPI(self.http, self.auth, version)


@pytest.fixture(scope="session")
def live_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveLRS]:
    from lrs.server import BackgroundServer

    settings = Settings(data_dir=tmp_path_factory.mktemp("live-lrs"))
    with BackgroundServer(settings) as server:
        key, secret = create_credential(
            server.app.state.ctx.store,
            name="Conformance",
            tenant="conformance",
            scopes=frozenset({"statements/write", "statements/read"}),
        )
        base = f"http://{server.host}:{server.port}"
        with httpx.Client(base_url=base, timeout=30) as http:
            yield LiveLRS(server, http, basic_auth(key, secret))


@pytest.fixture(params=VERSIONS)
def xapi(request: pytest.FixtureRequest, live_lrs: LiveLRS) -> XAPI:
    """A client of the live LRS, once per xAPI version."""
    return live_lrs.client(request.param)
