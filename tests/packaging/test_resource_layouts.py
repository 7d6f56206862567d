"""``resources/`` and ``forms/`` are found in a source checkout and in an installed wheel.

The third layout, the PyInstaller bundle, is checked by .ci/run on the real frozen build
(``triage-desk paths --json`` must report layout "bundle").
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from triage_desk.platform.resources import forms_dir, resource_layout, resources_dir

REPO = Path(__file__).resolve().parents[2]


def test_source_checkout_layout() -> None:
    assert resources_dir() == REPO / "resources"
    assert forms_dir() == REPO / "forms"
    assert resource_layout() == "source"


@pytest.mark.slow
def test_installed_wheel_layout(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(wheel_dir.glob("triage_desk-*.whl"))
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Run from a neutral folder so the checkout itself cannot be picked up.
    probe = (
        "import json; from triage_desk.platform.resources import forms_dir, resources_dir, resource_layout;"
        "print(json.dumps([str(resources_dir()), str(forms_dir()), resource_layout()]))"
    )
    out = subprocess.run([str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    resources, forms, layout = json.loads(out.stdout)
    assert layout == "installed"
    assert Path(resources).is_relative_to(env_dir) and Path(forms).is_relative_to(env_dir)
    assert (Path(resources) / "MANIFEST.toml").exists() and (Path(forms) / "MANIFEST.toml").exists()
