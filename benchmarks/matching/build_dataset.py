"""Builds the labelled name-matching set (cases.csv) from the real list files in ../shared.

Run from the repository root:  PYTHONPATH=src python benchmarks/matching/build_dataset.py
Seeded: the same list files give the same cases. README.md explains every category.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wordlists
from sources import ListCache, non_latin, ofac_2025_alt, plain_key, romanise

from screener.model import Entry

HERE = Path(__file__).resolve().parent
SEED = 20260522
FIELDS = ("case_id", "category", "query", "query_type", "query_country", "list", "expected",
          "source", "note")  # fmt: skip

# Cases per category (before de-duplication): a few thousand pairs in all, enough that one case
# moves a category's recall by well under 1 % where the data allows.
SIZES = {
    "typo": 300, "legal-form": 250, "word-order": 250, "punctuation": 250, "real-alias": 300,
    "later-edition-alias": 300, "cyrillic": 300, "ordinary-company": 600,
    "ordinary-person": 500, "hard-near-miss": 450,
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    category: str
    query: str
    query_type: str
    list: str
    expected: str
    source: str
    note: str = ""
    query_country: str = ""


# --- Helpers ----------------------------------------------------------------------------------


def name_words(name: str) -> list[str]:
    """The words of a name (romanised, no punctuation), legal forms and function words left out."""
    return [w for w in plain_key(name).split() if w not in wordlists.LEGAL_WORDS]


def token_key(name: str) -> tuple[str, ...]:
    """Order-free key of a name's words: equal keys mean 'the same name' for this benchmark."""
    return tuple(sorted(set(name_words(name))))


def generic(word: str) -> bool:
    return word in wordlists.GENERIC or len(word) == 1


def kind(entry: Entry) -> str:
    return (
        entry.entity_type
        if entry.entity_type in ("person", "vessel", "aircraft")
        else "organization"
    )


def unique_names(entries: Iterable[Entry]) -> set[tuple[str, ...]]:
    """Token keys of names that belong to exactly one entry of the list."""
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entry in entries:
        for alias in entry.all_aliases():
            owners[token_key(alias.name)].add(entry.entry_id)
    return {k for k, v in owners.items() if len(v) == 1 and k}


def case_like(word: str, template: str) -> str:
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def distinctive(word: str) -> bool:
    low = word.lower()
    return low.isalpha() and low.isascii() and len(low) >= 5 and not generic(low)


_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours(ch: str) -> str:
    for r, row in enumerate(_KEYBOARD):
        c = row.find(ch)
        if c >= 0:
            near = row[max(0, c - 1) : c] + row[c + 1 : c + 2]
            for other in (r - 1, r + 1):
                if 0 <= other < len(_KEYBOARD):
                    near += _KEYBOARD[other][max(0, c - 1) : c + 1]
            return near or "e"
    return "e"


def typo(word: str, rng: random.Random) -> tuple[str, str]:
    """One plausible edit of `word`, not at its first letter: substitute, drop, add, swap."""
    low = word.lower()
    op = rng.choice(("substitute", "delete", "insert", "transpose"))
    i = rng.randrange(1, len(low))
    if op == "substitute":
        out = low[:i] + rng.choice(_neighbours(low[i])) + low[i + 1 :]
    elif op == "delete":
        out = low[:i] + low[i + 1 :]
    elif op == "insert":
        out = low[:i] + rng.choice((low[i - 1], *_neighbours(low[i - 1]))) + low[i:]
    else:
        i = min(i, len(low) - 2)
        out = (
            low[:i] + low[i + 1] + low[i] + low[i + 2 :]
            if low[i] != low[i + 1]
            else low[:i] + low[i + 1 :]
        )
    return case_like(out, word), op


# --- Positives from the real lists ------------------------------------------------------------


def pick_sources(entries: list[Entry], kinds: set[str], rng: random.Random) -> list[Entry]:
    pool = [e for e in entries if kind(e) in kinds and not non_latin(e.name)]
    rng.shuffle(pool)
    return pool


def typos(
    entries: list[Entry], list_id: str, source: str, n: int, rng: random.Random
) -> Iterator[Case]:
    unique = unique_names(entries)
    count = 0
    for entry in pick_sources(entries, {"person", "organization"}, rng):
        if count >= n:
            return
        if token_key(entry.name) not in unique:
            continue
        words = entry.name.split()
        choices = [i for i, w in enumerate(words) if distinctive(w.strip(",.()\"'"))]
        if not choices:
            continue
        i = rng.choice(choices)
        core = words[i].strip(",.()\"'")
        new, op = typo(core, rng)
        if new.lower() == core.lower():
            continue
        words[i] = words[i].replace(core, new)
        yield Case(
            "typo",
            " ".join(words),
            kind(entry),
            list_id,
            entry.entry_id,
            source,
            f"{op} in '{core}' -> '{new}'",
        )
        count += 1


# Legal-form spellings that name one form; a change picks another spelling of the same group.
LEGAL_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "LIMITED LIABILITY COMPANY",
        "LLC",
        "L.L.C.",
        "OOO",
        "ООО",
        "Obshchestvo s Ogranichennoy Otvetstvennostyu",
    ),
    ("CO., LTD.", "CO. LTD", "COMPANY LIMITED", "CO., LIMITED", "CO LTD", "Co., Ltd"),
    ("LIMITED", "LTD", "LTD."),
    ("OPEN JOINT STOCK COMPANY", "OJSC", "OAO", "ОАО"),
    ("PUBLIC JOINT STOCK COMPANY", "PJSC", "PAO", "ПАО"),
    ("CLOSED JOINT STOCK COMPANY", "CJSC", "ZAO", "ЗАО"),
    ("JOINT STOCK COMPANY", "JSC", "AO", "АО", "Aktsionernoe Obshchestvo"),
    ("GMBH", "G.M.B.H.", "Gesellschaft mit beschränkter Haftung"),
    ("S.A. DE C.V.", "SA DE CV", "Sociedad Anonima de Capital Variable"),
    ("S.A.", "SA", "Sociedad Anonima"),
    ("INCORPORATED", "INC.", "INC"),
    ("CORPORATION", "CORP.", "CORP"),
    ("FZE", "F.Z.E.", "Free Zone Establishment"),
    ("FZCO", "FZ CO", "Free Zone Company"),
    ("PTE. LTD.", "PTE LTD", "Private Limited"),
    ("LIMITED LIABILITY PARTNERSHIP", "LLP", "L.L.P.", "TOO", "ТОО"),
)
_RUSSIAN_FRONT = {"OOO", "ООО", "OAO", "ОАО", "PAO", "ПАО", "ZAO", "ЗАО", "AO", "АО", "TOO", "ТОО"}


def find_form(name: str) -> tuple[int, int, tuple[str, ...], str] | None:
    """Where a legal form of LEGAL_GROUPS stands at the start or end of `name`, longest first."""
    spellings = sorted(((s, g) for g in LEGAL_GROUPS for s in g), key=lambda x: -len(x[0]))
    upper = name.upper()
    for spelling, group in spellings:
        s = spelling.upper()
        m = re.search(r"(?:^|[\s,])" + re.escape(s) + r"\.?\s*$", upper)
        if m:
            start = m.start() + (1 if upper[m.start()] in " ," else 0)
            return start, len(name), group, spelling
        if upper.startswith(s + " ") and len(upper) > len(s) + 3:
            return 0, len(s), group, spelling
    return None


def legal_forms(
    entries: list[Entry], list_id: str, source: str, n: int, rng: random.Random
) -> Iterator[Case]:
    unique = unique_names(entries)
    count = 0
    for entry in pick_sources(entries, {"organization"}, rng):
        if count >= n:
            return
        if token_key(entry.name) not in unique:
            continue
        found = find_form(entry.name)
        if found is None:
            continue
        start, end, group, spelling = found
        core = (entry.name[:start] + entry.name[end:]).strip(" ,").strip()
        if len(core) < 3:
            continue
        other = rng.choice([s for s in group if s != spelling])
        roll = rng.random()
        if roll < 0.12:
            query, how = core, f"'{spelling}' dropped"
        elif other.upper() in _RUSSIAN_FRONT or (roll < 0.3 and start > 0):
            query, how = (
                f'{other} "{core}"' if roll < 0.5 else f"{other} {core}",
                f"'{spelling}' -> '{other}' in front",
            )
        else:
            query, how = f"{core} {other}", f"'{spelling}' -> '{other}'"
        if plain_key(query) == plain_key(entry.name):
            continue
        yield Case("legal-form", query, "organization", list_id, entry.entry_id, source, how)
        count += 1


def word_orders(
    entries: list[Entry], list_id: str, source: str, n: int, rng: random.Random
) -> Iterator[Case]:
    unique = unique_names(entries)
    count = 0
    for entry in pick_sources(entries, {"person", "organization"}, rng):
        if count >= n:
            return
        if token_key(entry.name) not in unique:
            continue
        name = entry.name
        if kind(entry) == "person":
            if "," in name:  # OFAC "SURNAME, Given Names"
                surname, given = (p.strip() for p in name.split(",", 1))
                query, how = (
                    (f"{given} {surname}", "given names first")
                    if rng.random() < 0.6
                    else (f"{surname} {given}", "surname first, no comma")
                )
            else:  # OFSI "Given Names SURNAME"
                words = name.split()
                if len(words) < 2:
                    continue
                query, how = " ".join([words[-1], *words[:-1]]), "surname moved first"
        else:
            found = find_form(name)
            core, form = name, ""
            if found is not None:
                start, end, _, _ = found
                core, form = (name[:start] + name[end:]).strip(" ,"), name[start:end].strip()
            paren = re.search(r"\(([^()]+)\)", core)
            if paren:
                rest = (core[: paren.start()] + core[paren.end() :]).strip()
                moved, how = f"{paren.group(1)} {rest}", "place in brackets moved first"
            else:
                words = core.split()
                if not 2 <= len(words) <= 4:
                    continue
                if rng.random() < 0.5:
                    moved, how = " ".join([*words[1:], words[0]]), "first word moved last"
                else:
                    moved, how = " ".join([words[-1], *words[:-1]]), "last word moved first"
            query = (
                f"{moved} {form}".strip() if found is None or found[0] > 0 else f"{form} {moved}"
            )
        if query.split() == name.split():
            continue
        yield Case("word-order", query, kind(entry), list_id, entry.entry_id, source, how)
        count += 1


def _punctuate(name: str, rng: random.Random) -> tuple[str, str]:
    ops = []
    if re.search(r"[.,\-'\"()&/]", name):
        ops.append("strip")
    words = name.split()
    if len(words) >= 2:
        ops += ["quote", "hyphen", "comma"]
    if any(len(w) <= 4 and w.isupper() and w.isalpha() and len(w) >= 2 for w in words):
        ops.append("dots")
    if not ops:
        return name, ""
    op = rng.choice(ops)
    if op == "strip":
        return re.sub(
            r"\s+", " ", re.sub(r"[.,\-'\"()&/]", " ", name)
        ).strip(), "punctuation removed"
    if op == "quote":
        found = find_form(name)
        if found is not None and found[0] > 0:
            core = name[: found[0]].strip(" ,")
            return (
                f"{name[found[0] : found[1]].strip()} «{core}»",
                "core name in « » after the form",
            )
        i = rng.randrange(len(words))
        words[i] = f'"{words[i]}"'
        return " ".join(words), "a word in quotes"
    if op == "hyphen":
        plain = [i for i in range(len(words) - 1) if words[i].isalnum() and words[i + 1].isalnum()]
        if not plain:
            return name, ""
        i = rng.choice(plain)
        return " ".join(
            [*words[:i], f"{words[i]}-{words[i + 1]}", *words[i + 2 :]]
        ), "two words hyphenated"
    if op == "comma":
        i = rng.randrange(1, len(words))
        return " ".join(
            [*words[: i - 1], words[i - 1].rstrip(",") + ",", *words[i:]]
        ), "comma inserted"
    i = next(
        i
        for i, w in enumerate(words)
        if len(w) <= 4 and w.isupper() and w.isalpha() and len(w) >= 2
    )
    words[i] = ".".join(words[i]) + "."
    return " ".join(words), "acronym dotted"


def punctuations(
    entries: list[Entry], list_id: str, source: str, n: int, rng: random.Random
) -> Iterator[Case]:
    unique = unique_names(entries)
    count = 0
    for entry in pick_sources(entries, {"person", "organization"}, rng):
        if count >= n:
            return
        if token_key(entry.name) not in unique:
            continue
        query, how = _punctuate(entry.name, rng)
        if not how or query == entry.name or not query.strip():
            continue
        yield Case("punctuation", query, kind(entry), list_id, entry.entry_id, source, how)
        count += 1


def real_aliases(entries: list[Entry], n: int, rng: random.Random) -> Iterator[Case]:
    """One strong alt.csv alias per entry, queried against the list without that alias."""
    unique = unique_names(entries)
    pool = [e for e in entries if kind(e) in ("person", "organization") and e.aliases]
    rng.shuffle(pool)
    count = 0
    for entry in pool:
        if count >= n:
            return
        others = {token_key(a.name) for a in entry.all_aliases()}
        # Sorted first: a parser may give an entry's aliases in a different order from run to run.
        strong = sorted(
            (a for a in entry.aliases if a.strong and not non_latin(a.name)), key=lambda a: a.name
        )
        rng.shuffle(strong)
        for alias in strong:
            key = token_key(alias.name)
            if (
                key not in unique
                or sum(1 for a in entry.all_aliases() if token_key(a.name) == key) > 1
            ):
                continue
            if len(others - {key}) == 0:
                continue
            yield Case(
                "real-alias",
                alias.name,
                kind(entry),
                "ofac-sdn-2021-heldout",
                entry.entry_id,
                "OFAC SDN alt.csv 2021-07-07",
                "alias held out of its entry",
            )
            count += 1
            break


def _ofac_rows(path: Path) -> Iterator[list[str]]:
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    for row in csv.reader(text.splitlines()):
        if row and row[0].strip().isdigit():
            yield [c.strip() for c in row]


def later_edition_aliases(entries: list[Entry], n: int, rng: random.Random) -> Iterator[Case]:
    """Aliases the 2025-12-24 alt.csv gives entries the 2021-07-07 set already had, without them."""
    by_id = {e.entry_id: e for e in entries}
    unique = unique_names(entries)
    listed_keys = {token_key(a.name) for e in entries for a in e.all_aliases()}
    candidates: list[tuple[Entry, str, str]] = []
    for row in _ofac_rows(ofac_2025_alt()):
        entry = by_id.get(row[0])
        if entry is None or kind(entry) not in ("person", "organization") or len(row) < 4:
            continue
        name = row[3]
        if not name or name == "-0-":
            continue
        key = token_key(name)
        if (
            not key
            or key in listed_keys
            or plain_key(name) in {plain_key(a.name) for a in entry.all_aliases()}
        ):
            continue
        candidates.append((entry, name, row[2]))
    rng.shuffle(candidates)
    seen: set[str] = set()
    count = 0
    for entry, name, alt_type in candidates:
        if count >= n:
            return
        if entry.entry_id in seen or not any(
            token_key(a.name) in unique for a in entry.all_aliases()
        ):
            continue
        seen.add(entry.entry_id)
        yield Case(
            "later-edition-alias",
            name,
            kind(entry),
            "ofac-sdn-2021",
            entry.entry_id,
            "OFAC SDN alt.csv 2025-12-24",
            f"{alt_type} not in the 2021-07-07 set",
        )
        count += 1


def _latin_names(entry: Entry) -> list[str]:
    return [a.name for a in entry.all_aliases() if not non_latin(a.name)]


def cyrillic(entries: list[Entry], n: int, rng: random.Random) -> Iterator[Case]:
    pool = [e for e in entries if kind(e) in ("person", "organization")]
    rng.shuffle(pool)
    per_kind: Counter[str] = Counter()
    for entry in pool:
        latin = _latin_names(entry)
        names = sorted(a.name for a in entry.aliases if re.search(r"[\u0400-\u04ff]", a.name))
        if not latin or not names:
            continue
        # Half persons, half organisations: OFSI has six Cyrillic person names for one company.
        if per_kind[kind(entry)] >= n // 2:
            continue
        name = rng.choice(names)
        similar = max(fuzz.token_set_ratio(romanise(name), plain_key(x)) for x in latin)
        category = "cyrillic" if similar >= 60 else "cyrillic-translated"
        per_kind[kind(entry)] += 1
        yield Case(
            category,
            name,
            kind(entry),
            "uk-ofsi-2025-latin",
            entry.entry_id,
            "OFSI ConList 2025-04-10, Name Non-Latin Script",
            f"romanised similarity {similar:.0f}",
        )


def _not_distinctive(word: str) -> bool:
    """A Latin word that names a trade, a place or a legal form, not the party itself."""
    return (
        word in wordlists.GENERIC
        or word in wordlists.LEGAL_WORDS
        or word in wordlists.PINYIN_PLACES
    )


def chinese(ofsi: list[Entry], curated: list[Entry]) -> Iterator[Case]:
    from pypinyin import lazy_pinyin  # the bench extra; labels only

    sources = (
        (ofsi, "uk-ofsi-2025-latin", "OFSI ConList 2025-04-10, Name Non-Latin Script"),
        (curated, "curated-latin", "curated watchlist zh alias"),
    )
    for entries, list_id, source in sources:
        for entry in entries:
            latin = _latin_names(entry)
            for alias in sorted(entry.aliases, key=lambda a: a.name):
                if not re.search(r"[\u4e00-\u9fff]", alias.name) or not latin:
                    continue
                core = re.sub(r"(股份)?有限(责任|責任)?公司$|公司$", "", alias.name)
                syllables = [s for s in lazy_pinyin(core) if s.isalpha()]
                # Only the words that say which firm or person this is: a place ("Shenzhen",
                # "Hangzhou"), a trade word or a legal form in the Latin name is not the pinyin of
                # the name's own part. Without this, 红兔矢量实业（深圳） (Redlepus Vector Industry
                # (Shenzhen)) and 杭州海康威视 (Hangzhou Hikvision) counted as pinyin on the list
                # because "shen zhen" and "hang zhou" ran together in the place name.
                joined = " ".join(
                    "".join(w for w in plain_key(x).split() if not _not_distinctive(w))
                    for x in latin
                )
                found = sum(1 for s in syllables if s in joined)
                share = found / len(syllables) if syllables else 0.0
                # Mixed names are common ("HAINENG MACHINERY (HONG KONG)" for 海能機械(香港)): the
                # distinctive word is pinyin, the rest translated. Two syllables in a row found
                # as one run of the list's name count as pinyin on the list too.
                runs = any(a + b in joined for a, b in itertools.pairwise(syllables))
                category = "chinese" if share >= 0.6 or runs else "chinese-translated"
                yield Case(
                    category,
                    alias.name,
                    kind(entry),
                    list_id,
                    entry.entry_id,
                    source,
                    f"pinyin {' '.join(syllables)} ({share:.0%} on the list)",
                )


# --- Negatives --------------------------------------------------------------------------------


def ordinary_companies(n: int, rng: random.Random) -> Iterator[Case]:
    per_style = n // len(wordlists.COMPANY_STYLES) + 1
    for style in wordlists.COMPANY_STYLES:
        made: set[str] = set()
        for _ in range(per_style * 20):
            if len(made) >= per_style:
                break
            name = rng.choice(style.patterns).format(
                city=rng.choice(style.cities),
                word=rng.choice(style.words),
                industry=rng.choice(style.industries),
                form=rng.choice(style.forms),
            )
            if name in made:
                continue
            made.add(name)
            yield Case(
                "ordinary-company",
                name,
                "organization",
                "screening",
                "",
                f"generated ({style.lang})",
                f"{style.lang}, {style.country}",
            )


def trade_names() -> Iterator[Case]:
    """Company names from the real customs samples (names only; SOURCES: ../shared/data/trade)."""
    from openpyxl import load_workbook

    folder = Path(__file__).resolve().parents[3] / "shared" / "data" / "trade"
    seen: set[str] = set()
    for path in sorted(folder.glob("*.xlsx")):
        book = load_workbook(path, read_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = [r for r in sheet.iter_rows(values_only=True) if any(r)]
        header = [str(h or "") for h in rows[1]]
        cols = [
            i
            for i, h in enumerate(header)
            if h.endswith("_NAME") or h in ("EXPORTER", "CONSIGNEE NAME")
        ]
        cols = [
            i
            for i in cols
            if not any(
                k in header[i]
                for k in ("CUSTOMS", "COUNTRY", "METHOD", "GUARANTEE", "PROCEDURE", "VESSEL")
            )
        ]
        for row in rows[2:]:
            for i in cols:
                name = str(row[i] or "").strip()
                if name and name != "NULL" and "ORDER OF" not in name.upper() and name not in seen:
                    seen.add(name)
                    yield Case(
                        "ordinary-company",
                        name,
                        "organization",
                        "screening",
                        "",
                        f"trade sample {path.name}",
                        "real trade counterparty",
                    )
        book.close()


def ordinary_persons(n: int, rng: random.Random) -> Iterator[Case]:
    per = n // len(wordlists.PERSON_CULTURES) + 1
    for culture in wordlists.PERSON_CULTURES:
        made: set[str] = set()
        for _ in range(per * 20):
            if len(made) >= per:
                break
            s1, s2 = rng.sample(culture.surnames, 2)
            name = rng.choice(culture.patterns).format(
                given=rng.choice(culture.given), surname=s1, surname2=s2
            )
            if name not in made:
                made.add(name)
                yield Case(
                    "ordinary-person",
                    name,
                    "person",
                    "screening",
                    "",
                    f"generated ({culture.culture})",
                    culture.culture,
                )


# Longest first (greedy cut), then alphabetical: a set's order changes between runs.
_PINYIN = sorted(
    {i + f for i in ("", *wordlists.PINYIN_INITIALS) for f in wordlists.PINYIN_FINALS},
    key=lambda s: (-len(s), s),
)


def pinyin_split(word: str) -> list[str] | None:
    """`word` cut into pinyin syllables (greedy longest first, with backtracking), or None."""
    if not word:
        return []
    for syllable in _PINYIN:
        if word.startswith(syllable):
            rest = pinyin_split(word[len(syllable) :])
            if rest is not None:
                return [syllable, *rest]
    return None


def near_misses(pool: list[Entry], n: int, rng: random.Random) -> Iterator[Case]:
    """A listed name with one distinctive word replaced: another pinyin syllable, another word, or
    (persons) another given name before the listed surname."""
    rng.shuffle(pool)
    count = 0
    for entry in pool:
        if count >= n:
            return
        name = entry.name
        if non_latin(name):
            continue
        words = name.split()
        if kind(entry) == "person":
            if "," in name:
                surname = name.split(",", 1)[0].strip()
            elif len(words) >= 2:
                surname = words[-1]
            else:
                continue
            if len(surname) < 4:
                continue
            givens = {w.lower() for a in entry.all_aliases() for w in re.split(r"[\s,]+", a.name)}
            options = [
                g
                for g in wordlists.SWAP_GIVEN_LATIN
                if all(OSA.distance(g.lower(), x) >= 3 for x in givens if x)
            ]
            if not options:
                continue
            new = rng.choice(options)
            yield Case(
                "hard-near-miss",
                f"{new} {surname}",
                "person",
                "screening",
                "",
                f"{entry.list_id} {entry.entry_id}",
                f"listed surname, other given name (listed: {name})",
            )
            count += 1
            continue
        tokens = name_words(name)
        dist = [w for w in tokens if not generic(w)]
        if not tokens or len(dist) not in (1, 2) or len(tokens) == len(dist):
            continue
        target = rng.choice(dist)
        if len(target) < 4 or not target.isalpha():
            continue
        idx = next((i for i, w in enumerate(words) if w.lower().strip(",.()\"'") == target), None)
        if idx is None:
            continue
        core = words[idx].strip(",.()\"'")
        syllables = pinyin_split(target)
        if syllables and len(syllables) >= 2:
            j = rng.randrange(len(syllables))
            options = [s for s in _PINYIN if OSA.distance(s, syllables[j]) >= 2 and len(s) >= 2]
            syllables[j] = rng.choice(options)
            new, how = "".join(syllables), "one pinyin syllable changed"
        else:
            new, how = rng.choice(wordlists.SWAP_WORDS).lower(), "distinctive word replaced"
        if OSA.distance(new, target) < 2:
            continue
        words[idx] = words[idx].replace(core, case_like(new, core))
        yield Case(
            "hard-near-miss",
            " ".join(words),
            "organization",
            "screening",
            "",
            f"{entry.list_id} {entry.entry_id}",
            f"{how}: '{core}' -> '{case_like(new, core)}' (listed: {name})",
        )
        count += 1


# --- Assembly ---------------------------------------------------------------------------------


def build(out: Path) -> dict[str, int]:
    rng = random.Random(SEED)
    cache = ListCache()
    ofac21 = list(cache.source("ofac-2021"))
    ofsi = list(cache.source("ofsi-2025"))
    ofsi_latin = [e for e in ofsi if not non_latin(e.name)]
    curated = list(cache.source("curated"))
    cases: list[Case] = []
    half = lambda k: SIZES[k] // 2  # noqa: E731
    for maker, key in ((typos, "typo"), (legal_forms, "legal-form"), (word_orders, "word-order"),
                       (punctuations, "punctuation")):  # fmt: skip
        cases += maker(
            ofac21, "ofac-sdn-2021", "OFAC SDN sdn.csv 2021-07-07", SIZES[key] - half(key), rng
        )
        cases += maker(ofsi_latin, "uk-ofsi-2025-latin", "OFSI ConList 2025-04-10", half(key), rng)
    cases += real_aliases(ofac21, SIZES["real-alias"], rng)
    cases += later_edition_aliases(ofac21, SIZES["later-edition-alias"], rng)
    cases += cyrillic(ofsi, SIZES["cyrillic"], rng)
    cases += chinese(ofsi, curated)
    # Negatives are screened against every list; drop any that equals a listed name.
    screening = [e for loaded in cache.build("screening") for e in loaded.entries]
    listed = {token_key(a.name) for e in screening for a in e.all_aliases()}
    negatives: list[Case] = [*ordinary_companies(SIZES["ordinary-company"], rng), *trade_names(),
                             *ordinary_persons(SIZES["ordinary-person"], rng)]  # fmt: skip
    near_pool = [
        e for e in screening if kind(e) in ("person", "organization") and e.list_id != "csl"
    ]
    near_pool += [e for e in screening if e.list_id == "csl" and "CN" in e.countries]
    negatives += near_misses(near_pool, SIZES["hard-near-miss"], rng)
    dropped = 0
    for case in negatives:
        if token_key(case.query) in listed or not token_key(case.query):
            dropped += 1
            continue
        cases.append(case)
    seen: set[tuple[str, str, str]] = set()
    rows: list[Case] = []
    for case in cases:
        key = (case.query, case.list, case.expected)
        if key not in seen:
            seen.add(key)
            rows.append(case)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        for number, c in enumerate(rows, 1):
            writer.writerow((f"c{number:05d}", c.category, c.query, c.query_type, c.query_country,
                             c.list, c.expected, c.source, c.note))  # fmt: skip
    counts = Counter(c.category for c in rows)
    counts["(negatives dropped: equal to a listed name)"] = dropped
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE / "cases.csv")
    args = parser.parse_args()
    for category, count in sorted(build(args.out).items()):
        print(f"{category:45} {count}")


if __name__ == "__main__":
    main()
