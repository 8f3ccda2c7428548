#!/usr/bin/env python3
"""Runs dbt under a PostgreSQL advisory lock, so two builds never write the marts at once.

    python dbt/scripts/locked_dbt.py build --profiles-dir dbt --project-dir dbt

Two overlapping builds (the hourly CronJob and a manual run, or a slow run and the next one)
drop and rebuild the same relations and break each other. dbt's hooks run on pooled connections
that come and go, so a session lock taken in a hook is not held for the run: this wrapper holds
one connection with the lock for the whole run and runs dbt as its child.

Commands that write (build, run, seed, snapshot, retry, clone) and `test` (which must not read
half-built marts) take the lock; anything else (docs, debug, parse, compile, run-operation,
source freshness) runs as is.

A second run waits up to DBT_LOCK_WAIT_SECONDS (default 300; 0 = do not wait) for the lock, then
exits with EXIT_LOCKED (75, EX_TEMPFAIL: "try again later") and names the holder. The
connection settings are profiles.yml's: DBT_HOST, DBT_PORT, DBT_DATABASE, DBT_USER,
DBT_ENV_SECRET_PASSWORD, DBT_SSLMODE, with the same defaults. Advisory locks are per database,
so builds of different databases on one server do not wait for each other.

Exit status: dbt's own, or 75 when the lock was not free in time, or 2 when the lock could not
be taken or was lost (the database went away: dbt is stopped, as nothing then keeps a second
run out).
"""
import os
import shutil
import signal
import subprocess
import sys

import psycopg2

# "cbc-dbt" in ASCII: fixed, so an operator can pause builds by holding the same lock
# (`select pg_advisory_lock(27974200797192820)`; see docs/operations.md).
LOCK_KEY = 0x6362632D646274
EXIT_LOCKED = 75
EXIT_LOCK_ERROR = 2
LOCKED_COMMANDS = {"build", "run", "seed", "snapshot", "retry", "clone", "test"}
SUBCOMMANDS = LOCKED_COMMANDS | {"clean", "compile", "debug", "deps", "docs", "init", "list", "ls", "parse", "run-operation", "show", "source"}
APPLICATION_NAME = "cbc-dbt-lock"
# How often the lock connection is checked while dbt runs.
HEARTBEAT_SECONDS = 15


def say(message):
    print(f"locked_dbt: {message}", file=sys.stderr, flush=True)


def dbt_executable():
    # The dbt beside this interpreter (.venv/bin/python → .venv/bin/dbt; /opt/dbt/bin in the
    # image), else the one on PATH.
    beside = os.path.join(os.path.dirname(sys.executable), "dbt")
    return beside if os.access(beside, os.X_OK) else shutil.which("dbt") or "dbt"


def dbt_command(args):
    """The dbt subcommand: the first argument that names one (global flags may come first)."""
    return next((a for a in args if a in SUBCOMMANDS), None)


def connect():
    return psycopg2.connect(
        host=os.environ.get("DBT_HOST", "127.0.0.1"),
        port=int(os.environ.get("DBT_PORT", "5432")),
        dbname=os.environ.get("DBT_DATABASE", "cbc"),
        user=os.environ.get("DBT_USER", "cbc_transformer"),
        password=os.environ["DBT_ENV_SECRET_PASSWORD"],
        sslmode=os.environ.get("DBT_SSLMODE", "prefer"),
        connect_timeout=10,
        application_name=APPLICATION_NAME,
        # The lock lives as long as this connection: notice a dead peer within a minute.
        keepalives=1,
        keepalives_idle=30,
        keepalives_interval=10,
        keepalives_count=3,
    )


def holder(conn):
    """Who holds the lock. pg_locks always shows the pid; pg_stat_activity shows the rest only
    for sessions of the same role (another role's holder, e.g. an operator, stays a pid)."""
    with conn.cursor() as cur:
        cur.execute(
            """select l.pid, a.application_name, a.backend_start
               from pg_locks l left join pg_stat_activity a on a.pid = l.pid
               where l.locktype = 'advisory' and l.granted
                 and l.database = (select oid from pg_database where datname = current_database())
                 and ((l.classid::bigint << 32) | l.objid::bigint) = %s
               limit 1""",
            (LOCK_KEY,),
        )
        row = cur.fetchone()
    if not row:
        return "another session (it has just let go)"
    pid, app, since = row
    if since is None:
        return f"pid {row[0]}"
    return f"pid {pid} ({app or 'no application_name'}, connected {since:%Y-%m-%d %H:%M:%S %Z})"


def acquire(conn, wait_seconds):
    """True when the lock is ours. The server does the waiting (lock_timeout), so a waiting run
    shows in pg_locks as an ungranted advisory lock."""
    with conn.cursor() as cur:
        # The transformer role's statement_timeout (30 min) must not cut a configured wait short.
        cur.execute("set statement_timeout = 0")
        if wait_seconds <= 0:
            cur.execute("select pg_try_advisory_lock(%s)", (LOCK_KEY,))
            return cur.fetchone()[0]
        cur.execute("select set_config('lock_timeout', %s, false)", (f"{int(wait_seconds * 1000)}ms",))
        try:
            cur.execute("select pg_advisory_lock(%s)", (LOCK_KEY,))
            return True
        except psycopg2.errors.LockNotAvailable:
            return False


def run_locked(args, wait_seconds):
    if not os.environ.get("DBT_ENV_SECRET_PASSWORD"):
        say("DBT_ENV_SECRET_PASSWORD is not set (profiles.yml needs it too)")
        return EXIT_LOCK_ERROR
    try:
        conn = connect()
        conn.autocommit = True
    except psycopg2.Error as err:
        say(f"cannot connect to take the dbt lock: {str(err).strip()}")
        return EXIT_LOCK_ERROR
    try:
        if not acquire(conn, wait_seconds):
            waited = f"waited {wait_seconds:g} s" if wait_seconds > 0 else "did not wait (DBT_LOCK_WAIT_SECONDS=0)"
            say(
                f"another dbt run is in progress: the dbt lock on database {conn.info.dbname} is held by "
                f"{holder(conn)}; {waited}. Not starting dbt (exit {EXIT_LOCKED}); try again later."
            )
            return EXIT_LOCKED
        say(f"holding the dbt lock on database {conn.info.dbname}")
        child = subprocess.Popen([dbt_executable(), *args])
        # Kubernetes stops a pod with SIGTERM to PID 1 (this process): pass it on so dbt can cancel
        # its queries, and keep the lock until dbt has exited.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda signum, _frame: child.send_signal(signum))
        while True:
            try:
                return child.wait(timeout=HEARTBEAT_SECONDS)
            except subprocess.TimeoutExpired:
                pass
            try:
                with conn.cursor() as cur:
                    cur.execute("select 1")
            except psycopg2.Error:
                say("lost the connection that holds the dbt lock; stopping dbt")
                child.terminate()
                child.wait()
                return EXIT_LOCK_ERROR
    finally:
        # Closing the session releases the lock.
        conn.close()


def main(argv):
    args = argv[1:]
    if dbt_command(args) not in LOCKED_COMMANDS:
        os.execv(dbt_executable(), [dbt_executable(), *args])
    try:
        wait_seconds = float(os.environ.get("DBT_LOCK_WAIT_SECONDS", "300"))
    except ValueError:
        say("DBT_LOCK_WAIT_SECONDS must be a number of seconds")
        return EXIT_LOCK_ERROR
    return run_locked(args, wait_seconds)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
