"""A TCP relay between a kiosk and its PostgreSQL that can cut the line the ways networks do.

``refuse``: new connections are closed at once (the server cannot be reached); ``cut()``: every open
connection is closed now (a cable pulled, a server restarted); ``cut_after = b"COMMIT"``: the next
message holding those bytes reaches the server but its answer never comes back (the one case where a
write's outcome is unknown; ``b"INSERT INTO device_events"`` for a write outside a transaction);
``refuse_after_cut``: from that moment on, new connections are refused too (the network stays down), so a
kiosk thread that reconnects at once cannot slip in before the test says so.
"""
from __future__ import annotations

import socket
import threading
import time


class CutProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.refuse = False
        self.cut_after: bytes | None = None
        self.refuse_after_cut = False
        self.answers_cut = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True, name="cut-proxy").start()

    def url(self, database: str, user: str = "onevisit") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def cut(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            _close(*pair)

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self.cut()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.refuse:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
                for each in (client, server):  # relay each message at once (no Nagle delay on small writes)
                    each.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, server))
            muted = threading.Event()  # set: the server's answers are dropped (the line is being cut)
            threading.Thread(target=self._pump, args=(client, server, muted, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, muted, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, muted: threading.Event, from_client: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if from_client and self.cut_after and self.cut_after in data:
                    self.cut_after = None
                    if self.refuse_after_cut:
                        self.refuse = True
                    self.answers_cut += 1
                    muted.set()
                    target.sendall(data)
                    time.sleep(0.3)  # the server commits; its answer is then lost with the line
                    break
                if muted.is_set():
                    break
                target.sendall(data)
        except OSError:
            pass
        _close(source, target)


def _close(*sockets: socket.socket) -> None:
    for each in sockets:
        try:
            each.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        each.close()
