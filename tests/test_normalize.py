"""Tests for screener.normalize: folding, transliteration, legal forms, generic words, skeletons."""

from __future__ import annotations

import pytest

from screener.normalize import (
    GENERIC_WORDS,
    analyze_name,
    detect_script,
    edit_budget,
    fold,
    identifier_key,
    name_key,
    skeleton,
    transliterate,
)


def words(name: str) -> list[str]:
    return [t.text for t in analyze_name(name).tokens]


def forms(name: str) -> list[str]:
    return [f.label for f in analyze_name(name).legal_forms]


# --- fold and name_key ------------------------------------------------------------------------


def test_fold_drops_case_accents_and_punctuation_but_keeps_scripts() -> None:
    assert fold("  Société  Générale, S.A.  ") == "societe generale s a"
    assert fold("ООО «Ромашка»") == "ооо ромашка"
    assert fold("保利科技（北京）") == "保利科技 北京"
    assert fold("Straße_1") == "strasse 1"


def test_name_key_romanises_cyrillic_so_both_spellings_agree() -> None:
    assert name_key("ООО «Титан-Микро»") == name_key("OOO Titan-Mikro") == "ooo titan mikro"
    # Latin and Chinese pass through as fold() leaves them.
    assert name_key("Poly Technologies, Inc.") == fold("Poly Technologies, Inc.")
    assert name_key("保利科技有限公司") == "保利科技有限公司"


# --- transliteration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Рособоронэкспорт", "Rosoboroneksport"),
        ("Щукин", "Shchukin"),
        ("Хабаровск", "Khabarovsk"),
        ("Цемент", "Tsement"),
        ("Юрьев Объект", "Yurev Obekt"),
        ("ЖЁЛТЫЙ", "ZhELTYY"),  # upper-case digraphs keep their first letter upper only
        ("Київ", "Kiyiv"),  # Ukrainian ї
        ("Қазақстан Өнім", "Qazaqstan Onim"),  # Kazakh қ, ө
    ],
)
def test_transliterate_follows_simplified_bgn_pcgn(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


def test_transliterate_leaves_latin_and_chinese_alone() -> None:
    assert transliterate("Poly 保利 Ltd") == "Poly 保利 Ltd"


def test_analyze_name_marks_romanised_names() -> None:
    assert analyze_name("ООО Титан").transliterated
    assert not analyze_name("OOO Titan").transliterated


# --- legal forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected_words", "expected_forms"),
    [
        ("Poly Technologies Inc.", ["poly", "technologies"], ["inc"]),
        ("POLY TECHNOLOGIES INCORPORATED", ["poly", "technologies"], ["inc"]),
        ("Poly Technologies Co., Ltd", ["poly", "technologies"], ["ltd"]),
        ("Sinno Electronics Co., Limited", ["sinno", "electronics"], ["ltd"]),
        ("China Poly Group Corporation", ["china", "poly", "group"], ["inc"]),
        ("Alpha Trading L.L.C.", ["alpha", "trading"], ["llc"]),
        ("Alpha GmbH", ["alpha"], ["llc"]),
        ("Limited Liability Company SMT-iLogic", ["smt", "ilogic"], ["llc"]),
        (
            "JOINT STOCK COMPANY ULAN-UDE AVIATION PLANT",
            ["ulan", "ude", "aviation", "plant"],
            ["jsc"],
        ),
        ("ROSOBORONEKSPORT OAO", ["rosoboroneksport"], ["jsc"]),
        ("PJSC Sberbank", ["sberbank"], ["jsc"]),
        ("ООО «Титан-Микро»", ["titan", "mikro"], ["llc"]),
        ("ЗАО Ромашка", ["romashka"], ["jsc"]),
        ("ПАО Ромашка", ["romashka"], ["jsc"]),
        ("АО Ромашка", ["romashka"], ["jsc"]),
        ("ТОО «Астана Трейд»", ["astana", "treid"], ["llc"]),
        ("ИП Иванов", ["ivanov"], ["sole"]),
        ("Общество с ограниченной ответственностью «Вектор»", ["vektor"], ["llc"]),
        ("Gulf Star FZE", ["gulf", "star"], ["fze"]),
        ("Gulf Star FZ-LLC", ["gulf", "star"], ["llc"]),
        (
            "Ege Makina Sanayi ve Ticaret A.Ş.",
            ["ege", "makina", "sanayi", "ve", "ticaret"],
            ["jsc"],
        ),
        ("Ege Makina Ltd. Şti.", ["ege", "makina"], ["ltd"]),
        ("Tata Pvt Ltd", ["tata"], ["ltd"]),
        ("Acme Holdings PLC", ["acme", "holdings"], ["jsc"]),
        ("Acme LLP", ["acme"], ["llp"]),
        ("保利科技有限公司", ["保利", "科技"], ["ltd"]),
        ("杭州海康威视数字技术股份有限公司", ["杭州", "海康威视", "数字", "技术"], ["jsc"]),
        ("华为技术有限责任公司", ["华为", "技术"], ["llc"]),
        ("巨航航空科技（深圳）有限公司", ["巨航", "航空", "科技", "深圳"], ["ltd"]),
    ],
)
def test_legal_forms_are_recognised_and_set_aside(
    name: str, expected_words: list[str], expected_forms: list[str]
) -> None:
    assert words(name) == expected_words
    assert forms(name) == expected_forms


def test_spellings_of_one_form_share_a_label_and_all_companies_share_a_family() -> None:
    labels = {forms(n)[0] for n in ("Acme Inc.", "Acme Incorporated", "Acme Corp", "Acme Corp.")}
    assert labels == {"inc"}
    families = {
        analyze_name(n).legal_forms[0].family
        for n in ("Acme Inc", "Acme Ltd", "ООО Акме", "Acme JSC", "Acme GmbH", "阿克米有限公司")
    }
    assert families == {"company"}
    assert analyze_name("ИП Акме").legal_forms[0].family == "sole-proprietor"


def test_ambiguous_forms_are_only_taken_at_the_edges() -> None:
    # "Co" and "AO" are also words/pinyin syllables: in the middle they stay.
    assert words("Shenzhen Ao Yuan Trading") == ["shenzhen", "ao", "yuan", "trading"]
    assert words("East India Co Trading") == ["east", "india", "co", "trading"]
    # Unambiguous forms go wherever they are, e.g. before a parenthesised alias.
    assert words("Huawei Technologies Co., Ltd. (Shenzhen)") == [
        "huawei",
        "technologies",
        "shenzhen",
    ]


def test_a_name_is_never_stripped_to_nothing() -> None:
    assert words("Limited") == ["limited"]
    assert words("AO") == ["ao"]
    assert words("Company") == ["company"]


def test_group_and_holding_stay_as_generic_words() -> None:
    parts = analyze_name("China Poly Group Holding")
    assert [t.text for t in parts.tokens] == ["china", "poly", "group", "holding"]
    assert [t.text for t in parts.distinctive] == ["poly"]
    han = analyze_name("中国保利集团有限公司")
    assert [t.text for t in han.tokens] == ["中国", "保利", "集团"]
    assert [t.text for t in han.distinctive] == ["保利"]


# --- generic words, stop words, repeats ---------------------------------------------------------


def test_generic_words_are_flagged_and_distinctive_ones_are_not() -> None:
    parts = analyze_name("Wuhan Tongsheng Technology Trading")
    flagged = {t.text: t.generic for t in parts.tokens}
    assert flagged == {"wuhan": True, "tongsheng": False, "technology": True, "trading": True}
    assert {"technology", "shenzhen", "moscow", "hong", "kong", "group"} <= GENERIC_WORDS


def test_chinese_runs_are_cut_at_generic_words() -> None:
    parts = analyze_name("武汉高芯科技有限公司")
    assert [(t.text, t.generic) for t in parts.tokens] == [
        ("武汉", True),
        ("高芯", False),
        ("科技", True),
    ]


def test_function_words_are_dropped_and_repeats_kept_once() -> None:
    assert words("Bank of the Russian Federation") == ["bank", "russian", "federation"]
    assert words("Huawei Technologies Co., Ltd. (Huawei)") == ["huawei", "technologies"]
    assert words("The And") == ["the", "and"]  # nothing but function words: kept


def test_single_letters_are_generic() -> None:
    parts = analyze_name("World Jetta (H.K.) Logistics")
    assert [t.text for t in parts.distinctive] == ["jetta"]


# --- skeletons and edit budget ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("rosoboronexport", "rosoboroneksport"),
        ("micro", "mikro"),
        ("defence", "defense"),
        ("vneshney", "vneshnei"),
        ("sinno", "sino"),
        ("khimprom", "himprom"),
        ("philips", "filips"),
    ],
)
def test_romanisation_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [("tongsheng", "gaoxin"), ("chen", "ken"), ("poly", "pole")])
def test_different_words_keep_different_skeletons(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


def test_skeleton_leaves_non_latin_words_alone() -> None:
    assert skeleton("保利") == "保利"


def test_edit_budget_is_exact_for_short_words() -> None:
    assert [edit_budget(n) for n in (1, 3, 4, 5, 8, 9, 20)] == [0, 0, 0, 1, 1, 2, 2]


# --- identifiers and scripts ---------------------------------------------------------------------


def test_identifier_key_ignores_spacing_and_case() -> None:
    assert identifier_key("inn", " 7725 824-287 ") == "7725824287"
    assert identifier_key("uscc", "91420100ma4f0qe59c") == "91420100MA4F0QE59C"
    assert identifier_key("imo", "IMO 9305609") == "9305609"


def test_bic_head_office_and_eight_character_bic_compare_equal() -> None:
    assert identifier_key("bic", "GAZPRUMMXXX") == identifier_key("bic", "gazp rumm")
    assert identifier_key("bic", "GAZPRUMM123") == "GAZPRUMM"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Poly Technologies", "Latn"),
        ("Титан-Микро", "Cyrl"),
        ("保利科技", "Hani"),
        ("ООО Titan", None),
    ],
)
def test_detect_script(text: str, script: str | None) -> None:
    assert detect_script(text) == script
