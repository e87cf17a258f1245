"""The embedded statement store: one SQLite file in WAL mode with `synchronous=FULL`.

Writes go through one writer -- a thread of this process, or a process of its own (what the
server uses, see `lrs.store.writer_process`) -- that commits concurrent requests together (group
commit): one fsync acknowledges every batch that arrived while the previous commit was running.
Each request's batch sits in its own SAVEPOINT, so a conflict in one request never touches
another; a group of plain new statements from one tenant skips the savepoints. Readers use their
own connections (WAL lets them run beside the writer).

IRIs and agent identifiers are interned into integer keys (registrations are hashed);
`statement_keys` holds one row per (tenant, key, sequence) with flags saying how the key occurs,
so every filter is an index range walked in sequence order. A statement whose object is a
StatementRef also gets its target's rows (xAPI "Filter Conditions for StatementRefs"), whichever
of the two arrives first.
"""

from __future__ import annotations

import hashlib
import queue
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from lrs.store.base import (
    AttachmentContent,
    Credential,
    Equivalent,
    InvalidVoiding,
    NewStatement,
    QueryPage,
    StatementConflict,
    StatementQuery,
    StoredStatement,
    StoreError,
)
from lrs.store.writer_process import RemoteWriter, WriterAddress, WriterProcess

WriterChoice = Literal["thread", "process"] | WriterAddress | str

STAMP_PLACEHOLDER = b"0000-00-00T00:00:00.000Z"
STORED_TAIL = b'"stored":"' + STAMP_PLACEHOLDER + b'"}'
TIMESTAMP_TAIL = b'"timestamp":"' + STAMP_PLACEHOLDER + b'",' + STORED_TAIL

# statement_keys.flags: what a key is to a statement (one row per statement and key)
AGENT, RELATED_AGENT, ACTIVITY, RELATED_ACTIVITY, VERB, REGISTRATION = 1, 2, 4, 8, 16, 32

SCHEMA = """
create table if not exists tenants (id integer primary key, name text not null unique);
create table if not exists keys (id integer primary key, value text not null unique);
create table if not exists statements (
    sequence integer primary key autoincrement,
    tenant_id integer not null,
    id text not null,
    stored text not null,
    stored_us integer not null,
    voided integer not null default 0,
    voiding_target text,
    ref_target text,
    payload blob not null,
    unique (tenant_id, id)
);
create index if not exists statements_stored on statements (tenant_id, stored_us);
create index if not exists statements_voiding
    on statements (tenant_id, voiding_target) where voiding_target is not null;
create index if not exists statements_ref_target
    on statements (tenant_id, ref_target) where ref_target is not null;
create table if not exists statement_keys (
    tenant_id integer not null,
    key_id integer not null,
    sequence integer not null,
    flags integer not null,
    primary key (tenant_id, key_id, sequence)
) without rowid;
create table if not exists attachments (
    tenant_id integer not null,
    sha2 text not null,
    content_type text not null,
    content blob not null,
    primary key (tenant_id, sha2)
);
create table if not exists credentials (
    key text primary key,
    name text not null,
    tenant text not null,
    scopes text not null,
    secret_hash text not null,
    created text not null
);
"""


_second: tuple[int, str] = (-1, "")  # the last epoch second formatted, and its text


def format_stamp(epoch_ms: int) -> str:
    """ISO 8601 UTC with milliseconds; the date and time are formatted once per second."""
    global _second
    seconds, millis = divmod(epoch_ms, 1000)
    cached = _second  # one read: another thread may replace it, never half of it
    if cached[0] != seconds:
        text = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.")
        cached = _second = (seconds, text)
    return f"{cached[1]}{millis:03d}Z"


def _connect(path: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    con.execute("pragma journal_mode=wal")
    con.execute("pragma synchronous=full")
    con.execute("pragma foreign_keys=off")
    con.execute("pragma cache_size=-65536")
    # Checkpoint every 64 MB of WAL rather than 4 MB: index pages touched by many commits are
    # copied into the database once, and the writer stops for a checkpoint far less often.
    con.execute("pragma wal_autocheckpoint=16384")
    return con


class _Job:
    __slots__ = ("tenant", "statements", "equivalent", "attachments", "future")

    def __init__(
        self,
        tenant: str,
        statements: Sequence[NewStatement],
        equivalent: Equivalent,
        attachments: Sequence[AttachmentContent],
    ) -> None:
        self.tenant = tenant
        self.statements = statements
        self.equivalent = equivalent
        self.attachments = attachments
        self.future: Future[list[str]] = Future()


WriteRequest = tuple[str, Sequence[NewStatement], Equivalent, Sequence[AttachmentContent]]


class _Writer:
    """The write side of the store: one connection, the key caches and the group commit.

    It runs on a thread of the server process (`writer="thread"`) or alone in a process of its
    own (`writer="process"`), where SQLite and the Python around it never wait for the GIL of
    the process that parses and validates requests.
    """

    max_cached_keys = 200_000

    def __init__(self, path: str) -> None:
        self.con = _connect(path)
        self.con.executescript(SCHEMA)
        self._keys: dict[str, int] = {}
        self._tenants: dict[str, int] = {}
        self._last_ms = 0

    def close(self) -> None:
        self.con.close()

    def _next_stamp(self) -> int:
        now_ms = time.time_ns() // 1_000_000
        self._last_ms = max(now_ms, self._last_ms)
        return self._last_ms

    def commit_group(
        self, jobs: Sequence[WriteRequest], on_stamp: Callable[[int | None], None]
    ) -> list[list[str] | BaseException]:
        """Commit every job in one transaction, each in its own savepoint.

        Returns, per job, its ids or the StoreError that rolled it back. If the transaction
        itself fails, every job gets that error: nothing of the group was acknowledged.
        """
        con = self.con
        results: list[list[str] | BaseException] = []
        stamp_ms = self._next_stamp()
        on_stamp(stamp_ms)
        try:
            con.execute("begin immediate")
            together = self._write_together(con, jobs, stamp_ms) if len(jobs) > 1 else None
            for job in jobs if together is None else ():
                con.execute("savepoint job")
                try:
                    results.append(self._write_job(con, job, stamp_ms))
                    con.execute("release job")
                except StoreError as err:
                    con.execute("rollback to job")
                    con.execute("release job")
                    self._keys.clear()  # keys created by the rolled-back job are gone
                    self._tenants.clear()  # and so is a tenant it was the first to use
                    results.append(err)
            con.execute("commit")
            if together is not None:
                results = list(together)
        except BaseException as err:  # the whole group failed: nothing was acknowledged
            if con.in_transaction:
                con.execute("rollback")
            self._keys.clear()  # keys interned in the rolled-back transaction are gone
            self._tenants.clear()
            return [err] * len(jobs)
        finally:
            on_stamp(None)
        return results

    def _write_together(
        self, con: sqlite3.Connection, jobs: Sequence[WriteRequest], stamp_ms: int
    ) -> list[list[str]] | None:
        """The common case in one go: several jobs of one tenant, only new plain statements.

        Many small requests (single statements) then cost one insert of each kind instead of a
        savepoint and a handful of statements per request. Anything else -- an id already
        stored or repeated, a voiding statement, a StatementRef, attachments -- returns None
        having written nothing, and the jobs go one by one through their savepoints.
        """
        tenant = jobs[0][0]
        statements: list[NewStatement] = []
        for job_tenant, job_statements, _, attachments in jobs:
            if job_tenant != tenant or attachments:
                return None
            statements.extend(job_statements)
        ids = [st.id for st in statements]
        if len(set(ids)) != len(ids) or any(
            st.voids is not None or st.ref_target is not None for st in statements
        ):
            return None
        tenant_id = self._tenant_id(con, tenant)
        if self._existing_payloads(con, tenant_id, ids):
            return None
        self._insert_statements(con, tenant_id, statements, stamp_ms)
        return [[st.id for st in job[1]] for job in jobs]

    def _write_job(self, con: sqlite3.Connection, job: WriteRequest, stamp_ms: int) -> list[str]:
        tenant, statements, equivalent, attachments = job
        tenant_id = self._tenant_id(con, tenant)
        ids = [s.id for s in statements]
        existing = self._existing_payloads(con, tenant_id, ids)
        fresh: dict[str, NewStatement] = {}
        for st in statements:
            if st.id in existing:
                if not equivalent(existing[st.id], st.payload):
                    raise StatementConflict(st.id)
            elif st.id not in fresh:
                fresh[st.id] = st
        if fresh:
            self._insert_statements(con, tenant_id, list(fresh.values()), stamp_ms)
        if attachments:
            con.executemany(
                "insert or ignore into attachments values (?,?,?,?)",
                [(tenant_id, a.sha2, a.content_type, a.content) for a in attachments],
            )
        return ids

    def _insert_statements(
        self, con: sqlite3.Connection, tenant_id: int, fresh: list[NewStatement], stamp_ms: int
    ) -> None:
        """Insert new statements and their filter keys with a handful of batched statements."""
        stamp = format_stamp(stamp_ms)
        stamp_bytes = stamp.encode()
        row = con.execute("select seq from sqlite_sequence where name = 'statements'").fetchone()
        first = (row[0] if row else 0) + 1
        voided = self._voided_targets(con, tenant_id, [st.id for st in fresh])
        voided |= {st.voids for st in fresh if st.voids is not None}
        con.executemany(
            "insert into statements (sequence, tenant_id, id, stored, stored_us, voided,"
            " voiding_target, ref_target, payload) values (?,?,?,?,?,?,?,?,?)",
            [
                (
                    first + offset,
                    tenant_id,
                    st.id,
                    stamp,
                    stamp_ms * 1000,
                    int(st.id in voided),
                    st.voids,
                    st.ref_target,
                    _splice_stamp(st.payload, stamp_bytes, st.fill_timestamp),
                )
                for offset, st in enumerate(fresh)
            ],
        )
        flags = [_key_flags(st) for st in fresh]
        key_ids = self._key_ids(con, {value for f in flags for value in f})
        rows = [
            (key_ids[value], first + offset, flag)
            for offset, f in enumerate(flags)
            for value, flag in f.items()
        ]
        rows += [
            (registration_key(st.registration), first + offset, REGISTRATION)
            for offset, st in enumerate(fresh)
            if st.registration is not None
        ]
        rows.sort()  # sorted, the rows walk the index in key order
        con.executemany(
            "insert into statement_keys values (?, ?, ?, ?)", [(tenant_id, *r) for r in rows]
        )
        for offset, st in enumerate(fresh):
            if st.voids is not None:
                self._void(con, tenant_id, st.voids)
            if st.ref_target is not None:
                self._inherit_keys(con, tenant_id, first + offset, st.ref_target)
        self._pass_keys_to_referrers(con, tenant_id, [st.id for st in fresh])

    def _voided_targets(self, con: sqlite3.Connection, tenant_id: int, ids: list[str]) -> set[str]:
        """Which of these ids an already stored voiding statement targets."""
        found: set[str] = set()
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in con.execute(
                    f"select voiding_target from statements where tenant_id = ?"
                    f" and voiding_target in ({marks})",
                    (tenant_id, *chunk),
                )
            )
        return found

    def _key_ids(self, con: sqlite3.Connection, values: set[str]) -> dict[str, int]:
        """Integer keys for IRIs and agent identifiers: cached, then looked up, then created."""
        out: dict[str, int] = {}
        missing: list[str] = []
        for value in values:
            key = self._keys.get(value)
            if key is None:
                missing.append(value)
            else:
                out[value] = key
        if not missing:
            return out
        for chunk in _chunks(missing):
            marks = ",".join("?" * len(chunk))
            out.update(
                (r[1], r[0])
                for r in con.execute(f"select id, value from keys where value in ({marks})", chunk)
            )
        new = [value for value in missing if value not in out]
        if new:
            start = con.execute("select coalesce(max(id), 0) + 1 from keys").fetchone()[0]
            rows = [(start + i, value) for i, value in enumerate(new)]
            con.executemany("insert into keys (id, value) values (?, ?)", rows)
            out.update((value, key) for key, value in rows)
        if len(self._keys) > self.max_cached_keys:  # bound the cache
            self._keys.clear()
        self._keys.update((value, out[value]) for value in missing)
        return out

    def _inherit_keys(self, con: sqlite3.Connection, tenant_id: int, seq: int, target: str) -> None:
        """A statement referring to `target` matches whatever its target matches."""
        con.execute(
            "insert into statement_keys select k.tenant_id, k.key_id, ?, k.flags"
            " from statements t join statement_keys k"
            " on k.tenant_id = t.tenant_id and k.sequence = t.sequence"
            " where t.tenant_id = ? and t.id = ?"
            " on conflict (tenant_id, key_id, sequence)"
            " do update set flags = flags | excluded.flags",
            (seq, tenant_id, target),
        )

    def _pass_keys_to_referrers(
        self, con: sqlite3.Connection, tenant_id: int, targets: list[str]
    ) -> None:
        """Targets stored after their referrers: hand their keys down the chain of references."""
        pending = list(targets)
        seen: set[str] = set()
        while pending:
            chunk = [t for t in pending[:500] if t not in seen]
            pending = pending[500:]
            seen.update(chunk)
            if not chunk:
                continue
            marks = ",".join("?" * len(chunk))
            for ref_seq, ref_id, target in con.execute(
                f"select sequence, id, ref_target from statements where tenant_id = ?"
                f" and ref_target in ({marks})",
                (tenant_id, *chunk),
            ).fetchall():
                self._inherit_keys(con, tenant_id, ref_seq, target)
                pending.append(ref_id)

    def _existing_payloads(
        self, con: sqlite3.Connection, tenant_id: int, ids: list[str]
    ) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for sid, payload in con.execute(
                f"select id, payload from statements where tenant_id = ? and id in ({marks})",
                (tenant_id, *chunk),
            ):
                found[sid] = payload
        return found

    def _void(self, con: sqlite3.Connection, tenant_id: int, target: str) -> None:
        row = con.execute(
            "select voiding_target from statements where tenant_id = ? and id = ?",
            (tenant_id, target),
        ).fetchone()
        if row is not None and row[0] is not None:
            raise InvalidVoiding(f"statement {target} is a voiding statement and cannot be voided")
        con.execute(
            "update statements set voided = 1 where tenant_id = ? and id = ?", (tenant_id, target)
        )

    def _tenant_id(self, con: sqlite3.Connection, tenant: str) -> int:
        tid = self._tenants.get(tenant)
        if tid is None:
            row = con.execute("select id from tenants where name = ?", (tenant,)).fetchone()
            if row is None:
                row = con.execute(
                    "insert into tenants (name) values (?) returning id", (tenant,)
                ).fetchone()
            tid = self._tenants[tenant] = int(row[0])
        return tid


class _ThreadWriter:
    """The writer on a daemon thread of this process, fed through a queue."""

    def __init__(self, path: str, max_group: int) -> None:
        self._writer = _Writer(path)
        self.max_group = max_group
        self.inflight_ms: int | None = None
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="lrs-writer", daemon=True)
        self._thread.start()

    @property
    def connection(self) -> sqlite3.Connection:
        return self._writer.con

    def put(self, job: _Job) -> None:
        self._queue.put(job)

    def _set_stamp(self, stamp_ms: int | None) -> None:
        self.inflight_ms = stamp_ms

    def _loop(self) -> None:
        stop = False
        while not stop:
            job = self._queue.get()
            if job is None:
                break
            jobs = [job]
            while len(jobs) < self.max_group:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                jobs.append(nxt)
            requests = [(j.tenant, j.statements, j.equivalent, j.attachments) for j in jobs]
            results = self._writer.commit_group(requests, self._set_stamp)
            for j, result in zip(jobs, results, strict=True):
                resolve(j.future, result)
        self._writer.close()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()


def resolve(future: Future[list[str]], result: list[str] | BaseException) -> None:
    """Settle a job's future, unless its caller gave up on it (a cancelled request)."""
    try:
        if not future.set_running_or_notify_cancel():
            return  # cancelled: nobody waits for the answer; the commit stands
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)
    except (RuntimeError, InvalidStateError):
        pass  # already settled: the first answer stands


class SQLiteStatementStore:
    """`StatementStore` on one SQLite file; safe to share between threads.

    `writer="thread"` (the default) writes from a thread of this process; `writer="process"`
    starts a writer process of its own (see `lrs.store.writer_process`) so that validation and
    SQLite run on two cores instead of taking turns on one GIL; a `WriterAddress` (or its
    encoded form) connects to a writer process that someone else started and owns, as the
    workers of `ace serve --workers N` do.
    """

    max_group = 256  # requests committed together at most

    def __init__(self, path: str | Path, *, writer: WriterChoice = "thread") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        elif writer != "thread":
            raise StoreError("an in-memory store can only be written from a thread")
        self._local = threading.local()
        self._closed = False
        self._write: _ThreadWriter | RemoteWriter
        if writer == "thread":
            self._write = _ThreadWriter(self.path, self.max_group)
        elif writer == "process":
            owned = WriterProcess(self.path, self.max_group)
            try:
                self._write = RemoteWriter(owned.address, owned=owned)
            except BaseException:
                owned.close()
                raise
        else:
            address = writer if isinstance(writer, WriterAddress) else WriterAddress.decode(writer)
            self._write = RemoteWriter(address)

    # ---------------------------------------------------------------- writing
    def save(
        self,
        tenant: str,
        statements: Sequence[NewStatement],
        equivalent: Equivalent,
        attachments: Sequence[AttachmentContent] = (),
    ) -> list[str]:
        return self.submit(tenant, statements, equivalent, attachments).result()

    def submit(
        self,
        tenant: str,
        statements: Sequence[NewStatement],
        equivalent: Equivalent,
        attachments: Sequence[AttachmentContent] = (),
    ) -> Future[list[str]]:
        """Queue a batch for the next group commit; the future resolves once it is durable."""
        if self._closed:
            raise StoreError("the statement store is closed")
        job = _Job(tenant, statements, equivalent, attachments)
        self._write.put(job)
        return job.future

    # ---------------------------------------------------------------- reading
    def _reader(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = _connect(self.path)
            con.execute("pragma query_only=on")
            self._local.con = con
        return con

    def _tenant_id(self, con: sqlite3.Connection, tenant: str) -> int | None:
        row = con.execute("select id from tenants where name = ?", (tenant,)).fetchone()
        return None if row is None else int(row[0])

    def _lookup_key(self, con: sqlite3.Connection, value: str) -> int | None:
        row = con.execute("select id from keys where value = ?", (value,)).fetchone()
        return None if row is None else int(row[0])

    def get(self, tenant: str, statement_id: str, *, voided: bool) -> StoredStatement | None:
        con = self._reader()
        tenant_id = self._tenant_id(con, tenant)
        if tenant_id is None:
            return None
        row = con.execute(
            "select sequence, id, stored, voided, payload from statements"
            " where tenant_id = ? and id = ? and voided = ?",
            (tenant_id, statement_id, int(voided)),
        ).fetchone()
        if row is None:
            return None
        return StoredStatement(row[0], tenant, row[1], row[2], bool(row[3]), row[4])

    def query(self, tenant: str, query: StatementQuery) -> QueryPage:
        con = self._reader()
        snapshot = query.max_sequence if query.max_sequence is not None else self.max_sequence()
        page = QueryPage(snapshot=snapshot)
        tenant_id = self._tenant_id(con, tenant)
        if tenant_id is None:
            return page
        joins: list[str] = []
        where = ["s.tenant_id = ?", "s.voided = 0", "s.sequence <= ?"]
        params: list[object] = []
        where_params: list[object] = [tenant_id, snapshot]
        driver = "s.sequence"
        for value, relation in (
            (query.agent, RELATED_AGENT if query.related_agents else AGENT),
            (query.activity, RELATED_ACTIVITY if query.related_activities else ACTIVITY),
            (query.verb, VERB),
            (query.registration, REGISTRATION),
            (query.authority, RELATED_AGENT),
        ):
            if value is None:
                continue
            key = (
                registration_key(value)
                if relation == REGISTRATION
                else self._lookup_key(con, value)
            )
            if key is None:
                return page
            alias = f"k{len(joins)}"
            joins.append(
                f"join statement_keys {alias} on {alias}.tenant_id = ? and {alias}.key_id = ?"
                f" and ({alias}.flags & ?) != 0 and {alias}.sequence = s.sequence"
            )
            params += [tenant_id, key, relation]
            if driver == "s.sequence":
                driver = f"{alias}.sequence"
        if query.since_us is not None:
            where.append("s.stored_us > ?")
            where_params.append(query.since_us)
        if query.until_us is not None:
            where.append("s.stored_us <= ?")
            where_params.append(query.until_us)
        if query.after_sequence is not None:
            where.append("s.sequence > ?" if query.ascending else "s.sequence < ?")
            where_params.append(query.after_sequence)
        order = "asc" if query.ascending else "desc"
        sql = (
            "select s.sequence, s.id, s.stored, s.payload from statements s "
            + " ".join(joins)
            + " where "
            + " and ".join(where)
            + f" order by {driver} {order} limit ?"
        )
        rows = con.execute(sql, (*params, *where_params, query.limit + 1)).fetchall()
        page.more = len(rows) > query.limit
        page.statements = [
            StoredStatement(r[0], tenant, r[1], r[2], False, r[3]) for r in rows[: query.limit]
        ]
        return page

    def get_attachments(self, tenant: str, sha2s: Sequence[str]) -> list[AttachmentContent]:
        con = self._reader()
        tenant_id = self._tenant_id(con, tenant)
        wanted = sorted(set(sha2s))
        if tenant_id is None or not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        rows = con.execute(
            f"select sha2, content_type, content from attachments"
            f" where tenant_id = ? and sha2 in ({marks})",
            (tenant_id, *wanted),
        ).fetchall()
        return [AttachmentContent(r[0], r[1], r[2]) for r in rows]

    def consistent_through(self) -> str:
        now_ms = time.time_ns() // 1_000_000
        inflight = self._write.inflight_ms
        if inflight is not None:
            now_ms = min(now_ms, inflight - 1)
        return format_stamp(now_ms)

    def read_since(self, after_sequence: int, limit: int) -> list[StoredStatement]:
        con = self._reader()
        rows = con.execute(
            "select s.sequence, t.name, s.id, s.stored, s.voided, s.payload"
            " from statements s join tenants t on t.id = s.tenant_id"
            " where s.sequence > ? order by s.sequence limit ?",
            (after_sequence, limit),
        ).fetchall()
        return [StoredStatement(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    def max_sequence(self) -> int:
        row = self._reader().execute("select coalesce(max(sequence), 0) from statements").fetchone()
        return int(row[0])

    # ------------------------------------------------------------ credentials
    def add_credential(self, credential: Credential) -> None:
        con = _connect(self.path)
        try:
            con.execute(
                "insert into credentials values (?,?,?,?,?,?)",
                (
                    credential.key,
                    credential.name,
                    credential.tenant,
                    " ".join(sorted(credential.scopes)),
                    credential.secret_hash,
                    format_stamp(time.time_ns() // 1_000_000),
                ),
            )
        except sqlite3.IntegrityError as err:
            raise StoreError(f"a credential with key {credential.key!r} already exists") from err
        finally:
            con.close()

    def get_credential(self, key: str) -> Credential | None:
        row = (
            self._reader()
            .execute(
                "select key, name, tenant, scopes, secret_hash from credentials where key = ?",
                (key,),
            )
            .fetchone()
        )
        if row is None:
            return None
        return Credential(row[0], row[1], row[2], frozenset(row[3].split()), row[4])

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._write.close()


def registration_key(registration: str) -> int:
    """A registration's key: derived from the UUID itself (negative, so never an interned id).

    Registrations are nearly always unique per attempt, so interning them would add a row and a
    random index page per statement; a 62-bit hash of the whole UUID makes a clash negligible.
    """
    digest = hashlib.blake2b(uuid.UUID(registration).bytes, digest_size=8).digest()
    return -1 - (int.from_bytes(digest, "big") >> 2)


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _key_flags(st: NewStatement) -> dict[str, int]:
    """Each key of a statement with the filters it answers to."""
    flags: dict[str, int] = {st.verb: VERB}
    for flag, values in (
        (AGENT, st.agents),
        (RELATED_AGENT, st.related_agents),
        (ACTIVITY, st.activities),
        (RELATED_ACTIVITY, st.related_activities),
    ):
        for value in values:
            flags[value] = flags.get(value, 0) | flag
    return flags


def _splice_stamp(payload: bytes, stamp: bytes, fill_timestamp: bool) -> bytes:
    """Write the commit time into the placeholders the LRS left at the end of the payload."""
    if fill_timestamp:
        if not payload.endswith(TIMESTAMP_TAIL):
            raise ValueError("payload does not end with the timestamp/stored placeholders")
        return (
            payload[: -len(TIMESTAMP_TAIL)]
            + b'"timestamp":"'
            + stamp
            + b'","stored":"'
            + stamp
            + b'"}'
        )
    if not payload.endswith(STORED_TAIL):
        raise ValueError("payload does not end with the stored placeholder")
    return payload[: -len(STORED_TAIL)] + b'"stored":"' + stamp + b'"}'
