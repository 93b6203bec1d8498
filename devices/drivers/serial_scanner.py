"""Code scanner on a serial line: a USB scanner in "USB COM" mode or an RS-232 one, e.g.
``serial:///dev/ttyACM0?baudrate=9600``.

Most 2D hand scanners (Honeywell, Newland, Zebra) can be set to a virtual COM port that sends each
code followed by CR or CR LF; set the scanner's suffix to CR. Parameters: ``baudrate`` (9600) and
``partial`` (seconds, 1.0): bytes that stop arriving without an end of line for that long are a torn
read (a cable glitch, a code pulled away mid-scan) and are dropped and counted as ``torn_reads``,
never passed on as a code. Any pyserial URL works as the target (``serial:loop://`` in tests).
"""
from __future__ import annotations

import re
import time

from devices.base import DeviceError, DeviceUrlError, DeviceUrl
from devices.drivers.scanner_pump import POLL_S, PumpedScanner, decode_code
from devices.urlparams import float_param, int_param

try:
    import serial
except ImportError:  # reported when the driver is opened
    serial = None

END_OF_CODE = re.compile(rb"\r\n|\r|\n")


class SerialCodeScanner(PumpedScanner):
    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.port = url.target
        if not self.port:
            raise DeviceUrlError(f"'{url.raw}': name the serial port, e.g. serial:///dev/ttyACM0")
        self.baudrate = int_param(url, "baudrate", 9600, low=1200, high=921_600)
        self.partial_s = float_param(url, "partial", 1.0, low=0.1, high=30.0)
        self._serial = None
        self._pending = b""
        self._pending_since = 0.0

    def _open_source(self) -> None:
        if serial is None:
            raise DeviceError("the serial scanner driver needs pyserial: install it (pip install pyserial)")
        try:
            self._serial = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=POLL_S)
        except (serial.SerialException, ValueError, OSError) as error:
            raise DeviceError(f"cannot open the code scanner at {self.port}: {error}; check the cable and "
                              "the port name") from None
        self._pending = b""

    def _close_source(self) -> None:
        if self._serial is not None:
            self._serial.close()
            self._serial = None

    def _read_codes(self) -> list[str]:
        try:
            data = self._serial.read(256)
        except (serial.SerialException, OSError, TypeError, AttributeError) as error:
            raise DeviceError(f"the code scanner at {self.port} was disconnected ({error}); check its "
                              "cable") from None
        now = time.monotonic()
        if data:
            if not self._pending:
                self._pending_since = now
            self._pending += data
        elif self._pending and now - self._pending_since > self.partial_s:
            self.count("torn_reads")
            self._pending = b""
        *complete, self._pending = END_OF_CODE.split(self._pending)
        if complete:
            self._pending_since = now
        return [decode_code(raw).strip() for raw in complete if raw.strip()]
