"""The SQLite store's writer as a process of its own, shared by every server process.

SQLite allows one writer per file, and in a server process the writer would share one GIL with
request parsing and validation: each time SQLite hands control back to Python, the writer waits
for the GIL while a request is being validated, and the two take turns on one core. Here the
writer is a separate process that listens on a Unix socket: `ace serve` starts it once, every
uvicorn worker connects to it, and its group commit takes the jobs of all of them together.

Protocol (pickled messages over `multiprocessing.connection`, authenticated with a random key):
- client -> writer: `(number, tenant, statements, equivalent, attachments)` per job; `None`
  asks the writer to finish what it has and exit (only the owner sends it);
- writer -> client: `(number, ids | StoreError)` per job, sent after the durable commit.
The time stamp of the commit in flight (for `X-Experience-API-Consistent-Through`) is an 8-byte
integer in a small file the writer keeps mapped; 0 means nothing is in flight.

If the writer dies, every client fails its waiting jobs: a statement is acknowledged only after
the writer answered, so nothing acknowledged is lost. If the process that started the writer
dies without closing it, the writer notices within a second and exits.
"""

from __future__ import annotations

import contextlib
import mmap
import multiprocessing
import os
import queue
import secrets
import select
import signal
import socket
import struct
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Client, Connection, Listener, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

from lrs.store.base import StoreError

_STAMP = struct.Struct("<q")
INLINE_BYTES = 8_192  # jobs up to this size are sent from the caller's thread


@dataclass(frozen=True)
class WriterAddress:
    """Where a writer process listens: a directory with its socket and stamp file, and the key."""

    directory: str
    authkey: str  # hex

    @property
    def socket_path(self) -> str:
        return os.path.join(self.directory, "writer.sock")

    @property
    def stamp_path(self) -> str:
        return os.path.join(self.directory, "stamp")

    def encode(self) -> str:
        return f"{self.authkey}@{self.directory}"

    @classmethod
    def decode(cls, text: str) -> WriterAddress:
        authkey, sep, directory = text.partition("@")
        if not sep or not directory:
            raise StoreError(f"not a writer address: {text!r}")
        return cls(directory, authkey)


class WriterProcess:
    """Start and own a writer process for the SQLite file at `path`."""

    def __init__(self, path: str, max_group: int) -> None:
        directory = tempfile.mkdtemp(prefix="ace-writer-")
        self.address = WriterAddress(directory, secrets.token_hex(16))
        ctx = multiprocessing.get_context("spawn")
        parent_end, child_end = ctx.Pipe(duplex=False)
        self._process = ctx.Process(
            target=_main,
            args=(path, self.address, max_group, child_end),
            name="lrs-writer",
            daemon=True,
        )
        self._process.start()
        child_end.close()
        try:
            status = parent_end.recv() if parent_end.poll(60) else "no answer within 60 s"
        except EOFError:
            status = "it exited during start"
        finally:
            parent_end.close()
        if status != "ready":
            self._process.terminate()
            self._process.join(timeout=5)
            self._remove_files()
            raise StoreError(f"the store's writer process did not start: {status}")

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def close(self) -> None:
        """Let the writer commit what it was given, then stop it."""
        if self._process.is_alive():
            try:
                conn = Client(
                    self.address.socket_path,
                    family="AF_UNIX",
                    authkey=bytes.fromhex(self.address.authkey),
                )
                conn.send(None)
                conn.close()
            except OSError:
                pass
            self._process.join(timeout=60)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout=5)
        self._remove_files()

    def _remove_files(self) -> None:
        for name in (self.address.socket_path, self.address.stamp_path):
            with contextlib.suppress(OSError):
                os.unlink(name)
        with contextlib.suppress(OSError):
            os.rmdir(self.address.directory)


class RemoteWriter:
    """A server process's connection to the writer process: jobs out, answers in.

    Small jobs are written from the caller's thread; a sender thread writes the large ones, so
    that a big batch never blocks the event loop while the writer is busy. A receiver thread
    resolves each job's future. Any failure to talk to the writer fails every job waiting.
    """

    def __init__(self, address: WriterAddress, owned: WriterProcess | None = None) -> None:
        self._owned = owned
        try:
            self._conn = Client(
                address.socket_path, family="AF_UNIX", authkey=bytes.fromhex(address.authkey)
            )
        except OSError as err:
            raise StoreError(f"cannot reach the store's writer process: {err}") from err
        try:
            with open(address.stamp_path, "rb") as f:
                self._stamp = mmap.mmap(f.fileno(), _STAMP.size, access=mmap.ACCESS_READ)
        except OSError as err:
            self._conn.close()
            raise StoreError(f"cannot read the store's writer stamp: {err}") from err
        self._pending: dict[int, Future[list[str]]] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._broken: str | None = None
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._sending = threading.Lock()  # one message at a time on the socket
        self._fileno = self._conn.fileno()
        self._sender = threading.Thread(target=self._send, name="lrs-writer-send", daemon=True)
        self._receiver = threading.Thread(
            target=self._receive, name="lrs-writer-receive", daemon=True
        )
        self._sender.start()
        self._receiver.start()

    @property
    def inflight_ms(self) -> int | None:
        return _STAMP.unpack_from(self._stamp, 0)[0] or None

    def put(self, job: Any) -> None:
        with self._lock:
            if self._broken is not None:
                raise StoreError(self._broken)
            self._next += 1
            self._pending[self._next] = job.future
            number = self._next
        try:
            message = (number, job.tenant, job.statements, job.equivalent, job.attachments)
            data = bytes(ForkingPickler.dumps(message))
        except Exception:
            with self._lock:
                self._pending.pop(number, None)
            raise
        # A small job goes straight out when nobody else is sending: no hand-off to the sender
        # thread (and its wait for the GIL). A small write into the socket's buffer does not
        # block; a large one, or one behind another, is left to the sender thread.
        if len(data) <= INLINE_BYTES and self._writable() and self._sending.acquire(blocking=False):
            try:
                self._conn.send_bytes(data)
            except (OSError, ValueError) as err:
                self._send_failed(err)
            finally:
                self._sending.release()
            return
        self._outbox.put(data)

    def _writable(self) -> bool:
        """Whether the socket has room now, so that a small send will not wait for the writer."""
        poll = select.poll()  # one per call: a poll object is not for several threads at once
        poll.register(self._fileno, select.POLLOUT)
        try:
            return bool(poll.poll(0))
        except (OSError, ValueError, RuntimeError):
            return False

    def _send(self) -> None:
        while (data := self._outbox.get()) is not None:
            try:
                with self._sending:
                    self._conn.send_bytes(data)
            except (OSError, ValueError) as err:
                self._send_failed(err)
                return

    def _send_failed(self, err: Exception) -> None:
        """Refuse new jobs and end our side of the connection: the writer still answers what it
        committed, and the receiver, reading to the end, fails only what went unanswered."""
        with self._lock:
            self._broken = self._broken or f"cannot send to the store's writer process: {err}"
        self._end_sending()

    def _end_sending(self) -> None:
        """Tell the writer no more jobs come from here; answers still arrive until it closes."""
        with contextlib.suppress(OSError):
            socket.socket(fileno=os.dup(self._fileno)).shutdown(socket.SHUT_WR)

    def _fail_all(self, reason: str) -> None:
        """Fail every job still waiting (none of them was acknowledged) and refuse new ones."""
        with self._lock:
            self._broken = self._broken or reason
            pending, self._pending = self._pending, {}
        from lrs.store.sqlite import resolve

        for future in pending.values():
            resolve(future, StoreError(f"{reason}; the statements were not acknowledged"))

    def _receive(self) -> None:
        from lrs.store.sqlite import resolve

        try:
            while True:
                number, result = self._conn.recv()
                with self._lock:
                    future = self._pending.pop(number, None)
                if future is not None:
                    resolve(future, result)
        except BaseException:  # noqa: BLE001 - EOF, a broken socket or a bad message alike
            pass
        # Nothing still waiting was answered: fail it, never acknowledge it.
        self._fail_all("the store's writer process stopped before commit")

    def close(self) -> None:
        with self._lock:
            self._broken = "the statement store is closed"
        self._outbox.put(None)
        self._sender.join(timeout=60)
        # No more jobs from here: the writer answers what it has, then ends the connection,
        # which lets the receiver finish.
        self._end_sending()
        if self._owned is not None:
            self._owned.close()  # the writer commits what it has, answers, then exits
        self._receiver.join(timeout=60)
        with contextlib.suppress(OSError):
            self._conn.close()
        self._stamp.close()


# ------------------------------------------------------------------ inside the writer process
def _main(path: str, address: WriterAddress, max_group: int, started: Connection) -> None:
    from lrs.store.sqlite import _Writer  # the child imports the store; not the other way

    # Ctrl-C in a terminal reaches the whole process group: the server then finishes its
    # requests and closes the store, which stops this process after its last commit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    try:
        writer = _Writer(path)
        with open(address.stamp_path, "wb") as f:
            f.write(_STAMP.pack(0))
        stamp_file = open(address.stamp_path, "r+b")  # noqa: SIM115 - open for the whole run
        stamp = mmap.mmap(stamp_file.fileno(), _STAMP.size)
        listener = Listener(
            address.socket_path, family="AF_UNIX", authkey=bytes.fromhex(address.authkey)
        )
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises it
        started.send(repr(err))
        return
    started.send("ready")
    started.close()
    try:
        _Service(writer, listener, stamp, max_group).run()
    finally:
        writer.close()
        for name in (address.socket_path, address.stamp_path):
            with contextlib.suppress(OSError):
                os.unlink(name)
        with contextlib.suppress(OSError):
            os.rmdir(address.directory)


class _Service:
    def __init__(self, writer: Any, listener: Listener, stamp: mmap.mmap, max_group: int) -> None:
        self.writer = writer
        self.listener = listener
        self.stamp = stamp
        self.max_group = max_group
        self.conns: list[Connection] = []
        self.ended: list[Connection] = []
        self.lock = threading.Lock()
        self.wake_r, self.wake_w = socket.socketpair()
        self.stopping = False
        threading.Thread(target=self._accept, name="accept", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn = self.listener.accept()
            except (OSError, EOFError, multiprocessing.AuthenticationError):
                if self.stopping:
                    return
                time.sleep(0.05)  # e.g. out of file descriptors: do not spin
                continue
            with self.lock:
                self.conns.append(conn)
            self.wake_w.send(b"x")

    def _set_stamp(self, stamp_ms: int | None) -> None:
        _STAMP.pack_into(self.stamp, 0, stamp_ms or 0)

    def run(self) -> None:
        parent = multiprocessing.parent_process()
        while True:
            with self.lock:
                conns = list(self.conns)
            if self.stopping and not conns:
                break  # asked to stop, and every server process has said all it had to say
            ready = wait([self.wake_r, *conns], timeout=1.0)
            if not ready:
                if self.stopping:
                    break  # asked to stop and a second went by with nothing to commit
                if parent is not None and not parent.is_alive():
                    break  # the server died without closing the store: nobody is waiting
                continue
            batch: list[tuple[Connection, tuple[Any, ...]]] = []
            for source in ready:
                if source is self.wake_r:
                    self.wake_r.recv(4096)
                    continue
                assert isinstance(source, Connection)
                self._read(source, batch)
            # Jobs that arrived meanwhile join this group: one fsync acknowledges them all.
            while batch and len(batch) < self.max_group:
                more = [c for c in wait(conns, timeout=0) if isinstance(c, Connection)]
                before = len(batch)
                for source in more:
                    self._read(source, batch)
                if len(batch) == before:
                    break
            if batch:
                self._commit(batch)
            for conn in self.ended:
                conn.close()
            self.ended.clear()
        self.listener.close()

    def _read(self, conn: Connection, batch: list[tuple[Connection, tuple[Any, ...]]]) -> None:
        try:
            message = conn.recv()
        except Exception:  # noqa: BLE001 - the server process closed its store, died, or sent
            # something unreadable: that connection ends, the writer and the others go on
            with self.lock:
                if conn in self.conns:
                    self.conns.remove(conn)
            self.ended.append(conn)  # closed once this round's answers are sent
            return
        if message is None:
            self.stopping = True
            return
        batch.append((conn, message))

    def _commit(self, batch: list[tuple[Connection, tuple[Any, ...]]]) -> None:
        results = self.writer.commit_group([m[1:] for _, m in batch], self._set_stamp)
        for (conn, message), result in zip(batch, results, strict=True):
            if not isinstance(result, list | StoreError):
                result = StoreError(f"the store could not commit: {result!r}")
            # If that server process is gone, its statements are committed all the same.
            with contextlib.suppress(OSError):
                conn.send((message[0], result))
