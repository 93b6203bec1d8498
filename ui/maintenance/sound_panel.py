"""Sound panel: the speaker volume (quieter / louder, kept across restarts and audited), a test
sentence and the "staff are coming" chime, so a technician can set the kiosk for a loud or quiet hall.

Installed as its own small feature (``ui/features.py``) after maintenance; the staff menu shows its
button because ``staff_sound`` is in the menu's ``PANELS``, and the label comes from here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout

from kiosk.maintenance.staff_session import PermissionDenied
from ui.maintenance.common import PanelScreen
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.maintenance.desk import MaintenanceDesk

SOUND_PANEL = "staff_sound"
VOLUME_STEP = 10


class SoundScreen(PanelScreen):
    name = SOUND_PANEL
    permissions = ("devices", "config")

    def __init__(self, window: "MainWindow", desk: "MaintenanceDesk"):
        self._desk = desk  # its button on the menu takes this panel's words
        super().__init__(window)
        self.voice = window.services.voice
        self.volume_label = text_label("title", self.card, "soundVolume", centred=True)
        self.quieter_button = primary_button(self.card, "soundQuieter")
        self.louder_button = primary_button(self.card, "soundLouder")
        self.test_voice_button = secondary_button(self.card, "soundTestVoice")
        self.test_chime_button = secondary_button(self.card, "soundTestChime")
        self.message = text_label("body", self.card, "soundMessage")
        steps = QHBoxLayout()
        steps.setSpacing(24)
        steps.addWidget(self.quieter_button)
        steps.addWidget(self.louder_button)
        self.tests = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.tests.setSpacing(24)
        self.tests.addWidget(self.test_voice_button, 1)
        self.tests.addWidget(self.test_chime_button, 1)
        self.body.addWidget(self.volume_label)
        self.body.addLayout(steps)
        self.body.addLayout(self.tests)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.quieter_button.clicked.connect(lambda: self._change_volume(-VOLUME_STEP))
        self.louder_button.clicked.connect(lambda: self._change_volume(VOLUME_STEP))
        self.test_voice_button.clicked.connect(self._test_voice)
        self.test_chime_button.clicked.connect(self.voice.chime)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        """The two test buttons side by side on a landscape screen, so nothing needs scrolling."""
        self.tests.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        self.message.hide()
        self._set_buttons_enabled(True)
        self.retranslate()

    def _change_volume(self, step: int) -> None:
        target = max(0, min(100, self.voice.volume + step))
        if target == self.voice.volume:
            return
        self._set_buttons_enabled(False)
        session, voice = self.session, self.voice

        def change() -> int:
            actor = session.require("devices" if session.role_allows("devices") else "config")
            return voice.set_volume(target, actor)

        self.run(change, on_done=self._on_changed, on_error=self._on_failed)

    def _on_changed(self, _: int) -> None:
        self._set_buttons_enabled(True)
        self.retranslate()
        self._test_voice()

    def _on_failed(self, error: Exception) -> None:
        self._set_buttons_enabled(True)
        if isinstance(error, PermissionDenied):
            self.message.setText(self.tr("Your role may not change the volume."))
        else:
            self.message.setText(self.tr("The volume could not be saved. Please try again."))
        self.message.show()

    def _test_voice(self) -> None:
        self.voice.say(self.tr("This is how loud the kiosk speaks."), self.language)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        self.quieter_button.setEnabled(enabled and self.voice.volume > 0)
        self.louder_button.setEnabled(enabled and self.voice.volume < 100)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Sound"))
        self.volume_label.setText(self.tr("Volume: %1 of 100").replace("%1", str(self.voice.volume)))
        self.quieter_button.setText(self.tr("Quieter"))
        self.louder_button.setText(self.tr("Louder"))
        self.test_voice_button.setText(self.tr("Say a test sentence"))
        self.test_chime_button.setText(self.tr("Play the call-staff chime"))
        menu = self._desk.menu
        if menu is not None and SOUND_PANEL in menu.panel_buttons:
            menu.panel_buttons[SOUND_PANEL].setText(self.tr("Sound: volume and chime"))

    def instruction(self) -> str:
        return ""


def install(window: "MainWindow") -> None:
    desk = window.maintenance_desk  # the maintenance feature is installed first (ui/features.py)
    desk.add_panel(window.add_screen(SoundScreen(window, desk)))


def _open_sound_panel(window: "MainWindow") -> None:
    from ui.maintenance import sign_in_for_demo

    sign_in_for_demo(window, "1001")
    window.go(SOUND_PANEL)


SCENES = {"staff-sound": _open_sound_panel}
