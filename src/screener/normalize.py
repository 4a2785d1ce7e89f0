"""Pure string functions that bring names and free text to comparable forms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


def transliterate(text: str) -> str:
    """Cyrillic letters romanised (simplified BGN/PCGN); every other character left as it is.

    Chinese stays Chinese: pinyin needs word segmentation and tone-free readings, a later stage.
    """
    return text.translate(_TRANSLIT)


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

# Rewrites that make the usual romanisation and spelling variants of one name equal: x/ks
# (Rosoboronexport / ROSOBORONEKSPORT), hard c/k (Titan-Micro / TITAN-MIKRO), soft c/s (Defence /
# Defense), kh/h, w/v, y/i (-skiy / -skii, vneshney / vneshnei), ph/f, q/k and doubled letters.
# Applied to Latin tokens only, in order.
_SKELETON_STEPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c(?!h)"), "k"),
    (re.compile(r"y"), "i"),
    (re.compile(r"([a-z])\1+"), r"\1"),
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
# and "Co., Ltd." need no hand-made token form. Forms that are also ordinary words or pinyin
# syllables ("Co", "AS", "SA", "AO", "TOO") are recognised only at the start or end of a name.
# Sources: the forms in OFAC SDN, UK OFSI and BIS Entity List entity names (e.g. "JOINT STOCK
# COMPANY ULAN-UDE AVIATION PLANT", "ROSOBORONEKSPORT OAO", "SZ DJI TECHNOLOGY CO., LTD.") and the
# brief's list for Russia, Central Asia, Turkey, the UAE and China.
_LEGAL_FORM_TABLE: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    ("llc", "company", True, (
        "LLC", "L.L.C.", "Limited Liability Company", "Limited Liability Co", "OOO", "ООО",
        "Obshchestvo s Ogranichennoy Otvetstvennostyu", "Общество с ограниченной ответственностью",
        "GmbH", "mbH", "SARL", "S.A.R.L.", "Sp. z o.o.", "s.r.o.", "FZ-LLC", "FZLLC", "FZ LLC",
        "有限责任公司", "有限責任公司", "有限会社",
    )),
    ("llc", "company", False, ("TOO", "ТОО", "TOV", "ТОВ", "SRL", "S.R.L.", "BV", "B.V.")),
    ("ltd", "company", True, (
        "Ltd", "Limited", "Co Ltd", "Co., Ltd.", "Co., Limited", "Company Limited", "Pvt Ltd",
        "Pvt. Ltd.", "Private Limited", "Pte Ltd", "Pte. Ltd.", "Sdn Bhd", "Sdn. Bhd.",
        "Ltd. Şti.", "Ltd Sti", "Limited Şirketi", "Tic. Ltd. Şti.", "有限公司",
    )),
    ("jsc", "company", True, (
        "JSC", "PJSC", "OJSC", "CJSC", "Joint Stock Company", "Joint-Stock Company",
        "Open Joint Stock Company", "Closed Joint Stock Company", "Public Joint Stock Company",
        "Aktsionernoe Obshchestvo", "Акционерное общество", "Публичное акционерное общество",
        "Открытое акционерное общество", "Закрытое акционерное общество", "PLC", "P.L.C.",
        "Anonim Şirketi", "股份有限公司", "股份公司", "株式会社",
    )),
    ("jsc", "company", False, (
        "AO", "АО", "OAO", "ОАО", "ZAO", "ЗАО", "PAO", "ПАО", "AG", "SA", "S.A.", "NV", "N.V.",
        "AS", "A.S.", "A.Ş.", "SpA", "S.p.A.", "AT", "АТ", "PAT", "ПАТ", "PrAT", "ПрАТ",
    )),
    ("inc", "company", True, ("Inc", "Inc.", "Incorporated", "Corp", "Corp.", "Corporation")),
    ("fze", "company", True, ("FZE", "F.Z.E.", "FZCO", "FZC", "F.Z.C.")),
    ("co", "company", False, ("Co", "Co.", "Company", "公司")),
    ("llp", "partnership", True, ("LLP", "L.L.P.", "Limited Liability Partnership")),
    ("llp", "partnership", False, ("LP", "L.P.", "Limited Partnership")),
    ("sole", "sole-proprietor", False, (
        "IP", "ИП", "IE", "Individual Entrepreneur", "Individualnyi Predprinimatel",
        "Индивидуальный предприниматель",
    )),
    ("state", "state", True, (
        "FGUP", "ФГУП", "FGBU", "ФГБУ", "FKU", "ФКУ", "GUP", "ГУП", "MUP", "МУП",
        "Federal State Unitary Enterprise",
    )),
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


def _build_legal_forms() -> dict[tuple[str, ...], tuple[str, str, bool]]:
    table: dict[tuple[str, ...], tuple[str, str, bool]] = {}
    for label, family, anywhere, spellings in _LEGAL_FORM_TABLE:
        for spelling in spellings:
            table[tuple(_plain_tokens(spelling))] = (label, family, anywhere)
    return table


_LEGAL_FORMS = _build_legal_forms()
_LEGAL_MAX_WORDS = max(len(k) for k in _LEGAL_FORMS)

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
    india asia asian pacific europe european eurasia eurasian
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

# The Chinese counterparts, found inside unspaced runs by longest match (Simplified and
# Traditional forms): lines of business, organisation words and the places of the entities above.
_HAN_GENERIC: frozenset[str] = _words(
    """
    科技 技术 技術 电子 電子 贸易 貿易 商贸 商貿 国际 國際 实业 實業 进出口 進出口 工业 工業
    集团 集團 控股 发展 發展 数字 數字 信息 智能 网络 網絡 通信 通讯 通訊 设备 設備 物流 供应链
    供應鏈 机械 機械 材料 制造 製造 电气 電氣 光电 光電 航空 研究所 研究院 中心 工厂 工廠 精密
    仪器 儀器 投资 投資 中国 中國 香港 澳门 澳門 深圳 深圳市 北京 北京市 上海 上海市 武汉 武漢
    武汉市 杭州 杭州市 广州 廣州 广州市 厦门 廈門 厦门市 衡水 衡水市 天津 重庆 成都 西安 南京 苏州
    宁波 青岛 东莞 华北 華北 华南 華南 华东 華東 陕西 陝西 山东 山東 广东 廣東 湖北 河北 浙江 江苏
    福建
    """
)
_HAN_GENERIC_MAX = max(len(w) for w in _HAN_GENERIC)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name: `text` as normalised, `key` its spelling skeleton (Han: itself)."""

    text: str
    key: str
    generic: bool
    han: bool
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name taken apart for matching: its words without legal forms, and the legal forms."""

    name: str
    tokens: tuple[Token, ...]
    legal_forms: tuple[LegalForm, ...]
    transliterated: bool

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
    generic = text in GENERIC_WORDS or (len(text) == 1 and text.isalpha())
    return Token(text, skeleton(text), generic, False, numeric)


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


def _legal_at(words: list[str], start: int) -> tuple[int, tuple[str, str, bool]] | None:
    """The longest legal form starting at `start`: its length in words and its table row."""
    for size in range(min(_LEGAL_MAX_WORDS, len(words) - start), 0, -1):
        row = _LEGAL_FORMS.get(tuple(words[start : start + size]))
        if row is not None:
            return size, row
    return None


def _strip_legal_forms(words: list[str]) -> tuple[list[str], list[LegalForm]]:
    """Remove legal forms from the end, the start and (unambiguous ones) the middle of a name."""
    tail: list[LegalForm] = []
    head: list[LegalForm] = []
    # From the end: try every start position so the longest suffix wins ("co ltd" over "ltd").
    changed = True
    while changed and len(words) > 1:
        changed = False
        for start in range(max(1, len(words) - _LEGAL_MAX_WORDS), len(words)):
            hit = _legal_at(words, start)
            if hit is not None and start + hit[0] == len(words):
                label, family, _ = hit[1]
                tail.insert(0, LegalForm(" ".join(words[start:]), label, family))
                words = words[:start]
                changed = True
                break
    while len(words) > 1:
        hit = _legal_at(words, 0)
        if hit is None or hit[0] >= len(words):
            break
        label, family, _ = hit[1]
        head.append(LegalForm(" ".join(words[: hit[0]]), label, family))
        words = words[hit[0] :]
    middle: list[LegalForm] = []
    kept: list[str] = []
    i = 0
    while i < len(words):
        hit = _legal_at(words, i)
        if hit is not None and hit[1][2] and len(words) - hit[0] >= 1 and i > 0:
            label, family, _ = hit[1]
            middle.append(LegalForm(" ".join(words[i : i + hit[0]]), label, family))
            i += hit[0]
            continue
        kept.append(words[i])
        i += 1
    return kept, [*head, *middle, *tail]


def analyze_name(name: str) -> NameParts:
    """Take a party or list name apart: normalised words, their classes, and the legal forms.

    >>> [t.text for t in analyze_name("Poly Technologies Co., Ltd.").tokens]
    ['poly', 'technologies']
    """
    folded = fold(_IN_WORD_MARKS.sub("", name))
    romanised = transliterate(folded)
    words: list[str] = []
    for word in romanised.split():
        words.extend(_split_han(word))
    words, forms = _strip_legal_forms(words)
    han_forms: list[LegalForm] = []
    pieces: list[str] = []
    for word in words:
        if has_han(word):
            found: list[LegalForm] = []
            word = _strip_han_suffixes(word, found)
            han_forms.extend(found)
            pieces.extend(_segment_han(word))
        else:
            pieces.append(word)
    content = [p for p in pieces if p not in STOP_WORDS] or pieces
    seen: set[str] = set()
    tokens: list[Token] = []
    for piece in content:
        # A repeated word ("Huawei Technologies Co., Ltd. (Huawei)") adds no identity.
        if piece not in seen:
            seen.add(piece)
            tokens.append(make_token(piece))
    return NameParts(
        name=name,
        tokens=tuple(tokens),
        legal_forms=(*forms, *han_forms),
        transliterated=romanised != folded,
    )


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
