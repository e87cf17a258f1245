"""`ace demo`: the whole flow on a simulated district, through a real LRS on a real port.

1. start the LRS (uvicorn on 127.0.0.1, SQLite store) and create one credential per app;
2. simulate the district's weeks and post every statement over HTTP with the `tincan` client;
3. run the Dagster pipeline in-process (landing, dbt warehouse, checks, dashboards);
4. print what was made, where, and a query an analyst can paste.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tincan import RemoteLRS, Statement
from tqdm import tqdm

from ace.demo.district import District, load_standards, make_district
from ace.demo.simulate import APPS, SimulatedStatement, WeekSimulator, utc_start
from ace.settings import Settings
from lrs.auth import create_credential
from lrs.server import BackgroundServer

TENANT = "lincoln-unified"
BATCH = 250


@dataclass
class DemoResult:
    settings: Settings
    district: District
    statements: list[SimulatedStatement]
    pipeline: dict[str, Any]


def simulate_district(
    settings: Settings, *, students: int, days: int, seed: int
) -> tuple[District, list[SimulatedStatement]]:
    rng = random.Random(seed)
    district = make_district(rng, load_standards(settings.standards_file), students=students)
    simulator = WeekSimulator(district, rng)
    return district, list(simulator.simulate(utc_start(days), days))


def post_statements(
    server: BackgroundServer, statements: list[SimulatedStatement], *, progress: bool
) -> None:
    """Each app posts its own statements in batches with its own credential."""
    store = server.app.state.ctx.store
    clients: dict[str, RemoteLRS] = {}
    for app in APPS:
        key, secret = create_credential(
            store,
            name=app,
            tenant=TENANT,
            scopes=frozenset({"statements/write", "statements/read"}),
        )
        clients[app] = RemoteLRS(endpoint=server.endpoint, username=key, password=secret)
    by_app: dict[str, list[Statement]] = defaultdict(list)
    bar = tqdm(
        total=len(statements), desc="posting xAPI statements", unit="stmt", disable=not progress
    )
    for item in statements:
        pending = by_app[item.app]
        pending.append(Statement(item.statement))
        if len(pending) >= BATCH:
            _send(clients[item.app], pending)
            bar.update(len(pending))
            pending.clear()
    for app, pending in by_app.items():
        if pending:
            _send(clients[app], pending)
            bar.update(len(pending))
    bar.close()


def _send(client: RemoteLRS, batch: list[Statement]) -> None:
    response = client.save_statements(batch)
    if not response.success:
        raise RuntimeError(
            f"the LRS refused a batch: HTTP {response.response.status} {response.data!r}"
        )


def run_demo(
    out: Path, *, students: int = 150, days: int = 35, seed: int = 2017, progress: bool = True
) -> DemoResult:
    from pipelines.run import run_pipeline  # Dagster loads slowly; only pay for it here

    settings = Settings(data_dir=out)
    out.mkdir(parents=True, exist_ok=True)
    store_file = Path(settings.resolved_database_url.removeprefix("sqlite:///"))
    for stale in (settings.resolved_warehouse, store_file):
        for path in (stale, Path(f"{stale}-wal"), Path(f"{stale}-shm"), Path(f"{stale}.wal")):
            path.unlink(missing_ok=True)
    district, statements = simulate_district(settings, students=students, days=days, seed=seed)
    with BackgroundServer(settings) as server:
        print(f"LRS listening on {server.endpoint} (store: {settings.resolved_database_url})")
        post_statements(server, statements, progress=progress)
    summary = run_pipeline(settings)
    return DemoResult(settings, district, statements, summary)


ANALYST_QUERY = (
    "select standard_code, count(*) as students, round(avg(mastery_score), 2) as mean_mastery,"
    " round(avg(is_mastered::int), 2) as share_mastered"
    " from mastery group by standard_code order by standard_code"
)


def print_summary(result: DemoResult) -> None:
    s = result.settings
    pipeline = result.pipeline
    failed = pipeline.get("failed_checks", [])
    print()
    print("ACE demo finished." if pipeline.get("success") else "ACE demo: the pipeline FAILED.")
    print(
        f"  district         {result.district.name}: {len(result.district.classes)} classes, "
        f"{len(result.district.students)} students, {len(result.district.standards)} standards"
    )
    print(f"  statements       {len(result.statements)} posted over HTTP with the tincan client")
    print(f"  LRS store        {s.resolved_database_url}")
    print(f"  warehouse        {s.resolved_warehouse}")
    print(f"  landed           {pipeline.get('statements_landed')} statements")
    print(f"  mastery rows     {pipeline.get('mastery_rows')}")
    print(
        f"  checks           {pipeline.get('checks_passed')} passed, {len(failed)} failed "
        f"(Great Expectations on mastery: "
        f"{'passed' if pipeline.get('gx_mastery_passed') else 'FAILED'})"
    )
    for name in failed + pipeline.get("failed_steps", []):
        print(f"    failed: {name}")
    print(f"  pipeline         {pipeline.get('seconds')} s")
    print()
    print("Open the dashboards:")
    print(f"  file://{s.resolved_site_dir / 'index.html'}")
    print("Query the warehouse (DuckDB), e.g. mastery by standard:")
    print(
        f"  .venv/bin/python -c \"import duckdb; duckdb.connect('{s.resolved_warehouse}', "
        f"read_only=True).sql('{ANALYST_QUERY}').show()\""
    )
