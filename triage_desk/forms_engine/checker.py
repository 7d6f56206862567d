"""``forms check``: validate form folders and files, including the released-version lock.

``forms/RELEASED.toml`` lists every released form version with the sha256 of its file. A released
version is never edited — a change is a new version — so a changed hash, a removed file or a lock
entry pointing at a different form is a problem.
"""

from __future__ import annotations

from pathlib import Path

from triage_desk.forms_engine.loader import FormLibrary, load_folder
from triage_desk.forms_engine.problems import Problem
from triage_desk.forms_engine.release_lock import LOCK_FILE, lock_entry, read_lock

RELEASED_FILE = LOCK_FILE


def find_root(path: Path) -> Path:
    """The forms folder a file belongs to: the nearest ancestor with codelists/ or RELEASED.toml."""
    path = path.resolve()
    for candidate in (path, *path.parents) if path.is_dir() else path.parents:
        if (candidate / "codelists").is_dir() or (candidate / RELEASED_FILE).is_file():
            return candidate
    return path if path.is_dir() else path.parent.parent


def check_paths(paths: list[Path]) -> tuple[list[Problem], int]:
    """Problems for the given folders/files, and how many files were checked."""
    problems: list[Problem] = []
    checked = 0
    roots: dict[Path, set[Path] | None] = {}
    for given in paths:
        if not given.exists():
            problems.append(Problem(given, 0, None, "no such file or folder", "check the path"))
            continue
        root = find_root(given)
        if given.is_dir():
            roots[root] = None
        elif roots.get(root, set()) is not None:
            roots.setdefault(root, set()).add(given.resolve())  # type: ignore[union-attr]
    for root, only in roots.items():
        library, found = load_folder(root)
        found += check_released(root, library)
        checked += len(library.forms) + len(library.codelists) if only is None else len(only)
        for p in found:
            if only is None or Path(p.file).resolve() in only:
                problems.append(_relative(p))
    return problems, checked


def _relative(problem: Problem) -> Problem:
    try:
        file = Path(problem.file).resolve().relative_to(Path.cwd())
    except ValueError:
        file = Path(problem.file)
    return Problem(file, problem.line, problem.field, problem.message, problem.fix)


def check_released(root: Path, library: FormLibrary) -> list[Problem]:
    entries, problems = read_lock(
        root, key="form", noun="form",
        missing_fix="restore the file: records made with a released version must keep rendering",
        edited_fix=lambda form_id, version: (
            f"restore the released file (git checkout) and make the change in {form_id}/v{version + 1}.yaml"
        ),
    )
    for entry in entries:
        form = library.forms.get((entry.name, entry.version))
        if entry.exists and form is not None and form.source.resolve() != entry.path.resolve():
            problems.append(
                Problem(
                    form.source,
                    1,
                    None,
                    f"{entry.name} v{entry.version} is released as {entry.rel}",
                    "a released version number cannot be reused: bump the version",
                )
            )
    return problems


def release_entry(root: Path, path: Path, form_id: str, version: int) -> str:
    """The TOML block to add to RELEASED.toml when releasing a version."""
    return lock_entry("form", form_id, version, path.resolve().relative_to(root.resolve()).as_posix(), path)
