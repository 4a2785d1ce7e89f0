"""Finds the header row under the titles vendor exports put above it; makes headers unique."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from screener.columns import score_headers

# How many non-empty rows at the top of a sheet may be titles, notes or logos before the header.
# The trade samples have two (an empty row and "DATA"), the UK OFSI list one ("Last Updated");
# 15 leaves room for a multi-line report banner without scanning into the data.
HEADER_SEARCH_ROWS = 15


def is_blank_row(cells: Sequence[str]) -> bool:
    """True when every cell is empty or whitespace."""
    # The cells joined are all whitespace exactly when each one is; one join and one strip in C
    # are cheaper than a generator over the cells, and this runs for every row of a file.
    return not "".join(cells).strip()


def choose_header(candidates: Sequence[Sequence[str]]) -> int:
    """The index of the header among the first non-empty rows of a table.

    The header is the first row on which column recognition scores best. When nothing is
    recognised it is the first row about as wide as the table (a title such as "DATA" or
    "Last Updated | 10/04/2025" is not a header), else the first row.
    """
    if not candidates:
        return 0
    scores = [score_headers([c.strip() for c in row]) for row in candidates]
    best = max(scores)
    if best > 0:
        return scores.index(best)
    # A header names (nearly) every column; three quarters of the widest row's cells allows for a
    # few unnamed columns while passing over "Last Updated | 10/04/2025" above a 36-column header.
    widths = [sum(1 for c in row if c.strip()) for row in candidates]
    widest = max(widths)
    for i, width in enumerate(widths):
        if width >= max(2, widest * 3 // 4):
            return i
    return 0


def make_headers(cells: Sequence[str], blank_name: Callable[[int], str]) -> tuple[str, ...]:
    """Header texts from the header row's cells.

    Surrounding whitespace is removed and line breaks inside a header cell become spaces; trailing
    empty cells are dropped; an empty cell in the middle is named by `blank_name(index)`; a
    repeated header gets " (2)", " (3)"... so that every column keeps its own key.
    """
    texts = [" ".join(c.split()) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    seen: dict[str, int] = {}
    out: list[str] = []
    for i, text in enumerate(texts):
        name = text or blank_name(i)
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            candidate = f"{name} ({seen[key]})"
            while candidate.casefold() in seen:
                seen[key] += 1
                candidate = f"{name} ({seen[key]})"
            name = candidate
        seen.setdefault(name.casefold(), 1)
        out.append(name)
    return tuple(out)
