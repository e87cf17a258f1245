"""Shared fixtures: settings in a temp dir, a real SQLite store, credentials, the ASGI app."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ace.settings import Settings

REQUIRE_SERVICES = os.environ.get("ACE_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip locally when a service is missing; fail in CI, which must provide it."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (ACE_REQUIRE_SERVICES=1: CI must provide it)")
    pytest.skip(reason)


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path)


def basic_auth(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@pytest.fixture
def lrs_app(settings: Settings) -> Iterator[object]:
    from lrs.server import build_app

    app = build_app(settings)
    yield app
    app.state.ctx.store.close()
