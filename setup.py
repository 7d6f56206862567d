"""Ship the top-level ``resources/`` and ``forms/`` folders with the wheel.

They install under ``<prefix>/share/triage-desk/`` where ``triage_desk.platform.resources`` looks
for them. setuptools' declarative ``data-files`` cannot recurse into sub-folders, hence this file.
"""

from pathlib import Path

from setuptools import setup


def _tree(folder: str) -> list[tuple[str, list[str]]]:
    entries = []
    for directory in sorted(p for p in Path(folder).rglob("*") if p.is_dir()) + [Path(folder)]:
        files = sorted(str(f) for f in directory.iterdir() if f.is_file() and f.suffix != ".pyc")
        if files:
            entries.append((f"share/triage-desk/{directory.as_posix()}", files))
    return entries


setup(data_files=_tree("resources") + _tree("forms"))
