"""Tests for screener.lists.official: the source table; one source found without the others."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from screener.lists import official
from screener.lists.official import find_source, get_source, source_module, sources

SRC = Path(__file__).resolve().parents[2] / "src"


def _by_lookup_in_sources(source_id: str) -> official.OfficialSource | None:
    """The general path find_source stands in for: every source imported, then searched."""
    found = next((s for s in sources() if s.id == source_id), None)
    if found is None:
        from screener.lists.opensanctions import source_for

        found = source_for(source_id)
    return found


def test_the_module_table_names_every_source_and_only_those() -> None:
    known = {s.id: s for s in sources()}
    assert set(official.FIXED_SOURCE_IDS) == set(known)
    for source_id, source in known.items():
        assert source_module(source_id) == source.parse.__module__


@pytest.mark.parametrize(
    "source_id",
    [
        *(s.id for s in sources()),
        "opensanctions-eu_fsf",
        "opensanctions-ru-rupep",
        "opensanctions-",
        "opensanctions-Not Valid",
        "ofac",
        "no-such-list",
        "",
    ],
)
def test_find_source_gives_what_a_search_of_every_source_gives(source_id: str) -> None:
    expected = _by_lookup_in_sources(source_id)
    found = find_source(source_id)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.id, found.name, found.files) == (expected.id, expected.name, expected.files)
        assert found.parse.__module__ == expected.parse.__module__
        assert found.parse.__qualname__ == expected.parse.__qualname__


def test_find_source_imports_only_the_module_of_the_source() -> None:
    code = (
        "import sys\n"
        "from screener.lists.official import find_source\n"
        "assert find_source('bis-dpl').id == 'bis-dpl'\n"
        "print(sorted(m for m in sys.modules if m.startswith('screener.lists.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True, text=True, check=True,
    ).stdout
    assert "screener.lists.dpl" in out
    for other in ("ofac", "csl", "un", "uk", "eu", "opensanctions"):
        assert f"screener.lists.{other}'" not in out


def test_get_source_still_explains_an_unknown_id() -> None:
    with pytest.raises(official.UsageError, match=r"known sources: .*ofac-sdn"):
        get_source("no-such-list")
