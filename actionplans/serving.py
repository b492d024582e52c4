"""Serving the web app: granian (HTTP in Rust, the app in each worker's Python threads) by
default, or waitress (pure Python) with several worker processes on one socket, and waitress's
"Task queue depth is N" warnings, once a minute.

Under 20 concurrent clients, waitress spent about a third of a search request's CPU on its own
Python (its event loop thread, the wake-up pipe, the socket send, and 8 threads contending for
one interpreter lock); granian parses and writes HTTP outside the interpreter (README "Speed").

Waitress logs that warning on every request that has to queue for a thread; under 20 clients it
is thousands of lines a minute on stderr. The first is kept, then at most one a minute, saying
how many were held back, so an overloaded server is still visible in its log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable

QUEUE_LOGGER = "waitress.queue"


class OncePerInterval(logging.Filter):
    """Lets one record through per ``seconds``; the next one says how many were held back."""

    def __init__(self, seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.seconds = seconds
        self.clock = clock
        self.held_back = 0
        self._last: float | None = None
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        now = self.clock()
        with self._lock:
            if self._last is not None and now - self._last < self.seconds:
                self.held_back += 1
                return False
            self._last = now
            if self.held_back:
                record.msg = (f"{record.msg} ({self.held_back} more such warning"
                              f"{'s' if self.held_back != 1 else ''} held back since the last)")
                self.held_back = 0
            return True


def throttle_queue_warnings(seconds: float = 60.0) -> OncePerInterval:
    """Install (once) the filter on waitress's queue logger; returns it."""
    logger = logging.getLogger(QUEUE_LOGGER)
    for existing in logger.filters:
        if isinstance(existing, OncePerInterval):
            return existing
    throttle = OncePerInterval(seconds)
    logger.addFilter(throttle)
    return throttle


def listening_socket(host: str, port: int, backlog: int = 1024) -> socket.socket:
    """A bound, listening TCP socket on ``host``:``port`` (OSError if it cannot be had)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


def serve_workers(make_app: Callable[[], object], serve: Callable[..., None],
                  sock: socket.socket, workers: int, **options: object) -> int:
    """``workers`` processes, each its own app and ``serve`` (waitress) on one shared socket.

    One Python process serves one request's Python code at a time (the GIL): with several
    cores, several processes answer concurrent clients in parallel. Each worker opens the index
    itself after the fork (no SQLite connection or thread crosses it); the kernel hands each
    connection to one of them. The parent only waits: SIGTERM or Ctrl+C stops every worker, and
    a worker whose parent is gone stops itself. Returns how many workers failed (an error
    while starting, e.g. a missing index, is printed by each as one line).
    """
    parent = os.getpid()
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker
            status = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True,
                                 name="parent-watch").start()
                serve(make_app(), sockets=[sock], **options)
                status = 0
            except KeyboardInterrupt:
                status = 0
            except Exception as exc:  # noqa: BLE001 - reported, and the parent says it failed
                print(f"error: {exc}", file=sys.stderr, flush=True)
            finally:
                os._exit(status)
        children.append(pid)
    sock.close()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    failed = 0
    try:
        while children:
            pid, status = os.wait()
            if pid in children:  # a worker died: the others go on serving
                children.remove(pid)
                failed += status != 0
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return failed


def serve_granian(make_app: Callable[[], object], host: str, port: int, workers: int,
                  threads: int) -> int:
    """``workers`` granian worker processes on ``host``:``port``, each running its own app
    (``make_app`` is called in the worker, after the fork) in ``threads`` Python threads.
    Returns 0 when stopped (SIGTERM, Ctrl+C); OSError if the address cannot be had."""
    # lazy: granian loads only when serving with it
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    server = Granian("actionplans", address=host, port=port, interface=Interfaces.WSGI,
                     workers=workers, blocking_threads=threads, websockets=False,
                     log_level=LogLevels.warning)
    try:
        server.serve(target_loader=lambda target: make_app())
    except SystemExit as exc:  # granian exits with a status when a worker fails
        return int(exc.code or 0)
    return 0


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)
