"""One-line human phrasings of reasons, hits, findings, parties and lists for the text formats."""

from __future__ import annotations

import re

from screener.model import (
    Finding,
    GoodsHit,
    ListInfo,
    Party,
    PartyHit,
    Reason,
    Report,
    RuleSetInfo,
    Skipped,
)

# How much of a sha256 the human formats show: 12 hex digits (48 bits) tell the copies of one list
# apart as surely as a git short hash does; the JSON formats carry all 64.
SHA_SHOWN = 12


def number(value: float) -> str:
    """A figure to at most 3 decimals, no trailing zeros: 97.4, 0.974, 100 (79.6 never reads 80)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def signed(value: float) -> str:
    """A contribution with its sign: +97.4, -2, +0."""
    text = number(value)
    return text if text.startswith("-") else f"+{text}"


def reason_text(reason: Reason) -> str:
    """The reason without its points: `rule russia-belarus-destination: ...`.

    The kind is said once: a text that opens with it ("goods line 1: ...") is not prefixed again.
    """
    text = reason.text
    if text == reason.kind or text.startswith(f"{reason.kind} "):
        return text
    return f"{reason.kind} {text}"


def reason_line(reason: Reason) -> str:
    """E.g. `+40 rule russia-belarus-destination: ...` or `+100 party buyer 'X' matches 'Y' ...`."""
    return f"{reason.points:+d} {reason_text(reason)}"


def party_hit_line(hit: PartyHit) -> str:
    """E.g. `buyer 'OOO Titan' ~ 'TITAN LLC' (OFAC SDN: RUSSIA-EO14024) 97`."""
    alias = f"'{hit.matched_alias}'"
    if hit.matched_alias != hit.entry_name:
        alias = f"{alias} (alias of '{hit.entry_name}')"
    on = f"{hit.list_name}: {', '.join(hit.programs)}" if hit.programs else hit.list_name
    return f"{_role(hit.role)} '{hit.input_name}' ~ {alias} ({on}) {number(hit.score)}"


def party_hit_details(hit: PartyHit) -> tuple[str, ...]:
    """The verbose lines under a party hit: entry, category, every score feature, sources, notes."""
    lines = [f"entry {hit.list_id}:{hit.entry_id}, {hit.category}, {hit.points:+d} points"]
    if hit.entry_countries:
        lines.append(f"entry countries: {', '.join(hit.entry_countries)}")
    for f in hit.features:
        note = f" ({f.note})" if f.note else ""
        lines.append(f"{f.name} {number(f.value)}: {signed(f.contribution)}{note}")
    if hit.sources:
        lines.append(f"sources: {'; '.join(hit.sources)}")
    if hit.notes:
        lines.append(f"notes: {hit.notes}")
    return tuple(lines)


def goods_hit_line(hit: GoodsHit) -> str:
    """E.g. `line 1: CHPL Tier 1: integrated circuits (HS 854231)`; lines count from 1 here."""
    how = f"HS {hit.matched}" if hit.matched_on == "hs" else f"words '{hit.matched}'"
    return f"line {hit.line + 1}: {hit.label} ({how})"


def goods_hit_details(hit: GoodsHit) -> tuple[str, ...]:
    """The verbose lines under a goods hit: what the line said, the list item, sources."""
    said = ", ".join(
        part
        for part in (
            f"HS {hit.hs_code}" if hit.hs_code else "",
            f"'{hit.description}'" if hit.description else "",
        )
        if part
    )
    lines = [f"item {hit.list_id}:{hit.item_id}" + (f", line says {said}" if said else "")]
    if hit.note:
        lines.append(f"note: {hit.note}")
    if hit.contradicts_code:
        lines.append("the description contradicts the declared HS code")
    if hit.sources:
        lines.append(f"sources: {'; '.join(hit.sources)}")
    return tuple(lines)


def finding_details(finding: Finding) -> tuple[str, ...]:
    """The verbose lines under a finding: the values that made it fire, its sources, its file."""
    lines: list[str] = []
    if finding.evidence:
        lines.append(f"evidence: {'; '.join(finding.evidence)}")
    if finding.sources:
        lines.append(f"sources: {'; '.join(finding.sources)}")
    if finding.rule_file:
        lines.append(f"rule file: {finding.rule_file}")
    return tuple(lines)


def party_line(party: Party, *, verbose: bool = False) -> str:
    """E.g. `buyer: OOO Titan (RU)`; verbose adds alternate spellings and identifiers."""
    country = party.country or party.country_raw
    text = f"{_role(party.role)}: {party.name}" + (f" ({country})" if country else "")
    if verbose:
        if party.alt_names:
            text += f" aka {' / '.join(party.alt_names)}"
        if party.identifiers:
            text += " [" + ", ".join(f"{i.kind} {i.value}" for i in party.identifiers) + "]"
    return text


def skipped_line(s: Skipped) -> str:
    """The reason a row was skipped, with the field when known: `field 'hs_code': bad HS code`."""
    return f"field {s.field!r}: {s.reason}" if s.field else s.reason


def where(source: str, row: int) -> str:
    return f"{source} row {row}"


def list_info_line(info: ListInfo) -> str:
    """E.g. `OFAC SDN [ofac-sdn] 2025-01-10, version 1.2, 18,012 entries, sha256 0123456789ab`."""
    parts = [f"{info.name} [{info.list_id}]" + (f" {info.date}" if info.date else "")]
    if info.version and info.version != info.date:
        parts.append(f"version {info.version}")
    parts.append(f"{info.entries:,} {'items' if info.kind == 'goods' else 'entries'}")
    parts.append(f"sha256 {info.sha256[:SHA_SHOWN]}")
    return ", ".join(parts)


def rule_set_line(info: RuleSetInfo) -> str:
    """E.g. `rules/russia.yaml: 12 rules, version 2025.1, sha256 0123456789ab`."""
    version = f", version {info.version}" if info.version else ""
    return f"{info.path}: {info.rules} rules{version}, sha256 {info.sha256[:SHA_SHOWN]}"


def _role(role: str) -> str:
    return role.replace("_", " ")


def has_many_sources(report: Report) -> bool:
    """Whether the report's rows come from more than one input, so a row number needs its file."""
    sources = {a.record.source for a in report.assessments} | {s.source for s in report.skipped}
    return len(sources | set(report.inputs)) > 1


# Input cells reach a terminal through the human formats. Escape (0x1b) and the other C0/C1 controls
# could recolour, hide or rewrite what a reviewer sees, and bidirectional overrides can display a
# name reversed ("Trojan Source", CVE-2021-42574): both are shown as visible escapes instead. Line
# breaks and tabs inside one cell (multi-line XLSX addresses) read as spaces.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"\r\n|[\r\n\t\u2028\u2029]")


def printable(text: str) -> str:
    """`text` safe to show on a terminal: line breaks as spaces, control characters as `\\x1b`."""
    text = _BREAKS.sub(" ", text)
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)
