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
    onevisit_payments_in_flight                    this kiosk's gateway attempts not yet decided
    onevisit_payment_attempts_failed_total         this kiosk's gateway attempts that failed
    onevisit_checkins_total                        check-ins at this kiosk (its audit chain)
    onevisit_face_attempts_total{outcome}          started, identified, not_recognised, not_live (this process)
    onevisit_help_calls_total                      "call staff" presses at this kiosk (its audit chain)
    onevisit_database_last_write_timestamp_seconds when the database file last changed (Unix time); on the
                                                   hospital's PostgreSQL, when this kiosk last wrote its audit chain
    onevisit_database_up                           on the hospital's PostgreSQL: 0 while it is known to be away
    onevisit_outbox_rows{state}                    rows in the local outbox: waiting (audit, device events, help
                                                   calls to forward) and held (refused by the database, kept)
    onevisit_outbox_oldest_waiting_timestamp_seconds when the oldest waiting row was queued (absent when none)

Counts are this kiosk's own, so a hospital's Prometheus can sum them over its kiosks; the wheelchair
fleet is the hospital's (every kiosk of a shared database reports the same chairs). On PostgreSQL the
scrape opens its own read-only session for the SQL parts and closes it afterwards.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
import sqlite_utils

from devices.base import HealthState
from devices.protocols import PaperLevel
from kiosk.audit import AuditLog
from kiosk.bootstrap import KioskServices
from kiosk.maintenance.paper_roll import PaperRoll
from kiosk.ops import store
from kiosk.printing.blocks import PrintTarget
from kiosk.clock import from_utc_text
from kiosk.storage import DATABASE_ERRORS, MEMORY, is_postgres_url

log = logging.getLogger(__name__)

IN_FLIGHT = ("creating", "awaiting", "cancelling", "refund_due")
FACE_OUTCOMES = ("started", "identified", "not_recognised", "not_live")


class MetricsError(Exception):
    """The metrics endpoint cannot start (the address is taken or not ours); plain words."""


class KioskCollector(Collector):
    def __init__(self, services: KioskServices) -> None:
        self.services = services

    def _reader(self) -> Any:
        """A read-only connection of the scrape's own (``execute`` with ``?`` placeholders on either engine)."""
        path = self.services.config.database
        if is_postgres_url(path):
            from kiosk.storage.postgres import connect_postgres_read_only

            return connect_postgres_read_only(str(path),
                                              application_name=f"onevisit {self.services.config.kiosk_id} metrics")
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
        yield from self._outbox()
        try:
            reader = self._reader()
        except Exception as error:  # the hospital database is unreachable: the device and face parts still count
            log.warning("metrics: the database parts skipped (%s)", error)
            return
        try:
            for part in (self._paper, self._wheelchairs, self._payments, self._audit_counts, self._last_audit_row):
                try:
                    yield from part(reader)
                except DATABASE_ERRORS as error:  # one part missing beats a failed scrape
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
        if str(path) == MEMORY or is_postgres_url(path):
            return  # no file: on PostgreSQL ``_last_audit_row`` says when this kiosk last wrote
        times = [os.stat(file).st_mtime for file in (path, Path(f"{path}-wal")) if file.exists()]
        if times:
            yield GaugeMetricFamily("onevisit_database_last_write_timestamp_seconds",
                                    "When the database file (or its write-ahead log) last changed", value=max(times))

    def _outbox(self) -> Iterator[Metric]:
        """The local outbox (a SQLite file beside the kiosk: readable while the hospital's database is away)."""
        outbox = self.services.outbox
        if outbox is None:
            return
        yield GaugeMetricFamily("onevisit_database_up", "0 while the hospital's database is known to be away",
                                value=0 if self.services.database_outage else 1)
        state = outbox.state()
        rows = GaugeMetricFamily("onevisit_outbox_rows", "Rows in the local outbox: waiting to be forwarded, or "
                                 "held (the database refused them)", labels=["state"])
        rows.add_metric(["waiting"], state.waiting)
        rows.add_metric(["held"], state.held)
        yield rows
        if state.oldest_utc:
            yield GaugeMetricFamily("onevisit_outbox_oldest_waiting_timestamp_seconds",
                                    "When the oldest waiting outbox row was queued (Unix time)",
                                    value=from_utc_text(state.oldest_utc).timestamp())

    def _last_audit_row(self, reader: Any) -> Iterator[Metric]:
        if not is_postgres_url(self.services.config.database):
            return
        last = store.last_audit_write(reader, self.services.config.kiosk_id)
        if last:
            yield GaugeMetricFamily("onevisit_database_last_write_timestamp_seconds",
                                    "When this kiosk last wrote its audit chain in the hospital database",
                                    value=from_utc_text(last).timestamp())

    def _paper(self, reader: Any) -> Iterator[Metric]:
        config = self.services.config
        printer = self.services.devices.device("receipt_printer")
        database = reader if is_postgres_url(config.database) else sqlite_utils.Database(reader)
        roll = PaperRoll(database, self.services.clock, AuditLog(database, self.services.clock, self.services.config.kiosk_id),
                         config.paper_roll_m, config.paper_low_tickets)
        estimate = roll.estimate(PaperLevel.UNKNOWN, PrintTarget.of(printer) if printer is not None else PrintTarget())
        if estimate.tickets_left is not None:
            yield GaugeMetricFamily("onevisit_receipt_paper_tickets_left",
                                    "Tickets left on the receipt roll (estimate since the last new roll)",
                                    value=estimate.tickets_left)

    def _wheelchairs(self, reader: Any) -> Iterator[Metric]:
        chairs = GaugeMetricFamily("onevisit_wheelchairs", "Wheelchairs of the fleet by state", labels=["state"])
        for state, count in store.wheelchairs_by_state(reader):
            chairs.add_metric([state], count)
        yield chairs

    def _payments(self, reader: Any) -> Iterator[Metric]:
        kiosk = self.services.config.kiosk_id
        in_flight = store.payment_attempts_in(reader, kiosk, IN_FLIGHT)
        failed = store.failed_payment_attempts(reader, kiosk)
        yield GaugeMetricFamily("onevisit_payments_in_flight", "Gateway payment attempts not yet decided", value=in_flight)
        yield CounterMetricFamily("onevisit_payment_attempts_failed", "Gateway payment attempts that failed", value=failed)

    def _audit_counts(self, reader: Any) -> Iterator[Metric]:
        counts = store.checkin_and_help_counts(reader, self.services.config.kiosk_id)
        yield CounterMetricFamily("onevisit_checkins", "Check-ins at this kiosk",
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
