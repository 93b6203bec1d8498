"""Several kiosks doing something at the same moment: one thread per kiosk (each with its own
database connection), released together by a barrier. Returns what each returned and what was raised."""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


def run_together(jobs: Sequence[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = jobs[index]()
        except BaseException as error:  # collected: the test's assert names it
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
