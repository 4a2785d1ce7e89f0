"""Pure string functions that bring names and free text to comparable forms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA
from stdnum import bic, imo, lei
from stdnum.cn import uscc
from stdnum.ru import inn, ogrn

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
# Apostrophes and the soft/hard-sign marks of romanised Russian ("Mar'ino", "Obʺedinenie") sit
# inside words: dropping them keeps the word whole instead of splitting it at the mark.
_IN_WORD_MARKS = re.compile(r"['’ʼʹʺ`´]")
# Han ideographs (CJK Unified Ideographs, Extension A, compatibility block and the supplementary
# planes' extensions), per the Unicode blocks of those names.
_HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{_HAN_CLASS}]")
_HAN_RUNS = re.compile(f"[{_HAN_CLASS}]+|[^{_HAN_CLASS}]+")


# Three or more single letters joined by dots ("N.A.Z.", "D.A.P.A.", "J.S.C."): an acronym spelled
# out, which the lists write with and without the dots ("CIA. MINERA D.A.P.A. S.A." / "CIA. MINERA
# DAPA S.A."), so it is read as one word; read as initials, "N.A.Z. TECHNOLOGY" met "Zhang Na" on
# "n" + "a" and an initial (issue 5's ordinary-person negatives). Except where a person's initials
# stand, after the other words at the end of a name ("CHIWENGA, Constantino D.N.G.", "DOCTOR
# M.R.O."), and except two letters ("M.R. Ahmadi", "Fahad H.A."), which are how the lists write a
# person's initials and, for a firm, mostly a legal form the form table knows dotted (S.A., A.S.).
_DOTTED_ACRONYM = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}[^\W\d_](?:\.|(?![^\W\d_]))")
_TRAILING = re.compile(r"[\W_]*")


def _undot(text: str, forms: frozenset[str] = frozenset()) -> str:
    """Dotted acronyms of three or more letters written as one word ("N.A.Z." -> "NAZ").

    At the end of a name they stay initials unless they spell one of `forms` (folded legal-form
    words: "ZAVOD J.S.C.").
    """
    if "." not in text:
        return text

    def joined(match: re.Match[str]) -> str:
        word = match.group().replace(".", "")
        if (
            _TRAILING.fullmatch(text, match.end()) is not None
            and any(ch.isalpha() for ch in text[: match.start()])
            and transliterate(fold(word)) not in forms
        ):
            return match.group()  # a person's initials
        return word

    return _DOTTED_ACRONYM.sub(joined, text)


def fold(text: str) -> str:
    """Unicode-normalised, case-folded, accent-free text with punctuation turned into single spaces.

    Letters of every script survive (Cyrillic and Chinese stay as they are); only marks are dropped.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("_", " ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


# --- Transliteration --------------------------------------------------------------------------

# Cyrillic to Latin after the BGN/PCGN 1947 romanisation of Russian, simplified the way OFAC and the
# UK list write Russian names (ROSOBORONEKSPORT, SLUZHBA VNESHNEY RAZVEDKI): no apostrophes for the
# hard and soft signs, "e" for е and э in every position. fold() has already turned й into и and
# ё into е (NFKD drops their marks), so "й" comes out as "i", which skeleton() treats like "y".
# Ukrainian, Belarusian, Kazakh and Kyrgyz letters follow the same tables (BGN/PCGN for those
# languages), so names from Central Asian registries transliterate too.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ё": "e",
    # Ukrainian and Belarusian
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "w",
    # Kazakh and Kyrgyz
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}  # fmt: skip
_TRANSLIT = str.maketrans(
    {
        **_CYRILLIC,
        **{k.upper(): v.capitalize() for k, v in _CYRILLIC.items() if k.upper() != k},
    }
)
_CYRILLIC_CHAR = re.compile(r"[\u0400-\u052f]")


# Letters no table here covers (Greek, Arabic, Hebrew, Armenian, Georgian, and Latin letters that
# NFKD does not decompose: ß, ø, ł, đ, Turkish ı) go through anyascii, a maintained library of
# per-character ASCII readings (https://github.com/anyascii/anyascii): "Ελληνική" -> "Elliniki".
# Han and kana are left alone: their readings need words, not characters (see _romanise_han).
_OTHER_SCRIPT = re.compile(r"[^\x00-\x7f\u0400-\u052f\u3040-\u30ff" + _HAN_CLASS + r"]+")


# Latin letters that look like Cyrillic ones. A name typed with both keyboards ("AHO ДИАЛОГ" with
# a Latin A, H and O for "АНО") is read as Cyrillic: in a name with Cyrillic letters, a word made
# only of these look-alikes, or a word mixing them with Cyrillic, is taken as Cyrillic.
_HOMOGLYPHS = str.maketrans("abcehkmoptxy", "авсенкмортху")
_LOOKALIKES = frozenset("abcehkmoptxy")


def _cyrillic_homoglyphs(folded: str) -> str:
    words = folded.split(" ")
    for i, word in enumerate(words):
        if set(word) <= _LOOKALIKES or (has_cyrillic(word) and not word.isascii()):
            words[i] = word.translate(_HOMOGLYPHS)
    return " ".join(words)


def _anyascii_run(match: re.Match[str]) -> str:
    return anyascii(match.group())


# Letters only Ukrainian and Belarusian write (і, є, ґ; ї and ў are і and у once fold() has
# dropped their marks). In a word that has one, г is "h", as the BGN/PCGN tables for those
# languages give it ("Сергій" Serhii, "Ігар" Ihar, as the UK list romanises them); in Russian it
# stays "g". Decided per word, because a Belarusian name may mix in Russian-spelled words
# ("ГОЛУБ Ігар": GOLUB Ihar).
_UK_BE_WORD = re.compile(r"\b\w*[ієґІЄҐ]\w*\b")
_UK_BE_H = str.maketrans({"г": "h", "Г": "H"})


def transliterate(text: str) -> str:
    """Cyrillic romanised (simplified BGN/PCGN), other alphabets by anyascii; Han left as it is.

    Chinese characters are romanised in analyze_name, where the words are known (pinyin is
    written per word, "Tongsheng", not per syllable).
    """
    if "г" in text or "Г" in text:
        text = _UK_BE_WORD.sub(lambda m: m.group().translate(_UK_BE_H), text)
    text = text.translate(_TRANSLIT)
    if text.isascii():
        return text
    return _OTHER_SCRIPT.sub(_anyascii_run, text)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_CHAR.search(text) is not None


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def detect_script(text: str) -> str | None:
    """The ISO 15924 code of the one script `text` is written in (Latn, Cyrl, Hani), else None."""
    scripts: set[str] = set()
    for ch in text:
        if not ch.isalpha():
            continue
        if _HAN.match(ch):
            scripts.add("Hani")
        elif _CYRILLIC_CHAR.match(ch):
            scripts.add("Cyrl")
        elif unicodedata.name(ch, "").startswith("LATIN"):
            scripts.add("Latn")
        else:
            scripts.add("other")
    if len(scripts) == 1 and "other" not in scripts:
        return scripts.pop()
    return None


def name_key(name: str) -> str:
    """The form two party names are compared in: folded, Cyrillic romanised.

    So "ООО «Титан-Микро»" and "OOO Titan-Mikro" have the same key ("ooo titan mikro").
    """
    return _SPACES.sub(" ", transliterate(fold(_IN_WORD_MARKS.sub("", name)))).strip()


# --- Spelling skeletons -----------------------------------------------------------------------

# Rewrites that make the usual romanisation and spelling variants of one name equal. English and
# European spellings: x/ks (Rosoboronexport / ROSOBORONEKSPORT), hard c/k (Titan-Micro /
# TITAN-MIKRO), soft c/s (Defence / Defense), ph/f, q/k, w/v and doubled letters. Russian, after
# the three romanisations the lists mix (BGN/PCGN 1947; ICAO Doc 9303 of 2013, used in passports;
# GOST 7.79-2000 system B): щ shch / shch / shh (and German-style sch), х kh / kh / x (x stays
# "ks" here: "eksport" is far commoner than GOST's х), ц ts / ts / cz (and tc, tz), ж zh (and the
# French-style j after d: Dzhabarov / Djabarov), й y / i / j (word-final: Sergej), я ya / ia / ja,
# ю yu / iu (GOST's "ju" is left alone: it is a common pinyin syllable),
# е ye / e (Yevgeny / Evgeny, Andreyev / Andreev, Yuryevich / Yurevich after a soft sign), ё yo / e
# after a consonant (Pyotr / Petr, Vorobyov / Vorobev), -iy/-ii/-ij/-y
# endings (-skiy / -skii / -skij / -sky) and ғ gh / g. Upper-case letters are placeholders for a
# collapsed sound: names are case-folded first, so no real letter is upper case. Applied to ASCII
# tokens only, in order.
_SKELETON_STEPS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Russian "gidro" is "hydro" in the lists' English and Ukrainian names (OFSI "Гидромаш" /
    # "HYDROMASH", "РусГидро" / "RUSHYDRO"), inside compounds too; first, so that "sh" before it
    # collapses as in the English spelling.
    (re.compile(r"gidro"), "hidro"),
    (re.compile(r"shch|shh|sch"), "S"),
    (re.compile(r"sh"), "S"),
    (re.compile(r"dzh|dj"), "J"),
    (re.compile(r"zh"), "J"),
    (re.compile(r"ts|tc|tz|cz"), "C"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"kh|gh"), "h"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c(?!h)"), "k"),
    (re.compile(r"j(?=[aeo])"), "y"),
    (re.compile(r"(?<=[aeiou])j$"), "i"),
    (re.compile(r"y"), "i"),
    (re.compile(r"ie"), "e"),
    (re.compile(r"(?<=[b-df-hj-np-tv-zA-Z])io"), "e"),
    (re.compile(r"([a-zA-Z])\1+"), r"\1"),
)


def skeleton(token: str) -> str:
    """A Latin token's spelling skeleton, for telling romanisation variants from different words."""
    if not token.isascii():
        return token
    for pattern, replacement in _SKELETON_STEPS:
        token = pattern.sub(replacement, token)
    return token


def edit_budget(length: int) -> int:
    """How many edits (OSA: insert, delete, substitute, swap) two spellings of a word may differ by.

    `length` is the longer of the two. Elasticsearch's fuzziness AUTO:3,6 allows 1 edit from 3
    letters and 2 from 6; names are stricter than prose because short name words are often pinyin
    syllables or acronyms that differ by one letter between unrelated firms (Jin/Lin, DJI/DJK).
    So: exact up to 4 letters, 1 edit for 5-8, 2 from 9 (i.e. AUTO:5,9).
    """
    if length < 5:
        return 0
    return 1 if length < 9 else 2


# --- Legal forms ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LegalForm:
    """A legal form found in a name: the words as written (normalised), its label and family.

    `family` is "company", "partnership", "sole-proprietor" or "state": forms in one family are
    interchangeable for matching (companies re-register as OOO -> AO, and Chinese names are
    translated "Co., Ltd.", "Inc." or "Corporation" at will); a different family is a conflict.
    """

    text: str
    label: str
    family: str


# (label, family, may it be stripped from the middle of a name?, spellings). Spellings are written
# as they appear in real names and normalised with the same pipeline as names, so "L.L.C.", "ООО"
# and "Co., Ltd." need no hand-made token form. Forms that are also ordinary words, initials or
# pinyin syllables ("Co", "AS", "SA", "AO", "TOO", "PT", "AB") are recognised only at the start or
# end of a name. Only legal forms are here: words like "TSK" (transportno-stroitelnaya kompaniya),
# "NPO" or "NPP" say what a firm does and are part of its name, not its legal form.
# Sources: the forms in OFAC SDN, UK OFSI and BIS Entity List entity names (e.g. "JOINT STOCK
# COMPANY ULAN-UDE AVIATION PLANT", "ROSOBORONEKSPORT OAO", "SZ DJI TECHNOLOGY CO., LTD.") and the
# ISO 20275 Entity Legal Forms code list (GLEIF, https://www.gleif.org/en/about-lei/code-lists/
# iso-20275-entity-legal-forms-code-list) for the jurisdictions the lists name most: Russia,
# Belarus, Ukraine, Kazakhstan, Kyrgyzstan, Uzbekistan, China, Hong Kong, Taiwan, Japan, Korea,
# Vietnam, India, Pakistan, Singapore, Malaysia, Indonesia, Thailand, Turkey, UAE, Iran, Germany,
# Austria, Switzerland, France, Belgium, Italy, Spain, Portugal, Brazil, Mexico, the Netherlands,
# Poland, Czechia, Slovakia, the Nordic countries, Greece, the UK and the US.
_LEGAL_FORM_TABLE: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    ("llc", "company", True, (
        "LLC", "L.L.C.", "Limited Liability Company", "Limited Liability Co", "OOO", "ООО",
        "Obshchestvo s Ogranichennoy Otvetstvennostyu",
        "Obshchestvo s Ogranichennoi Otvetstvennostiu",
        "Общество с ограниченной ответственностью", "Товариство з обмеженою відповідальністю",
        "Товарищество с ограниченной ответственностью", "Jauapkershiligi shekteuli seriktestik",
        "Жауапкершілігі шектеулі серіктестік", "МЧЖ", "MChJ", "ОсОО", "OsOO",
        "GmbH", "G.m.b.H.", "mbH", "Gesellschaft mit beschränkter Haftung",
        "UG (haftungsbeschränkt)",
        "SARL", "S.A.R.L.", "Sàrl", "EURL", "E.U.R.L.", "Société à responsabilité limitée",
        "Sp. z o.o.", "Spółka z ograniczoną odpowiedzialnością", "s.r.o.", "spol. s r.o.",
        "Ltda", "Ltda.", "Limitada", "S. de R.L.", "S de RL", "S.L.U.", "Sociedad Limitada",
        "Società a responsabilità limitata", "BVBA", "SPRL", "EPE", "Ε.Π.Ε.", "ΕΠΕ",
        "FZ-LLC", "FZLLC", "FZ LLC", "ش.م.م", "TNHH", "Công ty TNHH", "Trách nhiệm hữu hạn",
        "有限责任公司", "有限責任公司", "有限会社", "Yugen Kaisha", "Youxian Zeren Gongsi",
    )),
    ("llc", "company", False, (
        "TOO", "ТОО", "TOV", "ТОВ", "ТАА", "TAA", "SRL", "S.R.L.", "S.r.l.", "BV", "B.V.", "SL",
        "S.L.",
        "OOD", "ООД", "EOOD", "ЕООД", "ApS", "UG", "SIA", "UAB", "OÜ", "Kft", "Kft.",
    )),
    ("ltd", "company", True, (
        "Ltd", "Limited", "Co Ltd", "Co., Ltd.", "Co., Limited", "Company Limited", "Pvt Ltd",
        "Pvt. Ltd.", "Private Limited", "Private Ltd", "Pvt Limited", "(Pvt) Ltd", "Pte Ltd",
        "Pte. Ltd.", "Pte Limited",
        "Sdn Bhd", "Sdn. Bhd.", "Berhad", "Bhd", "Ltd. Şti.", "Ltd Sti", "Limited Şirketi",
        "Tic. Ltd. Şti.", "Sherkat-e Sahami-ye Khass", "Private Joint Stock", "Pty Ltd",
        "Pty. Ltd.", "Proprietary Limited", "有限公司", "주식회사", "Chusik Hoesa", "Jusik Hoesa",
        "บริษัท จำกัด", "Company Limited by Shares", "Youxian Gongsi",
    )),
    ("jsc", "company", True, (
        "JSC", "PJSC", "OJSC", "CJSC", "JSCo", "Joint Stock Company", "Joint-Stock Company",
        "Open Joint Stock Company", "Closed Joint Stock Company", "Public Joint Stock Company",
        "Non-Public Joint Stock Company", "Private Joint Stock Company", "Joint Stock Co",
        "Aktsionernoe Obshchestvo", "Aktsionernoye Obshchestvo",
        "Otkrytoe Aktsionernoe Obshchestvo",
        "Zakrytoe Aktsionernoe Obshchestvo", "Publichnoe Aktsionernoe Obshchestvo",
        "Акционерное общество", "Публичное акционерное общество", "Акціонерне товариство",
        "Открытое акционерное общество", "Закрытое акционерное общество",
        "Непубличное акционерное общество", "Приватне акціонерне товариство",
        "Публічне акціонерне товариство", "Акционерлік қоғам", "PLC", "P.L.C.",
        "Public Limited Company", "Joint Stock Commercial Bank", "Акционерный коммерческий банк",
        "Aktsionernyi Kommercheskii Bank", "Anonim Şirketi", "Anonim Sirketi", "Aktiengesellschaft",
        "Société anonyme", "Sociedad Anónima", "Sociedad Anonima de Capital Variable",
        "S.A.B. de C.V.", "S. de R.L. de C.V.", "Sociedad de Responsabilidad Limitada",
        "Società per azioni", "Sociedade Anônima",
        "S.A. de C.V.", "SA de CV", "S.A.P.I. de C.V.", "Naamloze Vennootschap",
        "Spółka Akcyjna", "Akciová společnost", "Aktiebolag", "Aksjeselskap", "Aktieselskab",
        "Osakeyhtiö", "Kabushiki Kaisha", "Kabushiki Gaisha", "Perseroan Terbatas",
        "Public Company Limited", "Sherkat-e Sahami-ye Am", "Sherkate Sahami Khas",
        "Anonymi Etaireia", "Ανώνυμη Εταιρεία", "Α.Ε.", "ش.م.ع", "ش.م.خ",
        "股份有限公司", "股份公司", "株式会社", "Gufen Youxian Gongsi", "Gufen Gongsi",
    )),
    ("jsc", "company", False, (
        "AO", "АО", "OAO", "ОАО", "ZAO", "ЗАО", "PAO", "ПАО", "NAO", "НАО", "AG", "SA", "S.A.",
        "NV", "N.V.", "AS", "A.S.", "A/S", "ASA", "A.Ş.", "SpA", "S.p.A.", "AT", "АТ", "PAT",
        "ПАТ", "PrAT", "ПрАТ", "AB", "Oy", "Oyj", "KK", "K.K.", "PT", "P.T.", "Tbk", "SAS",
        "S.A.S.", "SAOG", "PJS", "PJSCo", "AE", "ΑΕ", "a.s.", "Zrt", "Nyrt", "AD", "АД", "EAD",
        "ЕАД", "ОДО", "ODO", "ЧАО", "PrJSC", "S/A", "ААТ", "AAT", "ЗАТ", "ZAT", "АКБ", "AKB",
        "JSCB", "OJSCB", "PJSCB", "КБ", "CB",
    )),
    ("inc", "company", True, ("Inc", "Inc.", "Incorporated", "Corp", "Corp.", "Corporation")),
    ("fze", "company", True, (
        "FZE", "F.Z.E.", "FZCO", "FZC", "F.Z.C.", "FZ Co", "Free Zone Establishment",
        "Free Zone Company", "DMCC", "DWC-LLC",
    )),
    ("co", "company", False, (
        "Co", "Co.", "Company", "公司", "Gongsi", "Kompaniya", "Компания", "Sherkat",
    )),
    ("llp", "partnership", True, (
        "LLP", "L.L.P.", "Limited Liability Partnership", "GmbH & Co. KG", "GmbH & Co KG",
        "Kommanditgesellschaft", "Полное товарищество", "Коммандитное товарищество",
        "合伙企业", "有限合伙", "Sp. k.", "Sp. j.",
    )),
    ("llp", "partnership", False, (
        "LP", "L.P.", "Limited Partnership", "PLLC", "KG", "OHG", "SNC", "S.N.C.", "VOF",
        "V.O.F.", "CV", "C.V.",
    )),
    ("sole", "sole-proprietor", False, (
        "IP", "ИП", "IE", "Individual Entrepreneur", "Individualnyi Predprinimatel",
        "Individualnyy Predprinimatel", "Индивидуальный предприниматель", "ФОП", "FOP",
        "Фізична особа-підприємець", "Sole Proprietor", "Sole Proprietorship", "Sole Trader",
        "e.K.", "Einzelunternehmen", "Entreprise individuelle", "Şahıs Şirketi",
        "ЧП", "ChP", "Chastnoe Predpriyatie", "Частное предприятие", "个体工商户",
    )),
    ("state", "state", True, (
        "FGUP", "ФГУП", "FGBU", "ФГБУ", "FKU", "ФКУ", "GUP", "ГУП", "MUP", "МУП", "FGUE",
        "Federal State Unitary Enterprise", "State Unitary Enterprise",
        "Federalnoe Gosudarstvennoe Unitarnoe Predpriyatie",
        "Федеральное государственное унитарное предприятие", "Державне підприємство",
        "Республиканское унитарное предприятие", "国有企业", "全民所有制",
    )),
    ("state", "state", False, ("ГП", "ДП", "RUE", "РУП", "УП")),
    ("nonprofit", "nonprofit", True, (
        "Avtonomnaya Nekommercheskaya Organizatsiya", "Автономная некоммерческая организация",
        "Non-Profit Organization", "Non-Profit Organisation", "Eingetragener Verein", "gGmbH",
    )),
    ("nonprofit", "nonprofit", False, ("ANO", "АНО", "NKO", "НКО", "e.V.")),
)  # fmt: skip

# Chinese legal forms are suffixes of an unspaced run of characters, longest first.
_HAN_LEGAL_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("股份有限公司", "jsc", "company"),
    ("有限责任公司", "llc", "company"),
    ("有限責任公司", "llc", "company"),
    ("有限公司", "ltd", "company"),
    ("股份公司", "jsc", "company"),
    ("株式会社", "jsc", "company"),
    ("有限会社", "llc", "company"),
    ("公司", "co", "company"),
)


def _plain_tokens(text: str) -> list[str]:
    return transliterate(fold(_IN_WORD_MARKS.sub("", text))).split()


def _non_latin(text: str) -> bool:
    """Whether `text` has a letter of another script than Latin (Cyrillic, Han, Greek...)."""
    return any(
        ch.isalpha() and not ch.isascii() and not unicodedata.name(ch, "").startswith("LATIN")
        for ch in text
    )


_FormTable = dict[tuple[str, ...], tuple[str, str, bool]]


def _build_legal_forms() -> tuple[_FormTable, _FormTable]:
    """The legal-form table, and the same without the one-word forms only other scripts write.

    A one-word form that the table has only in Cyrillic, Greek or Arabic romanises to what is
    often a Latin name's own word: Ukrainian ЧАО is "chao", a Chinese given name ("Wang Chao" lost
    its given name to it), УП is "up", ГП "gp". Such a form is taken from a name only when the
    name has letters of another script than Latin; its Latin spellings ("PrAT") are in the table.
    """
    table: _FormTable = {}
    latin_spelled: set[tuple[str, ...]] = set()
    for label, family, anywhere, spellings in _LEGAL_FORM_TABLE:
        for spelling in spellings:
            # Dotted forms both ways: "S.A.S." is one word inside a name, initials at its end.
            for tokens in (_plain_tokens(spelling), _plain_tokens(_undot(spelling))):
                table[tuple(tokens)] = (label, family, anywhere)
                if not _non_latin(spelling):
                    latin_spelled.add(tuple(tokens))
    latin = {k: v for k, v in table.items() if len(k) > 1 or k in latin_spelled}
    return table, latin


_LEGAL_FORMS, _LATIN_LEGAL_FORMS = _build_legal_forms()
_LEGAL_MAX_WORDS = max(len(k) for k in _LEGAL_FORMS)
# The first word of every form: most words of a name start none, and need no table look-up.
_LEGAL_FIRST_WORDS = frozenset(k[0] for k in _LEGAL_FORMS)
# Legal forms of one word of three letters or more: a dotted acronym that spells one ends a firm's
# name ("ZAVOD J.S.C."), not a person's (see _undot).
_ONE_WORD_FORMS = frozenset(k[0] for k in _LEGAL_FORMS if len(k) == 1 and len(k[0]) >= 3)
# The longer words of legal forms ("limited", "company", "stock"), for mending their typos
# ("LIMTIED", "JOINT STLCK COMPANY"): a mistyped legal form would otherwise stay in the name as a
# rare, heavy word. Five letters and up, as normalize.edit_budget allows one edit from five.
_LEGAL_WORDS: tuple[str, ...] = tuple(
    sorted({w for k in _LEGAL_FORMS for w in k if len(w) >= 5 and w.isascii() and w.isalpha()})
)

# --- Generic words ----------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say what line of business, what kind of organisation or where a company is, not which
# company it is: "Wuhan Tongsheng Technology" and "Wuhan Gaoxin Technology" share two of them and
# are different firms. They are kept (a name made only of them still compares) but weigh little
# (index.GENERIC_WEIGHT). Drawn from the entity names of the fact sheet, OFAC SDN and BIS Entity
# List China/Russia entries, and the transshipment hubs FinCEN/BIS name (FIN-2022-Alert003,
# FIN-2023-Alert004). "Group" and "Holding" are here rather than among legal forms: they are what
# tells a parent ("China Poly Group") from its subsidiaries: they must not vanish, only weigh less.
GENERIC_WORDS: frozenset[str] = _words(
    """
    technology technologies tech technical technic technics science sciences scientific sci
    electronics electronic electric electrical electro optoelectronic optoelectronics optical
    optics digital intelligent information info network networks communication communications
    telecom telecommunication telecommunications software systems system solutions solution
    services service supply supplies supplier trading trade traders trader commerce commercial
    business import export imp exp impex industrial industry industries manufacturing manufacture
    manufacturer production products product equipment machinery machine machines mechanical
    engineering materials material components component parts devices device instruments
    instrument development developments investment investments holding holdings group groups
    enterprise enterprises company firm center centre institute research laboratory lab factory
    plant works logistics logistic shipping transport freight forwarding express aviation
    aerospace energy resources general new heavy special precision global world international
    intl universal union united joint venture partners associates agency office branch
    ticaret tic sanayi san dis ithalat ihracat lojistik teknoloji elektronik muhendislik
    keji maoyi dianzi jishu guoji shiye jituan youxian gongsi zeren gufen kongu
    obshchestvo kompaniya gruppa zavod nauchno proizvodstvennoe proizvodstvennaya obedinenie
    predpriyatie tsentr institut kontsern korporatsiya gosudarstvennoe federalnoe unitarnoe
    china chinese zhongguo sino russia russian rossii rossiya rossiiskoi rossiiskaya federation
    federatsii rf kazakhstan kyrgyzstan kyrgyz uzbekistan tajikistan armenia georgia turkey
    turkiye emirates uae arab hong kong hongkong hk macau macao taiwan singapore malaysia
    india asia asian pacific europe european eurasia eurasian iran iranian syria syrian korea
    korean belarus belarusian ukraine ukrainian innovation innovations chain semiconductor
    semiconductors microelectronics automation cnc power chemical medical management consulting
    navigation tool tools central military commission communist party peoples republic
    north south east west central eastern western northern southern far
    beijing shanghai tianjin chongqing shenzhen sz guangzhou dongguan foshan zhuhai xiamen
    fuzhou hangzhou ningbo wenzhou suzhou wuxi nanjing changzhou hefei wuhan changsha zhengzhou
    jinan qingdao yantai zibo shijiazhuang hengshui baoding tangshan taiyuan xian chengdu
    kunming nanning harbin shenyang dalian changchun urumqi lanzhou hohhot yiwu shantou
    guangdong fujian zhejiang jiangsu shandong hebei henan hubei hunan anhui jiangxi sichuan
    shaanxi shanxi yunnan guangxi liaoning jilin heilongjiang xinjiang gansu hainan guizhou
    kowloon taipei
    moscow moskva petersburg peterburg sankt saint st novosibirsk yekaterinburg ekaterinburg
    kazan nizhny novgorod samara omsk chelyabinsk rostov krasnoyarsk voronezh volgograd
    vladivostok irkutsk khabarovsk kaliningrad
    almaty astana bishkek tashkent samarkand dushanbe yerevan tbilisi baku minsk
    istanbul ankara izmir mersin dubai sharjah ajman abu dhabi jebel fujairah
    """
)

# Function words carry no identity at all and are dropped (a name made only of them is kept).
STOP_WORDS: frozenset[str] = frozenset({"of", "the", "and", "for", "und", "et", "de", "des", "du"})

# Words that name a country, a people or a compass direction. Like every generic word they weigh
# little when both names have them ("China" / "China"), but one that only one name has says which
# one it is: "Ministry of Defence" is not "Ministry of Defence of the Russian Federation", and
# "South China Research Institute" is not "North China Research Institute". Cities and provinces
# are left out: a firm's name is often given with or without its city ("Hangzhou Hikvision
# Digital Technology" / "Hikvision Digital Technology"); two different cities still conflict
# (match.compare_units treats a place word on each side as a conflict).
NATION_WORDS: frozenset[str] = _words(
    """
    china chinese zhongguo russia russian rossii rossiya rossiiskoi rossiiskaya federation
    federatsii rf kazakhstan kyrgyzstan kyrgyz uzbekistan tajikistan armenia georgia turkey
    turkiye emirates uae arab hong kong hongkong hk macau macao taiwan singapore malaysia india
    asia asian pacific europe european eurasia eurasian iran iranian syria syrian korea korean
    belarus belarusian ukraine ukrainian
    north south east west central eastern western northern southern far
    """
)
# Cities and provinces of GENERIC_WORDS: a different one on each side is a conflict.
PLACE_WORDS: frozenset[str] = NATION_WORDS | _words(
    """
    beijing shanghai tianjin chongqing shenzhen sz guangzhou dongguan foshan zhuhai xiamen
    fuzhou hangzhou ningbo wenzhou suzhou wuxi nanjing changzhou hefei wuhan changsha zhengzhou
    jinan qingdao yantai zibo shijiazhuang hengshui baoding tangshan taiyuan xian chengdu
    kunming nanning harbin shenyang dalian changchun urumqi lanzhou hohhot yiwu shantou
    guangdong fujian zhejiang jiangsu shandong hebei henan hubei hunan anhui jiangxi sichuan
    shaanxi shanxi yunnan guangxi liaoning jilin heilongjiang xinjiang gansu hainan guizhou
    kowloon taipei moscow moskva petersburg peterburg novosibirsk yekaterinburg ekaterinburg
    kazan samara omsk chelyabinsk rostov krasnoyarsk voronezh volgograd vladivostok irkutsk
    khabarovsk kaliningrad almaty astana bishkek tashkent samarkand dushanbe yerevan tbilisi
    baku minsk istanbul ankara izmir mersin dubai sharjah ajman fujairah
    """
)

# Russian, Ukrainian and Belarusian patronymics end so (-ovich, -evich, -ich; -ovna, -evna,
# -ichna, -inichna; Ukrainian -ovych, -evych, -ivna as in "Anatoliyovych"; Belarusian -avich,
# -avna as in "Uladzimiravich"); Turkic ones are separate words (ogly, oglu, kyzy, uly, qizi).
# Lists give them for some people and not others ("PUTIN, Vladimir Vladimirovich" / "Vladimir
# Putin"), so a patronymic only one name has is a detail, not a conflict; two different ones are
# a conflict.
_PATRONYMIC = re.compile(r"^[a-z]{3,}(?:ovich|evich|ovna|evna|ichna|ovych|evych|ivna|avich|avna)$")
_PATRONYMIC_WORDS = frozenset({"ogly", "oglu", "ogli", "kyzy", "kizi", "qizi", "uly", "uulu"})

# Roman numerals of the ordinal sort names carry ("Plant No. II", "Zavod 2"): II-XX, but not the
# letters and syllables they collide with (I and V and X are initials; XI and XV are pinyin
# syllables or initials too often to guess).
_ROMAN = {
    "ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
    "xii": "12", "xiii": "13", "xiv": "14", "xvi": "16", "xvii": "17", "xviii": "18",
    "xix": "19", "xx": "20",
}  # fmt: skip
# "No. 1", "Nr 1", "№ 1" (NFKD turns № into "No"), "#1" (punctuation, gone): the number is the name.
_NUMBER_SIGNS = frozenset({"no", "nr", "number", "num"})

# Abbreviations of places that the lists also write in full: "HK" and "HONGKONG" for Hong Kong
# (OFSI's "HK HENGBANGWEI ELECTRONICS LIMITED" is 香港恒邦微電子有限公司), "SZ" for Shenzhen.
_REGION_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "hk": ("hong", "kong"),
    "hongkong": ("hong", "kong"),
    "sz": ("shenzhen",),
}

# The Chinese counterparts of GENERIC_WORDS, found inside unspaced runs by longest match
# (Simplified and Traditional forms), with the English word the lists translate each to:
# "武汉同盛科技有限公司" is listed as "Wuhan Tongsheng Technology Co., Ltd.". Place names are
# romanised (pinyin, syllables of one name joined, the way the lists write them: "Wuhan").
_HAN_TRANSLATIONS: dict[str, str] = {
    "科技": "technology", "技术": "technology", "技術": "technology", "电子": "electronics",
    "電子": "electronics", "贸易": "trading", "貿易": "trading", "商贸": "trading",
    "商貿": "trading", "国际": "international", "國際": "international", "实业": "industrial",
    "實業": "industrial", "进出口": "import export", "進出口": "import export",
    "工业": "industrial", "工業": "industrial", "集团": "group", "集團": "group",
    "控股": "holding", "发展": "development", "發展": "development", "数字": "digital",
    "數字": "digital", "信息": "information", "智能": "intelligent", "网络": "network",
    "網絡": "network", "通信": "communication", "通讯": "communication",
    "通訊": "communication", "设备": "equipment", "設備": "equipment", "物流": "logistics",
    "供应链": "supply chain", "供應鏈": "supply chain", "机械": "machinery", "機械": "machinery",
    "材料": "materials", "制造": "manufacturing", "製造": "manufacturing", "电气": "electric",
    "電氣": "electric", "电器": "electric", "電器": "electric", "光电": "optoelectronics",
    "光電": "optoelectronics", "航空": "aviation", "航天": "aerospace",
    "研究所": "research institute", "研究院": "research institute", "中心": "center",
    "工厂": "factory", "工廠": "factory", "精密": "precision", "仪器": "instruments",
    "儀器": "instruments", "投资": "investment", "投資": "investment", "创新": "innovation",
    "創新": "innovation", "能源": "energy", "半导体": "semiconductor", "半導體": "semiconductor",
    "自动化": "automation",
    "自動化": "automation", "软件": "software", "軟件": "software", "系统": "systems",
    "系統": "systems", "服务": "services", "服務": "services", "工程": "engineering",
    "光学": "optics", "光學": "optics", "中国": "china", "中國": "china", "香港": "hong kong",
    "澳门": "macau", "澳門": "macau", "华北": "north china", "華北": "north china",
    "华南": "south china", "華南": "south china", "华东": "east china", "華東": "east china",
    "数控": "cnc", "數控": "cnc", "船务": "shipping", "船務": "shipping", "航运": "shipping",
    "航運": "shipping", "海运": "shipping", "海運": "shipping", "机床": "machine tool",
    "機床": "machine tool", "动力": "power", "動力": "power", "机器": "machinery",
    "機器": "machinery", "化工": "chemical", "医疗": "medical", "醫療": "medical",
    "商务": "business", "商務": "business", "咨询": "consulting", "諮詢": "consulting",
    "管理": "management", "导航": "navigation", "導航": "navigation", "传感": "sensor",
    "傳感": "sensor", "矢量": "vector", "公司": "company", "中央": "central",
    "军事": "military", "軍事": "military", "委员会": "commission", "委員會": "commission",
    "共产党": "communist party", "共產黨": "communist party",
    "中华人民共和国": "peoples republic china", "中華人民共和國": "peoples republic china",
}  # fmt: skip
# Chinese two-character surnames (復姓) that lists write as one word ("OUYANG"); any other
# personal name is one surname character and a given name the lists write joined ("NI Gaobin").
_HAN_COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方",
        "皇甫", "尉迟", "尉遲", "公孙", "公孫", "慕容", "令狐", "夏侯", "轩辕",
        "軒轅", "长孙", "長孫", "宇文", "司徒", "端木", "西门", "西門", "南宫", "南宮",
    }
)  # fmt: skip
# Place names (and the "city" / "province" suffixes 市 and 省, which lists leave out).
_HAN_PLACES: frozenset[str] = _words(
    """
    深圳 北京 上海 武汉 武漢 杭州 广州 廣州 厦门 廈門 衡水 天津 重庆 重慶 成都 西安 南京 苏州 蘇州
    宁波 寧波 青岛 青島 东莞 東莞 陕西 陝西 山东 山東 广东 廣東 湖北 河北 浙江 江苏 江蘇 福建
    珠海 佛山 无锡 無錫 合肥 长沙 長沙 郑州 鄭州 济南 濟南 大连 大連 沈阳 瀋陽 哈尔滨 哈爾濱
    """
)
_HAN_GENERIC: frozenset[str] = (
    frozenset(_HAN_TRANSLATIONS)
    | _HAN_PLACES
    | frozenset(place + suffix for place in _HAN_PLACES for suffix in ("市", "省"))
)
_HAN_GENERIC_MAX = max(len(w) for w in _HAN_GENERIC)


# Mandarin syllables of four letters or more, toneless (u for ü), written out from the readings in
# pypinyin's dictionary (pypinyin.pinyin_dict; deriving them at import would cost 0.1 s): shorter
# words get no typo budget anyway (edit_budget). One letter is the whole difference
# between two of them ("Huang" / "Guang", "Zhang" / "Zhan", "Liang" / "Jiang"), and each is a
# different character, so match.token_similarity does not take one for a typo of another.
PINYIN_SYLLABLES: frozenset[str] = _words(
    """
    bang beng bian biang biao bing bong cang ceng chai chan chang chao chen cheng chong chou chua
    chuai chuan chuang chui chun chuo cong cuan dang deng dian diao ding dong duan fang feng fiao
    gang geng gong guai guan guang hang heng hong huai huan huang jian jiang jiao jing jiong juan
    kang keng kong kuai kuan kuang lang leng lian liang liao ling long luan mang meng mian miao
    ming nang neng nian niang niao ning nong nuan pang peng pian piao ping qian qiang qiao qing
    qiong quan rang reng rong ruan sang seng shai shan shang shao shei shen sheng shou shua shuai
    shuan shuang shui shun shuo song suan tang teng tian tiao ting tong tuan wang weng wong xian
    xiang xiao xing xiong xuan yang ying yong yuan zang zeng zhai zhan zhang zhao zhei zhen zheng
    zhong zhou zhua zhuai zhuan zhuang zhui zhun zhuo zong zuan
    """
)

# Russian words the lists translate as often as they romanise ("ZAVOD" / "PLANT", "GRUPPA" /
# "GROUP", "KONTSERN" / "CONCERN"), by the start of their romanised form (adjective endings vary:
# -ii, -aya, -oe, -ogo). Such a word gets the spelling skeleton of its English translation, so it
# pairs with the translation (as a spelling variant, 0.95) and with itself (exactly). From the
# romanised and English names the UK and OFAC lists give for one entry (e.g. OFSI "SAMARSKI
# METALLURGICHESKI ZAVOD" / "SAMARA METALLURGICAL PLANT", "KONTSERN KALASHNIKOV" / "KALASHNIKOV
# CONCERN").
_RU_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    ("zavod", "plant"), ("kombinat", "plant"), ("gruppa", "group"), ("gruppy", "group"),
    ("kontsern", "concern"), ("kompaniya", "company"), ("kompanii", "company"),
    ("aviakompaniya", "airlines"), ("agentstvo", "agency"), ("korporatsiya", "corporation"),
    ("obedinenn", "united"), ("metallurgichesk", "metallurgical"), ("khimichesk", "chemical"),
    ("tekhnologii", "technologies"), ("tekhnologiya", "technology"), ("sistemy", "systems"),
    ("issledovani", "research"), ("issledovatelsk", "research"), ("nauchn", "scientific"),
    ("kommerchesk", "commercial"), ("gosudarstvenn", "state"), ("federaln", "federal"),
    ("rossiisk", "russian"), ("moskovsk", "moscow"), ("bespilotn", "unmanned"),
    ("tsentr", "center"), ("institut", "institute"), ("universitet", "university"),
    ("ministerstvo", "ministry"), ("oborony", "defence"), ("sluzhba", "service"),
    ("torgov", "trading"), ("promyshlenn", "industrial"), ("elektronn", "electronic"),
    ("energetichesk", "energy"), ("transportn", "transport"), ("stroitelsk", "construction"),
    ("mezhdunarodn", "international"), ("investitsionn", "investment"), ("neftyan", "oil"),
    ("morsk", "marine"), ("aviatsionn", "aviation"), ("optichesk", "optical"),
    ("mashinostroitelny", "machine building"), ("vagnera", "wagner"),
)  # fmt: skip
_RU_STEMS = tuple(sorted(_RU_TRANSLATIONS, key=lambda pair: -len(pair[0])))
# Pinyin of the generic words of _HAN_TRANSLATIONS, which lists also give untranslated ("Wuhan
# Gaoxin Keji", "Zhongguo Baoli Jituan"): the same treatment, by whole word.
_PINYIN_TRANSLATIONS: dict[str, str] = {
    "keji": "technology", "jishu": "technology", "dianzi": "electronics", "maoyi": "trading",
    "shangmao": "trading", "jituan": "group", "guoji": "international", "shiye": "industry",
    "konggu": "holding", "zhongguo": "china", "wuliu": "logistics", "touzi": "investment",
    "gongye": "industrial", "xinxi": "information", "shebei": "equipment", "jixie": "machinery",
    "zhineng": "intelligent", "chuangxin": "innovation", "fazhan": "development",
    "zhizao": "manufacturing", "cailiao": "materials", "hangkong": "aviation",
}  # fmt: skip


def _translation(text: str) -> str | None:
    """The English word a romanised Russian or pinyin word is listed as, when it is a common one."""
    pinyin = _PINYIN_TRANSLATIONS.get(text)
    if pinyin is not None:
        return pinyin
    if len(text) < 5:
        return None
    for stem, english in _RU_STEMS:
        if text.startswith(stem) and len(text) - len(stem) <= 4:
            return english
    return None


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name: `text` as normalised, `key` its spelling skeleton (Han: itself).

    `place` marks a country, people, direction, city or province word, `nation` the first three
    of those (NATION_WORDS); `patronymic` a patronymic; `initial` a single letter.
    """

    text: str
    key: str
    generic: bool
    han: bool
    numeric: bool = False
    place: bool = False
    nation: bool = False
    patronymic: bool = False
    initial: bool = False


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name taken apart for matching: its words without legal forms, and the legal forms.

    `romanised` names what was romanised ("Cyrillic", "Chinese (pinyin)", "Greek"...), for the
    explanation of a hit.
    """

    name: str
    tokens: tuple[Token, ...]
    legal_forms: tuple[LegalForm, ...]
    transliterated: bool
    romanised: tuple[str, ...] = ()

    @property
    def distinctive(self) -> tuple[Token, ...]:
        """The words that say which organisation this is (not generic)."""
        return tuple(t for t in self.tokens if not t.generic)

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)


def make_token(text: str) -> Token:
    """A token for normalised word `text`, classified generic or not."""
    han = has_han(text)
    numeric = any(ch.isdigit() for ch in text)
    if han:
        return Token(text, text, text in _HAN_GENERIC, True, numeric)
    initial = len(text) == 1 and text.isalpha()
    english = _translation(text) if text.isascii() else None
    generic = text in GENERIC_WORDS or initial or (english is not None and english in GENERIC_WORDS)
    if text.isdigit():
        key = text.lstrip("0") or "0"
    else:
        key = skeleton(english.replace(" ", "") if english is not None else text)
    return Token(
        text,
        key,
        generic,
        False,
        numeric,
        place=text in PLACE_WORDS,
        nation=text in NATION_WORDS,
        patronymic=text in _PATRONYMIC_WORDS or _PATRONYMIC.match(text) is not None,
        initial=initial,
    )


def _split_han(word: str) -> list[str]:
    """Split a word at the boundaries between Han and other characters ("tcl科技" -> tcl, 科技)."""
    return _HAN_RUNS.findall(word)


def _strip_han_suffixes(word: str, found: list[LegalForm]) -> str:
    stripped = True
    while stripped and word:
        stripped = False
        for suffix, label, family in _HAN_LEGAL_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                word = word[: -len(suffix)]
                found.insert(0, LegalForm(suffix, label, family))
                stripped = True
                break
    return word


def _segment_han(run: str) -> list[str]:
    """Cut an unspaced Chinese run into generic words (longest match) and the text between them."""
    pieces: list[str] = []
    pending = ""
    i = 0
    while i < len(run):
        if run[i] in "市省" and len(pending) >= 2:
            # "金华市": a place name the table does not know, ended by "city" (or "province").
            pieces.append(pending)
            pending = ""
            i += 1
            continue
        for size in range(min(_HAN_GENERIC_MAX, len(run) - i), 1, -1):
            if run[i : i + size] in _HAN_GENERIC:
                if pending:
                    pieces.append(pending)
                    pending = ""
                pieces.append(run[i : i + size])
                i += size
                break
        else:
            pending += run[i]
            i += 1
    if pending:
        pieces.append(pending)
    return pieces


def _pinyin_words(piece: str) -> list[str]:
    """A Chinese name piece in list-style pinyin: the syllables of a word joined.

    Without a dictionary of names (jieba would be one) the words are guessed by length: Chinese
    firm names are made of two-character words ("同盛" Tongsheng, "保利" Poly/Baoli, "大疆"
    Dajiang), so a piece of up to three characters is one word and a longer one is cut in pairs
    (a trailing three-character run stays whole). index.word_units joins neighbours as well, so
    "Haikang Weishi" also meets "Haikangweishi". pypinyin reads each character in context, with
    tone marks dropped (Style.NORMAL), and ü written "v" by pypinyin is written "u" as the lists
    do ("Lyu" / "Lu" both occur; "u" is the commoner).
    """
    # Imported here: pypinyin's phrase dictionary takes about 0.3 s to load, which a run with no
    # Chinese name (and a one-row check reusing the compiled index) should not pay.
    from pypinyin import Style, lazy_pinyin

    syllables = [s.replace("v", "u") for s in lazy_pinyin(piece, style=Style.NORMAL)]
    if len(syllables) <= 3:
        return ["".join(syllables)]
    words: list[str] = []
    i = 0
    while i < len(syllables):
        size = 3 if len(syllables) - i == 3 else 2
        words.append("".join(syllables[i : i + size]))
        i += size
    return words


def _romanise_han(
    piece: str, pinyin: Callable[[str], Sequence[str]] = _pinyin_words
) -> Sequence[str]:
    """One segmented Chinese piece as Latin words: a generic word's translation, else its
    `pinyin` (_pinyin_words, or a NameAnalyzer's remembered copy)."""
    translation = _HAN_TRANSLATIONS.get(piece)
    if translation is not None:
        return translation.split()
    if piece in _HAN_GENERIC and piece[-1] in "市省":
        piece = piece[:-1]
    return pinyin(piece)


def _legal_at(
    words: list[str], start: int, table: _FormTable = _LEGAL_FORMS
) -> tuple[int, tuple[str, str, bool]] | None:
    """The longest legal form starting at `start`: its length in words and its table row."""
    for size in range(min(_LEGAL_MAX_WORDS, len(words) - start), 0, -1):
        row = table.get(tuple(words[start : start + size]))
        if row is not None:
            return size, row
    return None


def _strip_legal_forms(
    words: list[str], table: _FormTable = _LEGAL_FORMS
) -> tuple[list[str], list[LegalForm]]:
    """Remove legal forms from the end, the start and (unambiguous ones) the middle of a name."""
    tail: list[LegalForm] = []
    head: list[LegalForm] = []
    # From the end: try every start position so the longest suffix wins ("co ltd" over "ltd").
    changed = True
    while changed and len(words) > 1:
        changed = False
        for start in range(max(1, len(words) - _LEGAL_MAX_WORDS), len(words)):
            hit = _legal_at(words, start, table)
            if hit is not None and start + hit[0] == len(words):
                label, family, _ = hit[1]
                tail.insert(0, LegalForm(" ".join(words[start:]), label, family))
                words = words[:start]
                changed = True
                break
    while len(words) > 1:
        hit = _legal_at(words, 0, table)
        if hit is None or hit[0] >= len(words):
            break
        label, family, _ = hit[1]
        head.append(LegalForm(" ".join(words[: hit[0]]), label, family))
        words = words[hit[0] :]
    middle: list[LegalForm] = []
    kept: list[str] = []
    i = 0
    while i < len(words):
        hit = _legal_at(words, i, table) if i > 0 and words[i] in _LEGAL_FIRST_WORDS else None
        if hit is not None and hit[1][2]:
            label, family, _ = hit[1]
            middle.append(LegalForm(" ".join(words[i : i + hit[0]]), label, family))
            i += hit[0]
            continue
        kept.append(words[i])
        i += 1
    return kept, [*head, *middle, *tail]


def _mend_legal_words(words: list[str], memory: dict[str, str] | None = None) -> list[str]:
    """Words one edit from a legal-form word, after the first word, spelled as the form's word.

    Only where the mended word then forms part of a legal form does the mending stick (see
    _strip_legal_forms_mended); the first word is left alone, since a name's own first word is
    more often one letter from a form word ("Limitex") than a mistyped form.
    """
    mended = list(words)
    for i in range(1, len(words)):
        word = words[i]
        if len(word) < 5 or word in _LEGAL_FIRST_WORDS or not word.isascii():
            continue
        known = memory.get(word) if memory is not None else None
        if known is None:
            found = process.extractOne(word, _LEGAL_WORDS, scorer=OSA.distance, score_cutoff=1)
            known = found[0] if found is not None else word
            if memory is not None and len(memory) < _ANALYSIS_CACHE_SIZE:
                memory[word] = known
        mended[i] = known
    return mended


def _strip_legal_forms_mended(
    words: list[str], memory: dict[str, str] | None = None, table: _FormTable = _LEGAL_FORMS
) -> tuple[list[str], list[LegalForm]]:
    """_strip_legal_forms, with mistyped legal-form words mended when that finds a form."""
    mended = _mend_legal_words(words, memory)
    if mended == words:
        return _strip_legal_forms(words, table)
    kept, forms = _strip_legal_forms(mended, table)
    if len(kept) == len(words) - sum(len(f.text.split()) for f in forms) and forms:
        # Put back the original spelling of every mended word the forms did not take.
        originals = {m: w for m, w in zip(mended, words, strict=True) if m != w}
        return [originals.get(w, w) for w in kept], forms
    return _strip_legal_forms(words, table)


def _numbers(words: list[str]) -> list[str]:
    """Number signs and Roman numerals: "No. 2", "Nr 2" and "II" (not first) all become "2"."""
    out: list[str] = []
    for i, word in enumerate(words):
        if word in _NUMBER_SIGNS and i + 1 < len(words) and words[i + 1][:1].isdigit():
            continue
        if i > 0 and word in _ROMAN:
            word = _ROMAN[word]
        out.append(word)
    return out


def _scripts(folded: str) -> tuple[str, ...]:
    """The scripts romanised in a folded name, named after the Unicode names of its letters."""
    found: list[str] = []
    for ch in folded:
        if ch.isascii() or not ch.isalpha():
            continue
        if _HAN.match(ch):
            label = "Chinese (pinyin)"
        elif _CYRILLIC_CHAR.match(ch):
            label = "Cyrillic (simplified BGN/PCGN)"
        else:
            label = unicodedata.name(ch, "other").split()[0].capitalize() + " (anyascii)"
        if label not in found:
            found.append(label)
    return tuple(found)


# How many analysed names and tokens a NameAnalyzer keeps: a ledger repeats its counterparties,
# the lists repeat their words; the bound keeps memory flat on huge inputs (a few hundred bytes
# per name).
_ANALYSIS_CACHE_SIZE = 200_000


class NameAnalyzer:
    """analyze_name with a memory of the words and names it has seen.

    Building the index analyses ~90,000 list names made of far fewer distinct words, so each
    word's skeleton and class, and each Chinese piece's pinyin, is worked out once. The memory is
    per instance (the index owns one), so no state is shared between runs.
    """

    def __init__(self, cache_size: int = _ANALYSIS_CACHE_SIZE) -> None:
        self._cache_size = cache_size
        self._tokens: dict[str, Token] = {}
        self._han: dict[str, tuple[tuple[str, ...], tuple[LegalForm, ...]]] = {}
        # Pinyin of each Chinese piece: a ledger's Chinese names are mostly new as wholes (so
        # _han caches little on them) but share their pieces (city names, "家具", "贸易"), and
        # pypinyin costs ~0.25 ms a piece (py-spy of the 1M benchmark run, issue 6).
        self._pinyin: dict[str, tuple[str, ...]] = {}
        self._names: dict[str, NameParts] = {}
        self._mended: dict[str, str] = {}

    def token(self, text: str) -> Token:
        """make_token, remembered."""
        token = self._tokens.get(text)
        if token is None:
            token = make_token(text)
            if len(self._tokens) < self._cache_size:
                self._tokens[text] = token
        return token

    def _han_word(self, word: str) -> tuple[tuple[str, ...], tuple[LegalForm, ...]]:
        cached = self._han.get(word)
        if cached is None:
            found: list[LegalForm] = []
            stem = _strip_han_suffixes(word, found)
            pinyin = self._pinyin_of
            words = [w for piece in _segment_han(stem) for w in _romanise_han(piece, pinyin)]
            cached = (tuple(words), tuple(found))
            if len(self._han) < self._cache_size:
                self._han[word] = cached
        return cached

    def _pinyin_of(self, piece: str) -> tuple[str, ...]:
        """_pinyin_words(piece), remembered."""
        words = self._pinyin.get(piece)
        if words is None:
            words = tuple(_pinyin_words(piece))
            if len(self._pinyin) < self._cache_size:
                self._pinyin[piece] = words
        return words

    def analyze(self, name: str) -> NameParts:
        """analyze_name(name), remembered."""
        parts = self._names.get(name)
        if parts is None:
            parts = self._analyze(name)
            if self._cache_size:
                if len(self._names) >= self._cache_size:
                    self._names.pop(next(iter(self._names)))
                self._names[name] = parts
        return parts

    def _han_person(self, word: str) -> tuple[str, ...] | None:
        """A name written only as two to four Chinese characters, none generic, as a person's.

        Surname and given name are separate words in the lists ("ZHAO Wei", "NI Gaobin"), the
        given name's syllables joined; a firm's name this short and without a legal form or an
        industry word is rare.
        """
        if not 2 <= len(word) <= 4 or not all(_HAN.match(ch) for ch in word):
            return None
        if _segment_han(word) != [word]:
            return None
        cut = 2 if word[:2] in _HAN_COMPOUND_SURNAMES and len(word) > 2 else 1
        if len(word) - cut > 2:
            # Given names have one or two characters: four characters with a one-character
            # surname are a brand ("海康威视", Hikvision), not a person.
            return None
        return self._pinyin_of(word[:cut]) + self._pinyin_of(word[cut:])

    def _analyze(self, name: str) -> NameParts:
        folded = fold(_undot(_IN_WORD_MARKS.sub("", name), _ONE_WORD_FORMS))
        if not folded.isascii() and has_cyrillic(folded):
            folded = _cyrillic_homoglyphs(folded)
        romanised = transliterate(folded)
        words: list[str] = []
        for word in romanised.split():
            if word.isascii():
                words.append(word)
            else:
                words.extend(_split_han(word))
        table = _LEGAL_FORMS if _non_latin(folded) else _LATIN_LEGAL_FORMS
        words, forms = _strip_legal_forms_mended(words, self._mended, table)
        han_forms: list[LegalForm] = []
        pieces: list[str] = []
        person = self._han_person(words[0]) if len(words) == 1 and not forms else None
        for word in words if person is None else ():
            if word in _REGION_ABBREVIATIONS:
                pieces.extend(_REGION_ABBREVIATIONS[word])
            elif not word.isascii() and has_han(word):
                latin, found = self._han_word(word)
                han_forms.extend(found)
                pieces.extend(latin)
            else:
                pieces.append(word)
        if person is not None:
            pieces = list(person)
        pieces = _numbers(pieces)
        content = [p for p in pieces if p not in STOP_WORDS] or pieces
        seen: set[str] = set()
        tokens: list[Token] = []
        for piece in content:
            # A repeated word ("Huawei Technologies Co., Ltd. (Huawei)") adds no identity.
            if piece not in seen:
                seen.add(piece)
                tokens.append(self.token(piece))
        scripts = _scripts(folded) if not folded.isascii() else ()
        return NameParts(
            name=name,
            tokens=tuple(tokens),
            legal_forms=(*forms, *han_forms),
            transliterated=bool(scripts),
            romanised=scripts,
        )


def analyze_name(name: str) -> NameParts:
    """Take a party or list name apart: normalised words, their classes, and the legal forms.

    Every script ends up in Latin letters: Cyrillic by simplified BGN/PCGN, Chinese in pinyin
    with its generic words translated ("武汉同盛科技有限公司" -> wuhan, tongsheng, technology and
    the form "有限公司"), other alphabets by anyascii.

    >>> [t.text for t in analyze_name("Poly Technologies Co., Ltd.").tokens]
    ['poly', 'technologies']
    """
    return NameAnalyzer(cache_size=0).analyze(name)


# --- Identifiers ------------------------------------------------------------------------------

# Identifier kinds that name exactly one legal person, so two different values of the same kind
# mean two different parties (a Russian INN/OGRN, a Chinese USCC, an LEI, an IMO number, a BIC).
UNIQUE_IDENTIFIER_KINDS: frozenset[str] = frozenset({"inn", "ogrn", "uscc", "lei", "imo", "bic"})
_ID_NOISE = re.compile(r"[\s\-./]+")


def identifier_key(kind: str, value: str) -> str:
    """An identifier value in comparable form: upper case without spaces, dashes, dots or slashes.

    A BIC keeps its first 8 characters (institution and location); the branch suffix of an 11-char
    BIC ("XXX" for the head office) names a branch of the same institution (ISO 9362).
    """
    key = _ID_NOISE.sub("", unicodedata.normalize("NFKC", value)).upper()
    if kind.lower() == "bic" and len(key) == 11:
        key = key[:8]
    if kind.lower() == "imo" and key.startswith("IMO"):
        key = key[3:]
    return key


# Check-digit validators of python-stdnum (https://arthurdejong.org/python-stdnum/), a maintained
# library of identifier formats: Russian INN (tax number, 10 or 12 digits) and OGRN (state
# registration, 13 or 15), the Chinese Unified Social Credit Code (GB 32100-2015), the LEI
# (ISO 17442), the BIC (ISO 9362; letters only, no check digit) and the IMO ship number.
_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "inn": inn.is_valid,
    "ogrn": ogrn.is_valid,
    "uscc": uscc.is_valid,
    "lei": lei.is_valid,
    "bic": bic.is_valid,
    "imo": imo.is_valid,
}


def identifier_valid(kind: str, value: str) -> bool | None:
    """Whether `value` is a well-formed identifier of `kind` (check digit and all).

    None when there is no validator for the kind (vat, reg, other): nothing can be said.
    """
    validator = _VALIDATORS.get(kind.lower())
    if validator is None:
        return None
    return validator(identifier_key(kind, value))
