"""Worker processes that each have their own two pipes, so that stopping them can never hang.

``multiprocessing.Pool`` feeds all its workers through one shared pipe, from a thread, under locks held across
processes. Stopped at the wrong moment, its ``terminate()`` waits for ever: the feeding thread, half-way through
writing a batch larger than the pipe holds, blocks once the workers are killed, and ``terminate()`` joins it (seen
in CI with a SIGTERM during a batch run). Here each worker reads its own task pipe, writes its own result pipe and
closes every other worker's ends, so that no process ever waits on a lock or a pipe another one holds: stopping is
killing each worker and reaping it. A worker reads its tasks in a thread, so that the parent's write of the next
task never waits for the scan in progress, nor the worker's write of a result for the parent's write.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import connection, get_all_start_methods, get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

IN_FLIGHT = 2
"""Tasks sent to one worker at a time: the one it scans and the next one, already read when it is done."""

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Task:
    """One call of the work function: its argument, and its result once the worker sends it back."""

    __slots__ = ("argument", "done", "lost", "result")

    def __init__(self, argument: Any) -> None:
        self.argument = argument
        self.result: Any = None
        self.done = False
        self.lost = False
        """The worker died (killed, or crashed in native code) before it sent the result back."""


class _Worker:
    __slots__ = ("process", "results", "tasks", "tasks_in_flight")

    def __init__(self, process: BaseProcess, tasks: Connection, results: Connection) -> None:
        self.process = process
        self.tasks = tasks
        self.results = results
        self.tasks_in_flight: deque[Task] = deque()


class Workers:
    """``jobs`` forked processes that run ``work`` on each task submitted, in any order; ``wait`` returns them.

    ``work`` and whatever it refers to are inherited by the fork, never pickled; arguments and results are. A
    worker that dies is replaced, and the tasks it held come back ``lost``.
    """

    def __init__(self, jobs: int, work: Callable[[Any], Any]) -> None:
        self._context = get_context("fork" if "fork" in get_all_start_methods() else None)
        self._work = work
        self._workers: list[_Worker] = []
        self._queued: deque[Task] = deque()
        with _signals_blocked():  # a worker started is a worker recorded, to be stopped with the others
            for _ in range(jobs):
                self._workers.append(self._start())

    def submit(self, argument: Any, first: bool = False) -> Task:
        """Queue a call (``first``: ahead of those already queued); it is sent as soon as a worker has room."""
        task = Task(argument)
        if first:
            self._queued.appendleft(task)
        else:
            self._queued.append(task)
        self._send_queued()
        return task

    def wait(self, task: Task) -> Task:
        """Block until ``task`` is done or lost, meanwhile receiving other results and sending queued tasks."""
        while not (task.done or task.lost):
            self._receive()
            self._send_queued()
        return task

    def poll(self) -> None:
        """Receive the results already in, and send queued tasks to the workers that have room, without waiting."""
        self._receive(timeout=0)
        self._send_queued()

    def close(self) -> None:
        """The normal end: each worker sees its task pipe close and exits; one still holding a task is killed."""
        for worker in self._workers:
            if worker.tasks_in_flight:
                worker.process.kill()
            worker.tasks.close()
        for worker in self._workers:
            worker.process.join()
            worker.results.close()
        self._workers = []

    def kill(self) -> None:
        """Stop at once (an error, an interrupt): kill every worker and reap it. Signals wait until this is done."""
        with _signals_blocked():
            for worker in self._workers:
                worker.process.kill()
            for worker in self._workers:
                worker.process.join()
                worker.tasks.close()
                worker.results.close()
            self._workers = []

    def _start(self) -> _Worker:
        task_reader, task_writer = self._context.Pipe(duplex=False)
        result_reader, result_writer = self._context.Pipe(duplex=False)
        inherited = [end for worker in self._workers for end in (worker.tasks, worker.results)]
        inherited += [task_writer, result_reader]
        process = self._context.Process(
            target=_serve, args=(self._work, task_reader, result_writer, inherited), daemon=True
        )
        process.start()  # signals held (by the caller) until the worker has set its own handlers: see _serve
        task_reader.close()
        result_writer.close()
        return _Worker(process, task_writer, result_reader)

    def _send_queued(self) -> None:
        while self._queued:
            worker = min(self._workers, key=lambda w: len(w.tasks_in_flight))
            if len(worker.tasks_in_flight) >= IN_FLIGHT:
                return
            task = self._queued.popleft()
            worker.tasks_in_flight.append(task)
            try:
                worker.tasks.send(task.argument)
            except OSError:  # it died: its pipe is closed at the other end
                self._replace(worker)

    def _receive(self, timeout: float | None = None) -> None:
        by_handle: dict[Any, _Worker] = {}
        for worker in self._workers:
            by_handle[worker.results] = worker
            by_handle[worker.process.sentinel] = worker
        ready = connection.wait(list(by_handle), timeout)
        for worker in {id(by_handle[handle]): by_handle[handle] for handle in ready}.values():
            self._read_results(worker)

    def _read_results(self, worker: _Worker) -> None:
        """Every result the worker has sent; a worker that is gone, once its pipe is drained, is replaced."""
        try:
            while worker.results.poll():
                result = worker.results.recv()
                task = worker.tasks_in_flight.popleft()
                task.result, task.done = result, True
        except (EOFError, OSError):  # gone, perhaps half-way through a result
            self._replace(worker)
            return
        if not worker.process.is_alive():
            self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        for task in worker.tasks_in_flight:
            task.lost = True
        worker.process.join()
        worker.tasks.close()
        worker.results.close()
        with _signals_blocked():
            self._workers[self._workers.index(worker)] = self._start()


def _serve(work: Callable[[Any], Any], tasks: Connection, results: Connection, inherited: list[Connection]) -> None:
    """A worker's life: run ``work`` on each task until the task pipe closes.

    Ctrl-C reaches the whole process group: only the parent decides what to keep, so a worker ignores it, and
    dies at once of SIGTERM. The parent holds both signals while it forks (a SIGTERM caught by the parent's
    handlers, inherited, before these are set would be lost), so they are released only here.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    for end in inherited:  # the parent's ends: held here, they would keep other workers' pipes open
        end.close()
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read_tasks, args=(tasks, inbox), daemon=True).start()
    while (message := inbox.get()) is not _CLOSED:
        try:
            results.send(work(message))
        except OSError:  # the parent is gone (killed outright): there is no one left to tell
            return


_CLOSED = object()


def _read_tasks(tasks: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    try:
        while True:
            inbox.put(tasks.recv())
    except (EOFError, OSError):
        inbox.put(_CLOSED)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for the block (where the platform can), delivering them when it ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
