"""Waitress's queue warnings: the first kept, then at most one a minute."""

from __future__ import annotations

import logging

from waitress.task import ThreadedTaskDispatcher

from actionplans.serving import QUEUE_LOGGER, OncePerInterval, throttle_queue_warnings


def test_one_record_per_interval_and_the_next_counts_the_held_back():
    now = [0.0]
    throttle = OncePerInterval(60, clock=lambda: now[0])
    records = [logging.LogRecord("x", logging.WARNING, "", 0, "Task queue depth is %d", (n,),
                                 None) for n in range(5)]
    assert throttle.filter(records[0])
    now[0] = 30
    assert not throttle.filter(records[1]) and not throttle.filter(records[2])
    now[0] = 61
    assert throttle.filter(records[3])
    assert records[3].getMessage() == (
        "Task queue depth is 3 (2 more such warnings held back since the last)")
    assert not throttle.filter(records[4])


def test_a_flood_of_queued_requests_logs_one_line(caplog):
    throttle = throttle_queue_warnings()
    assert throttle_queue_warnings() is throttle  # installed once
    dispatcher = ThreadedTaskDispatcher()  # no worker threads: every task queues
    with caplog.at_level(logging.WARNING, logger=QUEUE_LOGGER):
        for _ in range(500):
            dispatcher.add_task(object())
    lines = [r for r in caplog.records if r.name == QUEUE_LOGGER]
    assert len(lines) <= 1
    assert throttle.held_back >= 499


WORKERS_SCRIPT = """
import os, sys
from waitress import serve
from actionplans.serving import listening_socket, serve_workers

def make_app():
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [str(os.getpid()).encode()]
    return app

sock = listening_socket("127.0.0.1", 0)
print(sock.getsockname()[1], flush=True)
sys.exit(serve_workers(make_app, serve, sock, 2, threads=2))
"""


def test_workers_share_the_port_and_stop_with_the_server():
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    server = subprocess.Popen([sys.executable, "-c", WORKERS_SCRIPT], stdout=subprocess.PIPE,
                              text=True)
    try:
        port = int(server.stdout.readline())
        answered = set()
        deadline = time.monotonic() + 30
        while len(answered) < 2 and time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                answered.add(int(response.read()))
        assert len(answered) == 2 and server.pid not in answered  # two workers, not the parent
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
    time.sleep(0.5)
    assert not any(Path(f"/proc/{pid}").exists() for pid in answered)
