"""The scanner service (issue 18): every code to the right screen, once, and how fast. Prints one JSON object.

Three plain screens on a QStackedWidget, the simulated scanner and the real ``ui.scanner_service``. Each
round picks a way a kiosk meets a code, at random:

- ``asked``: a screen is shown and has asked; the code is presented.
- ``left``: a screen asked, the patient moved on to another screen (which has not asked yet), the code
  is presented there and held; then that screen asks and must get it — never the screen that was left.

Counted per code: delivered more than once, delivered to a screen that was not shown or had not asked
(``wrong_screen``), never delivered (``lost``); each with an exact 95 % upper bound (Clopper–Pearson).
``present_to_screen_ms``: from ``present()`` to the screen's callback for ``asked`` codes, p50 and p95
with distribution-free 95 % bounds (binomial order statistics).

Usage: ``QT_QPA_PLATFORM=offscreen python benchmarks/scanner_service_bench.py [N]`` (default 1,000 codes).
"""
from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget  # noqa: E402

from devices.registry import open_device  # noqa: E402
from idcard_bench import quantile_bounds  # noqa: E402
from kiosk.face.bounds import upper_bound  # noqa: E402
from ui.scanner_service import ScannerService  # noqa: E402

WAIT_S = 10.0


def wait_for(app: QApplication, done) -> bool:
    deadline = time.monotonic() + WAIT_S
    while not done():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.0002)
    return True


def main(codes: int) -> dict:
    app = QApplication.instance() or QApplication([])
    stack = QStackedWidget()
    screens = [QWidget(stack) for _ in range(3)]
    for number, screen in enumerate(screens):
        screen.setObjectName(f"screen{number}")
        stack.addWidget(screen)
    scanner = open_device("scanner", "sim:")
    service = ScannerService(lambda: scanner, stack)
    service.start()
    rng = random.Random(18)
    got: dict[str, list[tuple[str, bool]]] = {}  # code -> [(screen, it was the shown screen that asked)]
    asked_by: dict[QWidget, bool] = {}
    latencies: list[float] = []
    presented_at: dict[str, float] = {}
    kinds = {"asked": 0, "left": 0}

    def ask(screen: QWidget, code: str) -> None:
        asked_by[screen] = True

        def on_code(text: str) -> None:
            latencies_for = presented_at.pop(text, None)
            if latencies_for is not None:
                latencies.append((time.perf_counter() - latencies_for) * 1000)
            right = stack.currentWidget() is screen and asked_by.get(screen, False) and text == code
            asked_by[screen] = False
            got.setdefault(text, []).append((screen.objectName(), right))

        service.listen(screen, on_code)

    for number in range(codes):
        code = f"CODE-{number:05d}"
        first, second = rng.sample(screens, 2)
        stack.setCurrentWidget(first)
        if rng.random() < 0.7:
            kinds["asked"] += 1
            ask(first, code)
            presented_at[code] = time.perf_counter()
            scanner.present(code)
            wait_for(app, lambda code=code: code in got)
        else:
            kinds["left"] += 1
            ask(first, "not this one")
            stack.setCurrentWidget(second)  # the first screen loses its turn
            asked_by[first] = False
            scanner.present(code)
            wait_for(app, lambda: service.held == 1)
            ask(second, code)
            wait_for(app, lambda code=code: code in got)
    app.processEvents()
    service.shutdown()
    scanner.close()

    twice = sum(len(deliveries) > 1 for deliveries in got.values())
    wrong = sum(any(not right for _, right in deliveries) for deliveries in got.values())
    lost = codes - len(got)
    latencies.sort()
    p50, p50_low, p50_high = quantile_bounds(latencies, 0.50)
    p95, p95_low, p95_high = quantile_bounds(latencies, 0.95)
    return {
        "codes": codes,
        "rounds": kinds,
        "delivered_twice": twice, "delivered_twice_upper_95": round(upper_bound(twice, codes), 4),
        "wrong_screen": wrong, "wrong_screen_upper_95": round(upper_bound(wrong, codes), 4),
        "lost": lost, "lost_upper_95": round(upper_bound(lost, codes), 4),
        "present_to_screen_ms": {
            "n": len(latencies),
            "p50": round(p50, 2), "p50_95ci": [round(p50_low, 2), round(p50_high, 2)],
            "p95": round(p95, 2), "p95_95ci": [round(p95_low, 2), round(p95_high, 2)],
            "max": round(latencies[-1], 2),
        },
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), ensure_ascii=False))
