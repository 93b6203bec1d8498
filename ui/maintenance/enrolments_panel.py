"""Enrolments panel (administrators: face data is personal data, like staff accounts): how many
patients use face check-in and which face search is in force at that size (open 1:N, a second factor
first, or 1:1 only), find one by the ID number typed on the keypad (shown masked), enrol that
patient's face with them in front of the kiosk (staff-assisted: the member of staff has checked their
ID card in person), and delete that patient's face templates for a reason chosen from big buttons,
confirmed by a second tap.

The reason is audited before the templates go (``maintenance.face_deletion_requested``), then
``FaceService.withdraw`` deletes and audits ``face.withdrawn``; deleting twice removes nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout

from kiosk.his.id_numbers import is_valid_id_number, normalise_id_number
from kiosk.face.policy import SearchMode
from kiosk.his.masking import mask_id_number, mask_name
from kiosk.maintenance.staff_session import PermissionDenied
from ui.identify.keypad_entry import entry_label
from ui.maintenance.common import PanelScreen, TwoColumns
from ui.maintenance.enrol_capture import start_staff_enrolment
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.keypad import Keypad
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.checkin.enrol import EnrolCaptureScreen
    from ui.main_window import MainWindow

DELETE_REASONS = ("patient_asked", "wrong_person", "poor_photos", "patient_deceased")


@dataclass(frozen=True)
class FoundPatient:
    patient_id: str
    masked_name: str
    masked_id: str
    templates: int


def find_enrolled(services, id_number: str) -> FoundPatient | None:
    """Blocking (HIS, database): the patient with this ID number and how many face templates they have."""
    patient = services.his.find_patient_by_id_number(id_number)
    if patient is None:
        return None
    templates = services.maintenance.enrolments.templates_of(patient.id)
    return FoundPatient(patient.id, mask_name(patient.name), mask_id_number(patient.id_number), templates)


def delete_face_data(services, patient_id: str, reason: str, actor: str) -> int:
    """Blocking: audit the request with its reason, then delete the templates (audited by FaceService)."""
    services.audit.record(actor, "maintenance.face_deletion_requested", {"patient": patient_id, "reason": reason})
    return services.faces.withdraw(patient_id, actor)


class EnrolmentsScreen(PanelScreen):
    name = "staff_enrolments"
    permissions = ("staff",)

    def __init__(self, window: "MainWindow", capture: "EnrolCaptureScreen"):
        super().__init__(window)
        self._capture = capture  # staff-assisted enrolment at the camera
        self.count = text_label("body", self.card, "enrolledCount")
        self.mode = text_label("body", self.card, "enrolmentsMode")
        self.explain = text_label("body", self.card, "enrolmentsExplain")
        self.entry = entry_label(self.card, "enrolmentsIdEntry")
        self.keypad = Keypad(self.card, max_length=18, extra_key="X")
        self.keypad.changed.connect(self.entry.setText)
        self.find_button = primary_button(self.card, "enrolmentsFind")
        self.found = text_label("body", self.card, "enrolmentsFound")
        self.enrol_button = primary_button(self.card, "enrolmentsEnrol")
        self.enrol_button.clicked.connect(self._enrol)
        self.reason_title = text_label("body", self.card, "enrolmentsReasonTitle")
        self.reason_buttons = {reason: secondary_button(self.card, f"reason_{reason}") for reason in DELETE_REASONS}
        reasons = QGridLayout()
        reasons.setSpacing(16)
        for index, (reason, button) in enumerate(self.reason_buttons.items()):
            button.clicked.connect(lambda _=False, chosen=reason: self._choose(chosen))
            reasons.addWidget(button, index // 2, index % 2)
        self.reason_chosen = text_label("body", self.card, "enrolmentsReasonChosen")
        self.delete_button = primary_button(self.card, "enrolmentsDelete")
        self.message = text_label("body", self.card, "enrolmentsMessage")
        self.body.addWidget(self.count)
        self.body.addWidget(self.mode)
        self.body.addWidget(self.explain)
        self.columns = TwoColumns(self.body)
        self.columns.add_first(self.entry, self.keypad)
        self.columns.add_second(self.find_button, self.found, self.enrol_button, self.reason_title, reasons,
                                self.reason_chosen,
                                self.delete_button, self.message)
        self.body.addStretch(1)
        self.find_button.clicked.connect(self._find)
        self.delete_button.clicked.connect(self._delete)
        self.enrolled = 0
        self.patient: FoundPatient | None = None
        self.reason = ""
        self._armed = False
        self.retranslate()

    def available(self) -> bool:
        return getattr(self._window.services, "faces", None) is not None

    def apply_orientation(self, landscape: bool) -> None:
        self.columns.apply_orientation(landscape, (self.entry,))

    def entered(self) -> None:
        self.keypad.clear()
        self._forget_patient()
        self.message.hide()
        self._refresh_count()

    def forget(self) -> None:
        self.keypad.clear()
        self._forget_patient()

    def _refresh_count(self) -> None:
        self.run(self._window.services.maintenance.enrolments.patients, on_done=self._on_count)

    def _on_count(self, count: int) -> None:
        self.enrolled = count
        self.retranslate()

    def _forget_patient(self) -> None:
        self.patient = None
        self.reason = ""
        self._armed = False
        self._show_patient()

    def _find(self) -> None:
        typed = normalise_id_number(self.keypad.text)
        self._forget_patient()
        if not is_valid_id_number(typed):
            self._say(self.tr("This is not a valid ID card number (18 characters). Please type it again."))
            return
        self.message.hide()
        self.run(find_enrolled, self._window.services, typed, on_done=self._on_found,
                 on_error=lambda error: self._say(self.tr("The patient could not be looked up: %1")
                                                  .replace("%1", type(error).__name__)))

    def _on_found(self, found: FoundPatient | None) -> None:
        if found is None:
            self._say(self.tr("No patient of this hospital has this ID number."))
            return
        self.patient = found
        self._show_patient()

    def _enrol(self) -> None:
        patient = self.patient
        if patient is None or self._window.services.devices.device("camera") is None:
            self._say(self.tr("The camera is not working, so no face can be enrolled now."))
            return
        try:
            self.session.require("staff")
        except PermissionDenied:
            self._say(self.tr("Only an administrator may enrol a patient's face."))
            return
        start_staff_enrolment(self._window, self._capture, patient.patient_id, self.session.member.staff_id)

    def _choose(self, reason: str) -> None:
        self.reason = reason
        self._armed = False
        self._show_patient()

    def _delete(self) -> None:
        patient = self.patient
        if patient is None or not self.reason:
            return
        if not self._armed:
            self._armed = True
            self._show_patient()
            return
        try:
            actor = self.session.require("staff")
        except PermissionDenied:
            self._say(self.tr("Only an administrator may delete face data."))
            return
        self.delete_button.setEnabled(False)
        self.run(delete_face_data, self._window.services, patient.patient_id, self.reason, actor,
                 on_done=self._on_deleted, on_error=self._on_delete_failed)

    def _on_deleted(self, removed: int) -> None:
        patient = self.patient
        self._forget_patient()
        self.keypad.clear()
        self._say(self.tr("Face data deleted for %1: %n template(s).", "", removed)
                  .replace("%1", patient.masked_name if patient else "-"))
        self._refresh_count()

    def _on_delete_failed(self, error: Exception) -> None:
        self._armed = False
        self._show_patient()
        self._say(self.tr("The face data was not deleted: %1").replace("%1", type(error).__name__))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _show_patient(self) -> None:
        patient = self.patient
        has_templates = patient is not None and patient.templates > 0
        self.found.setVisible(patient is not None)
        self.enrol_button.setVisible(patient is not None)
        self.enrol_button.setText(self.tr("Enrol their face now"))
        self.reason_title.setVisible(has_templates)
        for reason, button in self.reason_buttons.items():
            button.setVisible(has_templates)
        self.delete_button.setVisible(has_templates and bool(self.reason))
        self.delete_button.setEnabled(True)
        if patient is not None:
            if has_templates:
                status = self.tr("%n face template(s) stored.", "", patient.templates)
            else:
                status = self.tr("No face data is stored for this patient.")
            self.found.setText(self.tr("%1, ID %2").replace("%1", patient.masked_name).replace("%2", patient.masked_id)
                               + "\n" + status)
        else:
            self.found.clear()
        texts = self._reason_texts()
        chosen = self.tr("Reason: %1").replace("%1", texts[self.reason]) if self.reason else ""
        self.reason_chosen.setText(chosen)
        self.reason_chosen.setVisible(has_templates and bool(chosen))
        self.delete_button.setText(self.tr("Tap again to delete the face data for good") if self._armed
                                   else self.tr("Delete this patient's face data"))
        self.relayout()

    def _mode_text(self) -> str:
        faces = self._window.services.faces
        limit = str(faces.settings.open_search_max)
        if not faces.available:
            return self.tr("Face check-in is off: %1").replace("%1", faces.problem)
        if faces.mode is SearchMode.OPEN:
            return self.tr("Face search in force: everyone enrolled (1:N), allowed up to %1 people.").replace("%1", limit)
        return self.tr("Face search in force: birthday or phone digits first, then the face among the few "
                       "matching patients (1:N is allowed only up to %1 people).").replace("%1", limit)

    def _reason_texts(self) -> dict[str, str]:
        return {"patient_asked": self.tr("The patient asked"), "wrong_person": self.tr("Wrong person enrolled"),
                "poor_photos": self.tr("Poor photos"), "patient_deceased": self.tr("Patient deceased")}

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Face check-in enrolments"))
        self.count.setText(self.tr("Patients enrolled for face check-in: %1").replace("%1", str(self.enrolled)))
        self.mode.setText(self._mode_text())
        self.explain.setText(self.tr("To delete a patient's face data, type their ID card number."))
        self.find_button.setText(self.tr("Find the patient"))
        self.reason_title.setText(self.tr("Why is the face data deleted?"))
        texts = self._reason_texts()
        for reason, button in self.reason_buttons.items():
            button.setText(texts[reason])
        self.keypad.retranslate()
        self._show_patient()
