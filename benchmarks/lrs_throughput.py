"""LRS throughput and latency, against a floor measured in the same run on the same machine.

    .venv/bin/python benchmarks/lrs_throughput.py                 # 1M statements (~5-10 min)
    .venv/bin/python benchmarks/lrs_throughput.py --statements 200000

What it measures (issue #3 targets in brackets):
- floor: orjson parse + SQLite `executemany` of the same statements into a bare table, one
  durable commit (WAL, synchronous=FULL) per 100 statements;
- POST batches of 100 over 4 keep-alive connections [>= 15,000 statements/s, >= 0.5 x floor];
- POST single statements over 8 connections [>= 2,000 requests/s];
- GET with an agent, verb or activity filter, limit 25, at the end of the load [median <= 5 ms];
- the server's resident memory over the whole load [flat].
The server runs as `ace serve` in its own process; the client is a small asyncio HTTP/1.1
client on loopback. Figures are medians where repeated; the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import orjson

REPO = Path(__file__).resolve().parent.parent
N_STUDENTS, N_ACTIVITIES = 5000, 2000
VERBS = [
    f"http://adlnet.gov/expapi/verbs/{v}"
    for v in ("answered", "completed", "scored", "passed", "failed", "experienced", "attempted")
]


def statement(rng: random.Random) -> dict[str, object]:
    """A realistic ~1.3 KB statement: account agent, verb display, activity definition,
    result, context with registration, context activities and extensions."""
    student = rng.randrange(N_STUDENTS)
    activity = rng.randrange(N_ACTIVITIES)
    verb = rng.choice(VERBS)
    return {
        "actor": {
            "objectType": "Agent",
            "name": f"Student {student}",
            "account": {
                "homePage": "https://sis.district.example.org",
                "name": f"stu-{student:05d}",
            },
        },
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": f"https://apps.example.org/quizzes/{activity}",
            "definition": {
                "name": {"en-US": f"Quiz {activity}"},
                "description": {"en-US": "A short standards-aligned check for understanding."},
                "type": "http://adlnet.gov/expapi/activities/assessment",
                "extensions": {"https://apps.example.org/ext/difficulty": "medium"},
            },
        },
        "result": {
            "score": {"scaled": 0.8, "raw": 8, "min": 0, "max": 10},
            "success": True,
            "completion": True,
            "duration": "PT4M12S",
            "extensions": {"https://apps.example.org/ext/attempts": 2},
        },
        "context": {
            "registration": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "platform": "Quizzly",
            "language": "en-US",
            "contextActivities": {
                "parent": [
                    {
                        "objectType": "Activity",
                        "id": f"https://apps.example.org/units/{activity // 20}",
                    }
                ],
                "grouping": [
                    {
                        "objectType": "Activity",
                        "id": "https://sis.district.example.org/classes/cls-101",
                        "definition": {
                            "type": "https://w3id.org/xapi/ace/activity-types/class-section"
                        },
                    }
                ],
                "category": [
                    {
                        "objectType": "Activity",
                        "id": f"https://standards.example.org/items/{activity % 40}",
                        "definition": {"type": "http://adlnet.gov/expapi/activities/objective"},
                    }
                ],
            },
            "extensions": {"https://apps.example.org/ext/session": f"s-{rng.randrange(10**9)}"},
        },
        "timestamp": "2026-11-03T10:15:30.123-05:00",
    }


def bodies(n_bodies: int, per_body: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    if per_body == 1:
        return [orjson.dumps(statement(rng)) for _ in range(n_bodies)]
    return [orjson.dumps([statement(rng) for _ in range(per_body)]) for _ in range(n_bodies)]


# ------------------------------------------------------------------------------------ floor
def floor(batches: list[bytes], n_statements: int, directory: Path) -> float:
    """orjson parse + bare-table executemany, one durable commit per batch of 100."""
    con = sqlite3.connect(directory / "floor.sqlite3", isolation_level=None)
    con.execute("pragma journal_mode=wal")
    con.execute("pragma synchronous=full")
    con.execute("create table statements (id text primary key, payload blob)")
    done, start = 0, time.perf_counter()
    while done < n_statements:
        for body in batches:
            rows = [(str(uuid.uuid4()), orjson.dumps(s)) for s in orjson.loads(body)]
            con.execute("begin")
            con.executemany("insert into statements values (?, ?)", rows)
            con.execute("commit")
            done += len(rows)
            if done >= n_statements:
                break
    elapsed = time.perf_counter() - start
    con.close()
    return done / elapsed


# ----------------------------------------------------------------------------------- client
class Connection:
    def __init__(self, host: str, port: int, auth: str) -> None:
        self.host, self.port, self.auth = host, port, auth
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: {self.auth}\r\n"
            "X-Experience-API-Version: 1.0.3\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        payload = await self.reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), payload


async def post_load(
    host: str,
    port: int,
    auth: str,
    payloads: list[bytes],
    per_body: int,
    total: int,
    connections: int,
    deadline: float | None = None,
) -> tuple[int, float]:
    sent = 0
    lock = asyncio.Lock()

    async def worker(k: int) -> None:
        nonlocal sent
        conn = Connection(host, port, auth)
        i = k
        while True:
            async with lock:
                if sent >= total or (deadline and time.perf_counter() > deadline):
                    return
                sent += per_body
            status, data = await conn.request(
                "POST", "/xapi/statements", payloads[i % len(payloads)]
            )
            if status != 200:
                raise RuntimeError(f"POST failed: {status} {data[:300]!r}")
            i += connections

    start = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(connections)))
    return sent, time.perf_counter() - start


async def get_latencies(host: str, port: int, auth: str, paths: list[str]) -> list[float]:
    conn = Connection(host, port, auth)
    await conn.request("GET", paths[0])  # warm the connection
    out = []
    for path in paths:
        start = time.perf_counter()
        status, data = await conn.request("GET", path)
        out.append((time.perf_counter() - start) * 1000)
        if status != 200 or b'"statements":[{' not in data:
            raise RuntimeError(f"GET {path} failed: {status} {data[:200]!r}")
    return out


# ----------------------------------------------------------------------------------- server
def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (the server, its uvicorn workers and its writer process)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def tree_usage(pid: int) -> tuple[float, float]:
    """(resident MB, CPU seconds) summed over the process tree of `pid`."""
    rss_kb, ticks = 0, 0
    for p in process_tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        rss_kb += int(next(ln for ln in status.splitlines() if ln.startswith("VmRSS")).split()[1])
        ticks += int(fields[11]) + int(fields[12])
    return rss_kb / 1024, ticks / os.sysconf("SC_CLK_TCK")


class RssSampler(threading.Thread):
    """Resident memory of the server's whole process tree, every half second."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError, StopIteration):
                self.samples.append((time.perf_counter(), tree_usage(self.pid)[0]))
            time.sleep(0.5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    bin_dir = Path(sys.executable).parent
    out = subprocess.run(
        [
            str(bin_dir / "ace"),
            "credentials",
            "create",
            "--name",
            "bench",
            "--tenant",
            "bench",
            "--scopes",
            "all",
            "--database",
            db,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    key, secret = fields["key"].strip(), fields["secret"].strip()
    proc = subprocess.Popen(
        [
            str(bin_dir / "ace"),
            "serve",
            "--database",
            db,
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return proc, "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--statements", type=int, default=1_000_000, help="statements stored by the batch load"
    )
    parser.add_argument("--floor-statements", type=int, default=200_000)
    parser.add_argument("--singles-seconds", type=float, default=20.0)
    parser.add_argument("--get-samples", type=int, default=101)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ace-bench-"))
    batches = bodies(400, 100, seed=1)
    singles = bodies(4000, 1, seed=2)
    print(
        "statement size: "
        f"{statistics.median(len(orjson.dumps(s)) for s in orjson.loads(batches[0])):.0f} bytes"
    )
    floor_rate = floor(batches, args.floor_statements, work)
    print(f"floor  orjson + sqlite executemany, commit per 100: {floor_rate:,.0f} statements/s")

    port = free_port()
    proc, auth = start_server(f"sqlite:///{work / 'lrs.sqlite3'}", port, args.workers)
    sampler = RssSampler(proc.pid)
    sampler.start()
    try:
        cpu0 = tree_usage(proc.pid)[1]
        sent, secs = asyncio.run(
            post_load("127.0.0.1", port, auth, batches, 100, args.statements, 4)
        )
        cpu = tree_usage(proc.pid)[1] - cpu0
        rate = sent / secs
        print(
            f"POST   batches of 100, 4 connections: {rate:,.0f} statements/s "
            f"({sent:,} in {secs:.1f} s; {rate / floor_rate:.2f} x floor; "
            f"server CPU {cpu / sent * 1e6:.0f} us per statement)"
        )
        deadline = time.perf_counter() + args.singles_seconds
        cpu0 = tree_usage(proc.pid)[1]
        n, secs = asyncio.run(post_load("127.0.0.1", port, auth, singles, 1, 10**9, 8, deadline))
        cpu = tree_usage(proc.pid)[1] - cpu0
        print(
            f"POST   single statements, 8 connections: {n / secs:,.0f} requests/s "
            f"({n:,} in {secs:.1f} s; server CPU {cpu / n * 1e6:.0f} us per request)"
        )
        rng = random.Random(3)
        for name, make in (
            (
                "agent",
                lambda: (
                    "agent="
                    + quote(
                        orjson.dumps(
                            {
                                "account": {
                                    "homePage": "https://sis.district.example.org",
                                    "name": f"stu-{rng.randrange(N_STUDENTS):05d}",
                                }
                            }
                        ).decode()
                    )
                ),
            ),
            ("verb", lambda: "verb=" + quote(rng.choice(VERBS))),
            (
                "activity",
                lambda: (
                    "activity="
                    + quote(f"https://apps.example.org/quizzes/{rng.randrange(N_ACTIVITIES)}")
                ),
            ),
        ):
            paths = [f"/xapi/statements?{make()}&limit=25" for _ in range(args.get_samples)]
            lat = asyncio.run(get_latencies("127.0.0.1", port, auth, paths))
            print(
                f"GET    {name:<8} filter, limit 25: median {statistics.median(lat):.2f} ms, "
                f"p90 {sorted(lat)[int(len(lat) * 0.9)]:.2f} ms"
            )
    finally:
        sampler.stop.set()
        proc.terminate()
        proc.wait(timeout=30)
    rss = [mb for _, mb in sampler.samples]
    if rss:
        tenth = rss[: max(1, len(rss) // 10)]
        print(
            f"memory server RSS (all its processes): first 10% median "
            f"{statistics.median(tenth):.0f} MB, "
            f"peak {max(rss):.0f} MB, last {rss[-1]:.0f} MB ({len(rss)} samples)"
        )
    size = sum(f.stat().st_size for f in work.glob("lrs.sqlite3*")) / 2**20
    print(f"store  {size:,.0f} MB on disk for the run ({work})")
    if os.environ.get("ACE_BENCH_KEEP") != "1":
        for f in work.iterdir():
            f.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
