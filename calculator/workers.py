"""Worker processes that one workbook cannot take down with it.

Each workbook is read (and its annotated copy written) in a worker process, one task at a time,
under a time and memory budget. A worker that dies (a native crash in a reader, the out-of-memory
killer, a signal) or runs over its time is replaced, and costs only the task it was on: that task
comes back as ``Lost`` with the reason, the others' results are kept. With one job there is still
one worker: the process a manager started is never the one that parses a hostile file.

Python's ProcessPoolExecutor cannot do this: when a worker dies the whole pool breaks, and which
task killed it is not known.
"""
from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from multiprocessing import connection, get_context
from typing import Any, Callable, Iterator

from .limits import MB, Limits


@dataclass(frozen=True)
class Lost:
    """A task that gave no result: ``reason`` is "time", "memory" or "crash"; ``detail`` for --debug."""

    reason: str
    detail: str = ""


def available_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _limit_self(limits: Limits, stderr_path: str) -> None:
    """In a fresh worker: its own budget, its own stderr, and no life after its parent's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # a native crash prints its own report; keep it for --debug rather than on the manager's screen
    fd = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 2)
    os.close(fd)
    import faulthandler

    faulthandler.enable(file=sys.__stderr__ or sys.stderr)  # a crash's Python stack, into the same log
    if sys.platform.startswith("linux"):
        try:  # killed with the parent, even by SIGKILL, rather than left running as an orphan
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = int(limits.memory_mb * MB)
        resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
    except (ImportError, ValueError, OSError):  # Windows has no resource module; the time budget still holds
        pass


def _cpu_budget(seconds: float) -> None:
    """A backstop to the parent's timer: the CPU a task may use from now, should the parent be gone."""
    try:
        import resource

        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime + seconds) + 5
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


def _serve(conn, limits: Limits, stderr_path: str) -> None:
    """A worker's life: take a task, send back ("ok", result), ("error", traceback) or ("memory", "")."""
    _limit_self(limits, stderr_path)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if task is None:
            return
        function, item = task
        _cpu_budget(limits.seconds_per_workbook)
        try:
            reply = ("ok", function(item))
        except MemoryError:
            reply = ("memory", "")
        except KeyboardInterrupt:
            reply = ("interrupt", "")
        except BaseException:  # noqa: B036 - a task's failure is reported, the worker lives on
            reply = ("error", traceback.format_exc())
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", ""))
        except Exception:  # a result that cannot be sent back
            conn.send(("error", traceback.format_exc()))


class _Worker:
    def __init__(self, context, limits: Limits):
        fd, self.stderr_path = tempfile.mkstemp(prefix="jobplan-worker-", suffix=".log")
        os.close(fd)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, limits, self.stderr_path), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.deadline = 0.0

    def stderr_tail(self) -> str:
        try:
            with open(self.stderr_path, "rb") as handle:
                handle.seek(max(0, os.path.getsize(self.stderr_path) - 4000))
                return handle.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()
        try:
            os.unlink(self.stderr_path)
        except OSError:
            pass


class Workers:
    """Runs a function over items in worker processes, results (or ``Lost``) in the items' order."""

    def __init__(self, jobs: int | None, files: int, limits: Limits | None = None):
        self.count = max(1, min(jobs or available_cores(), files))
        self.limits = limits or Limits()
        self._context = get_context()
        self._idle: list[_Worker] = []
        self._busy: list[_Worker] = []

    def map(self, function: Callable[[Any], Any], items: list, seconds: float | None = None) -> Iterator[Any]:
        """Results in the order of ``items``, streamed as they are ready; a task over ``seconds`` is Lost."""
        budget = seconds or self.limits.seconds_per_workbook
        done: dict[int, Any] = {}
        following = 0  # the next index to hand back
        queued = iter(range(len(items)))
        pending = len(items)
        while following < len(items):
            while pending and len(self._busy) < self.count:
                index = next(queued, None)
                if index is None:
                    break
                worker = self._idle.pop() if self._idle else _Worker(self._context, self.limits)
                try:
                    worker.conn.send((function, items[index]))
                except (OSError, EOFError):  # it died idle: replace it and try again
                    worker.kill()
                    worker = _Worker(self._context, self.limits)
                    worker.conn.send((function, items[index]))
                worker.index, worker.deadline = index, time.monotonic() + budget
                self._busy.append(worker)
                pending -= 1
            while following in done:
                yield done.pop(following)
                following += 1
            if following >= len(items):
                break
            self._wait(done)

    def _wait(self, done: dict[int, Any]) -> None:
        """Until a busy worker answers, dies or runs out of time."""
        now = time.monotonic()
        timeout = max(0.0, min(w.deadline for w in self._busy) - now)
        by_handle = {}
        for worker in self._busy:
            by_handle[worker.conn] = worker
            by_handle[worker.process.sentinel] = worker
        ready = connection.wait(list(by_handle), timeout=timeout)
        answered: set[int] = set()
        for handle in ready:
            worker = by_handle[handle]
            if id(worker) in answered:
                continue
            answered.add(id(worker))
            try:
                kind, value = worker.conn.recv() if worker.conn.poll() else ("died", None)
            except (EOFError, OSError):
                kind, value = "died", None
            if kind == "died":
                self._lose(worker, done, self._why_died(worker))
                continue
            if kind == "interrupt":
                raise KeyboardInterrupt
            done[worker.index] = (value if kind == "ok" else
                                  Lost("memory") if kind == "memory" else Lost("error", value))
            self._busy.remove(worker)
            self._idle.append(worker)
        now = time.monotonic()
        for worker in list(self._busy):
            if id(worker) not in answered and worker.deadline <= now:
                self._lose(worker, done, Lost("time"))

    def _why_died(self, worker: _Worker) -> Lost:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        tail = worker.stderr_tail()
        if "memory allocation of" in tail or "MemoryError" in tail or code == -signal.SIGKILL:
            # Rust aborts when an allocation fails; the kernel's OOM killer sends SIGKILL
            reason = "memory"
        else:
            reason = "crash"
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        return Lost(reason, f"the worker process ended ({how})\n{tail}")

    def _lose(self, worker: _Worker, done: dict[int, Any], lost: Lost) -> None:
        done[worker.index] = lost
        self._busy.remove(worker)
        worker.kill()

    def stop(self) -> None:
        """End every worker now: before removing the folder they write into, or on Ctrl-C and SIGTERM."""
        for worker in self._busy + self._idle:
            worker.kill()
        self._busy, self._idle = [], []

    def close(self) -> None:
        """Let idle workers finish cleanly, and end any still busy."""
        for worker in self._idle:
            try:
                worker.conn.send(None)
            except (OSError, EOFError):
                pass
        for worker in self._idle:
            worker.process.join(timeout=2)
        self.stop()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.close()
        else:
            self.stop()
