"""Start-up and shell figures, printed as one JSON object (``make bench``).

- bootstrap_ms: config → storage (fresh file, migrations, demo hospital seed) → devices → services
- reopen_ms: the same on the second start (database already seeded)
- first_frame_ms: window built, shown and painted once (offscreen)
- language_switch_ms: 中文 → English → 中文, every screen retranslated
- audit_record_ms: one hash-chained audit row with synchronous=FULL (median of 200)
- rss_mib: resident memory after the window is up
Targets (issue 2): second start < 3 s to a painted home screen; a language switch < 100 ms.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.bootstrap import bootstrap  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from ui.app import configure_application  # noqa: E402
from ui.i18n import LanguageSwitcher  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.theme import ASSETS  # noqa: E402


def ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def main() -> None:
    app = QApplication(sys.argv[:1])
    configure_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        config = replace(load_config(ASSETS / "demo" / "kiosk.toml"), database=Path(tmp) / "bench.db")
        start = time.perf_counter()
        bootstrap(config).close()
        bootstrap_ms = ms(start)

        start = time.perf_counter()
        services = bootstrap(config)
        reopen_ms = ms(start)

        start = time.perf_counter()
        languages = LanguageSwitcher(app)
        window = MainWindow(services, languages)
        window.show()
        window.grab()
        app.processEvents()
        first_frame_ms = ms(start)

        start = time.perf_counter()
        window.set_language("en")
        window.set_language("zh_CN")
        language_switch_ms = ms(start)

        samples = []
        for n in range(200):
            start = time.perf_counter()
            services.audit.record("bench", "bench.sample", {"n": n})
            samples.append((time.perf_counter() - start) * 1000)

        rss_mib = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        window.close()
        services.close()
    print(json.dumps({
        "benchmark": "startup",
        "bootstrap_ms": bootstrap_ms,
        "reopen_ms": reopen_ms,
        "first_frame_ms": first_frame_ms,
        "language_switch_ms": language_switch_ms,
        "audit_record_ms": round(statistics.median(samples), 2),
        "rss_mib": rss_mib,
    }))


if __name__ == "__main__":
    main()
