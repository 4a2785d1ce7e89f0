"""Pure string functions that bring names and free text to comparable forms."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Unicode-normalised, case-folded, accent-free text with punctuation turned into single spaces.

    Letters of every script survive (Cyrillic and Chinese stay as they are); only marks are dropped.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("_", " ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def name_key(name: str) -> str:
    """The form two party names are compared in."""
    return fold(name)
