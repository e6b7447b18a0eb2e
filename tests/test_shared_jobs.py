"""Jobs shared with a forked child (generator/shared_jobs.py): every result comes back, in the jobs'
order, whichever process ran it, and what the child fails to do is done by this process."""

from __future__ import annotations

import functools
import os
import time

import pytest

from generator.shared_jobs import SharedJobs

PARENT = os.getpid()


def where(i: int) -> tuple[int, int]:
    time.sleep(0.02)   # long enough for the child to take some of the jobs
    return i, os.getpid()


def test_both_processes_run_jobs_and_the_results_come_in_order() -> None:
    results = SharedJobs([functools.partial(where, i) for i in range(40)], fork=True).results()
    assert [i for i, _ in results] == list(range(40))
    assert {pid for _, pid in results} - {PARENT}, "the child ran none of the jobs"
    assert PARENT in {pid for _, pid in results}


def test_without_a_fork_this_process_runs_them_all() -> None:
    results = SharedJobs([functools.partial(where, i) for i in range(5)], fork=False).results()
    assert results == [(i, PARENT) for i in range(5)]


def fails_in_the_child(i: int) -> int:
    time.sleep(0.02)
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return i


def test_what_the_child_fails_to_do_is_done_here() -> None:
    assert SharedJobs([functools.partial(fails_in_the_child, i) for i in range(20)], fork=True).results() \
        == list(range(20))


def fails(i: int) -> int:
    time.sleep(0.02)
    if i == 7:
        raise ValueError("job 7 failed")
    return i


def test_an_error_comes_from_this_process() -> None:
    with pytest.raises(ValueError, match="job 7 failed"):
        SharedJobs([functools.partial(fails, i) for i in range(20)], fork=True).results()


def test_cancel_stops_the_child() -> None:
    jobs = SharedJobs([functools.partial(time.sleep, 5)] * 2, fork=True)
    child = jobs._child
    assert child is not None
    started = time.perf_counter()
    jobs.cancel()
    assert time.perf_counter() - started < 2
    with pytest.raises(ChildProcessError):   # reaped: no zombie is left
        os.waitpid(child, 0)
