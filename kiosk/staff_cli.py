"""``onevisit staff add|list|set-pin|disable|enable|remove``: manage staff accounts from a shell.

PINs are typed twice at a hidden prompt, or given as one line on stdin with ``--pin-stdin`` (for
scripts). Anything an installer can fix ends with one line ``onevisit: …`` on stderr and exit 2.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from kiosk.audit import AuditLog
from kiosk.clock import Clock, to_local
from kiosk.config import DEFAULT_CONFIG, ConfigError, load_config
from kiosk.staff import StaffDirectory, StaffError, StaffRole, check_name, check_pin, check_role, check_staff_id
from kiosk.storage import DATABASE_ERRORS, StorageError, open_database



class UsageError(Exception):
    """The command line itself is wrong (argparse's complaint, kept to one line)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="onevisit staff", description="Manage the kiosk's staff accounts")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str, with_id: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--config",
            default=os.environ.get("ONEVISIT_CONFIG", DEFAULT_CONFIG),
            help=f"the kiosk's TOML file (default: $ONEVISIT_CONFIG or {DEFAULT_CONFIG})",
        )
        if with_id:
            sub.add_argument("--id", dest="staff_id", required=True, help="the staff id, 4 to 8 digits")
        return sub

    add = command("add", "create an account; the PIN is asked for twice")
    add.add_argument("--name", required=True, help="the name shown in maintenance mode and the audit")
    add.add_argument("--role", required=True, choices=[role.value for role in StaffRole])
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN as one line from stdin")
    command("list", "show every account with its role, state and lock", with_id=False)
    set_pin = command("set-pin", "give an account a new PIN (also lifts a lockout)")
    set_pin.add_argument("--pin-stdin", action="store_true", help="read the PIN as one line from stdin")
    command("disable", "stop an account from signing in, keeping it")
    command("enable", "let a disabled account sign in again")
    command("remove", "delete an account (its audit history stays)")
    return parser


def staff_command(argv: list[str]) -> int:
    """Run one staff command; returns the process exit code (0 ok, 2 for anything to fix)."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        print(f"onevisit: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help
        return int(done.code or 0)
    try:
        return _run(args)
    except (ConfigError, StorageError, StaffError) as error:
        print(f"onevisit: {error}", file=sys.stderr)
    except DATABASE_ERRORS as error:
        print(f"onevisit: the database could not be changed ({error}); nothing was changed", file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print("onevisit: cancelled; nothing was changed", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.command == "add":  # check what we can before asking for a PIN
        check_staff_id(args.staff_id)
        check_name(args.name)
        check_role(args.role)
    db = open_database(config.database, kiosk_id=config.kiosk_id)
    try:
        clock = Clock()
        directory = StaffDirectory(db, clock, AuditLog(db, clock, config.kiosk_id))
        actor = f"cli:{_login_name()}"
        if args.command == "list":
            _print_members(directory)
        elif args.command == "add":
            if directory.get(args.staff_id) is not None:
                raise StaffError(f"staff id {args.staff_id} already exists; choose another id")
            member = directory.add(args.staff_id, args.name, args.role, _read_pin(args.pin_stdin), actor=actor)
            print(f"added {member.staff_id} {member.name} ({member.role.value})")
        elif args.command == "set-pin":
            _require_member(directory, args.staff_id)
            directory.set_pin(args.staff_id, _read_pin(args.pin_stdin), actor)
            print(f"new PIN set for {args.staff_id}")
        elif args.command in ("disable", "enable"):
            _require_member(directory, args.staff_id)
            directory.set_active(args.staff_id, args.command == "enable", actor)
            print(f"{args.staff_id} {args.command}d")
        elif args.command == "remove":
            _require_member(directory, args.staff_id)
            directory.remove(args.staff_id, actor)
            print(f"removed {args.staff_id}")
    finally:
        db.close()
    return 0


def _print_members(directory: StaffDirectory) -> None:
    members = directory.members()
    if not members:
        print("no staff accounts yet; add one with: onevisit staff add --id ... --name ... --role ...")
        return
    print(f"{'ID':8}  {'ROLE':10}  {'ACTIVE':8}  {'LOCKED':18}  NAME")
    for member in members:
        until = directory.locked_until(member.staff_id)
        locked = f"until {to_local(until):%H:%M:%S}" if until else "no"
        active = "yes" if member.active else "disabled"
        print(f"{member.staff_id:8}  {member.role.value:10}  {active:8}  {locked:18}  {member.name}")


def _require_member(directory: StaffDirectory, staff_id: str) -> None:
    if directory.get(check_staff_id(staff_id)) is None:
        raise StaffError(f"there is no staff account with id {staff_id}; see 'onevisit staff list'")


def _read_pin(from_stdin: bool) -> str:
    """One line from stdin, or a hidden prompt answered twice; the PIN is checked before returning."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise StaffError("--pin-stdin was given but stdin was empty; send the PIN as one line")
        return check_pin(line.strip())
    first = check_pin(getpass.getpass("New PIN (6 digits): "))
    if getpass.getpass("Same PIN again: ") != first:
        raise StaffError("the two PINs do not match; nothing was changed")
    return first


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
