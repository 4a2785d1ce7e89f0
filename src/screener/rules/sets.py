"""Named sets (country or currency groups, HS-code lists, word lists) that rules refer to by name.

A rules file may hold a top-level `sets:` mapping next to (or instead of) its `rules:`:

```yaml
sets:
  russia-belarus:
    kind: countries          # countries | currencies | hs-codes | words
    description: Russia and Belarus, the targets of the export controls
    sources: [FIN-2022-Alert003]
    values: [RU, BY]
```

Every set names its `sources`, like a rule. Values are validated for their kind: countries are
ISO 3166-1 alpha-2 codes (plus XK, Kosovo, which OFAC and the EU use), currencies are three-letter
codes (ISO 4217 plus market codes such as CNH, the offshore yuan, which ISO does not list), HS codes
are 2 to 10 digits (dots and spaces ignored), words are any text that is not blank once folded.
A set defined in any file of a run can be used by the rules of every file of that run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from screener.normalize import fold
from screener.rules.source import Located, check_keys

SET_KINDS: tuple[str, ...] = ("countries", "currencies", "hs-codes", "words")

# Set names follow rule ids: lower-case kebab-case, so they read the same in every file.
SET_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Codes in use by sanctions lists that ISO 3166-1 does not assign: XK (Kosovo) is used by OFAC, the
# EU and the UN; the iso-codes data behind pycountry leaves it out.
EXTRA_COUNTRY_CODES: frozenset[str] = frozenset({"XK"})

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_HS = re.compile(r"^\d{2,10}$")
_HS_SEPARATORS = re.compile(r"[.\s]")

_SET_KEYS = ("kind", "values", "sources", "description")


@dataclass(frozen=True, slots=True)
class NamedSet:
    """A named list of values that rules refer to with `in_set` or `keywords_in_set`.

    `values` are as written in the file, except that country and currency codes are upper-cased and
    HS codes lose their dots and spaces.
    """

    name: str
    kind: str
    values: tuple[str, ...]
    sources: tuple[str, ...]
    description: str | None
    file: str
    line: int


def is_country_code(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-2 code (or one of EXTRA_COUNTRY_CODES)."""
    return code in EXTRA_COUNTRY_CODES or (
        len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code) is not None
    )


def is_currency_code(code: str) -> bool:
    """Whether `code` has the shape of a currency code (three upper-case letters)."""
    return bool(_CURRENCY.match(code))


def hs_digits(code: str) -> str:
    """An HS code with its dots and spaces removed."""
    return _HS_SEPARATORS.sub("", code)


def check_value(kind: str, raw: str, where: Located, what: str, *, field: str) -> str:
    """The value in its stored form, or ConfigError if it is not a valid value of `kind`."""
    if kind == "countries":
        code = raw.strip().upper()
        if not is_country_code(code):
            raise where.error(
                f"{what}: {raw!r} is not an ISO 3166-1 alpha-2 country code",
                field=field,
                hint="use two-letter codes such as RU, BY, KG, AE, HK",
            )
        return code
    if kind == "currencies":
        code = raw.strip().upper()
        if not is_currency_code(code):
            raise where.error(
                f"{what}: {raw!r} is not a three-letter currency code",
                field=field,
                hint="use ISO 4217 codes such as RUB, CNY, or CNH",
            )
        return code
    if kind == "hs-codes":
        code = hs_digits(raw)
        if not _HS.match(code):
            raise where.error(f"{what}: {raw!r} is not an HS code of 2 to 10 digits", field=field)
        return code
    if not fold(raw):
        raise where.error(f"{what}: {raw!r} has no letters or digits", field=field)
    return raw.strip()


def parse_set(name: str, node: Located) -> NamedSet:
    """One entry of a `sets:` mapping, validated."""
    if not SET_NAME.match(name):
        raise node.error(
            f"set name {name!r} is not lower-case kebab-case",
            field=name,
            hint="e.g. transshipment-hubs",
        )
    what = f"set {name!r}"
    body = node.mapping(what, field=name)
    check_keys(body, node, what, allowed=_SET_KEYS, required=("kind", "values", "sources"))
    kind = body["kind"].text(f"{what} kind", field="kind")
    if kind not in SET_KINDS:
        raise body["kind"].error(
            f"{what}: unknown kind {kind!r}",
            field="kind",
            hint=f"use one of {', '.join(SET_KINDS)}",
        )
    values: list[str] = []
    for item in body["values"].items(f"{what} values", field="values"):
        value = check_value(
            kind, item.text(f"{what} value", field="values"), item, what, field="values"
        )
        if value not in values:
            values.append(value)
    if not values:
        raise body["values"].error(f"{what} has no values", field="values")
    sources = tuple(body["sources"].texts(f"{what} sources", field="sources"))
    description = (
        body["description"].text(f"{what} description", field="description")
        if "description" in body
        else None
    )
    return NamedSet(
        name=name,
        kind=kind,
        values=tuple(values),
        sources=sources,
        description=description,
        file=node.file,
        line=node.line,
    )
