"""A kiosk switched on while the hospital's PostgreSQL is away (issue 15, after a power cut the kiosks boot
before the network): it shows that it is not ready and where to go, tries again by itself, tells systemd
it waits (READY, STATUS, WATCHDOG), and once the database answers the real window serves patients in the
same QApplication with nothing of the waiting screen left. Real PostgreSQL behind a relay that refuses."""
from __future__ import annotations

import logging
import socket
import time
from dataclasses import replace

import psycopg
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.__main__ import start_services
from kiosk.clock import utc_now
from kiosk.ops.instance_lock import InstanceLock
from kiosk.ops.sd_notify import SystemdNotifier
from kiosk.storage import DatabaseUnavailable
from ui.app import configure_application
from ui.i18n import LanguageSwitcher
from ui.main_window import SIZES
from ui.service_watchdog import ServiceWatchdog
from ui.theme import MIN_CONTRAST, SMALL_PX
from ui.waiting_for_database import DatabaseWait, WaitingForDatabaseScreen
from tests.ui.test_accessibility import CJK, clipped, rendered_contrast, visible_text_widgets

RETRY_S = 0.05  # the kiosk's 5 s, shortened: what is tested is that it keeps trying, not how often


class SystemdSide:
    """systemd's end of NOTIFY_SOCKET: reads every message as systemd does (an undrained datagram socket
    would block the kiosk's sends). An abstract address: tmp_path can be longer than a socket path."""

    def __init__(self) -> None:
        self.address = f"@onevisit-test-wait-{time.monotonic_ns()}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.address[1:])
        self.sock.setblocking(False)
        self.messages: list[str] = []
        self._timer = QTimer()
        self._timer.timeout.connect(self.read)
        self._timer.start(20)

    def read(self) -> list[str]:
        while True:
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except BlockingIOError:
                return self.messages

    def close(self) -> None:
        self._timer.stop()
        self.sock.close()


@pytest.fixture
def systemd(qapp):
    side = SystemdSide()
    yield side
    side.close()


@pytest.fixture
def away_config(kiosk_config, proxy, postgres_url):
    """The demo kiosk on the hospital's PostgreSQL through the relay, which refuses every connection."""
    proxy.refuse = True
    return replace(kiosk_config, database=proxy.url(postgres_url.rsplit("/", 1)[1]))


@pytest.fixture
def waiting(qapp, away_config, systemd):
    """The entry point's own first try (it finds the database away), then the wait as ``onevisit`` runs it."""
    configure_application(qapp)
    languages = LanguageSwitcher(qapp)
    lock = InstanceLock(away_config.database, away_config.kiosk_id)
    with pytest.raises(DatabaseUnavailable) as first:
        start_services(away_config, lock, "start")
    notifier = SystemdNotifier({"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "200000"})
    watchdog = ServiceWatchdog(notifier, DatabaseWait.status(str(first.value)))
    wait = DatabaseWait(away_config, lambda: start_services(away_config, lock, "start"), first.value, languages,
                        watchdog, retry_s=RETRY_S)
    wait.begin()
    watchdog.start()
    yield wait
    watchdog.stop()
    wait.shutdown()
    lock.release()
    languages.uninstall()


def central(postgres_url: str, sql: str) -> list[tuple]:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def test_the_kiosk_waits_on_screen_and_serves_patients_once_the_database_answers(waiting, qtbot, proxy, away_config,
                                                                                 postgres_url, systemd, caplog):
    caplog.set_level(logging.INFO)
    screen = waiting.screen
    qtbot.wait_until(screen.isVisible, timeout=5000)
    assert screen.title.text() == "本机暂时不能使用" and screen.title_other.text() == "This kiosk is not ready yet"
    assert screen.explain.text() == f"正在等待连接医院网络。\n请使用其他自助机，或前往{away_config.help_desk_zh}办理。"
    assert screen.explain_other.text() == ("It is waiting for the hospital's network.\nPlease use another kiosk, or "
                                           f"go to {away_config.help_desk_en}.")
    assert screen.hospital.text() == away_config.hospital_name_zh
    assert screen.staff_reason.text().startswith(f"原因：The hospital database at {away_config.database} cannot be "
                                                 "reached (")

    qtbot.wait_until(lambda: waiting.tries >= 4, timeout=10_000)  # it keeps trying by itself
    assert screen.isVisible() and waiting.window is None
    logged = caplog.get_records("setup") + caplog.records
    about_the_wait = [r for r in logged if "cannot be reached" in r.getMessage()]
    assert [(r.levelname, r.event) for r in about_the_wait] == [("WARNING", "database.waiting")]  # once, not per try
    assert f"已尝试 {waiting.tries} 次" in screen.staff.text() and "本机每 0.05 秒自动重试" in screen.staff.text()
    messages = systemd.messages
    qtbot.wait_until(lambda: "WATCHDOG=1" in systemd.read(), timeout=5000)
    assert messages[0] == f"READY=1\nSTATUS=waiting for the hospital database: {waiting.reason}"
    assert not any("ready" in message for message in messages[1:])

    proxy.refuse = False  # the network is back
    qtbot.wait_until(lambda: waiting.window is not None, timeout=30_000)
    window = waiting.window
    qtbot.wait_until(window.isVisible, timeout=5000)
    assert window.current is window.home and window.languages.language == "zh_CN"
    assert waiting.screen is None
    QApplication.processEvents()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, WaitingForDatabaseScreen)]
    qtbot.wait_until(lambda: "STATUS=kiosk DEMO-LOBBY-1 ready" in systemd.read(), timeout=5000)
    assert [r.levelname for r in caplog.records if getattr(r, "event", "") == "database.reached"] == ["INFO"]
    assert sum(message.startswith("READY=1") for message in messages) == 1

    services = waiting.services
    services.help_webhook = None
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)  # a step that writes to the database
    qtbot.wait_until(lambda: window.help.outcome is not None, timeout=10_000)
    assert not window.help.outcome.queued  # saved in the database at once, not held in the outbox
    assert central(postgres_url, "SELECT count(*) FROM audit_log WHERE action = 'help.requested'") == [(1,)]
    assert central(postgres_url, "SELECT count(*) FROM audit_log WHERE action = 'kiosk.started'") == [(1,)]
    window.go("home", reason="finished")


def test_the_waiting_screen_is_said_aloud_and_again_at_a_touch(waiting, qtbot, proxy, away_config):
    """An elderly patient who cannot read the screen hears it: when it first shows, and when they touch it.
    The speaker is let go before each try to start (which opens it again as one of its devices)."""
    screen, voice = waiting.screen, waiting.voice
    speaker = voice.device
    said = f"本机暂时不能使用。正在等待连接医院网络。请使用其他自助机，或前往{away_config.help_desk_zh}办理。"
    assert speaker.spoken_texts() == [said] and speaker.utterances[0].language == "zh"
    assert speaker.utterances[0].volume == away_config.speech_volume
    tries = waiting.tries
    qtbot.wait(300)
    assert waiting.tries == tries  # no try opens the speaker while the words are being said
    speaker.finish()
    qtbot.wait_until(lambda: waiting.tries > tries and voice.device is None, timeout=10_000)  # let go for the try
    assert not speaker.is_open

    qtbot.mouseClick(screen, Qt.MouseButton.LeftButton)  # a patient touches the screen
    again = voice.device
    assert again is not None and again.spoken_texts() == [said]
    again.finish()
    proxy.refuse = False
    qtbot.wait_until(lambda: waiting.window is not None, timeout=30_000)
    assert voice.device is None and not again.is_open  # the kiosk's own speaker took over
    speaker_now = waiting.services.devices.device("speaker")
    qtbot.wait_until(lambda: bool(speaker_now.spoken_texts()), timeout=5000)
    assert speaker_now.spoken_texts() == [waiting.window.home.instruction()]  # the greeting, once


def test_the_database_going_away_again_during_the_start_keeps_it_waiting(waiting, qtbot, proxy):
    """A try that connects but loses the line half-way through the start (its first device report's answer
    never comes) keeps the kiosk waiting; a later try starts it."""
    proxy.refuse_after_cut = True  # the network stays down from that moment: no reconnect slips in before the test
    proxy.cut_after = b"INSERT INTO device_events"  # the start's first device report never gets its answer
    proxy.refuse = False
    qtbot.wait_until(lambda: proxy.answers_cut == 1, timeout=30_000)
    proxy.cut()
    tries = waiting.tries
    qtbot.wait_until(lambda: waiting.tries >= tries + 2, timeout=30_000)
    assert waiting.window is None and waiting.screen.isVisible()
    proxy.refuse = False
    qtbot.wait_until(lambda: waiting.window is not None, timeout=30_000)
    assert waiting.window.current is waiting.window.home


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_waiting_screen_meets_the_elderly_first_rules(qapp, qtbot, kiosk_config, language, orientation):
    configure_application(qapp)
    languages = LanguageSwitcher(qapp)
    config = replace(kiosk_config, language=language, orientation=orientation)
    screen = WaitingForDatabaseScreen(config, languages, 5.0)
    qtbot.addWidget(screen)
    since = utc_now()
    screen.show_attempt("The hospital database at postgresql://kiosk:***@db.hospital/onevisit cannot be reached "
                        "(connection timeout expired). Check the network and that the database server is running; "
                        "the kiosk keeps trying.", since, 3, since)
    screen.show_on_kiosk()
    qtbot.waitExposed(screen)
    assert (screen.width(), screen.height()) == SIZES[orientation]
    problems = []
    for widget in visible_text_widgets(screen):
        where = widget.objectName()
        problems += [f"{where}: {problem}" for problem in clipped(widget, screen)]
        if QFontInfo(widget.font()).pixelSize() < SMALL_PX:
            problems.append(f"{where}: text {QFontInfo(widget.font()).pixelSize()} px")
        if rendered_contrast(widget) < MIN_CONTRAST:
            problems.append(f"{where}: contrast {rendered_contrast(widget):.1f}:1")
    assert not problems, "\n".join(problems)
    assert not screen.findChildren(QAbstractButton)  # nothing a patient could press
    chinese = [screen.title, screen.explain] if language == "zh_CN" else [screen.title_other, screen.explain_other]
    assert all(CJK.search(label.text()) for label in chinese)
    assert "***" in screen.staff_reason.text()  # the URL as the kiosk gives it: never a password
    screen.close()
    languages.uninstall()
