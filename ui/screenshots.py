"""``make screenshots``: every screen, in 中文 and English, portrait and landscape, to PNG files.

Uses simulated devices and the demo hospital in a temporary folder, so it runs on any machine
(offscreen). Usage: ``python -m ui.screenshots OUTPUT_DIR [--gallery] [--only=TEXT]`` (``--only`` renders
just the scenes whose name contains TEXT). With ``--gallery`` (``make
screenshots``) it also writes small portrait pictures of every scene to ``docs/gallery/`` and the
README's "Every screen" table between its gallery markers, so the README shows every screen as it is.
"""
from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig, load_config
from ui.app import configure_application
from ui.features import FEATURES
from ui.i18n import LanguageSwitcher
from ui.main_window import SIZES, MainWindow
from ui.theme import ASSETS

# A fixed morning, so the pictures (clock, demo patients' appointments) only change when screens do.
SCREENSHOT_CLOCK = FixedClock.at_local(2026, 11, 23, 9, 30)

# file stem → how to get there from home; each feature adds its own (ui/features.py)
SHELL_SCENES = {
    "home": lambda w: w.go("home"),
    "service-unavailable": lambda w: (w.unavailable.show_service("checkin", w.languages.language), w.go("unavailable")),
    "service-unavailable-database": lambda w: (w.unavailable.show_service("pay", w.languages.language, "database"),
                                               w.go("unavailable")),
    "help": lambda w: w.go("help"),
    "help-called": lambda w: w.call_staff(),
    "idle-countdown": lambda w: (w.go("help"), w.overlay.show_seconds(8)),
    "printer-fault": lambda w: (w.services.devices.device("receipt_printer").inject(paper="out"), _poll_now(w), w.go("home")),
    "reach-mode-home": lambda w: (w.set_reach_mode(True), w.go("home")),
    "reach-mode-id-number": lambda w: (w.set_reach_mode(True), w.go("identify_id")),
}
SCENES = dict(SHELL_SCENES)
for _feature in FEATURES:
    SCENES.update(_feature.SCENES)


def _waiting_for_database(config: KioskConfig, languages: LanguageSwitcher) -> QWidget:
    from ui.app import DATABASE_RETRY_S
    from ui.waiting_for_database import WaitingForDatabaseScreen

    screen = WaitingForDatabaseScreen(config, languages, DATABASE_RETRY_S)
    since = SCREENSHOT_CLOCK.now()
    screen.show_attempt("The hospital database at postgresql://kiosk@db.hospital/onevisit cannot be reached "
                        "(connection timeout expired). Check the network and that the database server is running; "
                        "the kiosk keeps trying.", since, 7, since + timedelta(seconds=30))
    return screen


# Windows shown before there is a MainWindow (no services yet): file stem → the shown widget
WINDOW_SCENES = {
    "waiting-for-database": _waiting_for_database,
}


def _settle(ms: int = 150) -> None:
    """Let queued layout passes and quick worker replies land, so no screen is caught mid-layout."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _poll_now(window: MainWindow) -> None:
    window._show_health(window.services.devices.poll())


def render_all(out_dir: Path, only: str = "") -> list[Path]:
    """Every scene (or those whose name contains ``only``) in both languages and orientations."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        base = load_config(ASSETS / "demo" / "kiosk.toml")
        for orientation in ("portrait", "landscape"):
            for language in ("zh_CN", "en"):
                for scene, action in SCENES.items():
                    if only not in scene:
                        continue
                    config = replace(
                        base, database=Path(tmp) / f"{orientation}-{language}-{scene}.db",
                        orientation=orientation, language=language, fullscreen=False,
                    )
                    services = bootstrap(config, clock=SCREENSHOT_CLOCK)
                    languages = LanguageSwitcher(app)
                    window = MainWindow(services, languages)
                    window.show()
                    action(window)
                    _settle()
                    path = out_dir / f"{scene}-{language}-{orientation}.png"
                    window.grab().save(str(path))
                    written.append(path)
                    window.close()
                    window.deleteLater()
                    languages.uninstall()
                    services.close()
                    app.processEvents()
                for scene, build in WINDOW_SCENES.items():
                    if only not in scene:
                        continue
                    languages = LanguageSwitcher(app)
                    shown = build(replace(base, orientation=orientation, language=language, fullscreen=False),
                                  languages)
                    shown.resize(*SIZES[orientation])
                    shown.show()
                    _settle()
                    path = out_dir / f"{scene}-{language}-{orientation}.png"
                    shown.grab().save(str(path))
                    written.append(path)
                    shown.close()
                    shown.deleteLater()
                    languages.uninstall()
                    app.processEvents()
    return written


GALLERY_WIDTH = 270  # a quarter of the portrait width: readable layout, small files
GALLERY_START, GALLERY_END = "<!-- gallery:start -->", "<!-- gallery:end -->"


def write_gallery(shots_dir: Path, gallery_dir: Path, readme: Path) -> None:
    """Portrait thumbnails of every scene in both languages, and the README table that shows them."""
    from PIL import Image

    gallery_dir.mkdir(parents=True, exist_ok=True)
    for old in gallery_dir.glob("*.png"):
        old.unlink()
    rows = ["| Scene | 中文 | English |", "|---|---|---|"]
    for scene in [*SCENES, *WINDOW_SCENES]:
        cells = []
        for language in ("zh_CN", "en"):
            name = f"{scene}-{language}.png"
            with Image.open(shots_dir / f"{scene}-{language}-portrait.png") as full:
                height = round(full.height * GALLERY_WIDTH / full.width)
                small = full.convert("RGB").resize((GALLERY_WIDTH, height), Image.LANCZOS)
                small.quantize(colors=128).save(gallery_dir / name, optimize=True)
            cells.append(f"![{scene} {language}]({gallery_dir.relative_to(readme.parent).as_posix()}/{name})")
        rows.append(f"| `{scene}` | {cells[0]} | {cells[1]} |")
    text = readme.read_text(encoding="utf-8")
    table = "\n".join([GALLERY_START, *rows, GALLERY_END])
    pattern = re.compile(re.escape(GALLERY_START) + ".*?" + re.escape(GALLERY_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{readme} has no {GALLERY_START} … {GALLERY_END} markers for the gallery")
    readme.write_text(pattern.sub(lambda _: table, text), encoding="utf-8")


def main(argv: list[str]) -> int:
    only = next((a.split("=", 1)[1] for a in argv[1:] if a.startswith("--only=")), "")
    args = [a for a in argv[1:] if a != "--gallery" and not a.startswith("--only=")]
    out_dir = Path(args[0] if args else "docs/screenshots")
    for path in render_all(out_dir, only):
        print(path)
    if "--gallery" in argv:
        root = Path(__file__).resolve().parent.parent
        write_gallery(out_dir, root / "docs" / "gallery", root / "README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
