"""Where landing reads from: the LRS statement store, the CASE package, the student key secret."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg

from ace.settings import Settings
from lrs.store import open_store
from lrs.store.base import StatementStore
from pipelines.landing import student_key


class StatementStoreResource(dg.ConfigurableResource):
    """The LRS statement store, by the same URL the LRS itself is started with."""

    database_url: str

    @contextmanager
    def open(self) -> Iterator[StatementStore]:
        store = open_store(self.database_url)
        try:
            yield store
        finally:
            store.close()


class StudentKeyResource(dg.ConfigurableResource):
    """The HMAC secret behind pseudonymous student keys; changing it re-keys every learner."""

    secret: str

    def key_for(self, actor_ifi: str) -> str:
        return student_key(actor_ifi, self.secret)


class CaseStandardsResource(dg.ConfigurableResource):
    """The district's CASE JSON standards package."""

    path: str

    @property
    def file(self) -> Path:
        return Path(self.path)


def landing_resources(settings: Settings) -> dict[str, Any]:
    return {
        "lrs_store": StatementStoreResource(database_url=settings.resolved_database_url),
        "student_keys": StudentKeyResource(secret=settings.student_key_secret),
        "case_standards_file": CaseStandardsResource(path=str(settings.standards_file.resolve())),
    }


@dg.definitions
def defs() -> dg.Definitions:
    resources = landing_resources(Settings())
    if os.environ.get("ACE_STUDENT_KEY_SECRET"):
        # An EnvVar keeps the secret's value out of the resource config the UI displays.
        resources["student_keys"] = StudentKeyResource(secret=dg.EnvVar("ACE_STUDENT_KEY_SECRET"))
    return dg.Definitions(resources=resources)
