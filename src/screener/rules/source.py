"""YAML documents read as nodes that know their line, so every rule-file error can point at it.

Rule files are composed with PyYAML's `SafeLoader` (the same parser `yaml.safe_load` uses: no
Python objects, no code) but kept as nodes rather than constructed into plain dicts, because:

- every error names the line of the offending value (`ConfigError(row=<line>)`);
- where the language expects text, a value is read exactly as written. Plain YAML 1.1 turns the
  country code `NO` into `False`, the HS code `8482.10` into the number `8482.1` and `0101` into an
  octal 65; here they stay `"NO"`, `"8482.10"` and `"0101"`, so none of those traps can silently
  change what a rule matches.

Duplicate keys in one mapping, which PyYAML would silently resolve to the last one, are errors, and
so are merge keys (`<<`), which would hide where a value came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from screener.errors import ConfigError

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "empty"
    return repr(node.value)


@dataclass(frozen=True, slots=True)
class Located:
    """One YAML node of file `file`, with typed accessors that raise ConfigError at its line."""

    node: yaml.Node
    file: str

    @property
    def line(self) -> int:
        """1-based line of the node in its file."""
        return int(self.node.start_mark.line) + 1

    def error(
        self, message: str, *, field: str | None = None, hint: str | None = None
    ) -> ConfigError:
        """A ConfigError that points at this node."""
        return ConfigError(message, file=self.file, row=self.line, field=field, hint=hint)

    # --- shape -------------------------------------------------------------------------------

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    @property
    def is_list(self) -> bool:
        return isinstance(self.node, yaml.SequenceNode)

    @property
    def is_null(self) -> bool:
        return isinstance(self.node, yaml.ScalarNode) and self.node.tag == _NULL

    def mapping(self, what: str, *, field: str | None = None) -> dict[str, Located]:
        """The node as an ordered mapping of string keys; duplicate and merge keys are errors."""
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(
                f"{what} must be a mapping (key: value), not {_kind(self.node)}", field=field
            )
        out: dict[str, Located] = {}
        for key_node, value_node in self.node.value:
            key = Located(key_node, self.file)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                raise key.error(f"{what} has a key that is not text", field=field)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise key.error(
                    "YAML merge keys (<<) are not allowed in rule files",
                    field="<<",
                    hint="write the keys out in full",
                )
            name = str(key_node.value)
            if name in out:
                raise key.error(
                    f"key {name!r} appears twice in {what}",
                    field=name,
                    hint=f"the first is on line {out[name].line}",
                )
            out[name] = Located(value_node, self.file)
        return out

    def items(self, what: str, *, field: str | None = None) -> list[Located]:
        """The node as a list; a single scalar is not silently promoted."""
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.error(f"{what} must be a list, not {_kind(self.node)}", field=field)
        return [Located(n, self.file) for n in self.node.value]

    # --- scalars -----------------------------------------------------------------------------

    def text(self, what: str, *, field: str | None = None) -> str:
        """The scalar's text exactly as written (NO stays NO, 8482.10 stays 8482.10); non-empty."""
        node = self.node
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(f"{what} must be text, not {_kind(node)}", field=field)
        if node.tag == _NULL or not str(node.value).strip():
            raise self.error(f"{what} is empty", field=field)
        return str(node.value)

    def texts(self, what: str, *, field: str | None = None, non_empty: bool = True) -> list[str]:
        """A list of texts, each as written."""
        values = [
            item.text(f"each entry of {what}", field=field)
            for item in self.items(what, field=field)
        ]
        if non_empty and not values:
            raise self.error(f"{what} is an empty list", field=field)
        return values

    def cell(self, what: str, *, field: str | None = None) -> str:
        """A scalar as written, like a spreadsheet cell: empty or null is "", never an error."""
        node = self.node
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(f"{what} must be a single value, not {_kind(node)}", field=field)
        return "" if node.tag == _NULL else str(node.value)

    def integer(self, what: str, *, field: str | None = None) -> int:
        node = self.node
        if not isinstance(node, yaml.ScalarNode) or node.tag != _INT:
            raise self.error(f"{what} must be a whole number, not {_kind(node)}", field=field)
        return int(SafeConstructor().construct_object(node))

    def number(self, what: str, *, field: str | None = None) -> float:
        node = self.node
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_INT, _FLOAT):
            raise self.error(f"{what} must be a number, not {_kind(node)}", field=field)
        value = SafeConstructor().construct_object(node)
        return float(value)

    def boolean(self, what: str, *, field: str | None = None) -> bool:
        node = self.node
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
            raise self.error(f"{what} must be true or false, not {_kind(node)}", field=field)
        return bool(SafeConstructor().construct_object(node))


def check_keys(
    mapping: dict[str, Located],
    where: Located,
    what: str,
    *,
    allowed: Sequence[str],
    required: Sequence[str] = (),
) -> None:
    """Unknown keys and missing required keys are errors: a typo must never pass silently."""
    for key, value in mapping.items():
        if key not in allowed:
            raise value.error(
                f"unknown key {key!r} in {what}",
                field=key,
                hint=f"allowed: {', '.join(allowed)}",
            )
    for key in required:
        if key not in mapping:
            raise where.error(f"{what} has no {key!r}", field=key)


def read_yaml(path: Path, *, display: str | None = None) -> Located | None:
    """The document of one YAML file as a Located node, or None for an empty file.

    Unreadable files and YAML syntax errors are ConfigErrors naming the file and line.
    """
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("no such file", file=name) from None
    except UnicodeDecodeError as err:
        raise ConfigError(f"not UTF-8 text ({err.reason})", file=name) from None
    except OSError as err:
        raise ConfigError(f"cannot read the file: {err.strerror or err}", file=name) from None
    return parse_yaml(text, name)


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, name: str) -> Located | None:
    """Compose `text` (one YAML document) with the safe loader; None when it holds nothing."""
    # libyaml's composer when PyYAML has it: the same nodes and marks, about ten times faster
    # (a fifth of a second of every one-row check went here).
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        problem = err.problem or err.context or "invalid YAML"
        raise ConfigError(f"invalid YAML: {problem}", file=name, row=line) from None
    except yaml.YAMLError as err:
        raise ConfigError(f"invalid YAML: {err}", file=name) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return Located(node, name)
