"""``onevisit --config kiosk.toml`` / ``python -m kiosk``: check the config, build the kiosk, show it.

``onevisit staff add|list|set-pin|disable|enable|remove …`` manages staff accounts (kiosk/staff_cli.py);
``onevisit faces evaluate DIR [--json]`` checks the face thresholds on a hospital's own photos;
``onevisit reconcile [--date YYYY-MM-DD]`` runs a day's payment reconciliation (default: yesterday);
``onevisit devices test KIND [--json]`` tries one device for an installer (kiosk/devices_cli.py).

Problems an installer can fix (config, database, driver) end with one line on stderr and exit 2.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace

from devices.base import DriverNotFound
from kiosk.bootstrap import bootstrap
from kiosk.config import DEFAULT_CONFIG, LANGUAGES, ORIENTATIONS, ConfigError, load_config
from kiosk.face.evaluate_cli import faces_command
from kiosk.staff_cli import staff_command
from kiosk.storage import StorageError


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
    parser.add_argument("--check", action="store_true", help="check the config, database and devices, then exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["staff"]:
        return staff_command(argv[1:])
    if argv[:1] == ["faces"]:
        return faces_command(argv[1:])
    if argv[:1] == ["devices"]:
        from kiosk.devices_cli import devices_command

        return devices_command(argv[1:])
    if argv[:1] == ["reconcile"]:
        from kiosk.payment.reconcile_cli import reconcile_command

        return reconcile_command(argv[1:])
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config)
        overrides = {
            key: value
            for key, value in (("fullscreen", args.fullscreen), ("orientation", args.orientation), ("language", args.language))
            if value is not None
        }
        config = replace(config, **overrides)
        services = bootstrap(config)
    except (ConfigError, StorageError, DriverNotFound) as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2

    if args.check:
        for kind, health in services.devices.poll().items():
            print(f"{kind:18} {health.state.value:9} {health.detail}")
        services.close()
        return 0

    from ui.app import run

    return run(services)


if __name__ == "__main__":
    sys.exit(main())
