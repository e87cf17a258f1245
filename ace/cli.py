"""The `ace` command: one entry point for the LRS, the pipeline, the dashboards and the demo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ace.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    for name in ("database_url", "warehouse", "host", "port", "site_dir"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return Settings(**overrides)  # type: ignore[arg-type]


def cmd_serve(args: argparse.Namespace) -> int:
    from lrs.server import serve

    settings = _settings(args)
    print(
        f"ACE LRS on http://{settings.host}:{settings.port}/xapi/ "
        f"(store: {settings.resolved_database_url})",
        file=sys.stderr,
    )
    serve(settings, workers=args.workers)
    return 0


def cmd_credentials_create(args: argparse.Namespace) -> int:
    from lrs.auth import create_credential, parse_scopes
    from lrs.store import StoreError, open_store

    settings = _settings(args)
    try:
        scopes = parse_scopes(args.scopes)
    except ValueError as err:
        print(f"ace credentials create: --scopes: {err}", file=sys.stderr)
        return 2
    store = open_store(settings.resolved_database_url)
    try:
        key, secret = create_credential(
            store,
            name=args.name,
            tenant=args.tenant,
            scopes=scopes,
            key=args.key,
            secret=args.secret,
        )
    except StoreError as err:
        print(f"ace credentials create: {err}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(
        f"key:    {key}\nsecret: {secret}\ntenant: {args.tenant}\n"
        f"scopes: {' '.join(sorted(scopes))}"
    )
    print("The secret is stored hashed and cannot be shown again.", file=sys.stderr)
    return 0


def cmd_pipeline_run(args: argparse.Namespace) -> int:
    from pipelines.run import run_pipeline

    summary = run_pipeline(_settings(args))
    for key, value in summary.items():
        print(f"{key:<18} {value}")
    return 0 if summary.get("success") else 1


def cmd_dashboards_build(args: argparse.Namespace) -> int:
    from dashboards.build import build_site

    settings = _settings(args)
    pages = build_site(settings.resolved_warehouse, settings.resolved_site_dir)
    print(f"wrote {len(pages)} pages to {settings.resolved_site_dir}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ace.demo import print_summary, run_demo

    result = run_demo(Path(args.out), students=args.students, days=args.days, seed=args.seed)
    print_summary(result)
    return 0 if result.pipeline.get("success") else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ace", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the xAPI LRS")
    serve.add_argument(
        "--database", dest="database_url", help="sqlite:///PATH (env ACE_DATABASE_URL)"
    )
    serve.add_argument("--host", help="interface to listen on (env ACE_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (env ACE_PORT, default 8080)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(func=cmd_serve)

    creds = sub.add_parser("credentials", help="manage LRS credentials")
    creds_sub = creds.add_subparsers(dest="action", required=True)
    create = creds_sub.add_parser("create", help="create an HTTP Basic credential")
    create.add_argument("--name", required=True, help="who uses it, e.g. the app's name")
    create.add_argument("--scopes", required=True, help='e.g. "statements/write statements/read"')
    create.add_argument("--tenant", default="default", help="the district or app it belongs to")
    create.add_argument("--key", help="the key (default: random)")
    create.add_argument("--secret", help="the secret (default: random)")
    create.add_argument("--database", dest="database_url", help="sqlite:///PATH")
    create.set_defaults(func=cmd_credentials_create)

    pipeline = sub.add_parser("pipeline", help="run the Dagster pipeline")
    pipeline_sub = pipeline.add_subparsers(dest="action", required=True)
    run = pipeline_sub.add_parser("run", help="land, model, check and publish, in-process")
    run.add_argument("--database", dest="database_url", help="the LRS store to read")
    run.add_argument("--warehouse", type=Path, help="the DuckDB file to write")
    run.set_defaults(func=cmd_pipeline_run)

    dash = sub.add_parser("dashboards", help="static dashboards")
    dash_sub = dash.add_subparsers(dest="action", required=True)
    build = dash_sub.add_parser("build", help="rebuild the static site from the warehouse")
    build.add_argument("--warehouse", type=Path)
    build.add_argument("--out", dest="site_dir", type=Path)
    build.set_defaults(func=cmd_dashboards_build)

    demo = sub.add_parser("demo", help="the whole flow on a simulated district")
    demo.add_argument("--students", type=int, default=150)
    demo.add_argument("--days", type=int, default=35)
    demo.add_argument("--seed", type=int, default=2017)
    demo.add_argument("--out", default=".ace-demo", help="where everything is written")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
