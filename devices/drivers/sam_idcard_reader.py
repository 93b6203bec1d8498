"""Resident ID card readers that speak the public SAM serial protocol (``devices.sam_protocol``) over
RS-232 or USB-serial: ``idcard+serial:///dev/ttyUSB0?baudrate=115200``.

Any pyserial port works as the target, including its URL handlers (``idcard+serial:socket://…``).
Parameters: ``baudrate`` (115200), ``timeout`` (seconds to wait for one reply, 1.0), ``poll`` (seconds
between "find card" commands while no card lies on the reader, 0.1).

``read_card`` polls find card (20 01) until a card answers or the time is up, then selects it (20 02)
and reads text and photo (30 01). A reply with a wrong check byte is asked for again (up to
``RETRIES`` times) before the card counts as unreadable. The photo is read off the wire with the rest
of the reply and dropped: it never leaves this function.
"""
from __future__ import annotations

import time

from devices import sam_protocol as sam
from devices.base import Device, DeviceError, DeviceTimeout, DeviceUrl, Health
from devices.protocols import CardRemoved, CardUnreadable, IdCard, SecurityModuleMissing
from devices.urlparams import float_param, int_param
from devices.words import Words

try:
    import serial
except ImportError:  # reported when the driver is opened
    serial = None

RETRIES = 2


class SerialIdCardReader(Device):
    kind = "id_card_reader"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        unknown = sorted(set(url.params) - {"baudrate", "timeout", "poll"})
        if unknown:
            raise DeviceError(f"'{url.raw}': the ID card reader driver has no parameter {', '.join(unknown)}; "
                              "known: baudrate, timeout, poll")
        self.port = url.target
        if not self.port:
            raise DeviceError(f"'{url.raw}': name the serial port, e.g. idcard+serial:///dev/ttyUSB0")
        self.baudrate = int_param(url, "baudrate", 115_200, low=9600, high=921_600)
        self.timeout_s = float_param(url, "timeout", 1.0, low=0.05, high=30.0)
        self.poll_s = float_param(url, "poll", 0.1, low=0.0, high=5.0)
        self._serial = None
        self._parser = sam.FrameParser()
        self.frames_sent = 0

    # Protocol verb ---------------------------------------------------------------------------------

    def read_card(self, timeout_s: float) -> IdCard | None:
        deadline = time.monotonic() + max(0.0, timeout_s)
        while True:
            found = self._ask(sam.FIND_CARD)
            if found.status == sam.FIND_SUCCESS:
                break
            if found.status != sam.NO_CARD:
                self._refuse(found.status, "find card")
            if time.monotonic() + self.poll_s >= deadline:
                return None
            time.sleep(self.poll_s)
        selected = self._ask(sam.SELECT_CARD)
        if selected.status != sam.SUCCESS:
            if selected.status in (sam.SELECT_FAILED, sam.NO_CARD):
                raise CardRemoved("the card was taken off the reader before it was read")
            self._refuse(selected.status, "select card")
        text = self._ask(sam.READ_TEXT_AND_PHOTO)
        if text.status != sam.SUCCESS:
            if text.status in (sam.READ_FAILED, sam.NO_CARD):
                raise CardRemoved("the card was taken off the reader while it was being read")
            self._refuse(text.status, "read card")
        card = self._card_from(text.reply_data)
        self.count("cards_read")
        return card

    # Device hooks ----------------------------------------------------------------------------------

    def _open(self) -> None:
        if serial is None:
            raise DeviceError("the ID card reader driver needs pyserial: install it (pip install pyserial)")
        try:
            self._serial = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=self.timeout_s,
                                                 write_timeout=self.timeout_s)
        except (serial.SerialException, ValueError, OSError) as error:
            raise DeviceError(f"cannot open the ID card reader at {self.port}: {error}; check the cable "
                              "and the port name") from None
        self._parser.clear()

    def _close(self) -> None:
        if self._serial is not None:
            self._serial.close()
            self._serial = None

    def _health(self) -> Health:
        answer = self._ask(sam.SAM_STATUS)
        if answer.status == sam.SUCCESS:
            return Health.ok(Words(f"ID card reader at {self.port} answers, security module ready", "idcard.ok",
                                   port=self.port))
        if answer.status in (sam.SAM_SELF_TEST_FAILED, sam.SAM_NOT_AUTHORISED):
            return Health.fault(Words(f"the ID card reader at {self.port}: {sam.STATUS_WORDS[answer.status]} — "
                                      "the reader cannot read cards; call the supplier", "idcard.sam_fault",
                                      port=self.port, status=sam.STATUS_WORDS[answer.status]))
        return Health.degraded(Words(f"the ID card reader at {self.port} reports: {self._words(answer.status)}",
                                     "idcard.reports", port=self.port, status=self._words(answer.status)))

    # Internals -------------------------------------------------------------------------------------

    def _ask(self, code: tuple[int, int]) -> sam.Frame:
        """Send one command and return its checked reply; a corrupted reply is asked for again."""
        last_problem = ""
        for _ in range(1 + RETRIES):
            try:
                reply = self._exchange(sam.command(code))
            except sam.FrameError as problem:
                self.count("bad_frames")
                last_problem = str(problem)
                continue
            if reply.status == sam.BAD_CHECK:  # our command arrived damaged: send it again
                self.count("bad_frames")
                last_problem = "the reader received our command damaged"
                continue
            return reply
        raise CardUnreadable(f"the ID card reader at {self.port} kept sending damaged data ({last_problem})")

    def _exchange(self, request: bytes) -> sam.Frame:
        """One command and its reply, alone on the line (the health poll runs on another thread)."""
        with self._lock:
            return self._exchange_locked(request)

    def _exchange_locked(self, request: bytes) -> sam.Frame:
        if not self.is_open or self._serial is None:
            raise DeviceError("the ID card reader is not open")
        try:
            self._serial.reset_input_buffer()  # a late reply to an earlier command is not this one's
            self._parser.clear()
            self._serial.write(request)
            self._serial.flush()
            self.frames_sent += 1
            deadline = time.monotonic() + self.timeout_s
            while True:
                reply = self._parser.next_frame()
                if reply is not None:
                    return reply
                if time.monotonic() >= deadline:
                    self.count("timeouts")
                    raise DeviceTimeout(f"no reply from the ID card reader at {self.port}")
                waiting = max(1, self._serial.in_waiting)
                self._parser.feed(self._serial.read(waiting))
        except (serial.SerialException, OSError) as error:
            self.last_error = str(error)
            raise DeviceError(f"the ID card reader at {self.port} stopped answering: {error}") from None

    def _card_from(self, data: bytes) -> IdCard:
        if len(data) < 4:
            raise CardUnreadable("the ID card reader sent a card reply without its lengths")
        text_length = int.from_bytes(data[0:2], "big")
        photo_length = int.from_bytes(data[2:4], "big")
        if text_length != sam.TEXT_LENGTH or len(data) != 4 + text_length + photo_length:
            raise CardUnreadable(f"the ID card reader sent {len(data)} bytes of card data that do not add up")
        try:
            return sam.decode_text(data[4:4 + text_length])
        except sam.FrameError as problem:
            raise CardUnreadable(str(problem)) from None

    def _refuse(self, status: int, step: str) -> None:
        words = self._words(status)
        if status in (sam.SAM_SELF_TEST_FAILED, sam.SAM_NOT_AUTHORISED):
            raise SecurityModuleMissing(f"the ID card reader at {self.port}: {words}")
        raise CardUnreadable(f"the ID card reader at {self.port} could not {step}: {words}")

    @staticmethod
    def _words(status: int) -> str:
        return sam.STATUS_WORDS.get(status, f"status {status:02X}")
