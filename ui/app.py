"""Starts the Qt application around already-built kiosk services (or, when the hospital's database is
away at start, around the waiting screen first: ui/waiting_for_database.py)."""
from __future__ import annotations

import sys
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.bootstrap import KioskServices
from kiosk.config import KioskConfig
from kiosk.ops.sd_notify import SystemdNotifier
from kiosk.storage import DatabaseUnavailable
from ui.i18n import LanguageSwitcher, TranslationsMissing
from ui.main_window import SIZES, MainWindow
from ui.service_watchdog import ServiceWatchdog
from ui.theme import FONT_FAMILIES, style_sheet

# How often a kiosk that started while the hospital's database was away tries again (ui/waiting_for_database.py).
DATABASE_RETRY_S = 5.0


def has_cjk_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def configure_application(app: QApplication) -> None:
    """Font, style sheet and names shared by the kiosk, the tests and the screenshot tool."""
    app.setApplicationName("OneVisit")
    app.setOrganizationName("OneVisit")
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(36)
    app.setFont(font)
    app.setStyleSheet(style_sheet())


def kiosk_application() -> QApplication:
    """The one QApplication of the kiosk process, configured; warns once when Chinese cannot be drawn."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    if not has_cjk_font():
        print("onevisit: no Chinese font is installed, so Chinese text would show as boxes; "
              "run 'make setup' (or apt-get install fonts-noto-cjk)", file=sys.stderr)
    return app


def hide_pointer_when_fullscreen(fullscreen: bool) -> None:
    """A touch kiosk shows no pointer (once per process: the override cursor is a stack)."""
    if fullscreen and QApplication.overrideCursor() is None:
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)


def show_as_kiosk_screen(widget: QWidget, config: KioskConfig) -> None:
    """Full screen on a kiosk; otherwise a window of the configured screen's size (demo, development)."""
    hide_pointer_when_fullscreen(config.fullscreen)
    if config.fullscreen:
        widget.showFullScreen()
    else:
        widget.resize(*SIZES.get(config.orientation, SIZES["portrait"]))
        widget.show()


def show_kiosk(services: KioskServices, languages: LanguageSwitcher) -> MainWindow:
    window = MainWindow(services, languages)
    hide_pointer_when_fullscreen(services.config.fullscreen)
    if services.config.fullscreen:
        window.showFullScreen()
    else:
        window.show()
    return window


def ready_status(services: KioskServices) -> str:
    return f"kiosk {services.config.kiosk_id} ready"


def run(services: KioskServices) -> int:
    app = kiosk_application()
    try:
        languages = LanguageSwitcher(app)
    except TranslationsMissing as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        services.close()
        return 2
    window = show_kiosk(services, languages)  # noqa: F841 - kept alive by this frame while the loop runs
    watchdog = ServiceWatchdog(SystemdNotifier(), ready_status(services), app)
    watchdog.start()
    try:
        return app.exec()
    finally:
        watchdog.stop()
        services.close()


def run_when_database_answers(config: KioskConfig, start: Callable[[], KioskServices],
                              first_error: DatabaseUnavailable, retry_s: float | None = None) -> int:
    """The waiting screen, then the kiosk, in one event loop; returns the exit code, or raises the error a
    person must fix once the database answered (the entry point prints it and exits 2)."""
    from ui.waiting_for_database import DatabaseWait  # it shows the kiosk through this module

    app = kiosk_application()
    try:
        languages = LanguageSwitcher(app)
    except TranslationsMissing as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2
    watchdog = ServiceWatchdog(SystemdNotifier(), DatabaseWait.status(str(first_error)), app)
    wait = DatabaseWait(config, start, first_error, languages, watchdog, retry_s or DATABASE_RETRY_S, app)
    problems: list[Exception] = []
    wait.failed.connect(lambda error: (problems.append(error), app.exit(2)))
    wait.begin()
    watchdog.start()
    try:
        code = app.exec()
    finally:
        watchdog.stop()
        wait.shutdown()
    if problems:
        raise problems[0]
    return code
