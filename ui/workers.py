"""Runs blocking service calls and device I/O off the GUI thread; results come back as signals.

Workers never touch widgets: a task is a plain callable, its result or error is delivered to the
GUI thread through the runner's ``_deliver`` slot and handed to the callbacks given at submit time.
"""
from __future__ import annotations

import itertools
import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from kiosk.storage import DatabaseUnavailable
from kiosk.wheelchair.labels import LabelError
from kiosk.wheelchair.records import RentalRefused

log = logging.getLogger(__name__)

# Outcomes the screens explain in plain words (a torn or foreign label, a refused rental): not faults.
EXPECTED_REFUSALS: tuple[type[Exception], ...] = (LabelError, RentalRefused)


class _TaskSignals(QObject):
    finished = Signal(int, bool, object)


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[..., Any], args: tuple, signals: _TaskSignals):
        super().__init__()
        self._task_id, self._fn, self._args, self._signals = task_id, fn, args, signals

    def run(self) -> None:
        try:
            result = self._fn(*self._args)
        except EXPECTED_REFUSALS as exc:  # a patient's bad input or a plain refusal: one line, no traceback
            log.warning("background task %s refused: %s: %s", getattr(self._fn, "__name__", self._fn),
                        type(exc).__name__, exc)
            self._signals.finished.emit(self._task_id, False, exc)
        except DatabaseUnavailable as exc:  # the hospital's database is away: plain words, no traceback
            log.warning("background task %s stopped: %s", getattr(self._fn, "__name__", self._fn), exc)
            self._signals.finished.emit(self._task_id, False, exc)
        except Exception as exc:  # delivered to on_error; never lost in a worker thread
            log.error("background task %s failed:\n%s", getattr(self._fn, "__name__", self._fn), traceback.format_exc())
            self._signals.finished.emit(self._task_id, False, exc)
        else:
            self._signals.finished.emit(self._task_id, True, result)


class TaskRunner(QObject):
    """A small thread pool owned by the window; ``submit`` returns at once."""

    failed = Signal(str)  # one sink for errors nobody asked to handle
    unavailable = Signal(object)  # a task failed with DatabaseUnavailable (after its own on_error ran)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._signals = _TaskSignals(self)
        self._signals.finished.connect(self._deliver)
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._ids = itertools.count(1)
        self._closed = False

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        if self._closed:
            return
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)
        self._pool.start(_Task(task_id, fn, args, self._signals))

    @property
    def busy(self) -> bool:
        """True while any submitted task has not reported back yet."""
        return bool(self._callbacks)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        on_done, on_error = self._callbacks.pop(task_id, (None, None))
        if self._closed:
            return
        if ok:
            if on_done is not None:
                on_done(payload)
        elif on_error is not None:
            on_error(payload)  # type: ignore[arg-type]
        else:
            self.failed.emit(str(payload))
        if not ok and isinstance(payload, DatabaseUnavailable):
            self.unavailable.emit(payload)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop taking work and wait for running tasks; True when all finished in time."""
        self._closed = True
        finished = self._pool.waitForDone(timeout_ms)
        if finished:
            self._callbacks.clear()  # their results would go to widgets that are closing
        return finished
