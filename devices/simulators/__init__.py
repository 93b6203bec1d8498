"""Simulators for every device kind (scheme ``sim``): stateful drivers with fault injection.

See each module's docstring for its URL parameters and test hooks; ``common.py`` for the faults
every simulator shares.
"""
from devices.simulators.camera import SimCamera
from devices.simulators.common import SimulatedDevice
from devices.simulators.dock import DockEvent, SimWheelchairDock
from devices.simulators.idcard import SimIdCardReader
from devices.simulators.printers import PrintedJob, QueuedDocument, SimDocumentPrinter, SimReceiptPrinter
from devices.simulators.scanner import SimCodeScanner
from devices.simulators.speaker import SimSpeaker, Utterance

__all__ = [
    "DockEvent",
    "PrintedJob",
    "QueuedDocument",
    "SimCamera",
    "SimCodeScanner",
    "SimDocumentPrinter",
    "SimIdCardReader",
    "SimReceiptPrinter",
    "SimSpeaker",
    "SimWheelchairDock",
    "SimulatedDevice",
    "Utterance",
]
