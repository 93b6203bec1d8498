"""Prometheus metrics of one kiosk (prometheus-client), served on ``[metrics] listen`` (off by default).

Every value is read at scrape time, so the numbers are the kiosk's own records, not counters that
reset on restart: SQL counts come from a read-only connection of their own (a scrape never shares the
kiosk's connection or blocks its writes), device health from the last poll (no device I/O), face
attempts from the face service's in-process counts (those do start at 0 with the process).

    onevisit_info{kiosk,mode}                      1
    onevisit_device_up{kind}                       1 when the last health poll said ok
    onevisit_device_health{kind,state}            1 for the device's state (ok, degraded, fault, unknown)
    onevisit_receipt_paper_tickets_left            estimate since the last new roll (absent when unknown)
    onevisit_wheelchairs{state}                    chairs by state (available, rented, maintenance, …)
    onevisit_payments_in_flight                    gateway attempts not yet decided
    onevisit_payment_attempts_failed_total         gateway attempts that failed
    onevisit_checkins_total                        check-ins (audit log)
    onevisit_face_attempts_total{outcome}          started, identified, not_recognised, not_live (this process)
    onevisit_help_calls_total                      "call staff" presses (audit log)
    onevisit_database_last_write_timestamp_seconds when the database file last changed (Unix time)
"""
from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
import sqlite_utils

from devices.base import HealthState
from devices.protocols import PaperLevel
from kiosk.audit import AuditLog
from kiosk.bootstrap import KioskServices
from kiosk.maintenance.paper_roll import PaperRoll
from kiosk.printing.blocks import PrintTarget
from kiosk.storage import MEMORY

log = logging.getLogger(__name__)

IN_FLIGHT = ("creating", "awaiting", "cancelling", "refund_due")
FACE_OUTCOMES = ("started", "identified", "not_recognised", "not_live")


class MetricsError(Exception):
    """The metrics endpoint cannot start (the address is taken or not ours); plain words."""


class KioskCollector(Collector):
    def __init__(self, services: KioskServices) -> None:
        self.services = services

    def _reader(self) -> sqlite3.Connection:
        path = self.services.config.database
        if str(path) == MEMORY:
            return self.services.db.conn
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2, check_same_thread=False)

    def collect(self) -> Iterator[Metric]:
        config = self.services.config
        info = GaugeMetricFamily("onevisit_info", "The kiosk this endpoint belongs to", labels=["kiosk", "mode"])
        info.add_metric([config.kiosk_id, config.mode], 1)
        yield info
        yield from self._devices()
        yield from self._faces()
        yield from self._database_write()
        reader = self._reader()
        try:
            for part in (self._paper, self._wheelchairs, self._payments, self._audit_counts):
                try:
                    yield from part(reader)
                except sqlite3.Error as error:  # one part missing beats a failed scrape
                    log.warning("metrics: %s skipped (%s)", part.__name__.strip("_"), error)
        finally:
            if reader is not self.services.db.conn:
                reader.close()

    def _devices(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("onevisit_device_up", "1 when the device's last health poll said ok", labels=["kind"])
        health = GaugeMetricFamily("onevisit_device_health", "The device's state at the last poll",
                                   labels=["kind", "state"])
        last = self.services.devices.last_healths()
        for kind in self.services.devices.slots:
            state = last[kind].state if kind in last else HealthState.UNKNOWN
            up.add_metric([kind], 1 if state is HealthState.OK else 0)
            for each in HealthState:
                health.add_metric([kind, each.value], 1 if each is state else 0)
        yield up
        yield health

    def _faces(self) -> Iterator[Metric]:
        counts = self.services.faces.attempt_counts
        attempts = CounterMetricFamily("onevisit_face_attempts", "Face check-in attempts by outcome (this process)",
                                       labels=["outcome"])
        for outcome in FACE_OUTCOMES:
            attempts.add_metric([outcome], counts.get(outcome, 0))
        yield attempts

    def _database_write(self) -> Iterator[Metric]:
        path = self.services.config.database
        if str(path) == MEMORY:
            return
        times = [os.stat(file).st_mtime for file in (path, Path(f"{path}-wal")) if file.exists()]
        if times:
            yield GaugeMetricFamily("onevisit_database_last_write_timestamp_seconds",
                                    "When the database file (or its write-ahead log) last changed", value=max(times))

    def _paper(self, reader: sqlite3.Connection) -> Iterator[Metric]:
        config = self.services.config
        printer = self.services.devices.device("receipt_printer")
        database = sqlite_utils.Database(reader)
        roll = PaperRoll(database, self.services.clock, AuditLog(database, self.services.clock, self.services.config.kiosk_id),
                         config.paper_roll_m, config.paper_low_tickets)
        estimate = roll.estimate(PaperLevel.UNKNOWN, PrintTarget.of(printer) if printer is not None else PrintTarget())
        if estimate.tickets_left is not None:
            yield GaugeMetricFamily("onevisit_receipt_paper_tickets_left",
                                    "Tickets left on the receipt roll (estimate since the last new roll)",
                                    value=estimate.tickets_left)

    def _wheelchairs(self, reader: sqlite3.Connection) -> Iterator[Metric]:
        chairs = GaugeMetricFamily("onevisit_wheelchairs", "Wheelchairs of the fleet by state", labels=["state"])
        for state, count in reader.execute("SELECT state, count(*) FROM wheelchairs GROUP BY state ORDER BY state"):
            chairs.add_metric([state], count)
        yield chairs

    def _payments(self, reader: sqlite3.Connection) -> Iterator[Metric]:
        marks = ",".join("?" * len(IN_FLIGHT))
        in_flight = reader.execute(f"SELECT count(*) FROM payment_attempts WHERE state IN ({marks})", IN_FLIGHT).fetchone()[0]
        failed = reader.execute("SELECT count(*) FROM payment_attempts WHERE state = 'failed'").fetchone()[0]
        yield GaugeMetricFamily("onevisit_payments_in_flight", "Gateway payment attempts not yet decided", value=in_flight)
        yield CounterMetricFamily("onevisit_payment_attempts_failed", "Gateway payment attempts that failed", value=failed)

    def _audit_counts(self, reader: sqlite3.Connection) -> Iterator[Metric]:
        counts = dict(reader.execute("SELECT action, count(*) FROM audit_log WHERE action IN "
                                     "('checkin.checked_in', 'help.requested') GROUP BY action").fetchall())
        yield CounterMetricFamily("onevisit_checkins", "Check-ins at this kiosk's database",
                                  value=counts.get("checkin.checked_in", 0))
        yield CounterMetricFamily("onevisit_help_calls", "Presses of 'call staff'", value=counts.get("help.requested", 0))


class MetricsEndpoint:
    """The HTTP server of ``/metrics``; ``stop()`` closes it."""

    def __init__(self, services: KioskServices, listen: str) -> None:
        host, _, port = listen.rpartition(":")
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(KioskCollector(services))
        try:
            self._server, self._thread = start_http_server(int(port), addr=host, registry=self.registry)
        except OSError as error:
            raise MetricsError(f"metrics.listen = {listen!r}: cannot listen there ({error.strerror or error}); "
                               "choose a free port on an address of this machine") from None
        self.port = self._server.server_port
        self.url = f"http://{host}:{self.port}/metrics"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
