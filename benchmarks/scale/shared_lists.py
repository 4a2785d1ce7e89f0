"""The real list files the scale benchmark screens against, and how each is imported into a store.

Every list in `../shared/data/lists` (SOURCES.md there gives each file's provenance), newest copy of
each source, imported under the ids `screener check` reports. The bundled curated watchlist comes on
top of these: `screener check` always adds it. Nothing here is copied into the repository: the
files are read from `../shared` at run time.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_LISTS = REPO.parent / "shared" / "data" / "lists"


@dataclass(frozen=True)
class ListImport:
    """One `screener lists import SOURCE [--as ID] PATH...` of the benchmark."""

    source: str
    paths: tuple[str, ...]  # relative to SHARED_LISTS
    as_id: str | None = None

    @property
    def list_id(self) -> str:
        return self.as_id or self.source

    def args(self) -> list[str]:
        named = ["--as", self.as_id] if self.as_id else []
        return [self.source, *named, *(str(SHARED_LISTS / p) for p in self.paths)]


# The newest copy of each source: OFAC's SDN legacy CSV of 2024-05-03 with the alt/add files of
# 2025-12-24 (the newest the folder has; the legacy set is three files), the non-SDN consolidated
# list, the US CSL, the UN, OFSI, EU and BIS DPL files and the two OpenSanctions datasets.
IMPORTS: tuple[ListImport, ...] = (
    ListImport(
        "ofac-sdn",
        ("ofac/sdn_2024-05-03/sdn.csv", "ofac/2025-12-24/alt.csv", "ofac/2025-12-24/add.csv"),
    ),
    ListImport("ofac-cons", ("ofac/non_sdn_2025-12-19",)),
    ListImport("us-csl", ("csl/2022-05-16/consolidated.csv",)),
    ListImport("un-sc", ("un/2026-02-27/UN_consolidated.xml",)),
    ListImport("uk-ofsi", ("uk/2025-04-10/ConList.xlsx",)),
    ListImport("eu-fsf", ("eu/2026-08-05/sample_eu_fsf.xml",)),
    ListImport("bis-dpl", ("bis/2023-11-30/dpl.txt",)),
    ListImport(
        "opensanctions",
        ("opensanctions/eu_fsf_t1/entities.ftm.json",),
        as_id="opensanctions-eu-fsf-t1",
    ),
    ListImport(
        "opensanctions", ("opensanctions/zala/entities.ftm.json",), as_id="opensanctions-zala"
    ),
)


def missing_files() -> list[Path]:
    """The list files the benchmark needs that are not under SHARED_LISTS."""
    return [
        SHARED_LISTS / p for one in IMPORTS for p in one.paths if not (SHARED_LISTS / p).exists()
    ]


def screener_command(env: Mapping[str, str] | None = None) -> list[str]:
    """How to run this checkout's `screener`: the running Python with `-m screener`."""
    return [sys.executable, "-m", "screener"]


def import_all(data_dir: Path, env: Mapping[str, str]) -> list[tuple[str, float]]:
    """Import every list with `screener lists import` into `data_dir`; (list id, seconds) each.

    Raises RuntimeError with screener's own message when an import fails.
    """
    import time

    timings: list[tuple[str, float]] = []
    for one in IMPORTS:
        command = [*screener_command(), "lists", "import", "--data-dir", str(data_dir), *one.args()]
        start = time.perf_counter()
        done = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"`screener lists import {' '.join(one.args())}` failed "
                f"(exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
            )
        timings.append((one.list_id, time.perf_counter() - start))
    return timings


def import_in_process(root: Path) -> None:
    """Import every list into the store at `root` through screener's own store API (no CLI)."""
    from screener.lists.official import get_source
    from screener.lists.store import import_files

    for one in IMPORTS:
        result = import_files(
            get_source(one.source),
            [SHARED_LISTS / p for p in one.paths],
            root=root,
            list_id=one.as_id,
        )
        if result.error is not None:
            raise result.error


__all__: Sequence[str] = (
    "IMPORTS",
    "SHARED_LISTS",
    "ListImport",
    "import_all",
    "import_in_process",
    "missing_files",
    "screener_command",
)
