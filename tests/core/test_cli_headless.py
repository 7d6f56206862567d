"""The command line: headless subcommands never load Qt; errors are one line, not a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from triage_desk import __version__
from triage_desk.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triage_desk", *args], capture_output=True, text=True, timeout=120
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"triage-desk {__version__}"


def test_init_and_paths_do_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from triage_desk.cli import main; "
        f"assert main(['--data-dir', {str(tmp_path)!r}, 'init']) == 0; "
        f"assert main(['paths', '--data-dir', {str(tmp_path)!r}]) == 0; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "triage-desk.db").exists()


def test_data_dir_accepted_before_or_after_the_subcommand(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(tmp_path / "a"), "paths", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["paths", "--json", "--data-dir", str(tmp_path / "b")]) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["database"].startswith(str(tmp_path / "a"))
    assert second["database"].startswith(str(tmp_path / "b"))


def test_corrupt_database_gives_one_line_and_nonzero_status(tmp_path: Path) -> None:
    (tmp_path / "triage-desk.db").write_bytes(b"garbage" * 50)
    result = _run("--data-dir", str(tmp_path), "init")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not a Triage Desk database" in result.stderr
    assert (tmp_path / "triage-desk.db").read_bytes() == b"garbage" * 50


def test_gui_without_a_display_explains_instead_of_aborting(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    for gui_args in ([], ["--no-demo"], ["gui", "--no-demo"]):
        result = subprocess.run(
            [sys.executable, "-m", "triage_desk", "--data-dir", str(tmp_path), *gui_args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 2, gui_args
        assert "xvfb-run" in result.stderr and "offscreen" in result.stderr, (gui_args, result.stderr)


def test_gui_start_path_does_not_load_the_database_layer_before_the_window() -> None:
    """The window must appear as fast as a bare Qt window: SQLAlchemy loads later, on a worker."""
    code = (
        "import sys, importlib; m = importlib.import_module('triage_desk.cli.main'); "
        "p = m._gui_parser(); a = p.parse_args(['gui']); "
        "import triage_desk.cli.cmd_gui; "
        "heavy = [k for k in sys.modules if k.startswith(('sqlalchemy', 'alembic', 'faker'))]; "
        "assert not heavy, heavy"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
