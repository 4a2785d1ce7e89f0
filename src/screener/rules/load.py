"""Reads rule files and folders into a validated RuleSet; each mistake is a ConfigError with a line.

A rule file is a YAML mapping with `rules:` (a list), `sets:` (named sets, see
`screener.rules.sets`), or both, plus optional `version:` and `description:`:

```yaml
version: "2024-06"
rules:
  - id: russia-belarus-destination       # stable kebab-case; decisions key on it: never rename
    message: Goods go to Russia or Belarus
    weight: 40                           # 1-100 points added to the row's score
    sources: [FIN-2022-Alert003]         # the documents behind the rule (ids, seed files, URLs)
    description: Longer explanation for reviewers.   # optional
    tags: [russia, destination]          # optional
    when: {field: route.final_destination, in_set: russia-belarus}
```

Unknown keys, duplicate keys, duplicate rule ids and duplicate set names across every file of a
run are errors: a typo must never silently turn a rule off. `load_rules` raises the first problem;
`validate` returns them all (one per rule or set, the first found in each).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from screener.errors import ConfigError
from screener.model import RuleSetInfo
from screener.rules.conditions import Compiled, compile_condition
from screener.rules.model import Rule, RuleSet
from screener.rules.sets import NamedSet, parse_set
from screener.rules.source import Located, check_keys, parse_yaml

# Rule ids: lower-case kebab-case, at most 80 characters (long enough for
# "yuan-rouble-settlement-russia-nexus", short enough for a report column).
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RULE_ID_MAX = 80

# Weight bounds: a rule adds 1 to 100 points to a row's 0-100 score (screener.scoring caps the sum).
WEIGHT_MIN = 1
WEIGHT_MAX = 100

RULE_SUFFIXES = (".yaml", ".yml")
TEST_SUFFIXES = (".test.yaml", ".test.yml")

_FILE_KEYS = ("version", "description", "rules", "sets")
_RULE_KEYS = ("id", "message", "weight", "sources", "description", "tags", "when")
_RULE_REQUIRED = ("id", "message", "weight", "sources", "when")


def is_test_file(path: Path) -> bool:
    """Whether `path` is a rule test file (`X.test.yaml`) rather than a rule file."""
    return path.name.endswith(TEST_SUFFIXES)


def rule_files(paths: Sequence[Path]) -> tuple[Path, ...]:
    """The rule files named by `paths`: files as given, folders searched recursively.

    In a folder every `*.yaml` / `*.yml` counts except test files (`*.test.yaml`) and hidden
    files; each file is read once even if named twice. A path that does not exist is an error.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)

    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (
                    found.is_file()
                    and found.name.endswith(RULE_SUFFIXES)
                    and not is_test_file(found)
                    and not found.name.startswith(".")
                ):
                    add(found)
        elif path.is_file():
            add(path)
        else:
            raise ConfigError("no such rules file or folder", file=str(path))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _ParsedFile:
    path: Path
    sha256: str
    version: str | None
    rules: tuple[tuple[str, Located], ...]  # (id, node) of every rule, not yet compiled
    sets: tuple[NamedSet, ...]


def _parse_file(path: Path, problems: list[ConfigError]) -> _ParsedFile | None:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.append(ConfigError(f"cannot read the file: {err.strerror or err}", file=name))
        return None
    sha = hashlib.sha256(data).hexdigest()
    try:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise ConfigError(f"not UTF-8 text ({err.reason})", file=name) from None
        doc = parse_yaml(text, name)
        if doc is None:
            raise ConfigError(
                "the file is empty", file=name, hint="a rules file has 'rules:' and/or 'sets:'"
            )
        top = doc.mapping("a rules file")
        check_keys(top, doc, "a rules file", allowed=_FILE_KEYS)
        if "rules" not in top and "sets" not in top:
            raise doc.error("a rules file needs 'rules:' or 'sets:'")
        version = top["version"].text("version", field="version") if "version" in top else None
        if "description" in top:
            top["description"].text("description", field="description")
    except ConfigError as err:
        problems.append(err)
        return None

    sets: list[NamedSet] = []
    if "sets" in top:
        try:
            entries = top["sets"].mapping("'sets'", field="sets")
        except ConfigError as err:
            problems.append(err)
            entries = {}
        for set_name, node in entries.items():
            try:
                sets.append(parse_set(set_name, node))
            except ConfigError as err:
                problems.append(err)

    rules: list[tuple[str, Located]] = []
    if "rules" in top:
        try:
            nodes = top["rules"].items("'rules'", field="rules")
        except ConfigError as err:
            problems.append(err)
            nodes = []
        for node in nodes:
            try:
                rules.append((_rule_id(node), node))
            except ConfigError as err:
                problems.append(err)
    return _ParsedFile(path, sha, version, tuple(rules), tuple(sets))


def _rule_id(node: Located) -> str:
    body = node.mapping("a rule")
    if "id" not in body:
        raise node.error("a rule has no 'id'", field="id")
    rule_id = body["id"].text("rule id", field="id")
    if not RULE_ID.match(rule_id) or len(rule_id) > RULE_ID_MAX:
        raise body["id"].error(
            f"rule id {rule_id!r} is not lower-case kebab-case of at most {RULE_ID_MAX} characters",
            field="id",
            hint="e.g. russia-belarus-destination",
        )
    return rule_id


def _compile_rule(
    rule_id: str, node: Located, sets: dict[str, NamedSet], compiled: Compiled
) -> Rule:
    body = node.mapping("a rule")
    what = f"rule {rule_id!r}"
    check_keys(body, node, what, allowed=_RULE_KEYS, required=_RULE_REQUIRED)
    message = body["message"].text(f"{what} message", field="message")
    weight = body["weight"].integer(f"{what} weight", field="weight")
    if not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        raise body["weight"].error(
            f"{what} weight {weight} is outside {WEIGHT_MIN}-{WEIGHT_MAX}",
            field="weight",
            hint="a weight is the points the rule adds to a row's 0-100 score",
        )
    sources = tuple(body["sources"].texts(f"{what} sources", field="sources"))
    description = (
        body["description"].text(f"{what} description", field="description")
        if "description" in body
        else None
    )
    tags: tuple[str, ...] = ()
    if "tags" in body:
        tags = tuple(body["tags"].texts(f"{what} tags", field="tags", non_empty=False))
    condition = compile_condition(body["when"], rule_id, sets, compiled)
    return Rule(
        id=rule_id,
        message=" ".join(message.split()),
        weight=weight,
        sources=sources,
        condition=condition,
        file=node.file,
        line=node.line,
        description=" ".join(description.split()) if description else None,
        tags=tags,
    )


def _load(paths: Sequence[Path], problems: list[ConfigError]) -> RuleSet:
    try:
        files = rule_files(paths)
    except ConfigError as err:
        problems.append(err)
        return RuleSet()
    parsed = [p for p in (_parse_file(path, problems) for path in files) if p is not None]

    # Sets first, from every file, so that a rule may use a set defined in any file of the run.
    sets: dict[str, NamedSet] = {}
    for pf in parsed:
        for named in pf.sets:
            if named.name in sets:
                first = sets[named.name]
                problems.append(
                    ConfigError(
                        f"set {named.name!r} is defined twice",
                        file=named.file,
                        row=named.line,
                        field=named.name,
                        hint=f"first in {first.file}, line {first.line}",
                    )
                )
                continue
            sets[named.name] = named

    rules: list[Rule] = []
    compiled: Compiled = {}  # shared by every rule: a condition written twice is tested once
    first_seen: dict[str, tuple[str, int]] = {}
    infos: list[RuleSetInfo] = []
    for pf in parsed:
        count = 0
        for rule_id, node in pf.rules:
            if rule_id in first_seen:
                file, line = first_seen[rule_id]
                problems.append(
                    node.error(
                        f"rule id {rule_id!r} is used twice",
                        field="id",
                        hint=f"first in {file}, line {line}; ids are unique",
                    )
                )
                continue
            first_seen[rule_id] = (node.file, node.line)
            try:
                rules.append(_compile_rule(rule_id, node, sets, compiled))
                count += 1
            except ConfigError as err:
                problems.append(err)
        infos.append(
            RuleSetInfo(path=str(pf.path), rules=count, sha256=pf.sha256, version=pf.version)
        )
    return RuleSet(
        rules=tuple(rules),
        sets=MappingProxyType({name: frozenset(s.values) for name, s in sets.items()}),
        infos=tuple(infos),
        named_sets=MappingProxyType(dict(sets)),
    )


def load_rules(paths: Sequence[Path | str]) -> RuleSet:
    """Load, validate and compile every rule and set in `paths` (files or folders).

    Raises the first problem as a ConfigError with file=, row=<line> and field=<key>.
    """
    problems: list[ConfigError] = []
    ruleset = _load([Path(p) for p in paths], problems)
    if problems:
        raise problems[0]
    return ruleset


def validate(paths: Sequence[Path | str]) -> list[ConfigError]:
    """Every problem in the rule files of `paths` (at most one per rule or set); [] when valid."""
    problems: list[ConfigError] = []
    _load([Path(p) for p in paths], problems)
    return problems
