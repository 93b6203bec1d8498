"""The kiosk window: header, simulated-devices ribbon, device-fault banner, screens, footer, idle overlay."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QLocale, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from devices.base import Health, HealthState
from kiosk.bootstrap import KioskServices
from kiosk.clock import to_local
from kiosk.help_call import HelpCallOutcome
from ui.features import FEATURES
from ui.i18n import LanguageSwitcher
from ui.idle import IdleWatcher
from ui.journey import JourneyState
from ui.screens.base import Screen
from ui.screens.help import HelpScreen
from ui.screens.home import HomeScreen
from ui.scanner_service import ScannerService
from ui.screens.service_unavailable import ServiceUnavailableScreen
from ui.storage_watch import StorageWatch
from ui.widgets.buttons import secondary_button
from ui.widgets.footer import Footer
from ui.widgets.idle_overlay import IdleOverlay
from ui.widgets.labels import text_label
from ui.widgets.long_press import LongPressCorner
from ui.widgets.touch_scroll import enable_touch_scrolling
from ui.workers import TaskRunner

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
LANGUAGE_BUTTON_TEXT = {"zh_CN": "English", "en": "中文"}  # always shown in the language it switches to


class MainWindow(QMainWindow):
    def __init__(self, services: KioskServices, languages: LanguageSwitcher):
        super().__init__()
        self.services = services
        self.languages = languages
        self.setWindowTitle("OneVisit")
        self.runner = TaskRunner(self)
        self.last_health: dict[str, Health] = {}
        self._health_poll_running = False
        help_desk = {"zh_CN": services.config.help_desk_zh, "en": services.config.help_desk_en}

        page = QWidget(self)
        page.setObjectName("page")
        self.setCentralWidget(page)
        self._build_header(page)
        self.sim_ribbon = text_label("small", page, "simRibbon", centred=True)
        self.fault_banner = text_label("small", page, "faultBanner")
        self.stack = QStackedWidget(page)
        self.screens: dict[str, Screen] = {}
        # A feature may send a navigation elsewhere, e.g. every patient tile to "out of service".
        self.navigation_guards: list[Callable[[str, str], str]] = []
        # Journey controllers (ui/journey.py) own a journey's patient state; forgotten with the session.
        self.journeys: list[JourneyState] = []
        # The only reader of the code scanner: each code goes to the screen shown, if it asked.
        self.scanner = ScannerService(lambda: services.devices.device("scanner"), self.stack, self)
        self.home = self.add_screen(HomeScreen(self.stack))
        self.help = self.add_screen(HelpScreen(help_desk, self.stack))
        self.unavailable = self.add_screen(ServiceUnavailableScreen(help_desk, self.stack))
        self.help.call_staff.connect(self.call_staff)
        self.storage_watch = StorageWatch(self)
        for feature in FEATURES:
            feature.install(self)
        # After the features' guards: a tile they send elsewhere (out of service) goes there first.
        self.navigation_guards.append(self.storage_watch.guard)
        enable_touch_scrolling(self.stack)  # every list follows a dragging finger
        self.scanner.start()
        self._build_footer(page)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.header, self.sim_ribbon, self.fault_banner):
            layout.addWidget(widget)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)

        self.staff_corner = LongPressCorner(page)
        self.staff_corner.triggered.connect(lambda: self.go("staff_sign_in"))
        self.overlay = IdleOverlay(page)
        self.idle = IdleWatcher(services.config.idle_timeout_s, services.config.idle_warning_s, self)
        self.idle.countdown.connect(self.overlay.show_seconds)
        self.idle.warning_ended.connect(self.overlay.hide)
        self.idle.expired.connect(self._on_idle_expired)
        self.overlay.more_time.connect(self.idle.more_time)
        self.overlay.finish.connect(lambda: self.go("home", reason="finished"))

        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(5000)
        self._clock_timer.timeout.connect(self._update_clock)
        self._clock_timer.start()
        self._health_timer = QTimer(self)
        self._health_timer.setInterval(int(services.config.health_poll_s * 1000))
        self._health_timer.timeout.connect(self.poll_health)
        self._health_timer.start()

        self.set_orientation(services.config.orientation)
        self.set_reach_mode(services.config.reach_mode)
        self.set_language(services.config.language, announce=False)  # go("home") below says the greeting once
        self._show_health(services.devices.last_healths())
        self.go("home", reason="start")

    # --- building -------------------------------------------------------------------------

    def _build_header(self, page: QWidget) -> None:
        self.header = QWidget(page)
        self.header.setObjectName("header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hospital_name = text_label("title", self.header, "hospitalName")
        self.clock = text_label("small", self.header, "clock")
        self.language_button = secondary_button(self.header, "languageButton")
        self.language_button.clicked.connect(lambda: self.set_language(self.languages.other_language()))
        row = QHBoxLayout(self.header)
        row.setContentsMargins(40, 12, 32, 12)
        row.setSpacing(24)
        column = QVBoxLayout()
        column.addWidget(self.hospital_name)
        column.addWidget(self.clock)
        row.addLayout(column, 1)
        row.addWidget(self.language_button)
        self._header_row = row

    def _build_footer(self, page: QWidget) -> None:
        self.footer = Footer(page)
        self.home_button = self.footer.home_button
        self.repeat_button = self.footer.repeat_button
        self.call_button = self.footer.call_button
        self.reach_button = self.footer.reach_button
        self.home_button.clicked.connect(lambda: self.go("home", reason="home"))
        self.repeat_button.clicked.connect(self.services.voice.repeat)
        self.call_button.clicked.connect(self.call_staff)
        self.reach_button.toggled.connect(self.set_reach_mode)
        self.reach_button.clicked.connect(self._announce_reach_mode)
        self.reach_mode = False

    def add_screen(self, screen: Screen) -> Screen:
        """Add a screen; ``go(screen.name)`` shows it. Features call this from their ``install``."""
        if screen.name in self.screens:
            raise ValueError(f"two screens are called {screen.name!r}")
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)
        screen.navigate.connect(self.go)
        return screen

    # --- navigation -----------------------------------------------------------------------

    @property
    def current(self) -> Screen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def go(self, target: str, reason: str = "navigate") -> None:
        sessions = self.services.sessions
        requested = target
        for guard in self.navigation_guards:
            target = guard(target, reason)
        # "home" may be sent elsewhere (out of service): the patient has gone all the same.
        front = requested == "home"
        if front:
            sessions.wipe(reason)
            self.forget_patient()
            if reason not in ("home", "navigate"):  # the patient has gone: back to the kiosk's own setting
                self.set_reach_mode(self.services.config.reach_mode)
            self.help.show_called(False)
        if target == "home":
            screen = self.home
        else:
            screen = self.screens.get(target)
            if front:
                pass
            elif screen is not None and not screen.is_patient_journey:
                sessions.wipe("staff")  # staff take over the kiosk: nothing of the patient stays on it
                self.forget_patient()
            else:
                journey = screen.journey if screen is not None and screen.journey else target
                if sessions.current is None or sessions.current.journey != journey:
                    sessions.start(journey)
            if screen is None:  # a home tile this kiosk does not offer
                self.unavailable.show_service(target, self.languages.language)
                screen = self.unavailable
        self.stack.setCurrentWidget(screen)
        screen.entered()
        front = front or screen is self.home
        self.home_button.setVisible(not front)
        # On the help screen the big button (or "help is on the way") already does this.
        self.call_button.setVisible((screen.is_patient_journey or front) and screen is not self.help)
        self.reach_button.setVisible(self._reaches(screen))
        if self.reach_mode:
            self.centralWidget().layout().activate()
            screen.fit_reach()
        if screen.is_patient_journey or screen.idle_timeout_s:
            self.idle.arm(screen.idle_timeout_s)
        else:
            self.idle.disarm()
        self.services.voice.say(screen.instruction(), self.languages.language)

    def add_journey(self, journey: JourneyState) -> JourneyState:
        """Register a journey controller; its ``forget()`` runs whenever the patient session ends."""
        self.journeys.append(journey)
        return journey

    def forget_patient(self) -> None:
        """The patient has gone: every journey and every screen drops what it held of them."""
        for journey in self.journeys:
            journey.forget()
        self.scanner.forget()
        for screen in self.screens.values():
            screen.forget()

    def call_staff(self) -> None:
        self.runner.submit(self.services.request_help, self.current.name, on_done=self._help_call_done,
                           on_error=lambda _error: self._help_call_done(HelpCallOutcome(False, "failed")))
        self.services.voice.chime()  # audible at the kiosk, so staff nearby hear it too
        if self.services.sessions.current is None:
            self.services.sessions.start("help")
        self.help.show_called(True)
        self.go("help")

    def _help_call_done(self, outcome: HelpCallOutcome) -> None:
        if not self.help.called:
            return  # the patient has gone meanwhile
        self.help.show_outcome(outcome)
        if self.current is self.help:
            self.services.voice.say(self.help.instruction(), self.languages.language)

    def _on_idle_expired(self) -> None:
        self.overlay.hide()
        self.go("home", reason="idle_timeout")

    # --- language and layout --------------------------------------------------------------

    def set_language(self, language: str, announce: bool = True) -> None:
        self.languages.set_language(language)
        # Deliver LanguageChange to every widget now, so the switch is complete when this returns.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.help.set_language(language)
        self.unavailable.show_service(self.unavailable.service, language, self.unavailable.cause)
        self.retranslate()
        if announce and self.stack.currentWidget() is not None:
            self.services.voice.say(self.current.instruction(), language)

    def set_orientation(self, orientation: str) -> None:
        if orientation == "auto":
            screen = self.screen().availableGeometry()
            landscape = screen.width() > screen.height()
        else:
            landscape = orientation == "landscape"
        for screen_widget in self.screens.values():
            screen_widget.apply_orientation(landscape)
            if screen_widget.reach_mode:  # the pads follow the new arrangement
                screen_widget.set_reach_mode(True)
        self.footer.arrange(landscape)
        if orientation != "auto":
            self.resize(*SIZES[orientation])

    def _reaches(self, screen: Screen) -> bool:
        """Reach mode is for patients: every patient screen and home; staff screens keep their layout."""
        return screen.is_patient_journey or screen is self.home

    def set_reach_mode(self, on: bool) -> None:
        """Every control of the patient screens into the lower 60 % of the window (ui/screens/reach.py);
        the language button comes down into the footer."""
        on = bool(on)
        if self.reach_button.isChecked() != on:
            self.reach_button.setChecked(on)  # emits toggled, which calls this again
            return
        if on == self.reach_mode:
            return
        self.reach_mode = on
        if on:
            self._header_row.removeWidget(self.language_button)
            self.footer.take_language_button(self.language_button)
        else:
            self.footer.take_language_button(None)
            self._header_row.addWidget(self.language_button)
        for screen in self.screens.values():
            screen.set_reach_mode(on and self._reaches(screen))
        self.overlay.set_reach_mode(on)
        self.retranslate()

    def _announce_reach_mode(self) -> None:
        text = (self.tr("All buttons are now in the lower part of the screen.") if self.reach_mode
                else self.tr("The buttons are back in their usual places."))
        self.services.voice.say(text, self.languages.language)

    def retranslate(self) -> None:
        config = self.services.config
        self.hospital_name.setText(config.hospital_name_zh if self.languages.language == "zh_CN" else config.hospital_name_en)
        self.language_button.setText(LANGUAGE_BUTTON_TEXT[self.languages.language])
        self.home_button.setText(self.tr("Back to start"))
        self.repeat_button.setText(self.tr("Say it again"))
        self.call_button.setText(self.tr("Call staff"))
        self.reach_button.setText(self.tr("Low reach: on") if self.reach_mode else self.tr("Low reach"))
        self.reach_button.setToolTip(self.tr("Wheelchair users: all buttons in the lower part of the screen"))
        self.sim_ribbon.setText(self.tr("SIMULATED DEVICES — demonstration only: nothing is really printed, unlocked or paid"))
        self.sim_ribbon.setVisible(self.services.devices.any_simulated)
        self._show_health(self.last_health)
        self._update_clock()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.staff_corner.move(0, 0)
        self.staff_corner.raise_()
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.centralWidget().rect())

    def _update_clock(self) -> None:
        now = to_local(self.services.clock.now())
        locale = QLocale(QLocale.Language.Chinese if self.languages.language == "zh_CN" else QLocale.Language.English)
        pattern = "M月d日 dddd HH:mm" if self.languages.language == "zh_CN" else "dddd d MMMM, HH:mm"
        stamp = QDateTime(now.year, now.month, now.day, now.hour, now.minute, now.second)
        self.clock.setText(locale.toString(stamp, pattern))

    # --- device health --------------------------------------------------------------------

    def poll_health(self) -> None:
        if self._health_poll_running:
            return
        self._health_poll_running = True

        def done(healths: dict[str, Health]) -> None:
            self._health_poll_running = False
            self._show_health(healths)

        def failed(error: Exception) -> None:
            self._health_poll_running = False
            self.runner.failed.emit(str(error))

        self.runner.submit(self.services.devices.poll, on_done=done, on_error=failed)

    def help_desk(self) -> str:
        """Where patients are sent when the kiosk cannot help, in the current language."""
        config = self.services.config
        return config.help_desk_zh if self.languages.language == "zh_CN" else config.help_desk_en

    def _device_notice(self, kind: str) -> str:
        desk = self.help_desk()
        notices = {
            "camera": self.tr("Face check-in is not working right now."),
            "receipt_printer": self.tr("The ticket printer is not working right now."),
            "document_printer": self.tr("The A4 printer is not working right now."),
            "scanner": self.tr("The code scanner is not working right now."),
            "dock": self.tr("Wheelchairs cannot be taken from this kiosk right now."),
            "speaker": self.tr("Spoken guidance is not working right now."),
            "id_card_reader": self.tr("The ID card reader is not working right now: please use another way."),
        }
        return notices.get(kind, "") + " " + self.tr("If you need it, please go to %1.").replace("%1", desk)

    def _one_way(self, kind: str, health: Health) -> bool:
        """A device on a one-way link (e.g. an ``escpos+file:`` printer) can never report its state: its
        ``unknown`` is how it always is, not a fault to tell patients about (maintenance still shows it)."""
        device = self.services.devices.device(kind)
        return health.state is HealthState.UNKNOWN and getattr(device, "can_report_status", True) is False

    def _show_health(self, healths: dict[str, Health]) -> None:
        self.last_health = dict(healths)
        broken = [kind for kind, health in healths.items() if not health.usable and not self._one_way(kind, health)]
        notices = [self._device_notice(kind) for kind in broken]
        self.storage_watch.shown_down = self.storage_watch.database_down
        if self.storage_watch.shown_down:
            notices.insert(0, self.tr("The hospital's system cannot be reached: payments, queue numbers and "
                                      "wheelchair rentals are paused. If you need them, please go to %1.")
                           .replace("%1", self.help_desk()))
        self.fault_banner.setText("\n".join(notices))
        self.fault_banner.setVisible(bool(notices))

    def refresh_notices(self) -> None:
        """Show the banner again (the hospital's database went away or came back)."""
        self._show_health(self.last_health)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clock_timer.stop()
        self._health_timer.stop()
        self.storage_watch.stop()
        self.idle.shutdown()
        self.scanner.shutdown()
        self.runner.shutdown()
        super().closeEvent(event)
