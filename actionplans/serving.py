"""Serving the web app: waitress's "Task queue depth is N" warnings, once a minute.

Waitress logs that warning on every request that has to queue for a thread; under 20 clients it
is thousands of lines a minute on stderr. The first is kept, then at most one a minute, saying
how many were held back, so an overloaded server is still visible in its log.
"""

from __future__ import annotations

import logging
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
