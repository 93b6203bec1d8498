"""The dock's side of the serial line protocol (see ``devices.drivers.serial_dock``), played by a
``SimWheelchairDock``, so the serial driver can be tested and demonstrated without hardware.

``DockFirmware.on_pty(dock)`` opens a pseudo-terminal, answers on its master side in a thread and
returns the firmware; ``firmware.port`` is the path to give the driver
(``serial://`` + port). ``silent = True`` makes it stop answering (a dead controller).
"""
from __future__ import annotations

import contextlib
import os
import select
import threading

from devices.base import DeviceError, HealthState
from devices.simulators.dock import SimWheelchairDock


class DockFirmware:
    def __init__(self, dock: SimWheelchairDock, master_fd: int, port: str):
        self.dock = dock
        self.port = port
        self.silent = False
        self.commands: list[str] = []
        self._fd = master_fd
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="dock-firmware", daemon=True)

    @classmethod
    def on_pty(cls, dock: SimWheelchairDock) -> "DockFirmware":
        import tty

        master, slave = os.openpty()
        tty.setraw(slave)
        port = os.ttyname(slave)
        firmware = cls(dock, master, port)
        firmware._slave = slave  # kept open so the line stays up between driver opens
        firmware._thread.start()
        return firmware

    def answer(self, line: str) -> str:
        """The reply line (without ``\\n``) to one command line."""
        words = line.split()
        command = words[0].upper() if words else ""
        try:
            if command == "PING":
                return "OK PONG"
            if command == "STATUS":
                health = self.dock.health()
                if health.state is HealthState.OK:
                    return "OK STATUS OK"
                state = "DEGRADED" if health.state is HealthState.DEGRADED else "FAULT"
                return f"OK STATUS {state} {health.detail}"
            if command == "SLOTS":
                slots = self.dock.slots()
                entries = [f"{s.number}={s.chair_id or '-'}:{'L' if s.locked else 'U'}" for s in slots]
                return f"OK SLOTS {len(slots)} " + " ".join(entries)
            if command in ("UNLOCK", "LOCK") and len(words) == 2:
                slot = words[1]
                if not slot.isdigit() or int(slot) not in {s.number for s in self.dock.slots()}:
                    return f"ERR NOSLOT {slot}"
                (self.dock.unlock if command == "UNLOCK" else self.dock.lock)(int(slot))
                return f"OK {command}ED {slot}"
        except DeviceError as error:
            if "jammed" in str(error):
                return f"ERR JAMMED {words[1] if len(words) > 1 else ''}".strip()
            return "ERR " + str(error).replace("\n", " ")
        return f"ERR UNKNOWN {command or '(empty)'}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for fd in (self._fd, getattr(self, "_slave", None)):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _serve(self) -> None:
        buffer = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self._fd, 1024)
            except OSError:
                return
            buffer += chunk
            while b"\n" in buffer:
                raw, buffer = buffer.split(b"\n", 1)
                line = raw.decode("ascii", errors="replace").strip()
                self.commands.append(line)
                if not self.silent:
                    os.write(self._fd, (self.answer(line) + "\n").encode("ascii", errors="replace"))
