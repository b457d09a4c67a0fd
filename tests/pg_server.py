"""A throwaway PostgreSQL cluster for the tests: UTF-8, a local socket, a template database.

The cluster starts once per test session (``initdb -E UTF8 --locale=C.UTF-8``, no TCP,
the socket in a temporary folder) and is stopped and deleted at the end. As root it runs
as the ``postgres`` user, which Debian's package creates. Each test gets a database of
its own, copied from a template that already holds studyapp's schema, which costs a few
milliseconds instead of a migration.

Without the server binaries the PostgreSQL tests skip with the reason; with
``STUDYAPP_REQUIRE_POSTGRES=1`` (CI sets it) they fail instead.
"""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REQUIRE_VARIABLE = "STUDYAPP_REQUIRE_POSTGRES"
TEMPLATE = "studyapp_template"
SUPERUSER = "postgres"
_SEARCH_PATHS = ("/usr/lib/postgresql/*/bin",)


class Unavailable(RuntimeError):
    """No cluster can be started here; the message says why."""


def find_bindir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl`` (PATH first, then Debian's layout)."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    for pattern in _SEARCH_PATHS:
        for folder in sorted(glob.glob(pattern), reverse=True):
            if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
                return Path(folder)
    raise Unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")


def _run_as() -> list[str]:
    """The prefix that drops root to the ``postgres`` user (initdb refuses root)."""
    if os.name != "posix" or os.geteuid() != 0:
        return []
    import pwd  # POSIX only

    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise Unavailable("running as root and there is no 'postgres' user") from error
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise Unavailable("running as root and setpriv is missing")
    return [setpriv, "--reuid=postgres", "--regid=postgres", "--init-groups"]


class Cluster:
    """One running cluster; databases are made with :meth:`new_database`."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.prefix = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="studyapp-pg-"))
        self.data = self.root / "data"
        self._names = itertools.count(1)
        if self.prefix:
            import pwd

            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.root.chmod(0o700)

    def _tool(self, name: str, *args: str) -> None:
        command = [*self.prefix, str(self.bindir / name), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise Unavailable(f"{name} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> Cluster:
        """initdb and start on a socket in the cluster's folder (durability off: tests only)."""
        try:
            self._initdb_and_start()
        except Unavailable:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        return self

    def _initdb_and_start(self) -> None:
        self._tool(
            "initdb", "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8",
            "-U", SUPERUSER, "-A", "trust",
        )  # fmt: skip
        options = (
            f"-k {self.root} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._tool(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server and delete its files."""
        try:
            self._tool("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """A ``postgresql://`` URL for ``database`` over the socket (psycopg 3)."""
        return f"postgresql://{SUPERUSER}@/{database}?host={self.root}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(host=str(self.root), user=SUPERUSER, dbname=database) as conn:
            conn.autocommit = True
            conn.execute(sql)

    def make_template(self) -> None:
        """A database holding studyapp's schema at head, marked as a template."""
        from studyapp.db.engine import make_engine
        from studyapp.db.migrate import ensure_schema

        self.execute(f"CREATE DATABASE {TEMPLATE}")
        engine = make_engine(self.url(TEMPLATE))
        try:
            ensure_schema(engine, self.root / "backups", dt.datetime.now(dt.UTC))
        finally:
            engine.dispose()
        self.execute(f"ALTER DATABASE {TEMPLATE} WITH is_template = true")

    def new_database(self, *, empty: bool = False, encoding: str = "UTF8") -> str:
        """A fresh database's URL: a copy of the template, or an empty one."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        if encoding != "UTF8":
            self.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING '{encoding}' "
                "LC_COLLATE 'C' LC_CTYPE 'C'"
            )
        else:
            self.execute(f"CREATE DATABASE {name} TEMPLATE {'template0' if empty else TEMPLATE}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a test's database (its connections are closed first)."""
        from sqlalchemy import make_url

        name = make_url(url).database
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
