"""Runs rule test files: rows beside each rule file saying which rules must fire and which must not.

Each rule file `X.yaml` has a sibling `X.test.yaml` (semgrep's model: tests sit beside the rule):

```yaml
cases:
  - name: CHPL chips to Russia via Kyrgyzstan
    row: {Seller: Acme GmbH, Buyer: Altai Trade LLC, Buyer Country: Kyrgyzstan,
          Final Destination: Russia, HS Code: "8542.31", Description: microcontrollers}
    fires: [russia-belarus-destination, transshipment-hub-high-priority-goods]
    not_fires: [third-party-payer]
    min_band: high          # optional: the row's band is at least this
    max_band: critical      # optional: ... and at most this
```

A row is written with the column headers of a user's file and goes through the real pipeline
(`screener.columns.recognise`, `screener.records.build_record`, a `screener.screen.Screener` with
the rule file), so a test also proves that real exports reach the fields the rule reads. Cells are
read exactly as written (`8542.10` stays `8542.10`, `NO` stays `NO`), like a CSV cell.

The rule file is loaded together with the sets-only files of its folder (files with `sets:` and
no `rules:`, such as rules/sets.yaml), so its named sets resolve as they do in a real run.

Every rule must have at least one case where it must fire and one where it must not; a rule file
without a test file, or a rule without both kinds of case, is a coverage failure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from screener.bands import Band, parse_band
from screener.errors import ConfigError, ScreenerError
from screener.model import Assessment, Finding
from screener.rules import is_test_file, load_rules, rule_files
from screener.rules.load import TEST_SUFFIXES
from screener.rules.source import Located, check_keys, parse_yaml, read_yaml

# Screens one row (header -> cell) with the rules it was built for.
RowScreener = Callable[[Mapping[str, str]], Assessment]
# Builds a RowScreener for the given rule paths (the rule file and its sets files).
PipelineFactory = Callable[[Sequence[Path]], RowScreener]

_FILE_KEYS = ("description", "cases")
_CASE_KEYS = ("name", "description", "row", "fires", "not_fires", "min_band", "max_band")


@dataclass(frozen=True, slots=True)
class RuleTestCase:
    """One row of a test file and what it expects."""

    name: str
    row: Mapping[str, str]
    fires: tuple[str, ...]
    not_fires: tuple[str, ...]
    test_file: str
    line: int
    index: int  # 1-based position in the file
    min_band: Band | None = None
    max_band: Band | None = None
    description: str | None = None

    @property
    def id(self) -> str:
        """A stable name for the case: `<test file name>::<case name>`."""
        return f"{Path(self.test_file).name}::{self.name}"


@dataclass(frozen=True, slots=True)
class RuleTestFile:
    """A rule file, its test file (or None), the sets files loaded with it, and its cases."""

    rule_file: Path
    test_file: Path | None
    support_files: tuple[Path, ...]
    rule_ids: tuple[str, ...]
    cases: tuple[RuleTestCase, ...]

    @property
    def rule_paths(self) -> tuple[Path, ...]:
        """What a run of this file's tests loads: the rule file and its folder's sets files."""
        return (self.rule_file, *self.support_files)


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of one case: what fired, what was wrong, and the findings to show why."""

    case: RuleTestCase
    fired: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # must fire, did not
    unexpected: tuple[str, ...] = ()  # must not fire, did
    findings: tuple[Finding, ...] = ()
    score: int | None = None
    band: Band | None = None
    problems: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class CoverageProblem:
    """A rule file without tests, or a rule without a must-fire or a must-not-fire case."""

    rule_file: str
    rule_id: str | None
    message: str


@dataclass(frozen=True, slots=True)
class RuleTestReport:
    """Every case result and coverage problem of a test run."""

    files: tuple[RuleTestFile, ...]
    results: tuple[CaseResult, ...]
    coverage: tuple[CoverageProblem, ...]

    @property
    def ok(self) -> bool:
        """Every case passed and every rule is covered."""
        return not self.coverage and all(r.passed for r in self.results)

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        return tuple(r for r in self.results if not r.passed)


# --- finding and reading test files -----------------------------------------------------------


def find_test_file(rule_file: Path) -> Path | None:
    """The test file beside `rule_file` (`X.test.yaml` or `X.test.yml`), if there is one."""
    stem = rule_file.name.rsplit(".", 1)[0]
    for suffix in TEST_SUFFIXES:
        candidate = rule_file.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def _rule_file_for(test_file: Path) -> Path:
    for suffix in TEST_SUFFIXES:
        if test_file.name.endswith(suffix):
            stem = test_file.name[: -len(suffix)]
            for ext in (".yaml", ".yml"):
                candidate = test_file.with_name(stem + ext)
                if candidate.is_file():
                    return candidate
    raise ConfigError(
        "no rule file beside this test file",
        file=str(test_file),
        hint="X.test.yaml tests X.yaml in the same folder",
    )


def _top_keys(path: Path) -> set[str]:
    """The top-level keys of a YAML file; empty on any problem (load_rules will report it)."""
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8-sig"), str(path))
        return set(doc.mapping("a rules file")) if doc is not None else set()
    except (ConfigError, OSError, UnicodeDecodeError):
        return set()


def sets_files_beside(rule_file: Path) -> tuple[Path, ...]:
    """The sets-only files (`sets:` and no `rules:`) in the folder of `rule_file`, sorted."""
    out: list[Path] = []
    for path in sorted(rule_file.parent.iterdir()):
        if (
            path.is_file()
            and path.resolve() != rule_file.resolve()
            and path.name.endswith((".yaml", ".yml"))
            and not is_test_file(path)
            and not path.name.startswith(".")
        ):
            keys = _top_keys(path)
            if "sets" in keys and "rules" not in keys:
                out.append(path)
    return tuple(out)


def _bands(case: dict[str, Located], key: str) -> Band | None:
    if key not in case:
        return None
    text = case[key].text(key, field=key)
    try:
        return parse_band(text)
    except ValueError as err:
        raise case[key].error(str(err), field=key) from None


def _ids(node: Located, key: str, known: Sequence[str], rule_file: Path) -> tuple[str, ...]:
    ids = node.texts(f"'{key}'", field=key, non_empty=False)
    for rule_id in ids:
        if rule_id not in known:
            raise node.error(
                f"{key} names rule {rule_id!r}, which {rule_file.name} does not define",
                field=key,
                hint=f"its rules are {', '.join(known) or 'none'}",
            )
    return tuple(dict.fromkeys(ids))


def _read_cases(
    test_file: Path, rule_file: Path, rule_ids: Sequence[str]
) -> tuple[RuleTestCase, ...]:
    doc = read_yaml(test_file)
    if doc is None:
        raise ConfigError("the test file is empty", file=str(test_file), hint="add 'cases:'")
    top = doc.mapping("a rule test file")
    check_keys(top, doc, "a rule test file", allowed=_FILE_KEYS, required=("cases",))
    cases: list[RuleTestCase] = []
    names: dict[str, int] = {}
    for index, node in enumerate(top["cases"].items("'cases'", field="cases"), start=1):
        body = node.mapping("a test case")
        check_keys(body, node, "a test case", allowed=_CASE_KEYS, required=("name", "row"))
        name = " ".join(body["name"].text("case name", field="name").split())
        if name in names:
            raise body["name"].error(
                f"case name {name!r} is used twice",
                field="name",
                hint=f"the first is on line {names[name]}",
            )
        names[name] = node.line
        row: dict[str, str] = {}
        for header, cell in body["row"].mapping(f"case {name!r} row", field="row").items():
            row[header] = cell.cell(f"case {name!r} column {header!r}", field=header)
        if not row:
            raise body["row"].error(f"case {name!r} has an empty row", field="row")
        fires = _ids(body["fires"], "fires", rule_ids, rule_file) if "fires" in body else ()
        not_fires = (
            _ids(body["not_fires"], "not_fires", rule_ids, rule_file) if "not_fires" in body else ()
        )
        both = set(fires) & set(not_fires)
        if both:
            raise node.error(
                f"case {name!r} says {sorted(both)} must both fire and not fire", field="not_fires"
            )
        min_band, max_band = _bands(body, "min_band"), _bands(body, "max_band")
        if min_band is not None and max_band is not None and min_band.rank > max_band.rank:
            raise node.error(
                f"case {name!r}: min_band {min_band} is above max_band {max_band}", field="min_band"
            )
        if not fires and not not_fires and min_band is None and max_band is None:
            raise node.error(
                f"case {name!r} expects nothing",
                field="fires",
                hint="give fires:, not_fires:, min_band: or max_band:",
            )
        description = (
            body["description"].text("description", field="description")
            if "description" in body
            else None
        )
        cases.append(
            RuleTestCase(
                name=name,
                row=MappingProxyType(row),
                fires=fires,
                not_fires=not_fires,
                test_file=str(test_file),
                line=node.line,
                index=index,
                min_band=min_band,
                max_band=max_band,
                description=description,
            )
        )
    return tuple(cases)


def load_rule_tests(paths: Sequence[Path | str]) -> tuple[RuleTestFile, ...]:
    """The rule files named by `paths` (rule files, test files or folders) with their test cases.

    Loads each rule file (with its folder's sets files) to know its rule ids; a broken rule file
    or test file is a ConfigError. Sets-only files are not listed: they hold no rules to test.
    """
    targets: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and is_test_file(path):
            targets.append(_rule_file_for(path))
        else:
            targets.extend(rule_files([path]))
    out: list[RuleTestFile] = []
    seen: set[Path] = set()
    for rule_file in targets:
        if rule_file.resolve() in seen:
            continue
        seen.add(rule_file.resolve())
        support = sets_files_beside(rule_file)
        ruleset = load_rules([rule_file, *support])
        own = str(rule_file)
        rule_ids = tuple(r.id for r in ruleset.rules if r.file == own)
        if not rule_ids and "rules" not in _top_keys(rule_file):
            continue
        test_file = find_test_file(rule_file)
        cases = _read_cases(test_file, rule_file, rule_ids) if test_file is not None else ()
        out.append(RuleTestFile(rule_file, test_file, support, rule_ids, cases))
    return tuple(out)


# --- running ----------------------------------------------------------------------------------


def real_pipeline(rule_paths: Sequence[Path]) -> RowScreener:
    """A RowScreener over the real stages: column recognition, record building, a Screener.

    The bundled watchlists and goods lists are loaded (goods hits feed `goods:` conditions); the
    bundled rules are not, so only the rules under test fire.
    """
    # Imported here: ruletest must stay importable (and its runner testable) without the rest of
    # the pipeline, and `import screener.ruletest` must not load every watchlist.
    from screener.columns import recognise
    from screener.config import Config
    from screener.records import build_record
    from screener.screen import Screener

    screener = Screener.from_config(Config(rules_paths=tuple(rule_paths), bundled_rules=False))
    source = str(rule_paths[0]) if rule_paths else "<rule test>"

    def screen_row(row: Mapping[str, str]) -> Assessment:
        columns = recognise(tuple(row), source=source)
        # Row 2: the first data row under a header, as a user's file would number it.
        record = build_record(source, (2, dict(row)), columns)
        return screener.screen_record(record)

    return screen_row


def check_case(case: RuleTestCase, screen_row: RowScreener) -> CaseResult:
    """Screen the case's row and compare what fired (and the band) with what the case expects."""
    try:
        assessment = screen_row(case.row)
    except ScreenerError as err:
        return CaseResult(case=case, problems=(f"the row could not be screened: {err.one_line()}",))
    fired = tuple(f.rule_id for f in assessment.findings)
    missing = tuple(rule_id for rule_id in case.fires if rule_id not in fired)
    unexpected = tuple(rule_id for rule_id in case.not_fires if rule_id in fired)
    problems: list[str] = []
    if missing:
        problems.append("must fire but did not: " + ", ".join(missing))
    by_id = {f.rule_id: f for f in assessment.findings}
    for rule_id in unexpected:
        evidence = "; ".join(by_id[rule_id].evidence)
        problems.append(f"must not fire but did: {rule_id} ({evidence})")
    band = assessment.band
    scored = ", ".join(f"{r.ref} {r.points}" for r in assessment.reasons) or "no reasons"
    if case.min_band is not None and band.rank < case.min_band.rank:
        problems.append(
            f"band {band} (score {assessment.score}: {scored}) is below {case.min_band}"
        )
    if case.max_band is not None and band.rank > case.max_band.rank:
        problems.append(
            f"band {band} (score {assessment.score}: {scored}) is above {case.max_band}"
        )
    return CaseResult(
        case=case,
        fired=fired,
        missing=missing,
        unexpected=unexpected,
        findings=assessment.findings,
        score=assessment.score,
        band=band,
        problems=tuple(problems),
    )


def coverage_problems(files: Sequence[RuleTestFile]) -> tuple[CoverageProblem, ...]:
    """Rule files without a test file; rules without a must-fire or without a must-not-fire case."""
    out: list[CoverageProblem] = []
    for tf in files:
        name = str(tf.rule_file)
        if tf.test_file is None:
            stem = tf.rule_file.name.rsplit(".", 1)[0]
            out.append(
                CoverageProblem(name, None, f"no test file: write {stem}.test.yaml beside it")
            )
            continue
        fired = {rule_id for case in tf.cases for rule_id in case.fires}
        not_fired = {rule_id for case in tf.cases for rule_id in case.not_fires}
        for rule_id in tf.rule_ids:
            if rule_id not in fired:
                out.append(
                    CoverageProblem(name, rule_id, f"{rule_id} has no case where it must fire")
                )
            if rule_id not in not_fired:
                out.append(
                    CoverageProblem(name, rule_id, f"{rule_id} has no case where it must not fire")
                )
    return tuple(out)


def run_rule_tests(
    paths: Sequence[Path | str], *, pipeline: PipelineFactory | None = None
) -> RuleTestReport:
    """Run every test case of the rule files in `paths` and check that every rule is covered.

    `pipeline` builds the row screener for a rule file (default: `real_pipeline`). A broken rule or
    test file raises ConfigError; a row that cannot be screened is a failed case, not a crash.
    """
    build = pipeline or real_pipeline
    files = load_rule_tests(paths)
    results: list[CaseResult] = []
    for tf in files:
        if not tf.cases:
            continue
        screen_row = build(tf.rule_paths)
        results.extend(check_case(case, screen_row) for case in tf.cases)
    return RuleTestReport(files=files, results=tuple(results), coverage=coverage_problems(files))
