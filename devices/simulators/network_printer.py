"""A network receipt printer on 127.0.0.1 (like a JetDirect port 9100) for tests and the demo.

``with NetworkPrinterServer(paper="near_end") as server:`` listens on a free port; point
``escpos+tcp://127.0.0.1:<server.port>`` at it. It answers ``DLE EOT 1/2/4`` with real status bytes
for ``paper=ok|near_end|out`` and ``cover=open``, or not at all with ``paper=none`` (a printer that
never answers), and keeps every other byte it receives in ``received``. ``restart()`` drops every open
connection as a printer switched off and on does (reset, or closed with ``graceful=True``); it keeps
listening, so the next connection works.
"""
from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator

STATUS_REPLIES: dict[str, dict[int, int]] = {
    # DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensor)
    "ok": {1: 0x12, 2: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 4: 0x1E},
    "out": {1: 0x1A, 2: 0x32, 4: 0x72},
}
COVER_OPEN_REPLIES = {1: 0x1A, 2: 0x16, 4: 0x12}
PAPER_STATES = (*STATUS_REPLIES, "none")


class NetworkPrinterServer:
    def __init__(self, paper: str = "ok", cover_open: bool = False) -> None:
        if paper not in PAPER_STATES:
            raise ValueError(f"paper must be one of {', '.join(PAPER_STATES)}")
        self.paper = paper
        self.cover_open = cover_open
        self.received = bytearray()
        self.status_requests: list[int] = []
        self.connections = 0
        self._open_connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self._data_arrived = threading.Condition(self._lock)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"escpos+tcp://127.0.0.1:{self.port}"

    def start(self) -> "NetworkPrinterServer":
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):  # shutdown wakes the thread blocked in accept()
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=2)

    def restart(self, graceful: bool = False) -> None:
        """The printer is switched off and on: every open connection ends (RST, or FIN when graceful)."""
        with self._lock:
            connections, self._open_connections = self._open_connections, []
        for connection in connections:
            with contextlib.suppress(OSError):
                if graceful:
                    connection.shutdown(socket.SHUT_RDWR)
                else:  # linger 0: close sends a reset
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.close()

    def __enter__(self) -> "NetworkPrinterServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def wait_for(self, byte_count: int, timeout_s: float = 5.0) -> bytes:
        """Wait until at least ``byte_count`` print bytes arrived; return everything received."""
        with self._data_arrived:
            self._data_arrived.wait_for(lambda: len(self.received) >= byte_count, timeout=timeout_s)
            return bytes(self.received)

    def _spawn(self, target, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            with self._lock:
                self._open_connections.append(connection)
            self._spawn(self._serve, connection)

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(0.2)
        with connection:
            while not self._stopping.is_set():
                try:
                    chunk = connection.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                for reply in self._consume(chunk):
                    connection.sendall(bytes([reply]))

    def _consume(self, chunk: bytes) -> Iterator[int]:
        while len(chunk) >= 3 and chunk[:2] == b"\x10\x04" and chunk[2] in (1, 2, 3, 4):
            request, chunk = chunk[2], chunk[3:]
            with self._lock:
                self.status_requests.append(request)
            reply = self._reply(request)
            if reply is not None:
                yield reply
        if chunk:
            with self._data_arrived:
                self.received.extend(chunk)
                self._data_arrived.notify_all()

    def _reply(self, request: int) -> int | None:
        if self.paper == "none":
            return None
        if self.cover_open:
            return COVER_OPEN_REPLIES.get(request, 0x12)
        return STATUS_REPLIES[self.paper].get(request, 0x12)
