"""The one frozen configuration object passed down through a run; no stage reads global state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Default lowest match score (0-100) at which a counterparty is reported as a hit: one-typo variants
# and legal-form changes of a distinctive name stay in, names that share only a city, an industry
# word and a legal form ("Wuhan Tongsheng Technology" vs "Wuhan Gaoxin Technology") stay out, and an
# exact match on a weak alias (counted at 0.8) just reaches it. Issue 5's benchmark tunes it.
DEFAULT_MATCH_THRESHOLD = 80.0
# Lowest score at which a counterparty is reported as *similar* to a listed party (a red flag of
# its own in BIS's "Know Your Customer" guidance and FIN-2023-NTC2, weighed by a rule, not a hit).
# 70 keeps one distinctive shared word plus generic words ("Poly Trading Co" ~ "Poly Technologies")
# and leaves out names that only share a city and an industry word.
DEFAULT_SIMILAR_THRESHOLD = 70.0


@dataclass(frozen=True)
class Config:
    """What a run screens against and how it reads its input."""

    watchlists: tuple[Path, ...] = ()
    rules_paths: tuple[Path, ...] = ()
    goods_lists: tuple[Path, ...] = ()
    bundled_watchlists: bool = True
    bundled_rules: bool = True
    bundled_goods: bool = True
    match_threshold: float = DEFAULT_MATCH_THRESHOLD
    similar_threshold: float = DEFAULT_SIMILAR_THRESHOLD
    column_map: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None
    sheet: str | None = None
    input_format: str | None = None
    # Rows with a malformed cell (ragged row, bad HS code) are an input error (exit 3) unless this
    # is set, in which case they are reported as skipped rows with their reason.
    skip_bad_rows: bool = False
    # Which lists to screen against by id (bundled, user or official); None: the bundled and user
    # watchlists plus every official list imported into the store.
    lists: tuple[str, ...] | None = None
    # Where the official-list store lives (None: the user data directory, see lists/store.py).
    data_dir: Path | None = None
    # An official list older than this many days is an error (exit 5) instead of a silent risk.
    max_list_age_days: int | None = None
    # Where the compiled name index is kept between runs (None: the user cache directory, see
    # index_store.py); `index_cache=False` builds it in memory every run and saves nothing.
    cache_dir: Path | None = None
    index_cache: bool = True
    # Worker processes screening rows in parallel (1: in this process); see parallel.py.
    jobs: int = 1
