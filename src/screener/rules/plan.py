"""How a run finds the rules that fire on a record: leaf answers remembered across records.

Every rule is a formula of leaf tests (a field test, a goods or party-hit test) under all / any /
not. A ledger repeats its values, so most leaves are answered from what earlier records taught:

- a leaf that reads only countries, currencies and the port of discharge (`Condition.inputs` is
  CODES) has one answer per combination of them (`screener.rules.fields.codes_key`), and a ledger
  has a few thousand: each is remembered with the answers of all such leaves, as the bits of an int;
- a leaf of the goods hits, the party hits or the look-alikes, likewise per distinct hits;
- a leaf that holds when some value of its field passes it, over a field whose values are those of
  the record's parties, goods lines and remarks one after another (`fields.parts_of`), holds for
  the record exactly when it holds for one of those parts alone: each distinct party (ledgers name
  the same counterparties again and again), goods and remarks is tested once per run, and a
  leaf of every role (party.*, text) once per counterparty whatever roles it comes in (a seller
  that is also buyer and payer: three parties, equal but for their role);
- any other leaf (two fields compared, payment.amount, reference) is tested on the record; a
  comparison of two roles' fields (payer and buyer names) is false without a test when the record
  lacks one of the roles (`_PartiesIn`), and is remembered per pair of parties (`_ByParties`),
  or per pair of names for two one-role name fields (`CrossField._names_pair`).

Each distinct set of answers is turned once into what is left to test of each rule
(`Condition.partial`): usually nothing, so most records cost a handful of lookups and no test.
Evidence is worked out as before, for the rules that fired only, and remembered per CODES key and
parties for the rules whose evidence reads nothing else (`RulePlan._evidence_key`). Everything
remembered is a pure function of its key, so the plan changes how fast an answer comes, never the
answer (tests/rules/test_plan.py compares it with testing every rule on many random records).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import TypeVar

from screener.model import Finding, GoodsLine, Party, PartyHit, Payment, Record, Route
from screener.rules.conditions import (
    Compare,
    Condition,
    CrossField,
    HsPrefix,
    Keywords,
    Present,
    Regex,
    ValueIn,
)
from screener.rules.fields import (
    CODES,
    GOODS_HITS,
    GOODS_PART,
    PARTY_HITS,
    PARTY_PART,
    REMARKS_PART,
    SIMILAR_HITS,
    Facts,
    Memo,
    codes_key,
    field_of_facet,
    parts_of,
    roles_of,
)
from screener.rules.model import Rule

# A finding lists at most this many evidence strings, then "... and N more": a keyword rule over a
# 300-line invoice must not bury the report (the first items already show the reviewer why).
MAX_EVIDENCE = 10

# Leaves that hold when some value of their field passes them: their answer for a record is the
# "or" of their answers for its parts. `present: false` is the negation of one (`present: true`).
_EXISTENTIAL = (ValueIn, Present, HsPrefix, Keywords, Regex, Compare)

# How many distinct keys each of the plan's memos holds before it starts over. Ledgers repeat:
# benchmarks/scale's million-row ledger has 16,450 combinations of countries and currency, ~30,000
# counterparties and 1,596 goods descriptions. An entry is a key made of values the records hold
# anyway plus an int, ~100-300 bytes, so the memos stay at a few tens of MB whatever the input;
# parties (one per role they appear in, ~90,000 in that ledger) are kept as many as
# screener.records keeps (PARTY_MEMO_SIZE), mostly the same objects, and so are counterparties
# whatever their role (`RulePlan._by_person`: a tuple of the party's own values and an int).
CODES_KEPT = 32_768
PARTS_KEPT = 131_072
# Distinct hits (as conditions compare them) and distinct sets of answers: a few hundred at most.
HITS_KEPT = 4_096
DECIDED_KEPT = 8_192
# Findings per rule: one per distinct evidence, and one per distinct countries and parties
# (`_evidence_key`). A rule comparing two parties' names (third-party-payer) has as many evidences
# as pairs of names, and one reading countries (third-country-payer) as many as CODES keys:
# benchmarks/scale's rows 100,000-150,000 made a new Finding for every one of 13,829
# third-party-payer findings and for 2,729 of 4,884 third-country-payer ones with 4,096 kept,
# each worked out again from the rule's evidence. As many as pairs of names are kept
# (conditions.NAME_PAIRS_KEPT): an entry is a key of values the records hold anyway, a Finding and
# a tuple, ~250 bytes, so each of the two memos of the (few) rules whose evidence varies that much
# holds ~16 MB at most.
FINDINGS_KEPT = 65_536

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")

# What a record's answers leave to test of the rules: (rule position, the rest of its condition
# to test, or None when it holds), in rule order; the rules they decide are false are left out.
Decided = tuple[tuple[int, Condition | None], ...]


# The route and payment of the records made of one part of a record (a party, its goods lines or
# its remarks): shared, since they are immutable and a record's defaults are equal to them.
_NO_ROUTE = Route()
_NO_PAYMENT = Payment()

# A party's values but its role, read from the class's own fields so that a field added later is
# part of the key (RulePlan._by_person).
_person = attrgetter(*(f.name for f in fields(Party) if f.name != "role"))


def _evidence(items: list[str]) -> tuple[str, ...]:
    if len(items) < 2:
        return tuple(items)
    unique = list(dict.fromkeys(items))
    if len(unique) > MAX_EVIDENCE:
        extra = len(unique) - (MAX_EVIDENCE - 1)
        unique = [*unique[: MAX_EVIDENCE - 1], f"... and {extra} more"]
    return tuple(unique)


def _keep(memo: dict[_K, _V], key: _K, value: _V, limit: int) -> _V:
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


def _hit_keys(hits: Sequence[PartyHit]) -> tuple[tuple[str, str, str, float], ...]:
    """What `party_hit` / `similar_party` conditions compare of each hit."""
    return tuple([(h.role, h.category, h.list_id, h.score) for h in hits])


class _PartiesIn(Condition):
    """The record has a party in each of `roles` (sets of roles): what a comparison of two
    parties' fields needs before it can hold (CrossField is false when a side has no value). It
    reads the roles only (CODES), so it is answered from the memo, and comparing consignee and
    forwarder costs nothing on the many rows that name neither."""

    __slots__ = ("roles",)

    def __init__(self, roles: tuple[frozenset[str], ...]) -> None:
        self.roles = roles

    def test(self, facts: Facts) -> bool:
        present = {p.role for p in facts.record.parties}
        return all(not roles.isdisjoint(present) for roles in self.roles)

    def inputs(self) -> frozenset[str]:
        return frozenset({CODES})


def _in_roles(parties: tuple[Party, ...], roles: frozenset[str]) -> tuple[Party, ...]:
    return tuple([p for p in parties if p.role in roles])


def _same_objects(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class _ByParties(Condition):
    """A comparison of two role's fields (a consignee's name and the banks', two roles'
    addresses), remembered for the parties it reads: the record's parties in those roles. The
    same parties come back together row after row; their Party objects are the records' own,
    found by identity (and kept with the answer, so that no other object can have their ids
    while it is remembered). It is only ever what `RulePlan._decide` puts in the leaf's place:
    it tests as the leaf does."""

    __slots__ = ("answers", "leaf", "roles")

    def __init__(self, leaf: Condition, roles: frozenset[str]) -> None:
        self.leaf = leaf
        self.roles = roles
        self.answers: dict[tuple[int, ...], tuple[tuple[Party, ...], bool]] = {}

    def test(self, facts: Facts) -> bool:
        parties = _in_roles(facts.record.parties, self.roles)
        key = tuple(map(id, parties))
        found = self.answers.get(key)
        if found is not None and _same_objects(found[0], parties):
            return found[1]
        answer = self.leaf.test(facts)
        _keep(self.answers, key, (parties, answer), PARTS_KEPT)
        return answer

    def cost(self) -> int:
        return self.leaf.cost()

    def inputs(self) -> frozenset[str]:
        return self.leaf.inputs()

    def key(self) -> tuple[object, ...]:
        return ("by-parties", self.leaf)

    def explain(self, facts: Facts) -> list[str]:
        return self.leaf.explain(facts)

    def describe(self) -> str:
        return self.leaf.describe()


class _Leaves:
    """Leaves answered together from one kind of key: each one's bit and the condition that
    answers it (for a part of a record, `present: false` is answered by `present: true`)."""

    __slots__ = ("tests",)

    def __init__(self) -> None:
        self.tests: list[tuple[int, Condition]] = []

    def mask(self, facts: Facts) -> int:
        """The bits of the leaves that hold on the record of `facts`."""
        bits = 0
        for bit, test in self.tests:
            if test.test(facts):
                bits |= bit
        return bits


class RulePlan:
    """The rules of one run and what it remembers about them (kept in the run's Memo)."""

    __slots__ = (
        "_by_codes",
        "_by_goods",
        "_by_goods_hits",
        "_by_goods_id",
        "_by_hits",
        "_by_party",
        "_by_party_id",
        "_by_person",
        "_by_remarks",
        "_by_similar",
        "_codes",
        "_compared",
        "_decided",
        "_evidence_keys",
        "_findings",
        "_findings_by_key",
        "_goods",
        "_goods_hits",
        "_guards",
        "_hits",
        "_known",
        "_memo",
        "_negated",
        "_of_role",
        "_party",
        "_party_roles",
        "_party_shared",
        "_remarks",
        "_similar",
        "rules",
    )

    def __init__(self, rules: tuple[Rule, ...], memo: Memo) -> None:
        self.rules = rules
        self._memo = memo
        # The leaves answered per kind of key.
        self._codes = _Leaves()
        self._goods_hits = _Leaves()
        self._hits = _Leaves()
        self._similar = _Leaves()
        self._party = _Leaves()
        # The roles each of the party leaves reads (None: every role), and the party leaves that
        # read each role: a party is tested with those of its own role only (a buyer has no
        # consignee.name: the test is false).
        self._party_roles: list[frozenset[str] | None] = []
        self._of_role: dict[str, _Leaves] = {}
        # The party leaves that read every role (party.*, text): their answers do not depend on
        # the party's role, and the same counterparty comes as seller, buyer and payer (three
        # Party objects, equal but for the role), so they are answered once for all its roles
        # (`_party_mask`); the others are in `_of_role` only.
        self._party_shared = _Leaves()
        self._goods = _Leaves()
        self._remarks = _Leaves()
        self._known: dict[Condition, int] = {}  # leaf -> its bit
        self._negated = 0  # the bits of `present: false` leaves, which hold when their bit is 0
        self._guards: dict[Condition, int] = {}  # leaf tested on the record -> its _PartiesIn bit
        # Comparisons of two roles' fields, tested on the record: what is tested in their place
        # (the same, answered per parties or per names) and the roles they read.
        self._compared: dict[Condition, tuple[Condition, frozenset[str]]] = {}
        seen: set[Condition] = set()
        for rule in rules:
            for leaf in rule.condition.leaves():
                if leaf not in seen:
                    seen.add(leaf)
                    self._classify(leaf)
        # Per rule: its Finding for each evidence (the same evidence comes back row after row),
        # and for a rule whose evidence is a function of the record's countries and currencies
        # and of its parties in some roles, its Finding for each of them (`_evidence_key`).
        self._findings: tuple[dict[tuple[str, ...], Finding], ...] = tuple({} for _ in rules)
        self._evidence_keys = tuple(self._evidence_key(rule) for rule in rules)
        self._findings_by_key: tuple[dict[Hashable, tuple[tuple[Party, ...], Finding]], ...] = (
            tuple({} for _ in rules)
        )
        self._by_codes: dict[tuple[object, ...], int] = {}
        self._by_goods_hits: dict[Hashable, int] = {}
        self._by_hits: dict[Hashable, int] = {}
        self._by_similar: dict[Hashable, int] = {}
        self._by_party: dict[Party, int] = {}
        self._by_party_id: dict[int, tuple[Party, int]] = {}
        self._by_person: dict[tuple[object, ...], int] = {}
        self._by_goods: dict[tuple[GoodsLine, ...], int] = {}
        self._by_goods_id: dict[int, tuple[tuple[GoodsLine, ...], int]] = {}
        self._by_remarks: dict[tuple[str, ...], int] = {}
        self._decided: dict[int, Decided] = {}

    def _bit(self) -> int:
        return 1 << (len(self._known) + len(self._guards))

    def _classify(self, leaf: Condition) -> None:
        """Give `leaf` its bit and the key it is answered by, or leave it to be tested."""
        facets = leaf.inputs()
        by_key = {
            frozenset({CODES}): self._codes,
            frozenset({GOODS_HITS}): self._goods_hits,
            frozenset({PARTY_HITS}): self._hits,
            frozenset({SIMILAR_HITS}): self._similar,
        }.get(facets)
        if by_key is not None:
            bit = self._bit()
            self._known[leaf] = bit
            by_key.tests.append((bit, leaf))
            return
        field = field_of_facet(next(iter(facets))) if len(facets) == 1 else None
        parts = parts_of(field) if field is not None else None
        if parts is None or not isinstance(leaf, _EXISTENTIAL):
            self._guard(leaf)  # tested on the record
            return
        bit = self._bit()
        self._known[leaf] = bit
        test = leaf
        if isinstance(leaf, Present) and not leaf.expected:
            test = Present(leaf.field, True)
            self._negated |= bit
        for part, leaves in (
            (PARTY_PART, self._party),
            (GOODS_PART, self._goods),
            (REMARKS_PART, self._remarks),
        ):
            if part in parts:
                leaves.tests.append((bit, test))
        if PARTY_PART in parts:
            assert field is not None
            roles = roles_of(field)
            self._party_roles.append(roles)
            if roles is None:
                self._party_shared.tests.append((bit, test))

    def _guard(self, leaf: Condition) -> None:
        """Give a comparison of two roles' fields the bit of the roles it needs, and its memo."""
        if not isinstance(leaf, CrossField):
            return
        mine, theirs = roles_of(leaf.field), roles_of(leaf.other)
        if mine is None or theirs is None:
            return
        bit = self._bit()
        self._guards[leaf] = bit
        self._codes.tests.append((bit, _PartiesIn((mine, theirs))))
        roles = mine | theirs
        # Two one-role name fields (payer and buyer) remember their answer per pair of names
        # themselves (CrossField._names_pair), which repeat more than pairs of Party objects
        # and cost less to look up than the parties of those roles.
        self._compared[leaf] = (leaf if leaf.one_role else _ByParties(leaf, roles), roles)

    def _evidence_key(self, rule: Rule) -> tuple[bool, frozenset[str]] | None:
        """What `rule`'s evidence is a function of, when it is one of the record's CODES key
        (True if it reads it) and of its parties in some roles (all that its leaves read:
        countries and currencies, and fields of those roles); None otherwise (goods, hits,
        free text, fields of every party ...)."""
        codes = False
        roles: set[str] = set()
        code_leaves = {leaf for _, leaf in self._codes.tests}
        for leaf in rule.condition.leaves():
            if leaf in code_leaves:
                codes = True
                continue
            compared = self._compared.get(leaf)
            if compared is not None:
                roles.update(compared[1])
                continue
            facets = leaf.inputs()
            field = field_of_facet(next(iter(facets))) if len(facets) == 1 else None
            field_roles = roles_of(field) if field is not None and leaf in self._known else None
            if field_roles is None:
                return None
            roles.update(field_roles)
        return codes, frozenset(roles)

    # --- per record ---------------------------------------------------------------------------

    def findings(self, facts: Facts) -> tuple[Finding, ...]:
        """The findings of the rules that fire on `facts.record`, in rule order."""
        fired = self.fired(facts)
        if not fired:
            return ()
        out: list[Finding] = []
        for position in fired:
            reads = self._evidence_keys[position]
            if reads is None:
                out.append(self._finding(position, facts))
                continue
            codes, roles = reads
            parties = _in_roles(facts.record.parties, roles) if roles else ()
            key = (facts.codes_key if codes else None, tuple(map(id, parties)))
            known = self._findings_by_key[position]
            found = known.get(key)
            if found is not None and _same_objects(found[0], parties):
                out.append(found[1])
                continue
            finding = self._finding(position, facts)
            # Kept with the parties, so that no other object can have their ids meanwhile.
            _keep(known, key, (parties, finding), FINDINGS_KEPT)
            out.append(finding)
        return tuple(out)

    def _finding(self, position: int, facts: Facts) -> Finding:
        rule = self.rules[position]
        evidence = _evidence(rule.condition.explain(facts))
        known = self._findings[position]
        finding = known.get(evidence)
        if finding is None:
            finding = Finding(
                rule_id=rule.id,
                message=rule.message,
                weight=rule.weight,
                sources=rule.sources,
                evidence=evidence,
                rule_file=rule.file,
            )
            _keep(known, evidence, finding, FINDINGS_KEPT)
        return finding

    def fired(self, facts: Facts) -> list[int]:
        """The positions (in `rules`) of the rules whose condition holds for `facts.record`."""
        record = facts.record
        bits = 0
        if self._codes.tests:
            key = facts.codes_key = codes_key(record)
            found = self._by_codes.get(key)
            if found is None:
                found = _keep(self._by_codes, key, self._codes.mask(facts), CODES_KEPT)
            bits = found
        # Most records have no hits of any kind: their key is (), looked up without a call.
        if self._goods_hits.tests:
            key_of_goods = tuple(facts.goods_keys()) if facts.goods_hits else ()
            found = self._by_goods_hits.get(key_of_goods)
            if found is None:
                found = self._learn(self._by_goods_hits, key_of_goods, self._goods_hits, facts)
            bits |= found
        if self._hits.tests:
            hits = _hit_keys(facts.party_hits) if facts.party_hits else ()
            found = self._by_hits.get(hits)
            if found is None:
                found = self._learn(self._by_hits, hits, self._hits, facts)
            bits |= found
        if self._similar.tests:
            similar = _hit_keys(facts.similar_hits) if facts.similar_hits else ()
            found = self._by_similar.get(similar)
            if found is None:
                found = self._learn(self._by_similar, similar, self._similar, facts)
            bits |= found
        if self._party.tests and facts.party_memos is not None:
            # The caller keeps a memo with each Party object (screener.screen): this plan's
            # answers for the party are kept in it, found without a lookup of the party here.
            for party, memo in zip(record.parties, facts.party_memos, strict=True):
                if memo[0] is self:
                    bits |= memo[1]
                else:
                    answer = self._party_mask(party, by_id=False)
                    memo[0] = self
                    memo[1] = answer
                    bits |= answer
        elif self._party.tests:
            by_id = self._by_party_id
            for party in record.parties:
                # The same Party object comes back row after row (screener.records keeps them):
                # found by identity first, which costs less than hashing it.
                seen = by_id.get(id(party))
                if seen is not None and seen[0] is party:
                    bits |= seen[1]
                else:
                    bits |= self._party_mask(party)
        if self._goods.tests and record.goods:
            goods = record.goods
            seen_goods = self._by_goods_id.get(id(goods))
            if seen_goods is not None and seen_goods[0] is goods:
                bits |= seen_goods[1]
            else:
                bits |= self._goods_mask(goods)
        if self._remarks.tests and record.remarks:
            remarks = record.remarks
            found = self._by_remarks.get(remarks)
            if found is None:
                part = Facts(
                    Record("", 0, remarks=remarks, route=_NO_ROUTE, payment=_NO_PAYMENT),
                    (),
                    (),
                    self._memo,
                )
                found = _keep(self._by_remarks, remarks, self._remarks.mask(part), PARTS_KEPT)
            bits |= found
        decided = self._decided.get(bits)
        if decided is None:
            decided = self._decide(bits)
        fired: list[int] = []
        for position, rest in decided:
            if rest is None or rest.test(facts):
                fired.append(position)
        return fired

    @staticmethod
    def _learn(memo: dict[Hashable, int], key: Hashable, leaves: _Leaves, facts: Facts) -> int:
        """The answers of `leaves` for a `key` not yet in `memo` (the caller looked), kept."""
        return _keep(memo, key, leaves.mask(facts), HITS_KEPT)

    def _party_mask(self, party: Party, *, by_id: bool = True) -> int:
        """The bits of the party leaves that hold for `party`, kept by value and (unless the
        caller keeps them with the party itself, `by_id` False) by identity."""
        found = self._by_party.get(party)
        if found is None:
            leaves = self._of_role.get(party.role)
            if leaves is None:
                leaves = self._of_role[party.role] = _Leaves()
                # The leaves of the party's role only: those of every role are `_party_shared`.
                leaves.tests = [
                    test
                    for test, roles in zip(self._party.tests, self._party_roles, strict=True)
                    if roles is not None and party.role in roles
                ]
            part: Facts | None = None
            found = 0
            if self._party_shared.tests:
                # Everything of the party but its role: what party.* and text read of it.
                person = _person(party)
                shared = self._by_person.get(person)
                if shared is None:
                    part = self._one_party(party)
                    shared = _keep(
                        self._by_person, person, self._party_shared.mask(part), PARTS_KEPT
                    )
                found = shared
            if leaves.tests:
                if part is None:
                    part = self._one_party(party)
                found |= leaves.mask(part)
            _keep(self._by_party, party, found, PARTS_KEPT)
        if by_id:
            # Kept with the party itself: while it is in the memo, no other object has its id.
            _keep(self._by_party_id, id(party), (party, found), PARTS_KEPT)
        return found

    def _one_party(self, party: Party) -> Facts:
        """The facts of a record made of `party` alone."""
        return Facts(
            Record("", 0, parties=(party,), route=_NO_ROUTE, payment=_NO_PAYMENT),
            (),
            (),
            self._memo,
        )

    def _goods_mask(self, goods: tuple[GoodsLine, ...]) -> int:
        found = self._by_goods.get(goods)
        if found is None:
            part = Facts(
                Record("", 0, goods=goods, route=_NO_ROUTE, payment=_NO_PAYMENT), (), (), self._memo
            )
            found = _keep(self._by_goods, goods, self._goods.mask(part), PARTS_KEPT)
        _keep(self._by_goods_id, id(goods), (goods, found), PARTS_KEPT)
        return found

    def _decide(self, bits: int) -> Decided:
        """What is left to test of each rule once the leaves with a bit are answered by `bits`."""
        answers = bits ^ self._negated
        known = self._known
        guards = self._guards

        def answer(leaf: Condition) -> Condition | bool | None:
            bit = known.get(leaf)
            if bit is not None:
                return bool(answers & bit)
            guard = guards.get(leaf)
            if guard is None:
                return None
            return self._compared[leaf][0] if answers & guard else False

        decided: list[tuple[int, Condition | None]] = []
        for position, rule in enumerate(self.rules):
            rest = rule.condition.partial(answer)
            if rest is True:
                decided.append((position, None))
            elif rest is not False:
                decided.append((position, rest))
        return _keep(self._decided, bits, tuple(decided), DECIDED_KEPT)


def plan_of(rules: tuple[Rule, ...], memo: Memo) -> RulePlan:
    """The run's plan for `rules`, kept in `memo` (made the first time it is asked for)."""
    plan = memo.plan
    if not isinstance(plan, RulePlan) or plan.rules is not rules:
        plan = RulePlan(rules, memo)
        memo.plan = plan
    return plan
