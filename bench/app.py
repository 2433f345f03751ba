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
DEFAULT_MARKER = r"\b(?:Q|q|\^q|ctrl\+q) Quit\b"  # Q: q goes back one level since issue 17
# What the results of a search show once they are there (the status line
# "4 shown of 4 matching cocoa"), besides the expected first hit's title.
RESULTS_MARKER = r"matching\s+{query}"


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
    searches: list[tuple[str, str]] | None = None,
    search_key: str = "/",
) -> dict:
    """Run `newsreader --index DIR` in a 120x40 tmux pane; poll the pane until
    `marker` shows (the first screen), then read VmRSS of the app's process.

    searches=[(query, text expected among its results, e.g. the first
    hit's title)]: also time keystrokes-to-results for each query, typed
    into the box that `search_key` focuses.
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
        if searches:
            result["search"] = _time_searches(session, pid, searches, search_key)
        return result
    except (subprocess.CalledProcessError, OSError, ValueError) as exc:
        result["note"] = f"tmux run failed: {exc}"
        return result
    finally:
        _tmux("kill-session", "-t", session, check=False)


def _time_searches(session: str, pid: int, searches, search_key: str, timeout: float = 10.0) -> dict:
    """Keystroke-to-results, two ways, for each query:
    - as you type (the figure the issue asks for): the query but its last
      character is typed and left to settle, then the clock starts as the last
      character is sent and stops when the screen shows that query's results
      (its expected first title and "matching QUERY");
    - submitted: the box is cleared, the whole query and Enter are sent in
      one go, and the clock runs until the same screen.
    Both include tmux's round trips (a few ms)."""
    import statistics

    typed, submitted, misses = [], [], []
    for query, expected in searches:
        want = expected[:24]
        done = re.compile(RESULTS_MARKER.format(query=re.escape(query)))

        def wait(t0: float) -> float | None:
            while time.perf_counter() - t0 < timeout:
                screen = _tmux("capture-pane", "-p", "-t", session, check=False)
                if want in screen and done.search(screen):
                    return time.perf_counter() - t0
                time.sleep(0.003)
            return None

        def clear() -> None:
            _tmux("send-keys", "-t", session, search_key)
            time.sleep(0.4)
            _tmux("send-keys", "-t", session, "End", "C-u")
            time.sleep(0.5)

        clear()
        _tmux("send-keys", "-t", session, "-l", query[:-1])
        time.sleep(0.8)
        t0 = time.perf_counter()
        _tmux("send-keys", "-t", session, "-l", query[-1])
        took = wait(t0)
        if took is None:
            misses.append(query)
        else:
            typed.append(took)
        _tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.3)

        clear()
        t0 = time.perf_counter()
        _tmux("send-keys", "-t", session, "-l", query)
        _tmux("send-keys", "-t", session, "Enter")
        took = wait(t0)
        if took is not None:
            submitted.append(took)
        _tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.3)
    out: dict = {"queries": len(typed), "missed": misses, "rss_mb": _status(pid).get("VmRSS")}
    if typed:
        out.update(status="ok", median_s=statistics.median(typed), max_s=max(typed), times_s=typed,
                   p90_s=sorted(typed)[max(0, round(0.9 * len(typed)) - 1)])
    else:
        out.update(status="n/a", note=f"no expected result showed within {timeout:g} s ({len(misses)} queries)")
    if submitted:
        out.update(submit_median_s=statistics.median(submitted), submit_max_s=max(submitted), submit_times_s=submitted)
    return out


# ============================================================================


def _quote(s: str) -> str:
    import shlex

    return shlex.quote(s)
