"""Worker processes: every task comes back, a dead worker is replaced, and stopping never waits."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from factx.workers import IN_FLIGHT, Workers


def _pid_and_double(value: int) -> tuple[int, int]:
    return os.getpid(), 2 * value


def _die_on_request(value: str) -> str:
    if value == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return value.upper()


def _sleep(payload: str) -> int:
    time.sleep(60)
    return len(payload)


@pytest.fixture
def stopped() -> Iterator[list[Workers]]:
    """Workers a test started are killed at its end even if it fails half-way."""
    started: list[Workers] = []
    yield started
    for workers in started:
        workers.kill()


def test_every_task_comes_back_and_the_work_is_shared(stopped) -> None:
    workers = Workers(2, _pid_and_double)
    stopped.append(workers)
    tasks = [workers.submit(i) for i in range(40)]
    answers = [workers.wait(task).result for task in tasks]
    assert [double for _pid, double in answers] == [2 * i for i in range(40)]
    assert len({pid for pid, _double in answers}) == 2 and os.getpid() not in {pid for pid, _ in answers}
    processes = [worker.process for worker in workers._workers]
    workers.close()
    assert [process.exitcode for process in processes] == [0, 0]  # they saw their pipe close and ended


def test_a_dead_worker_is_replaced_and_its_tasks_come_back_lost(stopped) -> None:
    workers = Workers(2, _die_on_request)
    stopped.append(workers)
    first = [workers.submit(word) for word in ("a", "die", "b", "c", "d")]
    for task in first:
        workers.wait(task)
    assert first[1].lost and not first[1].done
    assert sum(task.lost for task in first) <= IN_FLIGHT  # at most what that one worker held
    assert all(task.result == task.argument.upper() for task in first if task.done)
    later = [workers.submit(word) for word in "efghij"]
    assert [workers.wait(task).result for task in later] == list("EFGHIJ")  # two workers again
    assert len(workers._workers) == 2 and all(worker.process.is_alive() for worker in workers._workers)


class _Interrupted(Exception):
    pass


def _interrupt(signum: int, frame: object) -> None:
    raise _Interrupted


def test_an_interrupted_wait_then_kill_never_hang_on_busy_workers_or_large_tasks(stopped) -> None:
    """The parent is interrupted while both workers scan and more tasks, each larger than a pipe holds, are
    on their way or queued: the state in which ``multiprocessing.Pool.terminate`` could wait for ever."""
    workers = Workers(2, _sleep)
    stopped.append(workers)
    payload = "字" * 2_000_000
    tasks = [workers.submit(payload) for _ in range(6)]
    previous = signal.signal(signal.SIGALRM, _interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(_Interrupted):
            workers.wait(tasks[0])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    processes = [worker.process for worker in workers._workers]
    begun = time.monotonic()
    workers.kill()
    assert time.monotonic() - begun < 10
    assert [process.exitcode for process in processes] == [-signal.SIGKILL] * 2


def test_closing_with_tasks_unanswered_kills_the_workers_holding_them(stopped) -> None:
    """A reader that stops early leaves results unread: a worker waiting to send one must not be waited for."""
    workers = Workers(2, _sleep)
    stopped.append(workers)
    workers.submit("x")
    processes = [worker.process for worker in workers._workers]
    begun = time.monotonic()
    workers.close()
    assert time.monotonic() - begun < 10
    assert sorted(process.exitcode for process in processes) == [-signal.SIGKILL, 0]


ORPHANS = '''
import os, signal, time
from factx.workers import Workers


def work(size):
    time.sleep(0.2)
    return "r" * size  # larger than a pipe holds: the worker is mid-write when its parent dies


workers = Workers(2, work)
tasks = [workers.submit(1_000_000) for _ in range(6)]
time.sleep(0.5)
os.kill(os.getpid(), signal.SIGKILL)
'''


def test_workers_of_a_parent_killed_outright_exit_quietly(tmp_path) -> None:
    """Nothing is left running after ``kill -9`` of the parent, and the workers leave no traceback: each sees its
    pipe close. They hold the script's standard error until they exit, so its end is theirs too."""
    import subprocess
    import sys

    script = tmp_path / "orphans.py"
    script.write_text(ORPHANS, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert "Traceback" not in err, err
