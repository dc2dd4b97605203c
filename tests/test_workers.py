"""Worker processes: a task that crashes, hangs or eats memory costs only itself."""
import os
import signal
import time

import pytest

from calculator.limits import Limits
from calculator.workers import Lost, Workers


def task(item):
    """What each test item does in the worker: a number is squared; a word names a way to fail."""
    if item == "abort":
        os.abort()  # as python-calamine does when an allocation fails
    if item == "sigkill":
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer does
    if item == "hang":
        time.sleep(60)
    if item == "hog":
        return len(bytearray(4 << 30))  # 4 GiB, over the 1 GiB budget below
    if item == "raise":
        raise ValueError("a bug")
    return item * item


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_task_that_dies_costs_only_itself(jobs):
    items = [1, "abort", 2, "sigkill", 3, "raise", 4]
    with Workers(jobs, len(items), Limits(memory_mb=1024)) as workers:
        results = list(workers.map(task, items))
    # the good ones squared, in order; each bad one Lost with its reason
    assert results[0::2] == [1, 4, 9, 16]
    assert [r.reason for r in results[1::2]] == ["crash", "memory", "error"]
    assert "SIGABRT" in results[1].detail and "ValueError: a bug" in results[5].detail


def test_a_task_over_its_time_is_stopped_and_the_rest_go_on():
    started = time.monotonic()
    with Workers(2, 4, Limits(seconds_per_workbook=1)) as workers:
        results = list(workers.map(task, [5, "hang", 6, 7]))
    assert results[0] == 25 and results[2:] == [36, 49]
    assert results[1] == Lost("time")
    assert time.monotonic() - started < 10  # not the 60 s the task would have slept


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="the memory budget is set with setrlimit")
def test_a_task_over_its_memory_is_one_lost_result():
    with Workers(1, 2, Limits(memory_mb=1024)) as workers:
        results = list(workers.map(task, ["hog", 8]))
    assert results == [Lost("memory"), 64]


def test_workers_are_gone_after_the_run():
    with Workers(2, 3, Limits()) as workers:
        assert list(workers.map(task, [1, 2, 3])) == [1, 4, 9]
        pids = [w.process.pid for w in workers._idle]
    assert pids
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
