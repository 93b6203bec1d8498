"""``onevisit --config kiosk.toml`` / ``python -m kiosk``: check the config, build the kiosk, show it.

``onevisit staff add|list|set-pin|disable|enable|remove …`` manages staff accounts (kiosk/staff_cli.py);
``onevisit faces evaluate DIR [--json]`` checks the face thresholds on a hospital's own photos;
``onevisit reconcile [--date YYYY-MM-DD]`` runs a day's payment reconciliation (default: yesterday);
``onevisit keys init``, ``onevisit backup DEST`` and ``onevisit restore SRC`` are in kiosk/ops/cli.py.
``onevisit payment-notify`` runs the hospital's payment notification receiver (kiosk/payment/notify_service.py).
``onevisit devices test KIND [--json]`` tries one device for an installer (kiosk/devices_cli.py).

Problems an installer can fix (config, database, driver) end with one line on stderr and exit 2. A kiosk
on the hospital's PostgreSQL that cannot reach it at start shows that it waits and starts when it answers
(ui/waiting_for_database.py); ``--check`` reports it at once.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from devices.base import DeviceUrlError, DriverNotFound
from kiosk.bootstrap import KioskServices, bootstrap
from kiosk.config import DEFAULT_CONFIG, LANGUAGES, ORIENTATIONS, ConfigError, KioskConfig, load_config
from kiosk.face.evaluate_cli import faces_command
from kiosk.ops.cli import backup_command, keys_command, restore_command
from kiosk.ops.instance_lock import AlreadyRunning, InstanceLock
from kiosk.ops.logs import configure_logging, set_journey_source
from kiosk.staff_cli import staff_command
from kiosk.storage import MEMORY, DatabaseUnavailable, StorageError

OPS_COMMANDS = {"keys": keys_command, "backup": backup_command, "restore": restore_command}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="onevisit", description="OneVisit hospital lobby kiosk")
    parser.add_argument(
        "--config",
        default=os.environ.get("ONEVISIT_CONFIG", DEFAULT_CONFIG),
        help=f"the kiosk's TOML file (default: $ONEVISIT_CONFIG or {DEFAULT_CONFIG})",
    )
    screen = parser.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=None, help="fill the screen (kiosk)")
    screen.add_argument("--windowed", dest="fullscreen", action="store_false", help="a normal window (demo, development)")
    parser.add_argument("--orientation", choices=ORIENTATIONS, help="override kiosk.orientation")
    parser.add_argument("--language", choices=LANGUAGES, help="override kiosk.language")
    parser.add_argument("--check", action="store_true",
                        help="check config, database, devices, hospital system, payment gateway and keys; exit 1 on any failure")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["staff"]:
        return staff_command(argv[1:])
    if argv[:1] == ["faces"]:
        return faces_command(argv[1:])
    if argv[:1] and argv[0] in OPS_COMMANDS:
        return OPS_COMMANDS[argv[0]](argv[1:])
    if argv[:1] == ["devices"]:
        from kiosk.devices_cli import devices_command

        return devices_command(argv[1:])
    if argv[:1] == ["reconcile"]:
        from kiosk.payment.reconcile_cli import reconcile_command

        return reconcile_command(argv[1:])
    if argv[:1] == ["payment-notify"]:
        from kiosk.payment.notify_service import notify_command

        return notify_command(argv[1:])
    args = parse_args(argv)
    try:
        config = load_config(args.config)
        overrides = {
            key: value
            for key, value in (("fullscreen", args.fullscreen), ("orientation", args.orientation), ("language", args.language))
            if value is not None
        }
        config = replace(config, **overrides)
        # --check speaks in its own lines on stdout; only warnings and errors go to the log
        configure_logging(config.kiosk_id, {**config.logging, "level": "warning"} if args.check else config.logging)
    except ConfigError as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2
    lock = InstanceLock(config.database, config.kiosk_id)  # held while this process runs the kiosk
    try:
        return _check(config, lock) if args.check else _run_kiosk(config, lock)
    except (ConfigError, AlreadyRunning, StorageError, DriverNotFound, DeviceUrlError) as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2
    finally:
        lock.release()


def start_services(config: KioskConfig, lock: InstanceLock, doing: str) -> KioskServices:
    """Take the instance lock and build the kiosk; the lock is let go again when that fails."""
    if str(config.database) != MEMORY:
        lock.acquire(doing)
    try:
        return bootstrap(config)
    except BaseException:
        lock.release()
        raise


def _check(config: KioskConfig, lock: InstanceLock) -> int:
    services = start_services(config, lock, "check")  # a database away is a failure here, reported at once
    from kiosk.ops.strict_check import run_checks

    try:
        lines = run_checks(services)
    finally:
        services.close()
    for line in lines:
        print(line)
    return 0 if all(line.ok for line in lines) else 1


def _run_kiosk(config: KioskConfig, lock: InstanceLock) -> int:
    metrics = []

    def start() -> KioskServices:
        services = start_services(config, lock, "start")
        set_journey_source(lambda: services.sessions.current.journey if services.sessions.current else "")
        if config.metrics_listen:  # it reports on the services, so it starts with them
            from kiosk.ops.metrics import MetricsEndpoint, MetricsError

            try:
                metrics.append(MetricsEndpoint(services, config.metrics_listen))
            except MetricsError as exc:
                services.close()
                lock.release()
                raise ConfigError(str(exc)) from None
        return services

    try:
        try:
            services = start()
        except DatabaseUnavailable as away:  # the hospital's PostgreSQL or the network is not back yet
            from ui.app import run_when_database_answers

            return run_when_database_answers(config, start, away)
        from ui.app import run

        return run(services)
    finally:
        for endpoint in metrics:
            endpoint.stop()

if __name__ == "__main__":
    sys.exit(main())
