"""Start-up time: process start to main window shown, beside a bare PySide6 window.

Both are measured the same way, in the same run, alternating: the parent notes the time, starts the
child, and stops the clock when the child prints "shown" (written after the window is shown and the
event loop has turned once). Triage Desk's first screen is its sign-in page (nobody sees patient
data before signing in); the three panels are built on the next event-loop turns. It also notes
"ready": the database opened and migrated on a worker, the forms and pathway rules loaded, the
panels built and the sign-in page accepting a password. Runs under a private Xvfb when one is
installed (a real X11 window), or offscreen otherwise.

The app's own modules are byte-compiled first, as ``pip install`` does for an installed wheel and
PyInstaller does for the bundle. Without that, a shell with PYTHONDONTWRITEBYTECODE=1 (as on the CI
machines) would recompile every Triage Desk module on every start — about 20 ms no user ever waits
for — while PySide6, installed by pip, is always compiled.
Usage: .venv/bin/python benchmarks/startup.py [--runs N]

The app is started as a user starts it: the ``triage-desk`` console script, no options, its folders
where platformdirs puts them (XDG variables point at a temporary home).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1280, 800); w.show()
def done():
    print("shown", flush=True); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def time_child(cmd: list[str], env: dict[str, str], until: tuple[str, ...] = ("shown",)) -> list[float]:
    """Seconds from starting the process to each marker line in ``until``, in order."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    marks: list[float] = []
    for line in proc.stdout:
        if len(marks) < len(until) and line.strip() == until[len(marks)]:
            marks.append(time.perf_counter() - start)
            if len(marks) == len(until):
                break
    proc.wait(timeout=60)
    if len(marks) < len(until):
        err = proc.stderr.read() if proc.stderr else ""
        raise RuntimeError(f"child reported {marks} of {until} (exit {proc.returncode}): {err[-2000:]}")
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    env = dict(os.environ)
    xvfb = None
    if shutil.which("Xvfb"):
        display = ":87"
        xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", "1600x900x24", "-nolisten", "tcp"], stderr=subprocess.DEVNULL
        )
        time.sleep(1.0)
        env["DISPLAY"] = display
        env.pop("QT_QPA_PLATFORM", None)
        platform = "xcb (Xvfb)"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
        platform = "offscreen"

    import triage_desk

    compileall.compile_dir(Path(triage_desk.__file__).parent, quiet=1)
    # As a user starts it: the console script with no options, its folders where platformdirs puts
    # them (redirected to a temporary home so the benchmark touches nothing of yours).
    home = Path(tempfile.mkdtemp(prefix="td-startup-"))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    env.pop("TRIAGE_DESK_DATA_DIR", None)
    # A configured desk has a settings file (read with tomllib at start); a fresh one would not.
    settings = home / "xdg_config_home" / "TriageDesk" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        'theme = "night"\ndesk_name = "Control room desk 3"\nidle_lock_minutes = 5\n', encoding="utf-8"
    )
    script = Path(sys.executable).with_name("triage-desk" + (".exe" if os.name == "nt" else ""))
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "triage_desk"]
    app_cmd = [*launcher, "gui", "--quit-after-shown"]
    bare_cmd = [sys.executable, "-c", BARE]
    try:
        # Warm-up: first run creates and migrates the database and demo data; the OS file cache warms.
        subprocess.run(
            [*launcher, "demo-data", "--persons", "2000", "--contacts", "8000", "--seed", "1"],
            check=True,
            capture_output=True,
            env=env,
        )
        time_child(bare_cmd, env)
        time_child(app_cmd, env, ("shown", "ready"))
        bare, app, ready = [], [], []
        for _ in range(args.runs):
            bare.append(time_child(bare_cmd, env)[0])
            shown_at, ready_at = time_child(app_cmd, env, ("shown", "ready"))
            app.append(shown_at)
            ready.append(ready_at)
    finally:
        if xvfb:
            xvfb.terminate()
        shutil.rmtree(home, ignore_errors=True)

    b, a = statistics.median(bare), statistics.median(app)
    print(
        f"Start-up to main window shown, {args.runs} runs each, platform {platform}, "
        f"database with 2,000 persons / 8,000 contacts"
    )
    print(f"app started as: {' '.join([Path(app_cmd[0]).name, *app_cmd[1:]])} (its default folders)")
    print(f"{'':28}{'median':>10}{'min':>10}{'max':>10}")
    rows = (
        ("bare PySide6 window", bare, b),
        ("Triage Desk window shown", app, a),
        ("Triage Desk, ready to sign in", ready, statistics.median(ready)),
    )
    for label, runs, median in rows:
        print(f"{label:28}{median * 1000:>8.0f}ms{min(runs) * 1000:>8.0f}ms{max(runs) * 1000:>8.0f}ms")
    ratio = a / b
    print(f"ratio {ratio:.2f} × bare (target ≤ 1.50): {'met' if ratio <= 1.5 else 'NOT met'}")
    print("(window shown = first event-loop turn after show(), showing the sign-in page; ready = "
          "database open, forms and rules loaded, panels built, sign-in enabled)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
