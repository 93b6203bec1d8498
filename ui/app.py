"""Starts the Qt application around already-built kiosk services."""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.bootstrap import KioskServices
from kiosk.ops.sd_notify import SystemdNotifier
from ui.i18n import LanguageSwitcher, TranslationsMissing
from ui.main_window import MainWindow
from ui.service_watchdog import ServiceWatchdog
from ui.theme import FONT_FAMILIES, style_sheet


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


def run(services: KioskServices) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    if not has_cjk_font():
        print("onevisit: no Chinese font is installed, so Chinese text would show as boxes; "
              "run 'make setup' (or apt-get install fonts-noto-cjk)", file=sys.stderr)
    try:
        languages = LanguageSwitcher(app)
    except TranslationsMissing as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        services.close()
        return 2
    window = MainWindow(services, languages)
    if services.config.fullscreen:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a touch kiosk: no pointer on the screen
        window.showFullScreen()
    else:
        window.show()
    watchdog = ServiceWatchdog(SystemdNotifier(), f"kiosk {services.config.kiosk_id} ready", app)
    watchdog.start()
    try:
        return app.exec()
    finally:
        watchdog.stop()
        services.close()
