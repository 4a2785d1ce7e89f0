"""Opens an input (a path or stdin) and works out its format and text encoding from a sample."""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from screener.errors import InputDataError, UsageError

# Bytes read to sniff format, delimiter and encoding: 64 KiB holds hundreds of rows of a typical
# export, enough for a stable guess, and keeps detection independent of the file's size.
SAMPLE_SIZE = 64 * 1024

FORMATS = ("csv", "tsv", "xlsx", "json", "ndjson")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}
_FORMAT_ALIASES = {"jsonl": "ndjson", "txt": "csv", "xlsm": "xlsx", "tab": "tsv"}

ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc, encrypted .xlsx
_OTHER_BINARY = {
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x05\x06": "an empty zip archive",
}

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (BOM, label reported, codec that consumes the BOM). UTF-32 comes first: its little-endian
    # BOM starts like UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Legacy single- and double-byte encodings considered when a file is not UTF-8: Windows-1251
# (Russian and other Cyrillic exports from 1C and Excel), GB18030 (a superset of GBK/GB2312: Chinese
# exports) and Windows-1252 (Western European Excel "ANSI" CSV).
LEGACY_ENCODINGS = ("cp1251", "gb18030", "cp1252")

# How much better one encoding's plausibility score must be to be chosen without asking
# charset-normalizer. Scores are fractions of the non-ASCII characters that look like real text;
# on the Russian, Chinese and Western samples of tests/readers/test_detect.py the right encoding
# wins by 0.2 or more, so closer calls go to charset-normalizer.
_CLEAR_MARGIN = 0.15


@dataclass
class Source:
    """An input opened for reading: its name for messages, its path, and its first bytes."""

    name: str
    path: Path | None
    sample: bytes
    _rest: BinaryIO | None = None  # stdin after the sample

    @property
    def truncated(self) -> bool:
        """Whether the sample is only the beginning of the input."""
        return len(self.sample) >= SAMPLE_SIZE

    def open(self) -> BinaryIO:
        """A binary stream over the whole input from its first byte (stdin: only once)."""
        if self.path is not None:
            return self.path.open("rb")
        if self._rest is None:
            raise InputDataError("standard input can only be read once", file=self.name)
        rest, self._rest = self._rest, None
        return io.BufferedReader(_Prefixed(self.sample, rest))

    def read_all(self) -> bytes:
        """The whole input in memory (for XLSX on stdin and JSON arrays)."""
        with self.open() as stream:
            return stream.read()


class _Prefixed(io.RawIOBase):
    """The sample already read from stdin, followed by the rest of stdin."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def open_source(path: str) -> Source:
    """Opens `path` ("-" for stdin) and reads its sample; a missing or empty file is an error."""
    if path == "-":
        stdin = sys.stdin.buffer
        sample = stdin.read(SAMPLE_SIZE)
        source = Source("<stdin>", None, sample, stdin)
    else:
        file = Path(path)
        try:
            with file.open("rb") as stream:
                sample = stream.read(SAMPLE_SIZE)
        except FileNotFoundError:
            raise InputDataError("file not found", file=path, hint="check the path") from None
        except IsADirectoryError:
            raise InputDataError("is a directory, not a file", file=path) from None
        except PermissionError:
            raise InputDataError("cannot be read: permission denied", file=path) from None
        except OSError as exc:
            raise InputDataError(f"cannot be read: {exc.strerror or exc}", file=path) from None
        source = Source(path, file, sample)
    if not source.sample:
        raise InputDataError("the file is empty", file=source.name)
    return source


def check_format(fmt: str | None) -> str | None:
    """The canonical name of a user-given format, or UsageError listing the valid ones."""
    if fmt is None:
        return None
    name = fmt.strip().casefold().lstrip(".")
    name = _FORMAT_ALIASES.get(name, name)
    if name not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    return name


def format_from_name(name: str) -> str | None:
    """The format an extension says, None when it says nothing; old Excel and ODS are errors."""
    suffix = os.path.splitext(name)[1].casefold()
    if suffix == ".xls":
        raise InputDataError(
            "legacy Excel 97-2003 (.xls) workbooks are not supported",
            file=name,
            hint="save it as .xlsx or .csv",
        )
    if suffix == ".ods":
        raise InputDataError(
            "OpenDocument spreadsheets are not supported",
            file=name,
            hint="save it as .xlsx or .csv",
        )
    return _EXTENSIONS.get(suffix)


def check_binary(source: Source) -> None:
    """Refuses files that are certainly not text or XLSX, with what they look like."""
    sample = source.sample
    if sample.startswith(_OLE2_MAGIC):
        raise InputDataError(
            "this is a legacy Excel (.xls) or password-protected workbook, which cannot be read",
            file=source.name,
            hint="save it unprotected as .xlsx or .csv",
        )
    for magic, what in _OTHER_BINARY.items():
        if sample.startswith(magic):
            raise InputDataError(f"this is {what}, not a table", file=source.name)


def detect_encoding(source: Source, given: str | None) -> tuple[str, str]:
    """(the encoding to report, the codec to decode with) for a text input.

    A given encoding is checked against the sample. Otherwise: a byte-order mark; UTF-16 without
    one when every other byte of ASCII-heavy text is NUL; strict UTF-8; and last a choice among
    Windows-1251, GB18030 and Windows-1252 by plausibility, with charset-normalizer breaking ties.
    Only the sample is examined: a bad byte later is reported by the reader with its row.
    """
    sample = source.sample
    if given:
        return _check_given(source, given)
    for bom, label, codec in _BOMS:
        if sample.startswith(bom):
            return label, codec
    utf16 = _utf16_by_nul_pattern(sample)
    if utf16:
        return utf16, utf16
    if b"\x00" in sample:
        raise InputDataError(
            "this looks like a binary file, not a table (it contains NUL bytes)",
            file=source.name,
            hint="give a CSV, TSV, XLSX, JSON or NDJSON file",
        )
    if _decodes(sample, "utf-8", source.truncated) is None:
        return "utf-8", "utf-8"
    return _guess_legacy(sample, source.truncated)


def _check_given(source: Source, given: str) -> tuple[str, str]:
    try:
        codec = codecs.lookup(given).name
    except LookupError:
        raise UsageError(
            f"unknown encoding {given!r}", hint="e.g. utf-8, utf-16, cp1251, gb18030, cp1252"
        ) from None
    if codec == "utf-8" and source.sample.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"  # the BOM is not part of the first header
    error = _decodes(source.sample, codec, source.truncated)
    if error is not None:
        raise InputDataError(
            f"cannot be read as {given}: {error.reason} at byte {error.start}",
            file=source.name,
            row=source.sample[: error.start].count(b"\n") + 1,
            field="encoding",
            hint="check --encoding, or leave it out to have the encoding detected",
        )
    return given, codec


def _decodes(sample: bytes, codec: str, truncated: bool) -> UnicodeDecodeError | None:
    """None when `sample` decodes; a sample cut mid-character at its end still decodes."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        decoder.decode(sample, final=not truncated)
    except UnicodeDecodeError as exc:
        return exc
    return None


def _utf16_by_nul_pattern(sample: bytes) -> str | None:
    # ASCII text in UTF-16 has a NUL in every other byte: at odd offsets for little-endian, at even
    # ones for big-endian. A third of the pairs still passes text that is two-thirds Cyrillic or
    # Chinese, while the other offsets must be almost NUL-free (under 5%), which binary is not.
    head = sample[:4096]
    if len(head) < 4:
        return None
    pairs = len(head) // 2
    even = sum(1 for i in range(0, pairs * 2, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if head[i] == 0)
    if odd > pairs / 3 and even < pairs / 20:
        return "utf-16-le"
    if even > pairs / 3 and odd < pairs / 20:
        return "utf-16-be"
    return None


def _guess_legacy(sample: bytes, truncated: bool) -> tuple[str, str]:
    candidates = [c for c in LEGACY_ENCODINGS if _decodes(sample, c, truncated) is None]
    if not candidates:
        return "utf-8", "utf-8"  # nothing fits: let the reader report the first bad line
    if len(candidates) == 1:
        return candidates[0], candidates[0]
    text_of = {c: _decode_sample(sample, c) for c in candidates}
    scores = sorted(((plausibility(text_of[c], c), c) for c in candidates), reverse=True)
    (best_score, best), (second_score, _) = scores[0], scores[1]
    if best_score - second_score >= _CLEAR_MARGIN:
        return best, best
    # Imported here: it costs a run about 0.01 s, and only a legacy file that the plausibility
    # scores cannot settle needs it (UTF-8 input, the usual case, never does).
    from charset_normalizer import from_bytes

    match = from_bytes(sample, cp_isolation=candidates).best()
    if match is not None and match.encoding in candidates:
        return match.encoding, match.encoding
    return best, best


def _decode_sample(sample: bytes, codec: str) -> str:
    return codecs.getincrementaldecoder(codec)(errors="replace").decode(sample, final=False)


def _words(text: str) -> Iterator[str]:
    word: list[str] = []
    for ch in text:
        if ch.isalpha():
            word.append(ch)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def _is_cyrillic(ch: str) -> bool:
    return "\u0410" <= ch <= "\u044f" or ch in "Ёё"


def _cased_plausibly(word: str) -> bool:
    # Real words are all capitals, all small, or capitalised; mis-decoded bytes mix cases at random.
    return word.isupper() or word.islower() or (word[0].isupper() and word[1:].islower())


def _gb2312_level(ch: str) -> int:
    """1 for the 3,755 common hanzi of GB2312 level 1, 2 for level 2, 0 for anything else."""
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 0
    if 0xB0 <= lead <= 0xD7:
        return 1
    if 0xD8 <= lead <= 0xF7:
        return 2
    return 0


# Non-letter characters a real legacy-encoded export plausibly contains.
_PLAUSIBLE_SYMBOLS = set("№«»—–“”‘’„…°€ \u00a0·、，。：；（）《》【】！？“”　")


def plausibility(text: str, codec: str) -> float:
    """The share of non-ASCII characters of `text` that look like real text in `codec`'s script.

    Windows-1251 should give Cyrillic words in plausible case; GB18030 common hanzi (GB2312 level
    1, which covers nearly all everyday Chinese) or Cyrillic words; Windows-1252 accented letters
    inside Latin words. Mis-decoded bytes give symbols, rare hanzi, or mixed-script words.
    """
    total = sum(1 for ch in text if ord(ch) > 127)
    if total == 0:
        return 0.0
    good = 0.0
    for word in _words(text):
        non_ascii = [ch for ch in word if ord(ch) > 127]
        if not non_ascii:
            continue
        if codec == "cp1251":
            if all(_is_cyrillic(ch) for ch in word) and _cased_plausibly(word):
                good += len(non_ascii)
        elif codec == "gb18030":
            if all(_is_cyrillic(ch) for ch in word) and _cased_plausibly(word):
                good += len(non_ascii)
            else:
                # Level-1 hanzi cover about 99.7% of everyday Chinese text (GB 2312-80), so a
                # level-2 character is weak evidence and anything rarer none at all.
                good += sum({1: 1.0, 2: 0.25}.get(_gb2312_level(ch), 0.0) for ch in non_ascii)
        elif codec == "cp1252":
            ascii_letters = sum(1 for ch in word if ch.isascii())
            if (
                ascii_letters >= len(non_ascii)
                and _cased_plausibly(word)
                and all(unicodedata.category(ch) in ("Ll", "Lu") for ch in non_ascii)
            ):
                good += len(non_ascii)
    good += sum(1 for ch in text if ord(ch) > 127 and ch in _PLAUSIBLE_SYMBOLS)
    return min(good / total, 1.0)


def sniff_text_format(text: str) -> str:
    """json, ndjson or csv, from the first characters of the decoded sample."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        # NDJSON when the first line is a whole object and another object line follows; a single
        # object (a one-row export, or an API envelope holding the rows) is a JSON document.
        first_line = stripped.split("\n", 1)[0].strip()
        rest = stripped[len(first_line) :].strip()
        if _is_json_object(first_line) and rest.startswith("{"):
            return "ndjson"
        return "json"
    return "csv"


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False
