"""Code scanner in USB keyboard mode (HID "keyboard wedge"), read from its Linux input device, e.g.
``hid:///dev/input/by-id/usb-Newland_NLS-HR22-event-kbd``.

Out of the box most hand scanners pretend to be a keyboard and type each code followed by Enter.
This driver reads that device's key events itself (so the codes reach the kiosk whatever window has
the focus) and grabs it (EVIOCGRAB), so the keystrokes do not also go to the desktop. A keyboard
types ASCII only: ID-card QR codes and insurance e-codes are ASCII; a scanner that must send Chinese
text needs the serial driver instead. The kiosk's user needs read access to the device
(the ``input`` group, or a udev rule — see the README's hardware table).
"""
from __future__ import annotations

import errno
import fcntl
import os
import select
import struct

from devices.base import DeviceError, DeviceUrlError, DeviceUrl
from devices.drivers.scanner_pump import POLL_S, PumpedScanner

EVENT = struct.Struct("llHHi")  # struct input_event: timeval, type, code, value
EV_KEY = 1
KEY_PRESS = 1  # 0 is release, 2 is auto-repeat (ignored: a scanner never holds a key)
EVIOCGRAB = 0x40044590
SHIFT_KEYS = {42, 54}
ENTER_KEYS = {28, 96}

# Linux key codes → (plain, shifted) characters of a US layout, the scanners' default.
_ROWS = {
    2: "1!", 3: "2@", 4: "3#", 5: "4$", 6: "5%", 7: "6^", 8: "7&", 9: "8*", 10: "9(", 11: "0)", 12: "-_", 13: "=+",
    16: "qQ", 17: "wW", 18: "eE", 19: "rR", 20: "tT", 21: "yY", 22: "uU", 23: "iI", 24: "oO", 25: "pP",
    26: "[{", 27: "]}", 30: "aA", 31: "sS", 32: "dD", 33: "fF", 34: "gG", 35: "hH", 36: "jJ", 37: "kK",
    38: "lL", 39: ";:", 40: "'\"", 41: "`~", 43: "\\|", 44: "zZ", 45: "xX", 46: "cC", 47: "vV", 48: "bB",
    49: "nN", 50: "mM", 51: ",<", 52: ".>", 53: "/?", 57: "  ",
    71: "77", 72: "88", 73: "99", 74: "--", 75: "44", 76: "55", 77: "66", 78: "++", 79: "11", 80: "22",
    81: "33", 82: "00", 83: "..", 98: "//", 55: "**",
}
KEYMAP = {code: (chars[0], chars[1]) for code, chars in _ROWS.items()}


class HidCodeScanner(PumpedScanner):
    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.path = url.target
        if not self.path:
            raise DeviceUrlError(f"'{url.raw}': name the input device, e.g. hid:///dev/input/by-id/…-event-kbd")
        self._fd: int | None = None
        self._bytes = b""
        self._typed: list[str] = []
        self._shift = set()

    def _open_source(self) -> None:
        try:
            self._fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        except PermissionError:
            raise DeviceError(f"the kiosk may not read the code scanner at {self.path}: add its user to the "
                              "'input' group or install the udev rule from the README") from None
        except OSError as error:
            raise DeviceError(f"cannot open the code scanner at {self.path}: {error.strerror}; is it "
                              "plugged in?") from None
        try:
            fcntl.ioctl(self._fd, EVIOCGRAB, 1)
        except OSError as error:
            if error.errno not in (errno.ENOTTY, errno.EINVAL):  # not an input device (a test pipe)
                os.close(self._fd)
                self._fd = None
                raise DeviceError(f"another program holds the code scanner at {self.path}") from None
        self._bytes, self._typed, self._shift = b"", [], set()

    def _close_source(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _read_codes(self) -> list[str]:
        readable, _, _ = select.select([self._fd], [], [], POLL_S)
        if not readable:
            return []
        try:
            data = os.read(self._fd, EVENT.size * 64)
        except BlockingIOError:
            return []
        except OSError as error:
            raise DeviceError(f"the code scanner at {self.path} was unplugged ({error.strerror})") from None
        if not data:
            raise DeviceError(f"the code scanner at {self.path} was unplugged")
        self._bytes += data
        whole = len(self._bytes) - len(self._bytes) % EVENT.size
        events, self._bytes = self._bytes[:whole], self._bytes[whole:]
        codes = []
        for _, _, kind, key, value in EVENT.iter_unpack(events):
            if kind != EV_KEY:
                continue
            if key in SHIFT_KEYS:
                (self._shift.add if value else self._shift.discard)(key)
            elif value == KEY_PRESS and key in ENTER_KEYS:
                if self._typed:
                    codes.append("".join(self._typed))
                self._typed = []
            elif value == KEY_PRESS and key in KEYMAP:
                self._typed.append(KEYMAP[key][1 if self._shift else 0])
        return codes
