"""The bundled watchlists, goods lists and rules are found installed or from a checkout."""

from __future__ import annotations

from pathlib import Path

from screener.bundled import bundled_dir, bundled_files

REPO = Path(__file__).resolve().parents[1]


def test_each_bundled_folder_matches_the_repository() -> None:
    for name in ("watchlists", "goods", "rules"):
        folder = bundled_dir(name)
        assert folder.is_dir(), name
        repo_files = {p.name: p.read_bytes() for p in (REPO / name).glob("*.yaml")}
        shipped = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
        assert shipped == repo_files, name


def test_bundled_files_leave_out_test_files() -> None:
    names = [p.name for p in bundled_files("rules")]
    assert "russia-diversion.yaml" in names
    assert not [n for n in names if n.endswith(".test.yaml")]
    assert all(p.suffix == ".yaml" for p in bundled_files("goods"))


def test_unknown_folder_is_empty() -> None:
    assert bundled_files("no-such-folder") == ()
