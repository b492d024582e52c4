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
