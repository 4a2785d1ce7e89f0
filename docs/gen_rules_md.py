"""Regenerates the generated blocks of docs/rules.md from the bundled rules, lists and example.

Run `python docs/gen_rules_md.py` from the repository (with `src` importable) after changing a rule
file, a named set, a bundled watchlist or goods list, the scoring constants or the example; with
`--check` it changes nothing and exits 1 when docs/rules.md is out of date (tests/test_docs_rules.py
runs the same check). Only the text between `<!-- generated:NAME -->` and
`<!-- /generated:NAME -->` is replaced; everything else in docs/rules.md is written by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from screener.bands import THRESHOLDS, Band
from screener.bundled import bundled_dir, bundled_files
from screener.goods import load_goods_list
from screener.lists import load_watchlist
from screener.model import Assessment, Reason
from screener.rules import load_rules
from screener.rules.model import Rule, RuleSet
from screener.ruletest import load_rule_tests, real_pipeline
from screener.scoring import CATEGORY_POINTS, DEFAULT_CATEGORY_POINTS, MAX_SCORE
from screener.screen import screen

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "rules.md"
EXAMPLE = REPO / "examples" / "invoices.csv"

# The rows of examples/invoices.csv the worked examples are built from: one whose points are all
# rules and add up below the cap, one where party hits take the row to the cap.
EXAMPLE_ROWS: tuple[str, ...] = ("INV-2024-0017", "INV-2024-0013")

_BLOCK = re.compile(
    r"(<!-- generated:(?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /generated:(?P=name) -->)",
    re.DOTALL,
)


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _rel(path: str | Path) -> str:
    """A path relative to the repository when it is inside it (stable across checkouts).

    An installed copy (`site-packages/screener/_bundled/rules/x.yaml`, even inside a venv in the
    checkout) is shown as the repository file it was built from (`rules/x.yaml`).
    """
    resolved = Path(path).resolve()
    if "_bundled" in resolved.parts:
        return "/".join(resolved.parts[resolved.parts.index("_bundled") + 1 :])
    try:
        return resolved.relative_to(REPO).as_posix()
    except ValueError:
        return Path(path).name


# --- blocks -----------------------------------------------------------------------------------


def scoring_block() -> str:
    """The category points of party hits and the bands, from screener.scoring and screener.bands."""
    lines = [
        "| list category | points at a 100 match |",
        "|---|---|",
        *(f"| `{category}` | {points} |" for category, points in CATEGORY_POINTS.items()),
        f"| any other category | {DEFAULT_CATEGORY_POINTS} |",
        "",
        "| band | score |",
        "|---|---|",
    ]
    upper = MAX_SCORE
    for band, low in THRESHOLDS:
        span = f"{low} or more" if band is Band.CRITICAL else f"{low}-{upper}"
        lines.append(f"| {band} | {span} |")
        upper = low - 1
    return "\n".join(lines) + "\n"


def _reason_line(reason: Reason, assessment: Assessment) -> str:
    how = ""
    if reason.kind == "party":
        # The reason text starts with the hit's role and input name (screener.scoring): that
        # tells the counted hit from the same entry's 0-point corroborating hits.
        hit = next(
            (
                h
                for h in assessment.party_hits
                if f"{h.list_id}:{h.entry_id}" == reason.ref
                and h.points == reason.points
                and reason.text.startswith(f"{h.role.replace('_', ' ')} '{h.input_name}'")
            ),
            None,
        )
        if hit is not None:
            base = CATEGORY_POINTS.get(hit.category, DEFAULT_CATEGORY_POINTS)
            if hit.points:
                how = f"{base} ({hit.category}) x {hit.score:.1f}/100"
            else:
                how = "0: the same input name already counts with a stronger hit"
    elif reason.kind == "rule":
        how = "the rule's weight"
    else:
        how = "goods alone score nothing"
    return f"| {reason.kind} | `{reason.ref}` | {_cell(reason.text)} | {how} | {reason.points} |"


def example_block(report_rows: Mapping[str, Assessment]) -> str:
    """The worked examples: every reason of each chosen row with its points, and the sum."""
    out: list[str] = []
    for reference in EXAMPLE_ROWS:
        assessment = report_rows[reference]
        record = assessment.record
        parties = "; ".join(
            f"{p.role.replace('_', ' ')} {p.name}" + (f" ({p.country})" if p.country else "")
            for p in record.parties
        )
        goods = "; ".join(
            f"{line.description or ''} (HS {line.hs_raw or line.hs_code or 'none'})"
            for line in record.goods
        )
        route = record.route
        route_text = ", ".join(
            f"{name} {value}"
            for name, value in (
                ("origin", route.origin),
                ("transit", "/".join(route.transit) or None),
                ("destination", route.destination),
                ("final destination", route.final_destination),
            )
            if value
        )
        out.append(f"**{reference}** (row {record.row} of `examples/invoices.csv`): {parties}.")
        out.append(f"Goods: {goods}. Route: {route_text or 'not given'}.")
        out.append("")
        out.append("| kind | ref | reason | points from | points |")
        out.append("|---|---|---|---|---|")
        out.extend(_reason_line(reason, assessment) for reason in assessment.reasons)
        counted = [r.points for r in assessment.reasons if r.points]
        total = sum(counted)
        sum_text = " + ".join(str(p) for p in counted) or "0"
        capped = f", capped at {MAX_SCORE}" if total > MAX_SCORE else ""
        out.append("")
        out.append(
            f"Score: {sum_text} = {total}{capped} → **{assessment.score}, {assessment.band}**."
        )
        if assessment.similar_parties:
            names = ", ".join(
                f"{h.input_name} ~ {h.entry_name} ({h.score:.0f})"
                for h in assessment.similar_parties
            )
            out.append(f"Look-alikes shown without points of their own: {names}.")
        out.append("")
    return "\n".join(out)


def calibration_block(rules_dir: Path) -> str:
    """The calibration cases of the bundled test files, screened with every bundled rule.

    A calibration case is a test case whose description starts with "Calibration": the statements
    the weights are tuned to keep true (tests/rules/test_bundled_rules.py checks them the same way).
    """
    screen_row = real_pipeline([rules_dir])
    out = [
        "| case | expected | score | band | rules that fired |",
        "|---|---|---|---|---|",
    ]
    for suite in load_rule_tests([rules_dir]):
        for case in suite.cases:
            if not (case.description or "").startswith("Calibration"):
                continue
            assessment = screen_row(case.row)
            if case.min_band is not None and case.min_band == case.max_band:
                expected = f"{case.min_band}"
            else:
                expected = ", ".join(
                    part
                    for part in (
                        f"at least {case.min_band}" if case.min_band else "",
                        f"at most {case.max_band}" if case.max_band else "",
                    )
                    if part
                )
            fired = ", ".join(f"`{f.rule_id}` {f.weight}" for f in assessment.findings) or "none"
            out.append(
                f"| {_cell(case.name)} | {expected} | {assessment.score} | {assessment.band} "
                f"| {fired} |"
            )
    return "\n".join(out) + "\n"


def _rule_sections(ruleset: RuleSet) -> list[str]:
    out: list[str] = []
    by_file: dict[str, list[Rule]] = {}
    for rule in ruleset.rules:
        by_file.setdefault(rule.file, []).append(rule)
    for file, rules in by_file.items():
        out.append(f"### `{_rel(file)}`")
        out.append("")
        out.append("| id | weight | message | sources |")
        out.append("|---|---|---|---|")
        for rule in rules:
            sources = "; ".join(_cell(s) for s in rule.sources)
            out.append(f"| `{rule.id}` | {rule.weight} | {_cell(rule.message)} | {sources} |")
        out.append("")
        for rule in rules:
            out.append(f"- **`{rule.id}`** (+{rule.weight}): {_cell(rule.description or '')}")
        out.append("")
    return out


def rules_block(ruleset: RuleSet) -> str:
    """Every bundled rule: a table per file (id, weight, message, sources), then descriptions."""
    return "\n".join(_rule_sections(ruleset))


def sets_block(ruleset: RuleSet) -> str:
    """Every bundled named set: kind, values and sources."""
    out = ["| set | kind | values | sources |", "|---|---|---|---|"]
    for named in ruleset.named_sets.values():
        values = ", ".join(named.values)
        out.append(
            f"| `{named.name}` | {named.kind} | {_cell(values)} | "
            f"{'; '.join(_cell(s) for s in named.sources)} |"
        )
    return "\n".join(out) + "\n"


def _yaml_top(path: Path) -> Mapping[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def lists_block(watchlists: Sequence[Path], goods_lists: Sequence[Path]) -> str:
    """Every bundled watchlist and goods list: id, name, version, size, file and sources."""
    out = [
        "| list | kind | name | version | entries | file | sources |",
        "|---|---|---|---|---|---|---|",
    ]
    rows: list[tuple[str, str, str, str | None, int, Path, Iterable[str]]] = []
    for path in watchlists:
        info = load_watchlist(path).info
        sources = _yaml_top(path).get("sources") or ()
        rows.append(
            (info.list_id, "watchlist", info.name, info.version, info.entries, path, sources)
        )
    for path in goods_lists:
        goods = load_goods_list(path)
        rows.append(
            (
                goods.info.list_id,
                "goods",
                goods.info.name,
                goods.info.version,
                goods.info.entries,
                path,
                goods.sources,
            )
        )
    for list_id, kind, name, version, entries, path, sources in rows:
        src = "; ".join(_cell(str(s)) for s in sources)
        out.append(
            f"| `{list_id}` | {kind} | {_cell(name)} | {version or '-'} | {entries} | "
            f"`{_rel(path)}` | {src} |"
        )
    return "\n".join(out) + "\n"


# --- the document -----------------------------------------------------------------------------


def render_blocks() -> dict[str, str]:
    """The text of every generated block, by name, from the bundled files and the example."""
    rules_dir = bundled_dir("rules")
    ruleset = load_rules([rules_dir])
    report = screen(EXAMPLE)
    by_reference = {a.record.reference or "": a for a in report.assessments}
    builders: Mapping[str, Callable[[], str]] = {
        "scoring": scoring_block,
        "example": lambda: example_block(by_reference),
        "calibration": lambda: calibration_block(rules_dir),
        "rules": lambda: rules_block(ruleset),
        "sets": lambda: sets_block(ruleset),
        "lists": lambda: lists_block(bundled_files("watchlists"), bundled_files("goods")),
    }
    return {name: build() for name, build in builders.items()}


def update(text: str, blocks: Mapping[str, str]) -> str:
    """`text` with every generated block replaced; ValueError if a block has no markers."""
    found = {m.group("name") for m in _BLOCK.finditer(text)}
    missing = sorted(set(blocks) - found)
    if missing:
        raise ValueError(f"docs/rules.md has no markers for the block(s) {', '.join(missing)}")

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        body = blocks.get(name, match.group("body"))
        return f"{match.group(1)}{body}{match.group(4)}"

    return _BLOCK.sub(replace, text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if docs/rules.md is out of date"
    )
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    fresh = update(current, render_blocks())
    if args.check:
        if fresh != current:
            print("docs/rules.md is out of date: run python docs/gen_rules_md.py", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        DOC.write_text(fresh, encoding="utf-8")
        print("docs/rules.md updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
