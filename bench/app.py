"""The app on a real process: time to the first screen and resident memory
with the index open, read from a tmux pane and /proc/<pid>/status.

MEASURE_APP below is the one function to adapt as the Textual app grows
(its marker text, the key that starts a search). While reader/ui/app.py is
the placeholder that prints and exits, every figure here is "n/a" with the
reason, never a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Text that only the first real screen shows: the footer's key hints.
DEFAULT_MARKER = r"\^q|ctrl\+q|Quit\b|⏎|Search\b"


def _tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=check).stdout


def _status(pid: int) -> dict[str, float]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    except (OSError, ValueError):
        pass
    return out


def app_command(index_dir: Path) -> list[str]:
    exe = shutil.which("newsreader")
    base = [exe] if exe else [sys.executable, "-m", "reader"]
    return base + ["--index", str(index_dir)]


# ==== MEASURE_APP: launch the app in tmux and time its first screen =========
def measure_app(
    index_dir: Path,
    marker: str = DEFAULT_MARKER,
    timeout: float = 20.0,
    search: tuple[str, str, str] | None = None,
) -> dict:
    """Run `newsreader --index DIR` in a 120x40 tmux pane; poll the pane until
    `marker` shows (the first screen), then read VmRSS of the app's process.

    search=(keys that open the search box, query, text expected among the
    results): also time keystroke-to-results for one query.
    """
    if not shutil.which("tmux"):
        return {"status": "n/a", "note": "tmux is not installed"}
    session = f"nrbench-{os.getpid()}"
    cmd = " ".join(_quote(c) for c in app_command(index_dir))
    env_prefix = f"PYTHONPATH={_quote(str(REPO))} TERM=xterm-256color"
    result: dict = {"status": "n/a", "command": cmd}
    try:
        _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "cat")
        _tmux("set-option", "-t", session, "remain-on-exit", "on")
        t0 = time.perf_counter()
        _tmux("respawn-pane", "-k", "-t", session, f"exec env {env_prefix} {cmd}")
        pid = int(_tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        pattern = re.compile(marker)
        screen = ""
        while time.perf_counter() - t0 < timeout:
            screen = _tmux("capture-pane", "-p", "-t", session, check=False)
            if pattern.search(screen):
                result["first_screen_s"] = time.perf_counter() - t0
                break
            if _tmux("display-message", "-p", "-t", session, "#{pane_dead}", check=False).strip() == "1":
                shown = " ".join(screen.split())[:160]
                result["note"] = f"the app exited before a first screen (it printed: {shown!r})"
                return result
            time.sleep(0.01)
        else:
            result["note"] = f"no first screen (marker {marker!r}) within {timeout:g} s"
            return result
        time.sleep(1.0)  # let it settle: the figure is memory with the index open
        mem = _status(pid)
        result.update(status="ok", rss_mb=mem.get("VmRSS"), hwm_mb=mem.get("VmHWM"))
        if search is not None:
            result["search"] = _time_search(session, pid, *search)
        return result
    except (subprocess.CalledProcessError, OSError, ValueError) as exc:
        result["note"] = f"tmux run failed: {exc}"
        return result
    finally:
        _tmux("kill-session", "-t", session, check=False)


def _time_search(session: str, pid: int, open_keys: str, query: str, expect: str, timeout: float = 10.0) -> dict:
    """Keystroke-to-results for one query: type it, press Enter, wait for
    `expect` (e.g. the first result's title) to show."""
    _tmux("send-keys", "-t", session, open_keys)
    time.sleep(0.3)
    _tmux("send-keys", "-t", session, "-l", query)
    t0 = time.perf_counter()
    _tmux("send-keys", "-t", session, "Enter")
    while time.perf_counter() - t0 < timeout:
        if expect[:40] in _tmux("capture-pane", "-p", "-t", session, check=False):
            return {"status": "ok", "keystroke_to_results_s": time.perf_counter() - t0, "rss_mb": _status(pid).get("VmRSS")}
        time.sleep(0.005)
    return {"status": "n/a", "note": f"{expect[:40]!r} did not show within {timeout:g} s"}


# ============================================================================


def _quote(s: str) -> str:
    import shlex

    return shlex.quote(s)
