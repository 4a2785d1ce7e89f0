"""Finds the watchlists, goods lists and rules that ship with screener, installed or checked out."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled folder `name` (watchlists, goods or rules).

    A wheel carries them under `screener/_bundled/` (pyproject force-include); a source checkout or
    an editable install has them at the repository's top level, two levels above this package.
    """
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / name


def bundled_files(name: str, pattern: str = "*.yaml") -> tuple[Path, ...]:
    """The bundled files of folder `name` matching `pattern`, sorted, test files excluded."""
    folder = bundled_dir(name)
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(p for p in folder.rglob(pattern) if not p.name.endswith((".test.yaml", ".test.yml")))
    )
