"""The reader's side of the SAM serial protocol (``devices.sam_protocol``), byte for byte, played by a
``SimIdCardReader`` (the card on the reader and its faults), so the serial driver can be tested and
benchmarked without hardware.

``IdCardFirmware.on_pty(reader)`` opens a pseudo-terminal, answers on its master side in a thread and
returns the firmware; ``firmware.port`` is the path to give the driver (``idcard+serial://`` + port).
Line trouble to test the driver with: ``chunk`` (send replies in pieces of this many bytes, a torn
read), ``corrupt_replies`` (the next N replies go out with a wrong check byte), ``noise`` (bytes sent
before the next reply), ``silent`` (stop answering). ``baudrate`` paces the replies as a real line at
that speed would (10 bits a byte), so timings are honest.
"""
from __future__ import annotations

import contextlib
import os
import random
import select
import threading
import time

from devices import sam_protocol as sam
from devices.simulators.idcard import SimIdCardReader


class IdCardFirmware:
    def __init__(self, reader: SimIdCardReader, master_fd: int, port: str, baudrate: int = 0):
        self.reader = reader
        self.port = port
        self.baudrate = baudrate
        self.silent = False
        self.chunk = 0
        self.corrupt_replies = 0
        self.noise = b""
        self.commands: list[tuple[int, int]] = []
        self.bad_commands = 0
        self._fd = master_fd
        self._slave: int | None = None
        self._photo = random.Random(1).randbytes(sam.PHOTO_LENGTH)  # stands for the vendor-compressed photo
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="idcard-firmware", daemon=True)

    @classmethod
    def on_pty(cls, reader: SimIdCardReader, baudrate: int = 0) -> "IdCardFirmware":
        import tty

        master, slave = os.openpty()
        tty.setraw(slave)
        tty.setraw(master)
        firmware = cls(reader, master, os.ttyname(slave), baudrate)
        firmware._slave = slave  # kept open so the line stays up between driver opens
        firmware._thread.start()
        return firmware

    def answer(self, request: sam.Frame) -> bytes:
        """The reply frame to one well-formed command frame."""
        code = request.code
        self.commands.append(code)
        sam_missing = self.reader.fault("sam") == "missing"
        if code == sam.SAM_STATUS:
            return sam.reply(sam.SAM_SELF_TEST_FAILED if sam_missing else sam.SUCCESS)
        if code not in (sam.FIND_CARD, sam.SELECT_CARD, sam.READ_TEXT_AND_PHOTO):
            return sam.reply(0x21)
        if sam_missing:
            return sam.reply(sam.SAM_SELF_TEST_FAILED)
        card = self.reader.fresh_card()
        if code == sam.FIND_CARD:
            return sam.reply(sam.FIND_SUCCESS, bytes(4)) if card else sam.reply(sam.NO_CARD, bytes(4))
        if code == sam.SELECT_CARD:
            return sam.reply(sam.SUCCESS, bytes(8)) if card else sam.reply(sam.SELECT_FAILED, bytes(8))
        if card is None:
            return sam.reply(sam.READ_FAILED)
        problem = self.reader.fault("read")
        if problem == "removed":
            self.reader.remove()
            return sam.reply(sam.READ_FAILED)
        text = sam.encode_text(card)
        data = (len(text).to_bytes(2, "big") + len(self._photo).to_bytes(2, "big") + text + self._photo)
        whole = sam.reply(sam.SUCCESS, data)
        if problem == "checksum":
            return whole[:-1] + bytes((whole[-1] ^ 0xFF,))
        self.reader.mark_read()
        return whole

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for fd in (self._fd, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _serve(self) -> None:
        parser = sam.FrameParser()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.05)
            if not ready:
                continue
            try:
                parser.feed(os.read(self._fd, 4096))
            except OSError:
                return
            while True:
                try:
                    request = parser.next_frame()
                except sam.FrameError:
                    self.bad_commands += 1
                    self._send(sam.reply(sam.BAD_CHECK))
                    continue
                if request is None:
                    break
                reply = self.answer(request)
                if not self.silent:
                    self._send(reply)

    def _send(self, reply: bytes) -> None:
        if self.corrupt_replies > 0:
            self.corrupt_replies -= 1
            reply = reply[:-1] + bytes((reply[-1] ^ 0x5A,))
        reply, self.noise = self.noise + reply, b""
        step = self.chunk or len(reply)
        for start in range(0, len(reply), step):
            piece = reply[start:start + step]
            if self.baudrate:
                time.sleep(len(piece) * 10 / self.baudrate)
            os.write(self._fd, piece)
