from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from ui.app import configure_application
from ui.i18n import LanguageSwitcher
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def no_leaked_widgets_or_threads(qapp):
    """Fail a test that leaves a visible window or a running worker behind."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    yield
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    assert not leaked, f"test left windows open: {leaked}"
    assert QThreadPool.globalInstance().activeThreadCount() == 0


@pytest.fixture
def make_window(qtbot, qapp, services):
    """Build the real kiosk window around the simulated services; closed and checked at teardown."""
    configure_application(qapp)
    made = []

    def build(orientation: str = "portrait", language: str = "zh_CN") -> MainWindow:
        services.config = replace(services.config, orientation=orientation, language=language)
        languages = LanguageSwitcher(qapp)
        window = MainWindow(services, languages)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append((window, languages))
        return window

    yield build
    for window, languages in made:
        window.close()
        assert window.runner.shutdown(0), "a background task was still running after the window closed"
        assert not window.scanner.running, "the scanner service still reads after the window closed"
        assert not window.idle.armed and not window._health_timer.isActive() and not window._clock_timer.isActive()
        languages.uninstall()


@pytest.fixture
def window(make_window):
    return make_window()
