"""Running the real `actionplans serve` for browser tests: a free port, a health wait, a stop."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path) -> dict:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"actionplans serve exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=2) as response:
                return json.load(response)
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"actionplans serve did not answer in {START_TIMEOUT:.0f}s:\n"
                       f"{log.read_text()[-3000:]}")


@contextmanager
def serving(data_dir: Path, log: Path) -> Iterator[tuple[str, dict]]:
    """`actionplans serve` over ``data_dir`` on a free loopback port: (base URL, health)."""
    port = free_port()
    env = {**os.environ, "ACTIONPLANS_DATA": str(data_dir)}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "actionplans", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        yield base, wait_until_healthy(base, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
