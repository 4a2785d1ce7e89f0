"""docs/rules.md is up to date with the bundled rules, sets, lists and example, and cites them."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from screener.bundled import bundled_dir, bundled_files
from screener.goods import load_goods_list
from screener.lists import load_watchlist
from screener.rules import load_rules

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "rules.md"
GENERATOR = REPO / "docs" / "gen_rules_md.py"

pytestmark = pytest.mark.skipif(
    not GENERATOR.is_file(), reason="docs/ is not part of this copy (an installed wheel)"
)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rules_md", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_rule_set_and_list_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    ruleset = load_rules([bundled_dir("rules")])
    missing = [f"rule {r}" for r in ruleset.ids if f"`{r}`" not in text]
    missing += [f"set {s}" for s in ruleset.named_sets if f"`{s}`" not in text]
    for path in bundled_files("watchlists"):
        list_id = load_watchlist(path).list_id
        if f"`{list_id}`" not in text:
            missing.append(f"watchlist {list_id}")
    for path in bundled_files("goods"):
        list_id = load_goods_list(path).list_id
        if f"`{list_id}`" not in text:
            missing.append(f"goods list {list_id}")
    assert not missing, f"docs/rules.md does not mention: {missing}"


def test_every_cited_document_id_is_explained() -> None:
    """A source written as a bare id (FIN-2023-NTC2, BIS-KYC) has a row in the Sources table."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Sources", 1)[1].split("\n## ", 1)[0]
    explained = set(re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE))
    ruleset = load_rules([bundled_dir("rules")])
    cited = {s for r in ruleset.rules for s in r.sources}
    cited |= {s for named in ruleset.named_sets.values() for s in named.sources}
    bare_ids = {s for s in cited if re.fullmatch(r"[A-Za-z0-9][\w./-]*", s)}
    assert bare_ids, "the bundled rules cite document ids"
    assert bare_ids <= explained, f"add to the Sources table: {sorted(bare_ids - explained)}"


def test_generated_blocks_are_current() -> None:
    generator = _generator()
    current = DOC.read_text(encoding="utf-8")
    fresh = generator.update(current, generator.render_blocks())
    assert fresh == current, "docs/rules.md is out of date: run python docs/gen_rules_md.py"


def test_update_replaces_only_the_generated_blocks() -> None:
    generator = _generator()
    text = "intro\n<!-- generated:rules -->\nold\n<!-- /generated:rules -->\noutro\n"
    assert generator.update(text, {"rules": "new\n"}) == (
        "intro\n<!-- generated:rules -->\nnew\n<!-- /generated:rules -->\noutro\n"
    )
    with pytest.raises(ValueError, match="sets"):
        generator.update(text, {"rules": "new\n", "sets": "x\n"})
