"""Background jobs of review mode (re-index after a correction, retrain), one at a time.

A single worker thread runs jobs in order, so two rebuilds never race for the data directory
(``index.build`` also holds a lock). A re-index asked for while another is still waiting is
the same job: one rebuild replays every correction made so far. Each job reports its stage and
progress; the result or a one-line error is kept for the page that polls it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]


@dataclass
class Job:
    id: str
    kind: str
    state: str = "waiting"  # waiting, running, done, failed
    stage: str = ""
    progress: float = 0.0
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    created: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class Jobs:
    """The job list and its worker thread (started on the first job)."""

    KEEP = 50

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._work: queue.Queue[tuple[Job, Callable[[Progress], Any]]] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, kind: str, fn: Callable[[Progress], Any], coalesce: bool = False) -> Job:
        with self._lock:
            if coalesce:
                waiting = next((j for j in self._jobs.values()
                                if j.kind == kind and j.state == "waiting"), None)
                if waiting is not None:
                    return waiting
            job = Job(uuid.uuid4().hex[:12], kind)
            self._jobs[job.id] = job
            for old in sorted(self._jobs.values(), key=lambda j: j.created)[:-self.KEEP]:
                if old.finished:
                    del self._jobs[old.id]
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="review-jobs",
                                                daemon=True)
                self._thread.start()
        self._work.put((job, fn))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def latest(self) -> Job | None:
        with self._lock:
            return max(self._jobs.values(), key=lambda j: j.created, default=None)

    def busy(self) -> bool:
        with self._lock:
            return any(not j.finished for j in self._jobs.values())

    def _run(self) -> None:
        while True:
            job, fn = self._work.get()
            job.state = "running"

            def progress(stage: str, fraction: float, job: Job = job) -> None:
                job.stage, job.progress = stage, max(0.0, min(1.0, fraction))

            try:
                result = fn(progress)
                job.result = result if isinstance(result, dict) else {}
                job.state, job.progress = "done", 1.0
            except Exception as exc:  # a failed job is reported, never takes the app down
                log.exception("%s job failed", job.kind)
                job.error = f"{type(exc).__name__}: {exc}"[:300]
                job.state = "failed"
            finally:
                self._work.task_done()
