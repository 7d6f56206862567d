"""``forms check``: validate form folders and files, including the released-version lock.

``forms/RELEASED.toml`` lists every released form version with the sha256 of its file. A released
version is never edited — a change is a new version — so a changed hash, a removed file or a lock
entry pointing at a different form is a problem.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from triage_desk.forms_engine.loader import FormLibrary, content_hash, load_folder
from triage_desk.forms_engine.problems import Problem

RELEASED_FILE = "RELEASED.toml"


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
    lock = root / RELEASED_FILE
    if not lock.is_file():
        return []
    try:
        data = tomllib.loads(lock.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [Problem(lock, 0, None, f"malformed TOML: {exc}", "fix the syntax of the release lock")]
    problems: list[Problem] = []
    entries = data.get("released", [])
    lines = _entry_lines(lock)
    seen: set[tuple[str, int]] = set()
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        line = lines[i] if i < len(lines) else 0
        form_id, version, rel, sha = (entry.get(k) for k in ("form", "version", "path", "sha256"))
        if not (
            isinstance(form_id, str)
            and isinstance(version, int)
            and isinstance(rel, str)
            and isinstance(sha, str)
        ):
            problems.append(
                Problem(
                    lock,
                    line,
                    None,
                    "release entry needs form, version, path and sha256",
                    "copy the shape of the other [[released]] entries",
                )
            )
            continue
        if (form_id, version) in seen:
            problems.append(
                Problem(
                    lock,
                    line,
                    None,
                    f"{form_id} v{version} is released twice",
                    "keep one entry per form version",
                )
            )
        seen.add((form_id, version))
        path = root / rel
        if not path.is_file():
            problems.append(
                Problem(
                    lock,
                    line,
                    None,
                    f"released form {form_id} v{version} ({rel}) is missing",
                    "restore the file: records made with a released version must keep rendering",
                )
            )
            continue
        actual = content_hash(path)
        if actual != sha:
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    f"released form {form_id} v{version} has been edited "
                    f"(sha256 {actual[:12]}… ≠ released {sha[:12]}…)",
                    f"restore the released file (git checkout) and make the change in "
                    f"{form_id}/v{version + 1}.yaml",
                )
            )
        form = library.forms.get((form_id, version))
        if form is not None and form.source.resolve() != path.resolve():
            problems.append(
                Problem(
                    form.source,
                    1,
                    None,
                    f"{form_id} v{version} is released as {rel}",
                    "a released version number cannot be reused: bump the version",
                )
            )
    return problems


def release_entry(root: Path, path: Path, form_id: str, version: int) -> str:
    """The TOML block to add to RELEASED.toml when releasing a version."""
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    return (
        f'[[released]]\nform = "{form_id}"\nversion = {version}\npath = "{rel}"\n'
        f'sha256 = "{content_hash(path)}"\n'
    )


def _entry_lines(lock: Path) -> list[int]:
    return [
        n
        for n, text in enumerate(lock.read_text(encoding="utf-8").splitlines(), 1)
        if text.strip() == "[[released]]"
    ]
