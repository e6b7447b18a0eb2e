"""Jobs shared with a second process: a build's rendering on both cores.

The stages after `plan` are many independent pure jobs (render these pages, build the twins). A forked
child process and this one take them in turn, each the next job not yet taken, until none is left; the
child sends its results back, pickled, and the results come out in the jobs' order, the same whoever ran
each. Forked, the child starts at once with the loaded site in memory, which it only reads.

Forking is safe only in a process with a single thread (the child gets only the forking thread, and a
lock another thread held stays held there for ever), so the jobs run here, one after the other, under
`mkdocs serve` (its server threads), on one core, and where fork is missing or unsafe (not Linux). So
they do too when the child fails: an error then comes from this process, with its own traceback.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Generic, NoReturn, TypeVar

R = TypeVar("R")

MAX_JOBS = 256   # a job is taken by reading its number, one byte, from a pipe both processes share


def can_fork() -> bool:
    return (sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1
            and len(os.sched_getaffinity(0)) > 1)


class SharedJobs(Generic[R]):
    """Started on creation: the child takes jobs at once, while this process does whatever it has to do
    first. `results` runs what is left here and returns every job's result; `cancel` stops the child."""

    def __init__(self, jobs: Sequence[Callable[[], R]], *, fork: bool | None = None) -> None:
        if len(jobs) > MAX_JOBS:
            raise ValueError(f"at most {MAX_JOBS} jobs, not {len(jobs)}")
        self._jobs = list(jobs)
        self._done: dict[int, R] = {}
        self._child: int | None = None
        self._answer: int | None = None
        # Each job's number is written to a pipe once, before the fork; reading one byte takes one job.
        self._queue: int | None
        self._queue, queue_in = os.pipe()
        os.write(queue_in, bytes(range(len(self._jobs))))
        os.close(queue_in)   # once every number is read, the next read finds the end: nothing left
        if not (can_fork() if fork is None else fork):
            return
        self._answer, answer_in = os.pipe()
        pid = os.fork()
        if pid == 0:   # the child: never returns
            os.close(self._answer)
            _serve(self._jobs, self._queue, answer_in)
        os.close(answer_in)
        self._child = pid

    def results(self) -> list[R]:
        assert self._queue is not None, "results() or cancel() was called before"
        try:
            while number := os.read(self._queue, 1):
                self._done[number[0]] = self._jobs[number[0]]()
        except BaseException:
            self.cancel()
            raise
        self._done.update(self._collect())
        # What the child took and did not send back (it failed) is done here, again.
        for i, job in enumerate(self._jobs):
            if i not in self._done:
                self._done[i] = job()
        self.cancel()   # only closes the queue by now
        return [self._done[i] for i in range(len(self._jobs))]

    def cancel(self) -> None:
        if self._child is not None:
            os.kill(self._child, 9)
            self._collect()
        if self._queue is not None:
            os.close(self._queue)
            self._queue = None

    def _collect(self) -> dict[int, R]:
        """The child's results, streamed (they can be hundreds of megabytes); nothing when it failed."""
        if self._child is None or self._answer is None:
            return {}
        with os.fdopen(self._answer, "rb", buffering=1 << 20) as answer:
            try:
                done = pickle.load(answer)
            except (EOFError, pickle.UnpicklingError):   # it failed, or was killed, before it had sent them all
                done = {}
        _, status = os.waitpid(self._child, 0)
        self._child = self._answer = None
        return done if status == 0 else {}


def _serve(jobs: list[Callable[[], R]], queue: int, answer: int) -> NoReturn:
    """The child's whole life: take jobs until none is left, send the results, exit without running
    anything of the parent's (no atexit hook, no buffered output flushed twice). On an error it exits
    at once, with status 1 (`finally`): the parent does this child's jobs itself and reports it."""
    status = 1
    try:
        done: dict[int, R] = {}
        while number := os.read(queue, 1):
            done[number[0]] = jobs[number[0]]()
        with os.fdopen(answer, "wb", buffering=1 << 20) as out:
            pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)
