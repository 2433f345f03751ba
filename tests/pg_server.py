"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, the server on a Unix
socket in that folder only (no TCP port, so parallel runs never collide), stopped and removed at
the end. The server refuses to run as root, so as root the binaries run as the `postgres` user
(runuser); as anyone else they run directly."""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

_BINARIES = ("initdb", "pg_ctl", "postgres")


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: pg_config's answer first, then Debian's
    versioned folders (newest first), then PATH; None when no complete set is found."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    versioned = glob.glob("/usr/lib/postgresql/*/bin")
    versioned.sort(key=lambda p: _version_key(Path(p).parent.name), reverse=True)
    candidates.extend(Path(p) for p in versioned)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if all((folder / name).is_file() and os.access(folder / name, os.X_OK) for name in _BINARIES):
            return folder
    return None


def _version_key(name: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return (0,)


def unavailable_reason() -> str | None:
    """Why no server can be started here (one line), or None when one can."""
    if find_bindir() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found: install Debian's postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing (the server refuses to run as root)"
    return None


class PgServer:
    """One cluster. `start()` then `dsn(dbname)`; `stop()` (also registered at exit) stops it by
    pg_ctl, then by the postmaster's PID if pg_ctl could not, and removes the folder."""

    def __init__(self, bindir: Path | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise RuntimeError(unavailable_reason() or "no PostgreSQL binaries")
        self.bindir = found
        self.root = Path(tempfile.mkdtemp(prefix="pgt.", dir="/tmp"))  # short: socket paths max ~107 chars
        self.data = self.root / "data"
        self.log = self.root / "log"
        self.user = "postgres"
        self._as_postgres = os.geteuid() == 0
        self._running = False

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)

    def start(self) -> PgServer:
        if self._as_postgres:
            shutil.chown(self.root, user="postgres")
        else:
            self.user = pwd.getpwuid(os.geteuid()).pw_name
        init = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8", "--locale=C.UTF-8")
        if init.returncode != 0:
            init = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8", "--locale=C")
        if init.returncode != 0:
            self._cleanup()
            raise RuntimeError(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
        started = self._pg_ctl_start()
        if started.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else started.stderr
            self._cleanup()
            raise RuntimeError(f"pg_ctl start failed: {log.strip().splitlines()[-1:]}")
        self._running = True
        atexit.register(self.stop)
        return self

    def _pg_ctl_start(self) -> subprocess.CompletedProcess:
        options = f"-k {self.root} -c listen_addresses='' -c fsync=off -c max_connections=100"
        return self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start")

    def standby(self) -> PgServer:
        """A streaming replica of this running server (pg_basebackup -R: standby.signal and
        primary_conninfo), in a folder and on a socket of its own, started; stop it before this one."""
        replica = PgServer(self.bindir)
        replica.user = self.user
        if self._as_postgres:
            shutil.chown(replica.root, user="postgres")
        made = replica._run("pg_basebackup", "-h", str(self.root), "-U", self.user, "-D", str(replica.data),
                            "-R", "-X", "stream", "-c", "fast", timeout=120)
        if made.returncode != 0:
            replica._cleanup()
            raise RuntimeError(f"pg_basebackup failed: {made.stderr.strip().splitlines()[-1:]}")
        started = replica._pg_ctl_start()
        if started.returncode != 0:
            replica._cleanup()
            raise RuntimeError(f"the standby did not start: {started.stderr.strip().splitlines()[-1:]}")
        replica._running = True
        atexit.register(replica.stop)
        return replica

    def halt(self) -> None:
        """Stop the server, keeping its cluster (a server gone away mid-session); resume() starts it again."""
        self._run("pg_ctl", "-D", str(self.data), "stop", "-m", "fast", "-w", "-t", "30", timeout=40)

    def resume(self) -> None:
        started = self._pg_ctl_start()
        if started.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed again: {started.stderr.strip().splitlines()[-1:]}")

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.root} user={self.user} dbname={dbname}"

    def dsn(self, dbname: str = "postgres") -> str:
        """A postgresql:// URL (the form `--store` takes); the socket folder is the host."""
        return f"postgresql://{self.user}@/{dbname}?host={self.root}"

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        pid = self._postmaster_pid()
        try:
            self._run("pg_ctl", "-D", str(self.data), "stop", "-m", "fast", "-w", "-t", "30", timeout=40)
        except (OSError, subprocess.SubprocessError):
            pass
        if pid is not None and _alive(pid):
            for sig, wait in ((signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    break
                deadline = time.monotonic() + wait
                while _alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.05)
                if not _alive(pid):
                    break
        self._cleanup()

    def _cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours still answers kill(0): reap it if it is ours
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True
