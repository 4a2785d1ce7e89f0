"""Tests for screener.goods: HS and description matching, the bundled lists, strict validation."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from screener.errors import ConfigError
from screener.goods import (
    GoodsClassifier,
    GoodsList,
    format_hs,
    hs_digits,
    load_bundled_goods_lists,
    load_goods_list,
    load_goods_lists,
)
from screener.model import GoodsHit, GoodsLine, Record

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "goods"
SAMPLE = FIXTURES / "sample.yaml"
# CI checks the shared research folder out beside the repository (../shared).
SHARED = REPO.parent / "shared"
CHPL_REFERENCE = SHARED / "reference" / "chpl-2024-02-23.yaml"
HS2022 = SHARED / "data" / "hs" / "hs2022.csv"


@pytest.fixture(scope="module")
def sample() -> GoodsList:
    return load_goods_list(SAMPLE)


@pytest.fixture(scope="module")
def classifier(sample: GoodsList) -> GoodsClassifier:
    return GoodsClassifier([sample])


@pytest.fixture(scope="module")
def bundled() -> tuple[GoodsList, ...]:
    return load_bundled_goods_lists()


@pytest.fixture(scope="module")
def bundled_classifier(bundled: tuple[GoodsList, ...]) -> GoodsClassifier:
    return GoodsClassifier(bundled)


def hits_for(
    classifier: GoodsClassifier, hs: str | None = None, description: str | None = None
) -> tuple[GoodsHit, ...]:
    return classifier.classify_line(GoodsLine(description=description, hs_code=hs))


def items(hits: tuple[GoodsHit, ...]) -> set[str]:
    return {hit.item_id for hit in hits}


# --- HS codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "item"),
    [
        ("854231", "processors"),  # HS-6
        ("85423190", "processors"),  # EU CN-8
        (hs_digits("8542.31.0000"), "processors"),  # US HTS-10 as written on an invoice
        ("8542320000", "memories"),
        ("8482100009", "ball-bearings"),  # Russian TN VED-10
        ("8806221000", "drones"),  # a 4-digit item prefix
        ("8806", "drones"),
    ],
)
def test_national_codes_match_by_prefix(classifier: GoodsClassifier, code: str, item: str) -> None:
    hits = hits_for(classifier, hs=code)
    assert [(h.item_id, h.matched_on) for h in hits] == [(item, "hs")]
    assert hits[0].hs_code == code
    assert "declared at heading level" not in hits[0].label


def test_matched_is_the_listed_prefix(classifier: GoodsClassifier) -> None:
    (hit,) = hits_for(classifier, hs="8542310000")
    assert hit.matched == "854231"
    (hit,) = hits_for(classifier, hs="8806221000")
    assert hit.matched == "8806"


@pytest.mark.parametrize("code", ["8542330000", "8541100000", "8483", "8482400000"])
def test_codes_outside_the_list_do_not_match(classifier: GoodsClassifier, code: str) -> None:
    assert hits_for(classifier, hs=code) == ()


def test_heading_level_code_matches_every_listed_subheading_with_a_note(
    classifier: GoodsClassifier,
) -> None:
    hits = hits_for(classifier, hs="8542")
    assert items(hits) == {"processors", "memories"}
    for hit in hits:
        assert hit.matched_on == "hs"
        assert hit.matched == "8542"
        assert "declared at heading level 8542" in hit.label
    labels = {hit.item_id: hit.label for hit in hits}
    assert labels["processors"].endswith("(declared at heading level 8542; listed as 8542.31)")


def test_five_digit_code_narrows_the_heading(classifier: GoodsClassifier) -> None:
    assert items(hits_for(classifier, hs="84825")) == {"roller-bearings"}
    assert items(hits_for(classifier, hs="8482")) == {"ball-bearings", "roller-bearings"}


def test_hs2017_code_matches_with_a_note(classifier: GoodsClassifier) -> None:
    (hit,) = hits_for(classifier, hs="85489000")
    assert hit.item_id == "electrical-parts"
    assert hit.matched == "854890"
    assert hit.label.endswith("(HS 2017 code 8548.90, listed as 8548.00)")
    (current,) = hits_for(classifier, hs="85480000")
    assert current.label == "SAMPLE Tier 2.A: electrical parts"


def test_full_match_wins_over_heading_note_for_the_same_item(classifier: GoodsClassifier) -> None:
    # 8548 as a heading could be 8548.00 or the HS 2017 8548.90: one hit, not two.
    hits = hits_for(classifier, hs="8548")
    assert [h.item_id for h in hits] == ["electrical-parts"]


def test_dotted_code_from_a_caller_is_tolerated(classifier: GoodsClassifier) -> None:
    assert items(hits_for(classifier, hs="8542.31.0000")) == {"processors"}


def test_hs_digits_and_format() -> None:
    assert hs_digits("8542.31.0000") == "8542310000"
    assert hs_digits("8482 10 000 9") == "8482100009"
    assert hs_digits("8542-31") == "854231"
    assert hs_digits("８５４２３１") is None  # full-width digits are rejected
    assert hs_digits("854") is None
    assert hs_digits("85423100001") is None
    assert hs_digits("8542A1") is None
    assert format_hs("854231") == "8542.31"
    assert format_hs("85423190") == "8542.31.90"
    assert format_hs("8806") == "8806"


# --- Descriptions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Microcontroller STM32F103C8T6", {"processors"}),
        ("MCU, 32-bit", {"processors"}),
        ("Микроконтроллеры 32-разрядные", {"processors"}),
        ("STM32单片机", {"processors"}),
        ("Integrated circuits", {"chips"}),
        ("Микросхемы интегральные", {"chips"}),
        ("集成电路", {"chips"}),
        ("IC芯片 NE555", {"chips"}),
        ("SKF ball bearings 6205-2RS", {"ball-bearings"}),
        ("Подшипники шариковые радиальные", {"ball-bearings"}),
        ("Шарикоподшипник 6205", {"ball-bearings"}),
        ("深沟球轴承 6205", {"ball-bearings"}),
        ("bearings", {"bearings"}),
        ("Подшипники", {"bearings"}),
        ("轴承", {"bearings"}),
        ("DJI Mavic 3 drone", {"drones"}),
        ("UAVs for mapping", {"drones"}),
    ],
)
def test_descriptions_in_three_languages_without_a_code(
    classifier: GoodsClassifier, description: str, expected: set[str]
) -> None:
    hits = hits_for(classifier, description=description)
    assert items(hits) == expected
    assert all(hit.matched_on == "description" for hit in hits)
    assert all(hit.description == description for hit in hits)


@pytest.mark.parametrize(
    "description",
    [
        "Chocolate chips, 1 kg",
        "Wood chips for smoking",
        "Load-bearing wall panels",
        "Drone bee colony with queen",
        "LED芯片",
        "polar bears",  # 'bear' is a whole word, not a stem
        "widgets",  # likewise 'widget'
        "load cells",
    ],
)
def test_false_positives_do_not_match(classifier: GoodsClassifier, description: str) -> None:
    assert hits_for(classifier, description=description) == ()


def test_whole_word_and_stem_keywords(classifier: GoodsClassifier) -> None:
    assert items(hits_for(classifier, description="a bear")) == {"whole-words"}
    assert items(hits_for(classifier, description="a bearing")) == {"bearings"}
    assert items(hits_for(classifier, description="Bearings, 20 pcs")) == {"bearings"}
    assert items(hits_for(classifier, description="Widget, blue")) == {"whole-words"}
    assert items(hits_for(classifier, description="load-cell sensor")) == {"whole-words"}


def test_exclusion_cancels_only_the_occurrence_it_overlaps(classifier: GoodsClassifier) -> None:
    (hit,) = hits_for(classifier, description="wood chips, IC chips")
    assert hit.item_id == "chips"
    (hit,) = hits_for(classifier, description="Load-bearing frame with bearings")
    assert hit.item_id == "bearings"


def test_matched_words_are_reported_as_written(classifier: GoodsClassifier) -> None:
    (hit,) = hits_for(classifier, description="Подшипник шариковый радиальный 6205")
    assert hit.matched == "Подшипник шариковый"
    (hit,) = hits_for(classifier, description="ＳＫＦ Ball-Bearings (sealed)")
    assert hit.matched == "Ball-Bearings"
    (hit,) = hits_for(classifier, description="integrated circuits and microcircuits")
    assert hit.matched == "integrated circuits"


def test_decomposed_and_compatibility_characters_are_mapped_back(
    classifier: GoodsClassifier,
) -> None:
    # "й" typed as и + combining breve, and a full-width "ＭＣＵ": the words are still reported as
    # written in the description.
    decomposed = "Подшипник шарикови\u0306 6205"
    (hit,) = hits_for(classifier, description=decomposed)
    assert hit.matched == "Подшипник шарикови\u0306"
    (hit,) = hits_for(classifier, description="ＭＣＵ 32-bit")
    assert (hit.item_id, hit.matched) == ("processors", "ＭＣＵ")


def test_widest_wording_is_reported_once(classifier: GoodsClassifier) -> None:
    (hit,) = hits_for(classifier, description="cylindrical roller bearings NU204")
    assert hit.item_id == "roller-bearings"
    assert hit.matched == "cylindrical roller bearings"


def test_group_gives_way_to_a_member(classifier: GoodsClassifier) -> None:
    # "bearings" (group) and "ball bearings" (member) in one line: the member alone is reported.
    assert items(hits_for(classifier, description="ball bearings")) == {"ball-bearings"}
    assert items(hits_for(classifier, description="integrated circuit, MCU")) == {"processors"}
    # A member found by its code also silences the group.
    assert items(hits_for(classifier, hs="84821000", description="bearings")) == {"ball-bearings"}


def test_group_gives_way_to_a_narrower_group(classifier: GoodsClassifier) -> None:
    assert items(hits_for(classifier, description="roller type bearings")) == {"roller-type"}


def test_description_under_an_unrelated_code_is_reported(classifier: GoodsClassifier) -> None:
    hits = hits_for(classifier, hs="94036000", description="ball bearings")
    assert [(h.item_id, h.matched_on, h.hs_code) for h in hits] == [
        ("ball-bearings", "description", "94036000")
    ]


def test_code_and_words_for_the_same_item_make_one_hs_hit(classifier: GoodsClassifier) -> None:
    hits = hits_for(classifier, hs="85423190", description="Microcontrollers")
    assert [(h.item_id, h.matched_on) for h in hits] == [("processors", "hs")]


def test_code_and_words_for_different_items_make_two_hits(classifier: GoodsClassifier) -> None:
    hits = hits_for(classifier, hs="85423190", description="memory chips")
    assert [(h.item_id, h.matched_on) for h in hits] == [
        ("processors", "hs"),
        ("memories", "description"),
    ]


def test_alternate_descriptions_are_matched(classifier: GoodsClassifier) -> None:
    line = GoodsLine(description="Изделия", alt_descriptions=("ball bearings",))
    (hit,) = classifier.classify_line(line)
    assert hit.item_id == "ball-bearings"
    assert hit.description == "ball bearings"


def test_repeated_descriptions_give_the_same_hits(classifier: GoodsClassifier) -> None:
    first = hits_for(classifier, description="ball bearings, chocolate chips")
    second = hits_for(classifier, description="ball bearings, chocolate chips")
    assert first == second
    assert items(first) == {"ball-bearings"}


def test_empty_and_punctuation_only_descriptions(classifier: GoodsClassifier) -> None:
    assert hits_for(classifier, description="") == ()
    assert hits_for(classifier, description="--- / ---") == ()
    assert classifier.classify_line(GoodsLine()) == ()


# --- Hits -------------------------------------------------------------------------------------


def test_hit_fields(classifier: GoodsClassifier, sample: GoodsList) -> None:
    (hit,) = hits_for(classifier, hs="85423190", description="MCU")
    assert hit.list_id == "sample"
    assert hit.list_name == "Sample goods list"
    assert hit.item_id == "processors"
    assert hit.tier == "1"
    assert hit.label == "SAMPLE Tier 1: integrated circuits: processors"
    assert hit.matched_on == "hs"
    assert hit.matched == "854231"
    assert hit.hs_code == "85423190"
    assert hit.description == "MCU"
    # Item sources first, then the list's.
    assert hit.sources == ("an item source", "tests/fixtures/goods/sample.yaml (invented)")
    assert hit.points == 0


def test_group_hit_fields(classifier: GoodsClassifier) -> None:
    (hit,) = hits_for(classifier, description="Микросхемы")
    assert (hit.item_id, hit.tier, hit.matched) == ("chips", "1", "Микросхемы")
    assert hit.label == "SAMPLE Tier 1: integrated circuits (any)"
    assert hit.sources == ("tests/fixtures/goods/sample.yaml (invented)",)


def test_classify_record_numbers_lines_from_zero(classifier: GoodsClassifier) -> None:
    record = Record(
        source="invoice.csv",
        row=2,
        goods=(
            GoodsLine(description="Cotton T-shirts", hs_code="610910"),
            GoodsLine(description="ball bearings"),
            GoodsLine(hs_code="85423100"),
        ),
    )
    hits = classifier.classify(record)
    assert [(h.line, h.item_id) for h in hits] == [(1, "ball-bearings"), (2, "processors")]


def test_list_metadata(sample: GoodsList) -> None:
    info = sample.info
    assert (info.list_id, info.kind, info.version, info.date) == (
        "sample",
        "goods",
        "7",
        "2024-01-31",
    )
    assert info.entries == len(sample.items) == 7
    assert info.path == str(SAMPLE)
    assert len(info.sha256) == 64
    assert sample.tiers == ("1", "2.A")
    assert sample.url == "https://example.org/sample-goods-list"
    item = sample.get("ball-bearings")
    assert item is not None and item.tier == "2.A"
    assert sample.get("bearings") is not None
    assert sample.get("nothing") is None
    processors = sample.items[0]
    assert processors.hs_prefixes == ("854231",)
    assert processors.keywords["ru"] == ("микроконтроллер*",)
    assert sample.items[4].hs2017_prefixes == ("854890",)


def test_two_lists_are_matched_in_one_pass(sample: GoodsList, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        "id: other\nname: Other\nsources: [x]\nitems:\n"
        "  - {id: bearings, label: all bearings, hs: ['8482'], keywords: {en: ['bearing*']}}\n",
        encoding="utf-8",
    )
    classifier = GoodsClassifier([sample, load_goods_list(other)])
    hits = classifier.classify_line(GoodsLine(description="ball bearings", hs_code="84821000"))
    assert [(h.list_id, h.item_id, h.tier, h.label) for h in hits] == [
        ("sample", "ball-bearings", "2.A", "SAMPLE Tier 2.A: ball bearings"),
        ("other", "bearings", None, "Other: all bearings"),
    ]
    assert classifier.infos[1].list_id == "other"


def test_duplicate_list_ids_are_rejected(sample: GoodsList) -> None:
    with pytest.raises(ConfigError, match="loaded twice"):
        GoodsClassifier([sample, sample])
    with pytest.raises(ConfigError, match="also used by") as err:
        load_goods_lists([SAMPLE, SAMPLE])
    assert err.value.field == "id"


# --- Strict validation ------------------------------------------------------------------------

BASE = """\
id: mini
name: Mini list
tiers: ["1", "2"]
sources: ["invented for tests"]
items:
  - id: chips
    label: chips
    tier: "1"
    hs: ["8542.31"]
    keywords: {en: ["chip*"]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "goods.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, marker: str) -> int:
    """The 1-based line of the first occurrence of `marker` in `text`."""
    return text[: text.index(marker)].count("\n") + 1


def test_base_of_the_validation_cases_is_valid(tmp_path: Path) -> None:
    loaded = load_goods_list(write(tmp_path, BASE))
    assert loaded.items[0].hs_prefixes == ("854231",)


@pytest.mark.parametrize(
    ("text", "marker", "field", "message"),
    [
        (BASE.replace("keywords:", "keyword:"), "keyword:", "items[0].keyword", "unknown key"),
        (BASE + "colour: red\n", "colour", "colour", "unknown key"),
        (BASE.replace('"8542.31"', '"85423"'), "85423", "items[0].hs[0]", "bad HS prefix"),
        (BASE.replace('"8542.31"', "8542"), "hs:", "items[0].hs[0]", "must be quoted"),
        (BASE.replace('"8542.31"', "8542.10"), "hs:", "items[0].hs[0]", "must be quoted"),
        (
            BASE.replace('hs: ["8542.31"]', 'hs: ["8542.31", "854231"]'),
            "hs:",
            "items[0].hs[1]",
            "listed twice",
        ),
        (
            BASE + "  - {id: chips, label: again, tier: '1', hs: ['8541']}\n",
            "id: chips, label: again",
            "items[1].id",
            "duplicate id",
        ),
        (
            BASE.replace('sources: ["invented for tests"]', "sources: []"),
            "sources",
            "sources",
            "must not be empty",
        ),
        (
            BASE.replace('sources: ["invented for tests"]\n', ""),
            "id: mini",
            "sources",
            "missing required key",
        ),
        (BASE + "    sources: []\n", "    sources: []", "items[0].sources", "must not be empty"),
        (BASE.replace('tier: "1"', 'tier: "3"'), "tier:", "items[0].tier", "unknown tier"),
        (BASE.replace('tier: "1"', "tier: 1"), "tier:", "items[0].tier", "must be quoted"),
        (BASE.replace('    tier: "1"\n', ""), "  - id: chips", "items[0].tier", "missing tier"),
        (
            BASE.replace('tiers: ["1", "2"]\n', ""),
            "tier:",
            "items[0].tier",
            "list declares no tiers",
        ),
        (
            BASE.replace("    label: chips\n", "    label: chips\n    label: again\n"),
            "label: again",
            None,
            "duplicate key",
        ),
        (
            BASE.replace('"chip*"', '"ic*"'),
            "keywords:",
            "items[0].keywords.en[0]",
            "shorter than 3",
        ),
        (
            BASE.replace('{en: ["chip*"]}', '{en: ["chip*"], zh: ["芯片*"]}'),
            "keywords:",
            "items[0].keywords.zh[0]",
            "not used in Chinese",
        ),
        (
            BASE.replace('"chip*"', '"chip*", "CHIP*"'),
            "keywords:",
            "items[0].keywords.en[1]",
            "repeats",
        ),
        (
            BASE.replace('"chip*"', '"ch*ip"'),
            "keywords:",
            "items[0].keywords.en[0]",
            "may only end a word",
        ),
        (
            BASE.replace("{en:", "{english:"),
            "keywords:",
            "items[0].keywords.english",
            "not a language code",
        ),
        (
            BASE.replace('    hs: ["8542.31"]\n    keywords: {en: ["chip*"]}\n', ""),
            "  - id: chips",
            "items[0]",
            "needs HS prefixes",
        ),
        (BASE.replace("id: chips", "id: Chips_1"), "id: Chips_1", "items[0].id", "kebab-case"),
        (BASE.replace("items:\n", "items: []\nunused:\n"), "unused:", "unused", "unknown key"),
        (
            BASE + "groups:\n  - {id: ics, label: ICs, tier: '1', members: [chipz], "
            "keywords: {en: [ic]}}\n",
            "{id: ics",
            "groups[0].members[0]",
            "did you mean 'chips'",
        ),
        (
            BASE + "groups:\n  - {id: ics, label: ICs, tier: '2', members: [chips], "
            "keywords: {en: [ic]}}\n",
            "{id: ics",
            "groups[0].tier",
            "differs from the members",
        ),
        (
            BASE + "groups:\n  - {id: ics, label: ICs, tier: '1', members: [chips]}\n",
            "{id: ics",
            "groups[0].keywords",
            "missing required key",
        ),
        (
            BASE.replace("name: Mini list", "name: Mini list\ndate: '2024-02-30'"),
            "date:",
            "date",
            "not a real date",
        ),
        (BASE.replace("label: chips", 'label: "chips'), "label:", None, "invalid YAML"),
    ],
)
def test_validation_errors_name_file_row_and_field(
    tmp_path: Path, text: str, marker: str, field: str | None, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_goods_list(path)
    error = err.value
    assert message in error.one_line()
    assert error.file == str(path)
    assert error.field == field
    if message != "invalid YAML":  # the parser reports where it gave up, not where the quote is
        assert error.row == line_of(text, marker)
    assert error.exit_code == 4
    assert error.one_line().startswith(f"{path}, row {error.row}")


def test_group_of_mixed_tiers_has_no_tier(tmp_path: Path) -> None:
    text = BASE + (
        "  - {id: caps, label: capacitors, tier: '2', hs: ['8532.24']}\n"
        "groups:\n  - {id: parts, label: parts, members: [chips, caps], keywords: {en: [part*]}}\n"
    )
    loaded = load_goods_list(write(tmp_path, text))
    (hit,) = GoodsClassifier([loaded]).classify_line(GoodsLine(description="spare parts"))
    assert (hit.item_id, hit.tier, hit.label) == ("parts", None, "Mini list: parts")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE.replace('{en: ["chip*"]}', '{en: ["chip*"]}\n    exclude: ["Chip*"]'), "cancels"),
        (BASE.replace('hs: ["8542.31"]', 'hs2017: ["8542.30"]'), "need the current prefixes"),
        (BASE.replace('hs: ["8542.31"]', 'hs: ["8542.31"]\n    hs2017: ["854231"]'), "both hs"),
        (BASE.replace('tiers: ["1", "2"]', "tiers: [1, 2]"), "must be non-empty text"),
        (BASE.replace('tiers: ["1", "2"]', 'tiers: ["1", "1"]'), "listed twice"),
        (BASE.replace("keywords: {en:", "keywords: [en:"), "invalid YAML"),
        (BASE.replace('keywords: {en: ["chip*"]}', "keywords: chip"), "must map a language"),
    ],
)
def test_more_validation_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_goods_list(write(tmp_path, text))
    assert message in err.value.one_line()
    assert err.value.row is not None


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_goods_list(write(tmp_path, BASE.replace("keywords:", "keyword:")))
    assert err.value.hint == "did you mean 'keywords'?"


@pytest.mark.parametrize(
    "text",
    ["- just\n- a list\n", "", "id: x\nname: X\nsources: [s]\nitems: []\n"],
)
def test_structure_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError):
        load_goods_list(write(tmp_path, text))


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read") as err:
        load_goods_list(tmp_path / "absent.yaml")
    assert err.value.file == str(tmp_path / "absent.yaml")
    path = tmp_path / "cp1251.yaml"
    path.write_bytes(BASE.replace("chips", "чипы").encode("cp1251"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_goods_list(path)


# --- The bundled lists ------------------------------------------------------------------------


def test_bundled_lists_load(bundled: tuple[GoodsList, ...]) -> None:
    assert {goods_list.list_id for goods_list in bundled} == {"chpl", "diversion"}
    for goods_list in bundled:
        assert goods_list.info.sha256
        for item in goods_list.items:
            # Every entry can say where it comes from.
            assert item.sources or goods_list.sources


def chpl(bundled: tuple[GoodsList, ...]) -> GoodsList:
    return next(g for g in bundled if g.list_id == "chpl")


def test_chpl_has_50_codes_in_six_tiers(bundled: tuple[GoodsList, ...]) -> None:
    goods_list = chpl(bundled)
    assert goods_list.tiers == ("1", "2", "3.A", "3.B", "4.A", "4.B")
    codes = [p for item in goods_list.items for p in item.hs_prefixes]
    assert len(codes) == len(set(codes)) == 50
    assert all(len(code) == 6 for code in codes)
    assert goods_list.info.version == goods_list.info.date == "2024-02-23"


def test_chpl_matches_the_reference(bundled: tuple[GoodsList, ...]) -> None:
    if not CHPL_REFERENCE.is_file():
        pytest.skip(f"{CHPL_REFERENCE} not available")
    reference = yaml.safe_load(CHPL_REFERENCE.read_text(encoding="utf-8"))
    expected = {row["hs6"]: row for row in reference["items"]}
    ours = {item.hs_prefixes[0]: item for item in chpl(bundled).items}
    assert set(ours) == set(expected)
    assert Counter(item.tier for item in ours.values()) == Counter(
        row["tier"] for row in reference["items"]
    )
    for code, item in ours.items():
        assert item.tier == expected[code]["tier"], code
        assert item.description == expected[code]["description"], code


def hs2022_codes() -> set[str]:
    if not HS2022.is_file():
        pytest.skip(f"{HS2022} not available")
    with HS2022.open(encoding="utf-8", newline="") as handle:
        return {row["hscode"] for row in csv.DictReader(handle)}


def test_bundled_codes_exist_in_hs2022(bundled: tuple[GoodsList, ...]) -> None:
    known = hs2022_codes()
    for goods_list in bundled:
        for item in goods_list.items:
            for prefix in item.hs_prefixes:
                assert prefix in known, (goods_list.list_id, item.id, prefix)
            # HS 2017 codes are the ones HS 2022 deleted: a live code would be misread.
            for prefix in item.hs2017_prefixes:
                assert prefix not in known, (goods_list.list_id, item.id, prefix)


def test_chpl_label(bundled_classifier: GoodsClassifier) -> None:
    (hit,) = bundled_classifier.classify_line(GoodsLine(hs_code="85423190"))
    assert hit.label == "CHPL Tier 1: electronic integrated circuits: processors and controllers"
    assert any("bis.gov" in source for source in hit.sources)


# (HS code, description) -> the (list, item) pairs that must hit, and nothing else.
BUNDLED_CASES: list[tuple[str | None, str | None, set[tuple[str, str]]]] = [
    ("85423190", None, {("chpl", "ic-processors")}),
    ("8542310000", None, {("chpl", "ic-processors")}),
    ("8482100009", None, {("chpl", "ball-bearings")}),
    ("8482400000", None, {("diversion", "bearings-other")}),
    ("8806221000", None, {("diversion", "drones")}),
    ("3912200000", None, {("diversion", "nitrocellulose")}),
    ("871000", None, {("diversion", "armoured-vehicles")}),
    ("88033000", None, {("chpl", "aircraft-uav-parts")}),
    ("61091000", "Cotton T-shirts, knitted", set()),
    (None, "Microcontrollers STM32F407VGT6", {("chpl", "ic-processors")}),
    (None, "DRAM memory chips", {("chpl", "ic-memories")}),
    (None, "Integrated circuits", {("chpl", "integrated-circuits")}),
    (None, "Микросхемы интегральные", {("chpl", "integrated-circuits")}),
    (None, "集成电路", {("chpl", "integrated-circuits")}),
    (None, "Chocolate chips", set()),
    (None, "Wood chips, 20 t", set()),
    (None, "PET chips, bottle grade", set()),
    (None, "Food processor 800 W", set()),
    (None, "Подшипники шариковые радиальные", {("chpl", "ball-bearings")}),
    (None, "Подшипник роликовый конический 7205", {("chpl", "tapered-roller-bearings")}),
    (None, "圆锥滚子轴承", {("chpl", "tapered-roller-bearings")}),
    (None, "bearings", {("chpl", "bearings")}),
    (None, "needle roller bearings HK2016", {("diversion", "bearings-other")}),
    (None, "Load-bearing wall panels", set()),
    (None, "GNSS receiver modules", {("chpl", "radio-navigation")}),
    (None, "ГЛОНАСС/GPS приёмник", {("chpl", "radio-navigation")}),
    (None, "GPS antenna, active", {("chpl", "antennas")}),
    (None, "Tantalum capacitors 10 uF", {("chpl", "capacitors-tantalum")}),
    (None, "Aluminium electrolytic capacitors", set()),
    (None, "CNC lathe", {("chpl", "cnc-lathes")}),
    (None, "Станок токарный с ЧПУ", {("chpl", "cnc-lathes")}),
    (None, "数控机床", {("chpl", "cnc-machine-tools")}),
    (None, "CNC router for wood", set()),
    (None, "Нитроцеллюлоза коллоксилин", {("diversion", "nitrocellulose")}),
    (None, "硝化棉", {("diversion", "nitrocellulose")}),
    (None, "Беспилотник самолетного типа", {("diversion", "drones")}),
    (None, "无人机", {("diversion", "drones")}),
    (None, "Drone bee colony", set()),
    (None, "无人机配件", {("chpl", "aircraft-uav-parts")}),
    (None, "Тепловизор", {("diversion", "night-vision-thermal")}),
    (None, "热成像仪", {("diversion", "night-vision-thermal")}),
    (None, "IP camera with night vision", {("chpl", "cameras")}),
    (None, "Aluminium oxide 99.99%", {("diversion", "aluminium-oxide")}),
    (None, "Hydraulic excavator 21 t", {("diversion", "excavators-loaders")}),
    (None, "Бульдозер гусеничный", {("diversion", "bulldozers")}),
    (None, "Бронежилет 5 класса", {("diversion", "body-armour")}),
    (None, "防弹衣", {("diversion", "body-armour")}),
    (None, "Bulletproof glass 40 mm", set()),
    (None, "Glue pistol 100 W", set()),
    (None, "Signal jammer 8 bands", {("diversion", "jammers")}),
    (
        "85176200",
        "Ball bearings",
        {("chpl", "data-transmission-switching"), ("chpl", "ball-bearings")},
    ),
]


@pytest.mark.parametrize(("code", "description", "expected"), BUNDLED_CASES)
def test_bundled_lists_on_typical_lines(
    bundled_classifier: GoodsClassifier,
    code: str | None,
    description: str | None,
    expected: set[tuple[str, str]],
) -> None:
    hits = bundled_classifier.classify_line(GoodsLine(description=description, hs_code=code))
    assert {(h.list_id, h.item_id) for h in hits} == expected
    assert all(h.points == 0 for h in hits)
