"""Wheelchair dock on a serial line (USB CDC or RS-232), e.g. ``serial:///dev/ttyACM0?baudrate=9600``.

Any pyserial port works as the target, including its URL handlers (``serial:loop://``,
``serial:socket://10.0.0.7:7000``). Parameters: ``baudrate`` (9600), ``timeout`` (seconds to wait for
a reply, 1.0).

The line protocol (ASCII, one line per message, ``\\n`` at the end; the host asks, the dock answers
every command with exactly one line)::

    PING                → OK PONG
    STATUS              → OK STATUS OK | OK STATUS DEGRADED <words> | OK STATUS FAULT <words>
    SLOTS               → OK SLOTS <count> <n>=<chair id or ->:<L|U> …   e.g. OK SLOTS 2 1=WC-001:L 2=-:U
    UNLOCK <n>          → OK UNLOCKED <n>
    LOCK <n>            → OK LOCKED <n>
    errors              → ERR JAMMED <n> | ERR NOSLOT <n> | ERR UNKNOWN <command> | ERR <words>

No reply within ``timeout`` is ``DeviceTimeout`` (health unknown, never ok); a reply that is not
this protocol (a wrong device on the port, an echo) is a ``DeviceError`` naming the port.
``devices.simulators.dock_firmware`` plays the dock's side for tests and bench work.
"""
from __future__ import annotations

from devices.base import Device, DeviceError, DeviceUrlError, DeviceTimeout, DeviceUrl, Health
from devices.protocols import DockSlot
from devices.urlparams import float_param, int_param
from devices.words import Words

try:
    import serial
except ImportError:  # reported when the driver is opened
    serial = None


class SerialWheelchairDock(Device):
    kind = "dock"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.port = url.target
        if not self.port:
            raise DeviceUrlError(f"'{url.raw}': name the serial port, e.g. serial:///dev/ttyACM0")
        self.baudrate = int_param(url, "baudrate", 9600, low=1200, high=921_600)
        self.timeout_s = float_param(url, "timeout", 1.0, low=0.05, high=30.0)
        self._serial = None

    # Protocol verbs ------------------------------------------------------------------------------

    def slots(self) -> list[DockSlot]:
        words = self._ask("SLOTS")
        try:
            if words[0] != "SLOTS" or int(words[1]) != len(words) - 2:
                raise ValueError
            found = []
            for entry in words[2:]:
                number, _, rest = entry.partition("=")
                chair, _, lock = rest.rpartition(":")
                if lock not in ("L", "U") or not chair:
                    raise ValueError
                found.append(DockSlot(int(number), None if chair == "-" else chair, lock == "L"))
        except (ValueError, IndexError):
            raise DeviceError(f"the dock at {self.port} sent a slot list this kiosk cannot read: "
                              f"{' '.join(words)!r}") from None
        return found

    def unlock(self, slot: int) -> None:
        self._expect(f"UNLOCK {int(slot)}", ["UNLOCKED", str(int(slot))])
        self.count("unlock")

    def lock(self, slot: int) -> None:
        self._expect(f"LOCK {int(slot)}", ["LOCKED", str(int(slot))])
        self.count("lock")

    # Device hooks --------------------------------------------------------------------------------

    def _open(self) -> None:
        if serial is None:
            raise DeviceError("the serial dock driver needs pyserial: install it (pip install pyserial)")
        try:
            self._serial = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=self.timeout_s,
                                                 write_timeout=self.timeout_s)
        except (serial.SerialException, ValueError, OSError) as error:
            raise DeviceError(f"cannot open the wheelchair dock at {self.port}: {error}; check the cable "
                              "and the port name") from None

    def _close(self) -> None:
        if self._serial is not None:
            self._serial.close()
            self._serial = None

    def _health(self) -> Health:
        words = self._ask("STATUS")
        if words[:2] == ["STATUS", "OK"]:
            return Health.ok(Words(f"dock at {self.port} answers", "dock.ok", port=self.port))
        detail = " ".join(words[2:]) or "no detail given"
        if words[:2] == ["STATUS", "DEGRADED"]:
            return Health.degraded(Words(f"the dock reports: {detail}", "dock.reports", detail=detail))
        if words[:2] == ["STATUS", "FAULT"]:
            return Health.fault(Words(f"the dock reports: {detail}", "dock.reports", detail=detail))
        raise DeviceError(f"the dock at {self.port} answered STATUS with {' '.join(words)!r}")

    # Internals -----------------------------------------------------------------------------------

    def _expect(self, command: str, expected: list[str]) -> None:
        words = self._ask(command)
        if words != expected:
            raise DeviceError(f"the dock at {self.port} answered {command} with {' '.join(words)!r}")

    def _ask(self, command: str) -> list[str]:
        """Send one command line and read the one reply line; ``OK`` words are returned."""
        with self._lock:
            if not self.is_open or self._serial is None:
                raise DeviceError("the wheelchair dock is not open")
            try:
                self._serial.reset_input_buffer()  # a late reply to an earlier command must not be taken for this one
                self._serial.write((command + "\n").encode("ascii"))
                self._serial.flush()
                reply = self._serial.readline()
            except (serial.SerialException, OSError) as error:
                self.last_error = str(error)
                raise DeviceError(f"the wheelchair dock at {self.port} stopped answering: {error}") from None
        if not reply.endswith(b"\n"):
            self.count("timeouts")
            raise DeviceTimeout(f"no reply from the wheelchair dock at {self.port} to {command.split()[0]}")
        words = reply.decode("ascii", errors="replace").split()
        if words[:1] == ["ERR"]:
            raise DeviceError(self._explain_error(words[1:], command))
        if words[:1] != ["OK"]:
            raise DeviceError(f"the device at {self.port} answered {command.split()[0]} with "
                              f"{reply.strip()[:40]!r}: it does not speak the dock protocol")
        return words[1:]

    def _explain_error(self, words: list[str], command: str) -> str:
        code, rest = (words[0] if words else ""), " ".join(words[1:])
        if code == "JAMMED":
            self.count("jammed")
            return f"the lock of slot {rest} is jammed"
        if code == "NOSLOT":
            return f"the dock has no slot {rest}"
        return f"the dock refused {command}: {' '.join(words) or 'no reason given'}"
