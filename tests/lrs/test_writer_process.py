"""The writer process: shared by several server processes, and never acknowledging a lost job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lrs.statements import prepare_statement
from lrs.store import (
    SQLiteStatementStore,
    StatementConflict,
    StoreError,
    WriterAddress,
    start_writer_process,
)
from tests.lrs.conftest import make_statement

AUTHORITY = {"objectType": "Agent", "account": {"homePage": "http://h.example", "name": "k"}}
REPO = Path(__file__).resolve().parents[2]


def never_equivalent(a: bytes, b: bytes) -> bool:
    return False


def prep(i: int, **fields: object) -> object:
    return prepare_statement(make_statement(i, **fields), authority=AUTHORITY, version="1.0.3")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped) counts as gone.
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_two_server_processes_share_one_writer(tmp_path: Path) -> None:
    """Like the workers of `ace serve --workers 2`: both connect to the writer `serve` owns."""
    db = str(tmp_path / "lrs.sqlite3")
    writer = start_writer_process(db)
    try:
        address = writer.address.encode()
        a = SQLiteStatementStore(db, writer=address)
        b = SQLiteStatementStore(db, writer=WriterAddress.decode(address))

        def load(store: SQLiteStatementStore, start: int) -> None:
            for i in range(start, start + 50, 5):
                store.save("t", [prep(j) for j in range(i, i + 5)], never_equivalent)

        threads = [threading.Thread(target=load, args=(s, k)) for k, s in ((0, a), (1000, b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rows = a.read_since(0, 1000)
        assert len(rows) == 100 and len({r.id for r in rows}) == 100
        assert [r.sequence for r in rows] == sorted({r.sequence for r in rows})
        assert b.max_sequence() == a.max_sequence() == rows[-1].sequence
        a.close()
        b.save("t", [prep(2000)], never_equivalent)  # closing one client leaves the writer up
        b.close()
    finally:
        writer.close()
    assert not Path(writer.address.directory).exists()


def test_conflicts_cross_the_process_boundary(tmp_path: Path) -> None:
    store = SQLiteStatementStore(tmp_path / "lrs.sqlite3", writer="process")
    try:
        sid = "44444444-4444-4444-8444-444444444444"
        store.save("t", [prep(0, id=sid)], never_equivalent)
        with pytest.raises(StatementConflict) as err:
            store.save("t", [prep(1, id=sid)], never_equivalent)
        assert err.value.statement_id == sid
        assert store.max_sequence() == 1
    finally:
        store.close()


def test_a_dead_writer_fails_every_request_instead_of_acknowledging(tmp_path: Path) -> None:
    store = SQLiteStatementStore(tmp_path / "lrs.sqlite3", writer="process")
    try:
        store.save("t", [prep(0)], never_equivalent)
        pid = store._write._owned.pid  # type: ignore[union-attr]
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(StoreError, match="writer process"):
            store.save("t", [prep(1)], never_equivalent)
        assert store.max_sequence() == 1  # reads still work; nothing half-written
    finally:
        store.close()


def test_the_writer_exits_when_its_server_dies_without_closing(tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "from lrs.store import SQLiteStatementStore\n"
        "if __name__ == '__main__':\n"
        f"    s = SQLiteStatementStore({str(tmp_path / 'lrs.sqlite3')!r}, writer='process')\n"
        "    print(s._write._owned.pid, flush=True)\n"
        "    os._exit(0)\n"
    )
    path = tmp_path / "die.py"
    path.write_text(script)
    out = subprocess.run(
        [sys.executable, str(path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the orphaned writer process kept running"


def test_an_unreachable_writer_address_is_a_clear_error(tmp_path: Path) -> None:
    address = WriterAddress(str(tmp_path / "nowhere"), "00" * 16).encode()
    with pytest.raises(StoreError, match="cannot reach the store's writer process"):
        SQLiteStatementStore(tmp_path / "lrs.sqlite3", writer=address)
    with pytest.raises(StoreError, match="not a writer address"):
        SQLiteStatementStore(tmp_path / "lrs.sqlite3", writer="somewhere")


def test_a_job_that_cannot_cross_to_the_writer_fails_alone(tmp_path: Path) -> None:
    store = SQLiteStatementStore(tmp_path / "lrs.sqlite3", writer="process")
    try:
        with pytest.raises(Exception, match="pickle|lambda"):
            store.save("t", [prep(0)], lambda a, b: a == b)  # a lambda cannot be pickled
        assert not store._write._pending  # type: ignore[union-attr]  # nothing left waiting
        assert store.save("t", [prep(1)], never_equivalent)  # the next request goes through
        assert store.max_sequence() == 1
    finally:
        store.close()


def test_ctrl_c_is_left_to_the_server(tmp_path: Path) -> None:
    """SIGINT (Ctrl-C reaches the whole process group) must not kill the writer mid-work."""
    store = SQLiteStatementStore(tmp_path / "lrs.sqlite3", writer="process")
    try:
        pid = store._write._owned.pid  # type: ignore[union-attr]
        assert pid is not None
        os.kill(pid, signal.SIGINT)
        time.sleep(0.3)
        assert _alive(pid)
        assert store.save("t", [prep(0)], never_equivalent)
    finally:
        store.close()
    assert not _alive(pid)  # closing the store still stops it


def test_ace_serve_with_two_workers_stores_every_request_and_stops_cleanly(tmp_path: Path) -> None:
    """`ace serve --workers 2`: the workers write through the writer `serve` starts (the
    sharing itself is `test_two_server_processes_share_one_writer`); Ctrl-C stops the
    workers, then the writer after its last commit, and nothing is left running."""
    import base64
    import socket
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from lrs.auth import create_credential

    db = tmp_path / "lrs.sqlite3"
    setup = SQLiteStatementStore(db)
    key, secret = create_credential(
        setup, name="w", tenant="t", scopes=frozenset({"statements/write", "statements/read"})
    )
    setup.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ace = Path(sys.executable).parent / "ace"
    server = subprocess.Popen(
        [str(ace), "serve", "--database", f"sqlite:///{db}", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    headers = {"Authorization": auth, "X-Experience-API-Version": "1.0.3"}
    url = f"http://127.0.0.1:{port}/xapi/statements"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/xapi/about", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with ThreadPoolExecutor(8) as pool:  # enough connections to reach both workers
            answers = list(
                pool.map(
                    lambda i: httpx.post(url, json=make_statement(i), headers=headers).status_code,
                    range(40),
                )
            )
        assert answers == [200] * 40
        rows = SQLiteStatementStore(db).read_since(0, 100)
        assert len(rows) == 40 and len({r.sequence for r in rows}) == 40
    finally:
        os.killpg(server.pid, signal.SIGINT)
        assert server.wait(timeout=30) == 0
    deadline = time.monotonic() + 10  # multiprocessing's resource tracker leaves last
    while time.monotonic() < deadline:
        leftovers = subprocess.run(
            ["pgrep", "-a", "-s", str(server.pid)], capture_output=True, text=True
        ).stdout
        if not leftovers:
            break
        time.sleep(0.2)
    assert not leftovers, f"outlived `ace serve`: {leftovers}"
