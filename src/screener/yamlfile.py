"""Reads screener's YAML data files (watchlists, goods lists) keeping line numbers for errors.

Errors in a data file must name the file, the line and the field; PyYAML's plain loaders forget
where each value came from and silently keep the last of two equal keys. This loader is a
`yaml.SafeLoader` (no arbitrary objects) whose mappings and sequences remember their lines and
which refuses duplicate keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from screener.errors import ConfigError


class LineMap(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineSeq(list[Any]):
    """A YAML sequence that remembers its own line and the line of each element (1-based)."""

    line: int = 0
    lines: list[int]


# libyaml's parser (PyYAML's C extension, in its wheels) reads the bundled goods and rules files
# about ten times faster than the pure-Python one, which matters for a one-row check; both give
# the same nodes and line marks.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """yaml.SafeLoader that records line numbers and refuses duplicate keys."""


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Iterator[LineMap]:
    data = LineMap()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, f"keys must be text, not {key!r}", key_node.start_mark
            )
        if key in data:
            # PyYAML keeps the last of two equal keys without a word; in a data file that
            # silently drops data, so it is an error.
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1


def _construct_seq(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> Iterator[LineSeq]:
    data = LineSeq()
    data.line = node.start_mark.line + 1
    data.lines = []
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=True))
        data.lines.append(child.start_mark.line + 1)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def load_with_lines(text: str) -> Any:
    """Parse YAML `text` into LineMap / LineSeq / scalars; raises yaml.YAMLError when invalid."""
    return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects


class Checker:
    """Shared checks for a data file's YAML: unknown and missing keys, text values.

    Every problem is a ConfigError (exit 4) naming the file, the line and the field path (`where`
    is the path so far, e.g. "entries[3]."), with a hint where one helps.
    """

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(
        self, message: str, line: int | None, field: str | None, hint: str | None = None
    ) -> ConfigError:
        return ConfigError(message, file=self.file, row=line, field=field, hint=hint)

    def check_keys(
        self, data: LineMap, allowed: frozenset[str], required: Sequence[str], where: str
    ) -> None:
        """Refuse keys outside `allowed` (typos must not pass silently) and absent `required`."""
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "allowed keys: " + ", ".join(sorted(allowed))
                )
                raise self.fail(f"unknown key {key!r}", data.line_of(key), f"{where}{key}", hint)
        for key in required:
            if key not in data or data[key] is None:
                raise self.fail(f"missing required key {key!r}", data.line, f"{where}{key}")

    def text(self, data: LineMap, key: str, where: str, *, required: bool = False) -> str | None:
        """A non-empty text value with its white space folded; None when absent and optional."""
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing required key {key!r}", data.line, f"{where}{key}")
            return None
        if not isinstance(value, str):
            raise self.fail(
                f"{key} must be text, not {type(value).__name__} {value!r}",
                data.line_of(key),
                f"{where}{key}",
                "quote the value so that YAML keeps it as text",
            )
        if not value.strip():
            raise self.fail(f"{key} must not be empty", data.line_of(key), f"{where}{key}")
        return " ".join(value.split())
