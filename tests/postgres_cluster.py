"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp folder, start, drop.

CI runs as root and initdb refuses root, so as root the cluster belongs to the ``postgres`` account
(made by Debian's postgresql package) or, on a machine without it (a server built by hand, an image
that removed the account), to ``nobody``; its commands run through ``runuser``. It listens on
127.0.0.1 on a free port with trust authentication and nothing else. ``durable=False`` (tests)
turns fsync off; benchmarks keep PostgreSQL's defaults so their numbers mean something.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

USER = "onevisit"


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server's bin folder (Debian: /usr/lib/postgresql/N/bin)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def cluster_account() -> str | None:
    """As root: the unprivileged account that owns the cluster ("postgres", else "nobody"); else None."""
    if os.geteuid() != 0:
        return None
    import pwd

    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return ""


def why_unavailable() -> str | None:
    if find_bin_dir() is None:
        return "PostgreSQL is not installed (make setup installs it)"
    if cluster_account() == "":
        return "running as root and there is neither a 'postgres' nor a 'nobody' account to own the test cluster"
    return None


class PostgresCluster:
    def __init__(self, *, durable: bool = False, account: str | None = None) -> None:
        self.durable = durable
        self.bin_dir = find_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="onevisit-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        account = account or cluster_account()
        if account:
            import pwd

            shutil.chown(self.root, account, pwd.getpwnam(account).pw_gid)
            self._as = ["runuser", "-u", account, "--"]

    def start(self) -> PostgresCluster:
        assert self.bin_dir is not None, why_unavailable()
        self._run("initdb", "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        self.start_server()
        return self

    def start_server(self) -> None:
        """Start the server on the cluster's folder and port (again, after ``stop_server``)."""
        options = [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={self.root}",
                   "-c max_connections=200", "-c shared_buffers=128MB"]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
                  "-o", " ".join(options), "start")

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server, keeping its data (an outage: ``start_server`` brings it back)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """A new empty (or copied) database; returns its URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            if self.data.exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        command = [*self._as, str(self.bin_dir / tool), *args]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
