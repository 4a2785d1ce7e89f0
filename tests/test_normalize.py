"""Tests for screener.normalize: folding, transliteration, legal forms, generic words, skeletons."""

from __future__ import annotations

import pytest

from screener.normalize import (
    GENERIC_WORDS,
    NameAnalyzer,
    analyze_name,
    detect_script,
    edit_budget,
    fold,
    identifier_key,
    identifier_valid,
    make_token,
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
        ("保利科技有限公司", ["baoli", "technology"], ["ltd"]),
        (
            "杭州海康威视数字技术股份有限公司",
            ["hangzhou", "haikang", "weishi", "digital", "technology"],
            ["jsc"],
        ),
        ("华为技术有限责任公司", ["huawei", "technology"], ["llc"]),
        (
            "巨航航空科技（深圳）有限公司",
            ["juhang", "aviation", "technology", "shenzhen"],
            ["ltd"],
        ),
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
    assert [t.text for t in han.tokens] == ["china", "baoli", "group"]
    assert [t.text for t in han.distinctive] == ["baoli"]


# --- generic words, stop words, repeats ---------------------------------------------------------


def test_generic_words_are_flagged_and_distinctive_ones_are_not() -> None:
    parts = analyze_name("Wuhan Tongsheng Technology Trading")
    flagged = {t.text: t.generic for t in parts.tokens}
    assert flagged == {"wuhan": True, "tongsheng": False, "technology": True, "trading": True}
    assert {"technology", "shenzhen", "moscow", "hong", "kong", "group"} <= GENERIC_WORDS


def test_chinese_runs_are_cut_at_generic_words() -> None:
    parts = analyze_name("武汉高芯科技有限公司")
    # Generic words are translated the way the lists translate them, the rest is pinyin.
    assert [(t.text, t.generic) for t in parts.tokens] == [
        ("wuhan", True),
        ("gaoxin", False),
        ("technology", True),
    ]


def test_function_words_are_dropped_and_repeats_kept_once() -> None:
    assert words("Bank of the Russian Federation") == ["bank", "russian", "federation"]
    assert words("Huawei Technologies Co., Ltd. (Huawei)") == ["huawei", "technologies"]
    assert words("The And") == ["the", "and"]  # nothing but function words: kept


def test_single_letters_are_generic() -> None:
    parts = analyze_name("World Jetta (H.K.) Logistics")
    assert [t.text for t in parts.distinctive] == ["jetta"]


@pytest.mark.parametrize(
    ("name", "expected_words", "expected_forms"),
    [
        # An acronym spelled with dots is the acronym, as the lists write it both ways.
        ("N.A.Z. TECHNOLOGY", ["naz", "technology"], []),
        ("CIA. MINERA D.A.P.A. S.A.", ["cia", "minera", "dapa"], ["jsc"]),
        ("EXPORT DEVELOPMENT B.A.N.K. OF IRAN", ["export", "development", "bank", "iran"], []),
        ("D.J.I.", ["dji"], []),
        ("J.S.C. URAL AIRLINES", ["ural", "airlines"], ["jsc"]),
        # At the end of a name a dotted legal form is still the form...
        ("IZHEVSKY ZAVOD J.S.C.", ["izhevsky", "zavod"], ["jsc"]),
        ("GOODY P.E.T. S.A.S.", ["goody", "pet"], ["jsc"]),
        ("Acme G.m.b.H.", ["acme"], ["llc"]),
        ("Ромашка О.О.О.", ["romashka"], ["llc"]),
        # ...and anything else there is a person's initials, as are two letters anywhere.
        ("CHIWENGA, Constantino D.N.G.", ["chiwenga", "constantino", "d", "n", "g"], []),
        ("M.R. Ahmadi", ["m", "r", "ahmadi"], []),
        ("AL-KHOSIBAN, Fahad H.A.", ["al", "khosiban", "fahad", "h", "a"], []),
    ],
)
def test_dotted_acronyms_are_words_but_trailing_initials_stay_initials(
    name: str, expected_words: list[str], expected_forms: list[str]
) -> None:
    assert words(name) == expected_words
    assert forms(name) == expected_forms


def test_forms_only_other_scripts_write_are_not_taken_from_latin_names() -> None:
    # Ukrainian ЧАО romanises to "chao", a Chinese given name; УП to "up".
    assert words("Wang Chao") == ["wang", "chao"] and forms("Wang Chao") == []
    assert words("Start Up") == ["start", "up"]
    assert words("ЧАО Ромашка") == ["romashka"] and forms("ЧАО Ромашка") == ["jsc"]
    assert forms("Ромашка УП") == ["state"]
    assert forms("PrAT Romashka") == ["jsc"]  # the form's Latin spelling still counts


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


# --- issue 5: scripts, romanisation variants, legal-form classes, numbers ------------------------


@pytest.mark.parametrize(
    ("han", "expected_words", "expected_forms"),
    [
        # Generic words translated as the lists translate them, names in list-style pinyin.
        ("武汉同盛科技有限公司", ["wuhan", "tongsheng", "technology"], ["ltd"]),
        ("东莞圣寅数控设备有限公司", ["dongguan", "shengyin", "cnc", "equipment"], ["ltd"]),
        ("華信船務(香港)有限公司", ["huaxin", "shipping", "hong", "kong"], ["ltd"]),
        ("金华市海润动力科技有限公司", ["jinhua", "hairun", "power", "technology"], ["ltd"]),
        ("苏州百胜动力机器股份有限公司", ["suzhou", "baisheng", "power", "machinery"], ["jsc"]),
        # A short name of characters only is a person's: surname, then the given name joined.
        ("赵伟", ["zhao", "wei"], []),
        ("倪高彬", ["ni", "gaobin"], []),
        ("欧阳明", ["ouyang", "ming"], []),
    ],
)
def test_chinese_is_romanised_the_way_the_lists_write_it(
    han: str, expected_words: list[str], expected_forms: list[str]
) -> None:
    parts = analyze_name(han)
    assert words(han) == expected_words
    assert forms(han) == expected_forms
    assert parts.romanised == ("Chinese (pinyin)",)


def test_hong_kong_abbreviations_are_written_out() -> None:
    assert words("HK Hengbangwei Electronics Limited")[:2] == ["hong", "kong"]
    assert words("Huaxin Shipping Hongkong Ltd")[-2:] == ["hong", "kong"]


@pytest.mark.parametrize(
    "spellings",
    [
        # BGN/PCGN, ICAO 9303 (2013) and GOST 7.79 B spellings of one word, and English ones.
        ("rosoboroneksport", "rosoboronexport"),
        ("shchukin", "schukin", "shhukin"),
        ("tsvetkov", "tcvetkov", "czvetkov"),
        ("yakovlev", "iakovlev", "jakovlev"),
        ("yuryevich", "yurevich", "iurevich"),
        ("dzhabarov", "djabarov"),
        ("yevgeny", "evgeny", "evgenii", "evgenij"),
        ("vysotskiy", "vysotskii", "vysotskij", "vysotsky"),
        ("pyotr", "petr"),
        ("vorobyov", "vorobev"),
        ("andreyev", "andreev"),
        ("sergey", "sergei", "sergej"),
    ],
)
def test_cyrillic_romanisations_share_a_skeleton(spellings: tuple[str, ...]) -> None:
    assert len({skeleton(s) for s in spellings}) == 1, {s: skeleton(s) for s in spellings}


def test_cyrillic_and_its_romanisations_analyse_alike() -> None:
    keys = {tuple(t.key for t in analyze_name(n).tokens) for n in (
        "Рособоронэкспорт", "Rosoboroneksport", "ROSOBORONEXPORT")}  # fmt: skip
    assert len(keys) == 1


def test_latin_look_alikes_in_a_cyrillic_name_are_read_as_cyrillic() -> None:
    # "AHO" typed with Latin A, H, O beside Cyrillic: the form АНО, not a word "aho".
    assert words("AHO ДИАЛОГ") == ["dialog"] and forms("AHO ДИАЛОГ") == ["nonprofit"]
    assert words("AHO Dialog") == ["aho", "dialog"]  # all Latin: left alone


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ελληνική Εταιρεία Εμπορίου", ["elliniki", "etaireia", "emporioy"]),
        ("شركة النفط", ["shrkh", "lnft"]),
        ("Łódź Straße", ["lodz", "strasse"]),
    ],
)
def test_other_alphabets_are_romanised(name: str, expected: list[str]) -> None:
    assert words(name) == expected
    assert analyze_name(name).transliterated


def test_russian_words_the_lists_translate_pair_with_the_translation() -> None:
    for russian, english in (("zavod", "plant"), ("gruppa", "group"), ("kontsern", "concern"),
                             ("metallurgicheskii", "metallurgical")):  # fmt: skip
        assert make_token(russian).key == make_token(english).key
    assert make_token("zavodoupravlenie").key != make_token("plant").key  # a stem plus too much


LEGAL_FORMS_BY_JURISDICTION = [
    # (name, form label, family): at least one per jurisdiction, abbreviated, full and native.
    ("Titan OOO", "llc", "company"),  # Russia
    ("ООО Титан", "llc", "company"),
    ("Общество с ограниченной ответственностью Титан", "llc", "company"),
    ("ПАО Титан", "jsc", "company"),
    ("ЗАО Титан", "jsc", "company"),
    ("ОАО Титан", "jsc", "company"),
    ("АО Титан", "jsc", "company"),
    ("ИП Титан", "sole", "sole-proprietor"),
    ("ФГУП Титан", "state", "state"),
    ("ТОО Титан", "llc", "company"),  # Kazakhstan
    ("Titan TOO", "llc", "company"),
    ("ТОВ Титан", "llc", "company"),  # Ukraine
    ("ААТ Титан", "jsc", "company"),  # Belarus
    ("Titan Co., Ltd.", "ltd", "company"),  # China, Hong Kong
    ("泰坦有限公司", "ltd", "company"),
    ("泰坦股份有限公司", "jsc", "company"),
    ("Titan GmbH", "llc", "company"),  # Germany, Austria, Switzerland
    ("Titan AG", "jsc", "company"),
    ("Titan GmbH & Co. KG", "llp", "partnership"),
    ("Titan SARL", "llc", "company"),  # France
    ("Titan SAS", "jsc", "company"),
    ("Titan SpA", "jsc", "company"),  # Italy
    ("Titan S.r.l.", "llc", "company"),
    ("Titan S.L.", "llc", "company"),  # Spain
    ("Titan S.A. de C.V.", "jsc", "company"),  # Mexico
    ("Titan Ltda", "llc", "company"),  # Brazil
    ("Titan BV", "llc", "company"),  # Netherlands
    ("Titan Sp. z o.o.", "llc", "company"),  # Poland
    ("Titan s.r.o.", "llc", "company"),  # Czechia, Slovakia
    ("Titan AB", "jsc", "company"),  # Sweden
    ("Titan Oy", "jsc", "company"),  # Finland
    ("Titan A/S", "jsc", "company"),  # Denmark, Norway
    ("Titan A.Ş.", "jsc", "company"),  # Turkey
    ("Titan Ltd. Şti.", "ltd", "company"),
    ("Titan FZE", "fze", "company"),  # UAE
    ("Titan FZCO", "fze", "company"),
    ("Titan FZ-LLC", "llc", "company"),
    ("Titan Pvt Ltd", "ltd", "company"),  # India, Pakistan
    ("Titan Pte. Ltd.", "ltd", "company"),  # Singapore
    ("Titan Sdn. Bhd.", "ltd", "company"),  # Malaysia
    ("PT Titan", "jsc", "company"),  # Indonesia
    ("Titan Kabushiki Kaisha", "jsc", "company"),  # Japan
    ("泰坦株式会社", "jsc", "company"),
    ("Titan Chusik Hoesa", "ltd", "company"),  # Korea
    ("Công ty TNHH Titan", "llc", "company"),  # Vietnam
    ("Titan ΑΕ", "jsc", "company"),  # Greece
    ("Titan LLP", "llp", "partnership"),  # UK, Kazakhstan
    ("Titan PLC", "jsc", "company"),
    ("Titan LLC", "llc", "company"),  # US
    ("Titan Inc.", "inc", "company"),
]


@pytest.mark.parametrize(("name", "label", "family"), LEGAL_FORMS_BY_JURISDICTION)
def test_legal_forms_of_many_jurisdictions_are_classes(name: str, label: str, family: str) -> None:
    parts = analyze_name(name)
    assert words(name) in (["titan"], ["taitan"])  # "泰坦" is "Taitan" in pinyin
    assert [(f.label, f.family) for f in parts.legal_forms][-1:] == [(label, family)]


def test_legal_forms_cover_twenty_jurisdictions() -> None:
    jurisdictions = {line.split("#")[-1].strip() for line in _FORM_COMMENTS if "#" in line}
    assert len(jurisdictions) >= 20


def _form_comments() -> list[str]:
    with open(__file__, encoding="utf-8") as handle:
        text = handle.read()
    return text.split("LEGAL_FORMS_BY_JURISDICTION = [")[1].split("\n]\n")[0].splitlines()


_FORM_COMMENTS = _form_comments()


def test_words_that_are_not_legal_forms_stay_in_the_name() -> None:
    # TSK (transportno-stroitelnaya kompaniya), NPO, NPP say what a firm does: part of its name.
    assert words("LLC TSK VEKTOR") == ["tsk", "vektor"]
    assert words("NPO Mashinostroyeniya")[0] == "npo"
    assert forms("LLC TSK VEKTOR") == ["llc"]


def test_mistyped_legal_forms_are_mended_but_names_are_not() -> None:
    assert words("Universe Shipping Limtied") == ["universe", "shipping"]
    assert forms("Universe Shipping Limtied") == ["ltd"]
    assert words("Joint Stlck Company Sevastopolsky Morskoy Bank") == [
        "sevastopolsky",
        "morskoy",
        "bank",
    ]
    assert words("Limitex Trading") == ["limitex", "trading"]  # first word: left alone
    assert words("Acme Limitless") == ["acme", "limitless"]  # three edits from "limited"


@pytest.mark.parametrize("name", ["Plant No. 2", "Plant Nr 2", "Plant № 2", "Plant II", "Plant 02"])
def test_numbers_are_written_one_way(name: str) -> None:
    assert [t.key for t in analyze_name(name).tokens] == ["plant", "2"]


def test_roman_numerals_are_not_read_into_initials_or_first_words() -> None:
    assert words("Vi Nguyen") == ["vi", "nguyen"]
    assert words("Ivanov I") == ["ivanov", "i"]


def test_patronymics_and_initials_are_marked() -> None:
    tokens = analyze_name("V. Vladimirovich Putin").tokens
    assert [(t.text, t.initial, t.patronymic) for t in tokens] == [
        ("v", True, False),
        ("vladimirovich", False, True),
        ("putin", False, False),
    ]
    assert analyze_name("Ali Huseyn oglu").tokens[-1].patronymic


def test_country_and_direction_words_are_marked() -> None:
    tokens = {t.text: t for t in analyze_name("North China Wuhan Research").tokens}
    assert tokens["north"].nation and tokens["china"].nation
    assert tokens["wuhan"].place and not tokens["wuhan"].nation
    assert not tokens["research"].place


def test_name_analyzer_remembers_and_agrees_with_analyze_name() -> None:
    analyzer = NameAnalyzer()
    first = analyzer.analyze("Wuhan Tongsheng Technology Co., Ltd.")
    assert analyzer.analyze("Wuhan Tongsheng Technology Co., Ltd.") is first
    assert first == analyze_name("Wuhan Tongsheng Technology Co., Ltd.")
    assert analyzer.token("wuhan") is analyzer.token("wuhan")


@pytest.mark.parametrize(
    ("kind", "value", "valid"),
    [
        ("inn", "7725824287", True),
        ("inn", "7725824280", False),  # check digit wrong
        ("ogrn", "1216200001533", True),
        ("ogrn", "1216200001534", False),
        ("uscc", "91420100MA4F0QE59C", True),
        ("uscc", "91420100MA4F0QE59D", False),
        ("lei", "5493001KJTIIGC8Y1R12", True),
        ("lei", "5493001KJTIIGC8Y1R13", False),
        ("bic", "GAZP RU MM XXX", True),
        ("bic", "GAZ1RUMM", False),
        ("imo", "IMO 9305609", True),
        ("imo", "9305608", False),
        ("vat", "anything", None),
    ],
)
def test_identifiers_are_validated(kind: str, value: str, valid: bool | None) -> None:
    assert identifier_valid(kind, value) is valid


def test_ukrainian_and_belarusian_g_is_h_per_word() -> None:
    # BGN/PCGN romanise г as "h" in Ukrainian and Belarusian, "g" in Russian; a word with і, є or
    # ґ is Ukrainian or Belarusian, and the other words of the name keep the Russian reading.
    assert words("Сергій") == ["serhii"]
    assert words("Сергей") == ["sergei"]
    assert words("ГОЛУБ Ігар") == ["golub", "ihar"]


def test_gidro_is_hydro_inside_compounds() -> None:
    for russian, english in (("Гидромаш", "HYDROMASH"), ("РусГидро", "RUSHYDRO")):
        [ru] = analyze_name(russian).tokens
        [en] = analyze_name(english).tokens
        assert ru.key == en.key
    assert skeleton("gidravlika") != skeleton("hidravlika")  # only "gidro" is rewritten


@pytest.mark.parametrize(
    ("word", "patronymic"),
    [
        ("anatoliyovych", True),  # Ukrainian
        ("mykolaivna", True),
        ("uladzimiravich", True),  # Belarusian
        ("vladimirovich", True),
        ("mikhailovna", True),
        ("sobakevich", True),  # a surname with the form of one: lists mark neither
        ("ivanov", False),
        ("zima", False),
    ],
)
def test_slavic_patronymics_are_recognised(word: str, patronymic: bool) -> None:
    assert make_token(word).patronymic is patronymic


def test_a_remembering_analyser_romanises_chinese_as_analyze_name_does() -> None:
    # NameAnalyzer keeps each Chinese piece's pinyin (pieces recur across names that are new as
    # wholes); analyze_name remembers nothing. Names sharing pieces, people's names among them,
    # each analysed twice, must come out the same as without the memory.
    names = [
        "贵阳家具有限公司", "嘉禾家具(贵阳)有限公司", "贵阳瑞丰建材有限公司", "瑞丰贸易有限公司",
        "武汉同盛科技有限公司", "同盛", "赵伟", "赵同盛", "欧阳明", "欧阳同盛贸易",
        "深圳市海润动力科技",
        "海润", "金华市海润动力科技有限公司", "苏州百胜动力机器股份有限公司", "百胜",
    ]
    analyzer = NameAnalyzer()
    for name in [*names, *reversed(names)]:
        assert analyzer.analyze(name) == analyze_name(name), name
    # Each piece was romanised once: the memory holds each piece, not each name.
    assert 0 < len(analyzer._pinyin) < len(names) * 2
