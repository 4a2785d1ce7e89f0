"""Risk bands: the names, their thresholds on the 0-100 score, and their order."""

from __future__ import annotations

from enum import StrEnum


class Band(StrEnum):
    """A row's risk band. Thresholds are in `THRESHOLDS` and documented in the README."""

    CLEAR = "clear"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    def __str__(self) -> str:
        return self.value


_ORDER = (Band.CLEAR, Band.LOW, Band.MEDIUM, Band.HIGH, Band.CRITICAL)

# Lowest score of each band. Chosen so that one strong signal alone (a Russia end user, weight 40)
# is "medium", two agreeing signals are "high", and an exact hit on an official sanctions list
# (100 points) or three or more agreeing red flags are "critical". docs/rules.md has an example.
THRESHOLDS: tuple[tuple[Band, int], ...] = (
    (Band.CRITICAL, 75),
    (Band.HIGH, 50),
    (Band.MEDIUM, 25),
    (Band.LOW, 10),
    (Band.CLEAR, 0),
)


def band_for(score: int) -> Band:
    """The band a 0-100 score falls in."""
    for band, low in THRESHOLDS:
        if score >= low:
            return band
    return Band.CLEAR


def parse_band(text: str) -> Band:
    """A band from its name, case-insensitive; ValueError names the valid ones."""
    try:
        return Band(text.strip().lower())
    except ValueError:
        names = ", ".join(b.value for b in _ORDER)
        raise ValueError(f"unknown band {text!r}; use one of {names}") from None


def all_bands() -> tuple[Band, ...]:
    """Every band, lowest first."""
    return _ORDER
