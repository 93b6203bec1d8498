"""Thermal receipt printers speaking ESC/POS, through python-escpos's connection classes.

URLs (one driver class per scheme, all sharing ``EscposReceiptPrinter``)::

    escpos+tcp://10.0.0.5:9100          network printer (JetDirect-style raw port; 9100 if omitted)
    escpos+usb://04b8:0202              USB vendor:product id in hex (needs pyusb and libusb)
    escpos+serial:///dev/ttyUSB0?baudrate=9600
    escpos+file:///dev/usb/lp0          a device file; it cannot report status (health ``unknown``)

Parameters: ``width=58|80`` (mm, default 80), ``profile=`` (a python-escpos capability profile, e.g.
``TM-T20II`` or ``POS-5890``; default ``default``), ``encoding=gb18030|raster`` (how the layouts send
Chinese: the printer's GB18030 Chinese mode, or pictures drawn with our CJK font), ``qr=native|raster``
(default: native when the profile supports ``GS ( k``), ``timeout=`` seconds for connect/send (3) and
``status_timeout=`` seconds to wait for each status byte (0.5).

The connection is made on first use, not in ``open()``, so a printer that is switched off when the
kiosk starts shows up as a fault in health and works once it is switched on.

Before each job the driver asks for the real-time status (DLE EOT 1/2/4, see ``escpos_status``) and
refuses, without sending a byte, when the cover is open, the paper is out, or the printer reports an
error. A printer that does not answer is printed to anyway (many cheap printers never answer) and its
health stays ``unknown``. A job id already sent in this session is not sent again.

A connection found broken during a job (the printer was restarted since the last one: the old socket
is reset or closed) is dropped and the job tried once more on a new connection; only a second break
fails the job, in plain words (the operating system's error text goes to the log, not the message).
"""
from __future__ import annotations

import collections
import importlib.util
import logging
import socket
from typing import Any

from devices.base import Device, DeviceError, DeviceUrl, DeviceUrlError, DriverNotFound, Health, HealthState
from devices.drivers.escpos_status import STATUS_REQUESTS, PrinterStatus, decode_status, status_health, status_request
from devices.protocols import PaperLevel
from devices.urlparams import choice_param, float_param, int_param, text_param
from devices.words import Words

WIDTHS_MM = ("58", "80")
TEXT_MODES = ("gb18030", "raster")
QR_MODES = ("native", "raster")
DEFAULT_TCP_PORT = 9100
REMEMBERED_JOB_IDS = 500

log = logging.getLogger(__name__)


class LinkBroken(DeviceError):
    """The connection to the printer broke (reset, closed by the printer); a new one may work."""


class EscposReceiptPrinter(Device):
    kind = "receipt_printer"
    transport = "tcp"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.paper_width_mm = int(choice_param(url, "width", WIDTHS_MM, "80"))
        self.text_mode = str(choice_param(url, "encoding", TEXT_MODES, "gb18030"))
        self.profile_name = str(text_param(url, "profile", "default"))
        self._profile = _load_profile(url, self.profile_name)
        profile_qr = bool(self._profile.features.get("qrCode", False))
        self.native_qr = choice_param(url, "qr", QR_MODES, "native" if profile_qr else "raster") == "native"
        self.timeout_s = float_param(url, "timeout", 3.0, low=0.1, high=60.0)
        self.status_timeout_s = float_param(url, "status_timeout", 0.5, low=0.05, high=10.0)
        self._link: Any = None
        self._sent_job_ids: collections.deque[str] = collections.deque(maxlen=REMEMBERED_JOB_IDS)
        self.last_status: PrinterStatus | None = None

    # Protocol verbs -------------------------------------------------------------------------------

    def send(self, data: bytes, job_id: str) -> None:
        if not job_id:
            raise DeviceError("a print job needs a job id")
        with self._lock:
            self._require_open()
            if job_id in self._sent_job_ids:
                self.count("duplicate_jobs")
                return
            try:
                self._send_once(data, job_id)
            except LinkBroken:
                self.count("reconnects")  # e.g. the printer was switched off and on since the last job
                try:
                    self._send_once(data, job_id)
                except LinkBroken as again:
                    raise DeviceError(f"the receipt printer did not take job {job_id}: the connection was lost "
                                      "twice. Check that the printer is switched on and connected") from again
            self._sent_job_ids.append(job_id)
            self.count("jobs")
            self.count("bytes", len(data))

    def _send_once(self, data: bytes, job_id: str) -> None:
        status = self._read_status()
        refusal = _refusal(status)
        if refusal:
            self.count("refused_jobs")
            raise DeviceError(refusal)
        try:
            self._connected()._raw(bytes(data))
        except OSError as exc:
            self._drop_link()
            log.warning("receipt printer %s: connection broke while sending job %s: %s", self.url.raw, job_id, exc)
            raise LinkBroken(f"the connection to the receipt printer broke while sending job {job_id}") from exc

    def paper(self) -> PaperLevel:
        with self._lock:
            if not self.is_open:
                return PaperLevel.UNKNOWN
            try:
                return self._read_status().paper
            except DeviceError:
                return PaperLevel.UNKNOWN

    def status(self) -> PrinterStatus:
        """The decoded real-time status (queries the printer)."""
        with self._lock:
            self._require_open()
            return self._read_status()

    # Device hooks ---------------------------------------------------------------------------------

    def _open(self) -> None:
        self._escpos_class()  # fails now, in plain words, when the connection's library is missing

    def _close(self) -> None:
        self._drop_link()

    def _health(self) -> Health:
        if not self.can_report_status:
            return Health.unknown(Words(f"{self.url.raw} is a one-way connection that cannot report paper or "
                                        "cover status; use escpos+usb or escpos+tcp to get it", "printer.one_way",
                                        url=self.url.raw))
        return status_health(self._read_status())

    # Connection -----------------------------------------------------------------------------------

    @property
    def can_report_status(self) -> bool:
        return True

    def _escpos_class(self) -> type:
        from escpos.printer import Network
        return Network

    def _escpos_arguments(self) -> dict[str, Any]:
        host, _, port = self.url.netloc.rpartition(":") if ":" in self.url.netloc else (self.url.netloc, "", "")
        if not host:
            raise DeviceError(f"'{self.url.raw}' has no printer address; write it like escpos+tcp://10.0.0.5:9100")
        try:
            port_number = int(port) if port else DEFAULT_TCP_PORT
        except ValueError:
            raise DeviceError(f"'{self.url.raw}': the port must be a number, like :9100") from None
        return {"host": host, "port": port_number, "timeout": self.timeout_s}

    def _connected(self) -> Any:
        if self._link is None:
            link = self._escpos_class()(profile=self.profile_name, **self._escpos_arguments())
            try:
                link.open()
            except Exception as exc:  # python-escpos raises its own DeviceNotFoundError or OS errors
                log.warning("receipt printer %s: cannot connect: %s", self.url.raw, exc)
                raise DeviceError(f"cannot connect to the receipt printer {self.url.raw}. Check that it "
                                  "is switched on and connected, then try again") from exc
            self._link = link
        return self._link

    def _drop_link(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            try:
                link.close()
            except Exception:  # closing a broken connection may fail again; it is gone either way
                self.count("close_errors")

    def _read_status(self) -> PrinterStatus:
        if not self.can_report_status:
            self.last_status = decode_status({})
            return self.last_status
        link = self._connected()
        replies: dict[int, int | None] = {}
        for request in STATUS_REQUESTS:
            self._discard_pending_input(link)
            try:
                link._raw(status_request(request))
                replies[request] = self._read_reply_byte(link)
            except (OSError, LinkBroken) as exc:
                self._drop_link()
                log.warning("receipt printer %s: connection broke while asking its status: %s", self.url.raw, exc)
                raise LinkBroken("the receipt printer connection broke; it is tried again on a new connection") from exc
        self.last_status = decode_status(replies)
        if not self.last_status.answered:
            self.count("status_no_reply")
        return self.last_status

    def _read_reply_byte(self, link: Any) -> int | None:
        sock = getattr(link, "_device", None)
        if isinstance(sock, socket.socket):
            sock.settimeout(self.status_timeout_s)
        try:
            reply = link._read()
        except (TimeoutError, BlockingIOError):
            return None  # no answer in time: many printers never answer
        except OSError as exc:
            if isinstance(sock, socket.socket):
                raise LinkBroken("the receipt printer connection was reset") from exc
            return None  # USB and serial links report a silent printer this way
        finally:
            if isinstance(sock, socket.socket):
                sock.settimeout(self.timeout_s)
        if isinstance(sock, socket.socket) and reply == b"":
            raise LinkBroken("the receipt printer closed the connection")  # end of stream: it restarted
        return reply[-1] if reply else None

    def _discard_pending_input(self, link: Any) -> None:
        """Drop bytes the printer sent on its own (late replies), so a reply matches its request."""
        sock = getattr(link, "_device", None)
        if not isinstance(sock, socket.socket):
            return
        sock.setblocking(False)
        try:
            while sock.recv(64):
                self.count("stale_status_bytes")
        except OSError:
            self.count("status_queries")
        finally:
            sock.settimeout(self.timeout_s)

    def _require_open(self) -> None:
        if not self.is_open:
            raise DeviceError("the receipt printer is not open")


class EscposUsbPrinter(EscposReceiptPrinter):
    transport = "usb"

    def _escpos_class(self) -> type:
        if importlib.util.find_spec("usb") is None:
            raise DriverNotFound("escpos+usb needs pyusb: run `.venv/bin/pip install pyusb` and "
                                 "`apt-get install libusb-1.0-0`, or use escpos+file:///dev/usb/lp0")
        from escpos.printer import Usb
        return Usb

    def _escpos_arguments(self) -> dict[str, Any]:
        vendor, _, product = self.url.netloc.partition(":")
        try:
            return {"idVendor": int(vendor, 16), "idProduct": int(product, 16), "timeout": int(self.timeout_s * 1000)}
        except ValueError:
            raise DeviceError(f"'{self.url.raw}': write the USB ids in hex as VID:PID, e.g. "
                              "escpos+usb://04b8:0202 (see `lsusb`)") from None


class EscposSerialPrinter(EscposReceiptPrinter):
    transport = "serial"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.baudrate = int_param(url, "baudrate", 9600, low=1200, high=921600)

    def _escpos_class(self) -> type:
        from escpos.printer import Serial
        return Serial

    def _escpos_arguments(self) -> dict[str, Any]:
        if not self.url.path:
            raise DeviceError(f"'{self.url.raw}' names no serial port; write escpos+serial:///dev/ttyUSB0")
        return {"devfile": self.url.path, "baudrate": self.baudrate, "timeout": self.status_timeout_s}


class EscposFilePrinter(EscposReceiptPrinter):
    transport = "file"

    @property
    def can_report_status(self) -> bool:
        return False

    def _escpos_class(self) -> type:
        from escpos.printer import File
        return File

    def _escpos_arguments(self) -> dict[str, Any]:
        if not self.url.path:
            raise DeviceError(f"'{self.url.raw}' names no device file; write escpos+file:///dev/usb/lp0")
        return {"devfile": self.url.path}


def _load_profile(url: DeviceUrl, name: str) -> Any:
    from escpos.capabilities import get_profile
    try:
        return get_profile(name)
    except KeyError:
        raise DeviceUrlError(f"'{url.raw}': profile={name} is not a python-escpos printer profile; use e.g. "
                          "default, TM-T20II, POS-5890 (list them with `python-escpos-cli` or the "
                          "escpos-printer-db)") from None


def _refusal(status: PrinterStatus) -> str:
    """Why a job must not be sent with this status; empty when it may (including 'no reply')."""
    if not status.answered:
        return ""
    health = status_health(status)
    return health.detail if health.state is HealthState.FAULT else ""
