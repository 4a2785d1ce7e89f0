"""ISO 3166-1 alpha-2 codes from the ways exports write countries: codes, names, translations."""

from __future__ import annotations

import gettext
import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import pycountry

from screener import __version__, normalize
from screener.normalize import fold

# Languages whose pycountry (Debian iso-codes) translations of country names are indexed: the
# languages of the exports screener reads (Russian, Chinese, Ukrainian, Kazakh, Kyrgyz, Turkish,
# Arabic) and of the common European ERP locales (German, French, Spanish).
_LANGUAGES: tuple[str, ...] = (
    "ru",
    "zh_CN",
    "zh_TW",
    "uk",
    "kk",
    "ky",
    "tr",
    "ar",
    "de",
    "fr",
    "es",
)

# What ISO 3166 and its translations lack, seen in trade and payment data. Keys are written as
# people write them; they are folded like every other name. Each line says why it is here.
_ALIASES: Mapping[str, str] = {
    # Russia: ISO's name is "Russian Federation"; the short forms are what exports write.
    "Russia": "RU",
    "Россия": "RU",
    "РФ": "RU",  # Russian abbreviation of "Российская Федерация"
    "RF": "RU",
    "Russland": "RU",  # German short name (the de catalogue has only the official form)
    "俄罗斯联邦": "RU",  # simplified Chinese official form (zh_CN has only 俄罗斯)
    "俄国": "RU",
    # United States / United Kingdom: abbreviations that are not ISO codes.
    "США": "US",  # Russian abbreviation
    "America": "US",
    "美国": "US",
    "UK": "GB",  # the ISO code is GB; "UK" is what almost everyone writes
    "Great Britain": "GB",
    "Britain": "GB",
    # Constituent countries of the UK: customs data name them; sanctions law applies to the UK.
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Великобритания": "GB",
    "Англия": "GB",
    "英国": "GB",
    # United Arab Emirates: the acronym in English, Russian and Chinese.
    "UAE": "AE",
    "ОАЭ": "AE",
    "Emirates": "AE",
    "Эмираты": "AE",
    # Hong Kong and Macao: the "SAR" forms official documents use.
    "Hong Kong SAR": "HK",
    "Hong Kong SAR China": "HK",
    "Hong Kong China": "HK",
    "HKSAR": "HK",
    "香港特别行政区": "HK",
    "香港特區": "HK",
    "Macau": "MO",
    "Macau SAR": "MO",
    "Macao SAR": "MO",
    "Macao SAR China": "MO",
    "澳门特别行政区": "MO",
    # China: abbreviations and the mainland qualifier.
    "PRC": "CN",
    "P R China": "CN",
    "Mainland China": "CN",
    "China Mainland": "CN",
    "КНР": "CN",  # Russian abbreviation of "Китайская Народная Республика"
    "中国大陆": "CN",
    "中华人民共和国": "CN",
    "Chinese Taipei": "TW",  # the name Taiwan trades under in WTO/APEC statistics
    # Korea: the "Korea, South" form of US government data, and common abbreviations.
    "Korea South": "KR",
    "Republic of Korea": "KR",
    "ROK": "KR",
    "Южная Корея": "KR",
    "韩国": "KR",
    "Korea North": "KP",
    "DPRK": "KP",
    "КНДР": "KP",
    "Северная Корея": "KP",
    "朝鲜": "KP",
    # Türkiye: renamed in ISO 3166 in 2022; most data still says Turkey.
    "Turkey": "TR",
    "Turkiye": "TR",
    # Central Asia: spellings of the re-exporting hubs that ISO's translations miss.
    "Кыргызстан": "KG",
    "Кыргызская Республика": "KG",
    "Киргизская Республика": "KG",
    "Kirghizia": "KG",
    "Kazakstan": "KZ",  # the UN's spelling until 1997, still in old master data
    "Республика Казахстан": "KZ",
    "Белоруссия": "BY",
    "Republic of Belarus": "BY",
    # Former or informal names still in master data.
    "Holland": "NL",
    "Czech Republic": "CZ",
    "Ivory Coast": "CI",
    "Swaziland": "SZ",
    "Burma": "MM",
    "Macedonia": "MK",
    # ISO's name for MK until 2019, still in OFAC remarks and older master data.
    "The former Yugoslav Republic of Macedonia": "MK",
    "FYROM": "MK",
    "Cape Verde": "CV",
    "East Timor": "TL",
    "Brunei": "BN",
    "Vatican": "VA",
    "Vatican City": "VA",
    "DR Congo": "CD",
    "DRC": "CD",
    "Congo Kinshasa": "CD",
    "Congo Brazzaville": "CG",
    "KSA": "SA",
    # Kosovo has no ISO code; XK is the user-assigned code the EU, OFAC and SWIFT use for it.
    "Kosovo": "XK",
    "XK": "XK",
    "XKX": "XK",
    # --- The official lists' own spellings. Inverted names ("Bahamas, The", "Congo, Republic of
    # the", "Man, Isle of") are read by to_iso2's general rule; these are the ones it cannot read.
    # Seen in OFAC's SDN and consolidated address files and remarks, the UN consolidated list, the
    # UK list and the CSL (checked against the copies under shared/data/lists).
    # The Palestinian territories: OFAC writes "West Bank", "Region: Gaza", the demonym
    # "Palestinian" as a country; the UK list "Occupied Palestinian Territories".
    "West Bank": "PS",
    "Gaza": "PS",
    "Gaza Strip": "PS",
    "North Gaza": "PS",
    "Northern Gaza": "PS",
    "Palestinian Territories": "PS",
    "Occupied Palestinian Territories": "PS",
    "Occupied Palestinian Territory": "PS",
    "Palestinian Authority": "PS",
    # OFAC "Region: Crimea" (ISO 3166-2 UA-43); the region's own sanctions programme (EO 13685)
    # is a rule's concern, which reads the text as written.
    "Crimea": "UA",
    "Republic of Crimea": "UA",
    "Northern Mali": "ML",  # OFAC "Region: Northern Mali"
    # Netherlands Antilles: dissolved in 2010 (into CW, SX and BQ) but still in OFAC addresses.
    # AN stays transitionally reserved in ISO 3166-3; match.py relates it to its successors.
    "Netherlands Antilles": "AN",
    # UN: "China, Hong Kong Special Administrative Region"; World Bank and UN trade statistics:
    # "Hong Kong SAR, China". An inverted name whose head is another country cannot be read by
    # the general rule ("China" would win), so the whole forms are here.
    "China, Hong Kong Special Administrative Region": "HK",
    "China, Macao Special Administrative Region": "MO",
    "Hong Kong Special Administrative Region": "HK",
    "Macao Special Administrative Region": "MO",
    "Hong Kong, China": "HK",
    "Hong Kong SAR, China": "HK",
    "Macao, China": "MO",
    "Macao SAR, China": "MO",
    "Lao PDR": "LA",  # World Bank
    "Korea, Dem. People's Rep.": "KP",  # World Bank
    "Korea, Dem. Rep.": "KP",
    # Genitive forms in "гражданин России" (citizen of Russia), for nationality cells.
    "России": "RU",
    "Китая": "CN",
    "Казахстана": "KZ",
    "Кыргызстана": "KG",
    "Беларуси": "BY",
}

# Nationality adjectives and nouns (demonyms), English, as nationality columns and OFAC remarks
# ("nationality Palestinian") write them; after the CIA World Factbook's "Nationality" field.
# Demonyms that name several countries (Congolese, Dominican, Guinean, Korean, Samoan) are left
# out. Indexed below every country name, so a name always wins over a demonym.
_DEMONYMS = """
AE Emirati, Emirian | AF Afghan | AL Albanian | AM Armenian | AO Angolan
AR Argentine, Argentinian | AT Austrian | AU Australian | AZ Azerbaijani, Azeri
BA Bosnian, Herzegovinian | BD Bangladeshi | BE Belgian | BF Burkinabe | BG Bulgarian
BH Bahraini | BI Burundian | BN Bruneian | BO Bolivian | BR Brazilian | BS Bahamian
BT Bhutanese | BY Belarusian, Belarussian, Byelorussian | BZ Belizean | CA Canadian
CF Central African | CH Swiss | CI Ivorian | CL Chilean | CM Cameroonian | CN Chinese
CO Colombian | CR Costa Rican | CU Cuban | CY Cypriot | CZ Czech | DE German | DJ Djiboutian
DK Danish, Dane | DZ Algerian | EC Ecuadorian, Ecuadorean | EE Estonian | EG Egyptian
ER Eritrean | ES Spanish, Spaniard | ET Ethiopian | FI Finnish, Finn | FJ Fijian | FR French
GA Gabonese | GB British, Briton | GE Georgian | GH Ghanaian | GM Gambian | GR Greek
GT Guatemalan | GY Guyanese | HK Hong Konger, Hongkonger | HN Honduran | HR Croatian, Croat
HT Haitian | HU Hungarian | ID Indonesian | IE Irish | IL Israeli | IN Indian | IQ Iraqi
IR Iranian | IS Icelandic, Icelander | IT Italian | JM Jamaican | JO Jordanian | JP Japanese
KE Kenyan | KG Kyrgyz, Kyrgyzstani, Kirghiz | KH Cambodian | KP North Korean
KR South Korean | KW Kuwaiti | KZ Kazakh, Kazakhstani | LA Laotian | LB Lebanese
LK Sri Lankan | LR Liberian | LT Lithuanian | LU Luxembourger | LV Latvian | LY Libyan
MA Moroccan | MD Moldovan | ME Montenegrin | MK Macedonian, North Macedonian | ML Malian
MM Burmese | MN Mongolian | MO Macanese | MR Mauritanian | MT Maltese | MU Mauritian
MV Maldivian | MW Malawian | MX Mexican | MY Malaysian | MZ Mozambican | NE Nigerien
NG Nigerian | NI Nicaraguan | NL Dutch | NO Norwegian | NP Nepalese, Nepali
NZ New Zealander | OM Omani | PA Panamanian | PE Peruvian | PG Papua New Guinean
PH Filipino, Philippine | PK Pakistani | PL Polish, Pole | PS Palestinian | PT Portuguese
PY Paraguayan | QA Qatari | RO Romanian | RS Serbian | RU Russian | RW Rwandan
SA Saudi, Saudi Arabian | SC Seychellois | SD Sudanese | SE Swedish, Swede | SG Singaporean
SI Slovenian, Slovene | SK Slovak, Slovakian | SL Sierra Leonean | SN Senegalese
SO Somali, Somalian | SR Surinamese | SS South Sudanese | SV Salvadoran | SY Syrian
TD Chadian | TH Thai | TJ Tajik, Tajikistani | TL Timorese | TM Turkmen | TN Tunisian
TR Turkish | TT Trinidadian | TW Taiwanese | TZ Tanzanian | UA Ukrainian | UG Ugandan
US American | UY Uruguayan | UZ Uzbek, Uzbekistani | VE Venezuelan | VN Vietnamese
XK Kosovar, Kosovan | YE Yemeni | ZA South African | ZM Zambian | ZW Zimbabwean
"""


def _demonyms() -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for item in _DEMONYMS.replace("\n", " | ").split("|"):
        if item.strip():
            code, _, words = item.strip().partition(" ")
            pairs.extend((word.strip(), code) for word in words.split(","))
    return tuple(pairs)


# Short English names for reports where ISO's name is long or formal.
_SHORT_NAMES: Mapping[str, str] = {
    "RU": "Russia",
    "XK": "Kosovo",
    "MO": "Macao",
    "CD": "DR Congo",
    "CG": "Congo",
    "AN": "Netherlands Antilles",  # ISO 3166-3: withdrawn from 3166-1 in 2010
}

_PAREN = re.compile(r"^(?P<outer>[^()\[\]]+?)\s*[(\[](?P<inner>[^()\[\]]+)[)\]]\s*$")
_SPLIT = re.compile(r"\s*[/|:;]\s*|\s+[-–—]\s+|(?<=\w)[-–—](?=\w)")


# Words that only join the words of a country name: "Isle of Man" and "Man, Isle of", "Bosnia and
# Herzegovina" and "Bosnia-Herzegovina", "Republic of the Congo" and "Congo, Rep." differ in them.
_JOINING_WORDS = frozenset({"of", "the", "and"})
# Abbreviations of the World Bank's and the UN statistics' inverted names ("Congo, Dem. Rep.").
_ABBREVIATIONS: Mapping[str, str] = {"rep": "republic", "dem": "democratic"}
# What an inverted name's tail may hold for its head alone to name the country: forms of state
# ("Venezuela, RB", "Micronesia, Fed. Sts.", "Egypt, Arab Rep."). A tail with any other word
# ("Georgia, USA", "Dubai, UAE") is a place and its country, not a country's long name.
_STATE_FORMS = """
    republic rep democratic dem people peoples s islamic arab federal federated fed state states
    sts united kingdom principality sultanate emirate grand duchy federation union commonwealth
    socialist plurinational bolivarian rb sar special administrative region hashemite
    independent oriental co operative cooperative of the and
"""
_STATE_FORM_WORDS = frozenset(_STATE_FORMS.split())
# A label before the country in OFAC's address files ("Region: Crimea", "Region: Gaza").
_REGION_LABEL = re.compile(r"^\s*region\s*:\s*", re.IGNORECASE)


def _key(text: str) -> str:
    """The folded form names are indexed and looked up by: joining words out, "st" as saint."""
    tokens = fold(text.replace("&", " and ")).split()
    if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
        # "U.S.A." folds to "u s a": join the initials so that it meets the alpha-3 code "usa".
        return "".join(tokens)
    tokens = [_ABBREVIATIONS.get(t, t) for t in tokens]
    if len(tokens) > 1 and tokens[0] == "st":
        tokens[0] = "saint"
    content = [t for t in tokens if t not in _JOINING_WORDS]
    return " ".join(content or tokens)


def _variants(name: str) -> Iterator[str]:
    """Forms of an ISO name: "Iran, Islamic Republic of" -> "Iran", "Islamic Republic of Iran"."""
    match = _PAREN.match(name)
    if match:
        yield match.group("outer")
        yield match.group("inner")
    if ", " in name:
        head, tail = name.split(", ", 1)
        yield head
        yield f"{tail} {head}"


def _names(country: object) -> tuple[str, ...]:
    return tuple(
        value
        for attr in ("name", "official_name", "common_name")
        if isinstance(value := getattr(country, attr, None), str) and value
    )


@lru_cache(maxsize=1)
def _index() -> Mapping[str, str]:
    """Folded name or code -> alpha-2 (`_build_index`), from the on-disk cache when it holds one."""
    return cached_table("countries", _build_index, Path(__file__))


def _build_index() -> dict[str, str]:
    """Folded name or code -> alpha-2, built from pycountry and its translations.

    Levels are filled from the most to the least authoritative; a key already taken stays with the
    earlier level, and a key that two countries claim at the same level is dropped (ambiguous), so
    "Korea" or "Virgin Islands" resolve to nothing rather than to a guess.
    """
    countries = list(pycountry.countries)
    levels: list[list[tuple[str, str]]] = [
        [(alias, code) for alias, code in _ALIASES.items()],
        [(c.alpha_2, c.alpha_2) for c in countries]
        + [(c.alpha_3, c.alpha_2) for c in countries]
        + [(c.numeric, c.alpha_2) for c in countries],
        [(n, c.alpha_2) for c in countries for n in _names(c)],
        [(v, c.alpha_2) for c in countries for n in _names(c) for v in _variants(n)],
    ]
    translated: list[tuple[str, str]] = []
    derived: list[tuple[str, str]] = []
    for lang in _LANGUAGES:
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:  # a pycountry build without this language: index the others
            continue
        for c in countries:
            for n in _names(c):
                local = catalogue.gettext(n)
                translated.append((local, c.alpha_2))
                derived.extend((v, c.alpha_2) for v in _variants(local))
    levels.extend([translated, derived, list(_demonyms())])

    return dict(unambiguous_index(levels, _key))


def table_key(*modules: Path) -> str:
    """What a name table built from pycountry depends on: the code of `modules` (the table's own
    module; this one and normalize.py, whose fold() makes the keys), pycountry's data and
    translations, Python's Unicode database (NFKD, casefold) and screener's version."""
    digest = hashlib.sha256(
        f"{__version__}|{sys.version}|{unicodedata.unidata_version}|"
        f"{pycountry.__version__}|{pycountry.DATABASE_DIR}|{pycountry.LOCALES_DIR}|".encode()
    )
    for module in (Path(__file__), Path(normalize.__file__), *modules):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:32]


def cached_table(
    kind: str, build: Callable[[], dict[str, str]], *modules: Path
) -> Mapping[str, str]:
    """`build()`, kept in the user cache directory between runs (read-only when it comes back).

    Building the country table folds some 6,600 names and translations (about 0.06 s, a tenth of a
    one-row check); reading it back takes about 2 ms. Best effort: a cache that cannot be read or
    written only costs the build. The key (`table_key`) covers everything the build reads.
    """
    # Imported here: index_store imports the name index, which a caller of to_iso2 alone (a list
    # parser) does not need.
    from screener import index_store

    try:
        key = table_key(*modules)
    except OSError:  # a module file that cannot be read (a zipped install): no cache
        return MappingProxyType(build())
    table = index_store.cached(index_store.cache_root(), kind, key, build)
    if not isinstance(table, dict):  # a foreign file under our name: build rather than trust it
        table = build()
    return MappingProxyType(table)


def unambiguous_index(
    levels: Sequence[Sequence[tuple[str, str]]], key: Callable[[str], str]
) -> Mapping[str, str]:
    """Name -> code from (name, code) pairs in levels of trust, most trusted first.

    A name keeps the code of the first level that names it; a name that one level gives two codes
    ("Guinea" in a list of short forms, "dollar") is blocked for all later levels too, so an
    ambiguous spelling is never resolved by a guess. Shared by the country and currency tables.
    """
    index: dict[str, str] = {}
    blocked: set[str] = set()
    for level in levels:
        claims: dict[str, set[str]] = {}
        for text, code in level:
            k = key(text)
            if k and k not in index and k not in blocked:
                claims.setdefault(k, set()).add(code)
        for k, codes in claims.items():
            if len(codes) == 1:
                index[k] = next(iter(codes))
            else:
                blocked.add(k)
    return MappingProxyType(index)


def _lookup(text: str) -> str | None:
    return _index().get(_key(text)) if text.strip() else None


@lru_cache(maxsize=4096)
def to_iso2(text: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country as written, or None when it is not a country.

    Accepts codes (RU, RUS, 643), English names in ISO, official and common forms, translations
    (Россия, 俄罗斯, Türkei...), informal names (UAE, UK, Korea, South), the official lists'
    inverted and labelled forms ("Bahamas, The", "Congo, Democratic Republic of the", "Region:
    Crimea"), nationality words ("Palestinian", "Russian") and decorated forms such as "SPAIN (ES)"
    or "ES - Spain". Cities are not countries: "Dubai" gives None.
    """
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    code = _lookup(text)
    if code:
        return code
    if _REGION_LABEL.match(text):
        return to_iso2(_REGION_LABEL.sub("", text))
    if "," in text:
        code = _inverted(text)
        if code:
            return code
    match = _PAREN.match(text)
    if match:
        # "SPAIN (ES)", "Hong Kong (China)": the outer part names the country, the inner one
        # qualifies it; the inner part is used only when the outer one is not a country.
        return _lookup(match.group("outer")) or _lookup(match.group("inner"))
    parts = [p for p in _SPLIT.split(text) if p.strip()]
    if len(parts) == 2:
        codes = {c for c in (_lookup(p) for p in parts) if c}
        # "ES - Spain" agrees with itself; "Kazakhstan / Kyrgyzstan" names two countries, not one.
        if len(codes) == 1:
            return codes.pop()
    return None


def _inverted(text: str) -> str | None:
    """A name written head first: "Bahamas, The", "Congo, Republic of the", "Man, Isle of".

    The tail goes before the head ("Republic of the Congo"); failing that, a tail made only of
    forms of state ("Venezuela, RB") leaves the head to name the country.
    """
    head, tail = (part.strip() for part in text.split(",", 1))
    if not head or not tail:
        return None
    code = _lookup(f"{tail} {head}")
    if code:
        return code
    if set(fold(tail).split()) <= _STATE_FORM_WORDS:
        return _lookup(head)
    return None


@lru_cache(maxsize=1024)
def to_iso2_many(text: str | None) -> tuple[str, ...]:
    """Every country named in a cell that may list several ("KZ; KG", "Kazakhstan / Kyrgyzstan")."""
    if text is None or not text.strip():
        return ()
    whole = to_iso2(text)
    if whole:
        return (whole,)
    found: list[str] = []
    for piece in re.split(r"\s*(?:[;/|\n]|->|→|>|\s[-–—]\s)\s*", text):
        piece = re.sub(r"^(?:via|through|thru|через)\s+", "", piece.strip(), flags=re.I)
        if not piece:
            continue
        code = to_iso2(piece)
        codes: Iterable[str | None] = (
            (code,)
            if code
            else (to_iso2(p) for p in re.split(r"\s*(?:,|\band\b|&|\bи\b)\s*", piece))
        )
        for c in codes:
            if c and c not in found:
                found.append(c)
    return tuple(found)


# Words around a nationality that are not the country: "citizen of Russia", "гражданин РФ",
# "гражданство: Казахстан", "中国籍" (籍: nationality, as in 国籍).
_NATIONALITY_PREFIX = re.compile(
    r"^(?:(?:citizen|national|nationality|citizenship)(?:\s+of)?|граждан(?:ин|ка|е|ство)"
    r"|подданн(?:ый|ая|ство))\s*:?\s+",
    re.IGNORECASE,
)
_NATIONALITY_SUFFIX = re.compile(r"(?<=\S)\s+(?:citizen|national)$", re.IGNORECASE)


def _nationality(text: str) -> str | None:
    text = _NATIONALITY_SUFFIX.sub("", _NATIONALITY_PREFIX.sub("", text.strip())).strip()
    code = to_iso2(text)
    if code is None and text.endswith("籍"):
        # "中国籍" and "中国国籍": the country, then (国)籍.
        code = to_iso2(text[:-1]) or to_iso2(text[:-2])
    return code


@lru_cache(maxsize=1024)
def nationality_codes(text: str | None) -> tuple[str, ...]:
    """Every country a nationality cell names: "Russian", "RU; KZ", "citizen of Cyprus", "中国籍".

    Nationalities are written as country names or codes, or as the nationality word itself
    (Russian, Kazakh, Emirati); a dual nationality as two of them.
    """
    if text is None or not text.strip():
        return ()
    whole = _nationality(text)
    if whole:
        return (whole,)
    found: list[str] = []
    for piece in re.split(r"\s*(?:[;/|\n,]|\.\s|\band\b|&|\bи\b)\s*", text):
        code = _nationality(piece) if piece.strip() else None
        if code and code not in found:
            found.append(code)
    return tuple(found)


def country_name(code: str) -> str:
    """A short English name for an alpha-2 code, for reports; an unknown code is returned as is."""
    code = code.strip().upper()
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    common = getattr(country, "common_name", None)
    if isinstance(common, str) and common:
        return common
    name = str(country.name)
    if ", " in name and " and " not in name:
        # "Palestine, State of" -> "State of Palestine"; "Virgin Islands, British" -> "British
        # Virgin Islands". Names with "and" ("Bonaire, Sint Eustatius and Saba") read as they are.
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
        if name.lower().startswith("the "):
            name = name[4:]
    return name
