"""Tests for screener.model: the stage-boundary values survive pickling (the --jobs workers and
Spark send them between processes) with every field, defaults and factories included."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

from screener import model
from screener.bands import Band

FEATURE = model.Feature("token_set", 0.93, 41.5, "word order differs")
HIT = model.PartyHit(
    role="buyer", input_name="Orbita LLC", list_id="ofac-sdn", list_name="OFAC SDN",
    category="sanctions", entry_id="36188", entry_name="ORBITA", matched_alias="ORBITA LLC",
    score=93.5, features=(FEATURE,), programs=("RUSSIA-EO14024",), designations=("SDN",),
    entry_countries=("RU",), sources=("https://ofac.treasury.gov",), notes="alias", points=94,
)
PARTY = model.Party(
    role="payer", name="Altyn Trade LLC", alt_names=("Алтын Трейд",), country="KG",
    country_raw="Kyrgyzstan", address="Bishkek", birth_date=None,
    identifiers=(model.Identifier("bic", "ALTNKG22"),),
)
RECORD = model.Record(
    source="ledger.csv", row=7, parties=(PARTY,),
    goods=(model.GoodsLine(description="bearings", hs_code="848210", value=12.5),),
    raw={"Payer": "Altyn Trade LLC"},
)
ASSESSMENT = model.Assessment(
    record=RECORD, score=94, band=Band.CRITICAL, party_hits=(HIT,), goods_hits=(),
    findings=(model.Finding("r", "m", 10, ("s",), ("e",), "rules.yaml"),),
    reasons=(model.Reason("party", 94, "text", "ofac-sdn:36188"),), similar_parties=(),
)


@pytest.mark.parametrize(
    "value",
    [FEATURE, HIT, PARTY, RECORD, ASSESSMENT, model.Party("", "Bare Name"), model.Record("-", 1)],
    ids=lambda v: type(v).__name__,
)
def test_values_pickle_and_copy_to_equal_values(value: Any) -> None:
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(value, protocol=protocol))
        assert back == value
        assert type(back) is type(value)
        assert [getattr(back, f.name) for f in dataclasses.fields(value)] == [
            getattr(value, f.name) for f in dataclasses.fields(value)
        ]
    assert copy.copy(value) == value
    assert copy.deepcopy(value) == value


def test_every_model_dataclass_round_trips() -> None:
    # A class added to model.py later is covered too: each is built from its own fields' values.
    classes = [
        c for c in vars(model).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__
    ]
    assert len(classes) > 15
    known = {type(v): v for v in (FEATURE, HIT, PARTY, RECORD, ASSESSMENT)}
    for cls in classes:
        if cls in known:
            continue
        sample: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
                continue
            sample[f.name] = f"<{f.name}>"
        value = cls(**sample)
        assert pickle.loads(pickle.dumps(value)) == value, cls.__name__


def _classes() -> list[type]:
    return [
        c for c in vars(model).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__
    ]


def test_the_fast_constructors_build_what_the_dataclass_would() -> None:
    # model.py gives each class an __init__ that fills its slots directly: the same parameters
    # and defaults, each field set to its argument (positional or by name) or its default, a
    # fresh value from each default factory, and the instance still frozen.
    import inspect

    for cls in _classes():
        params = list(inspect.signature(cls).parameters.values())
        assert [p.name for p in params] == [f.name for f in dataclasses.fields(cls)]
        given = {f.name: f"<{f.name}>" for f in dataclasses.fields(cls)}
        for value in (cls(*given.values()), cls(**given)):
            assert [getattr(value, n) for n in given] == list(given.values()), cls.__name__
        required = {
            f.name: f"<{f.name}>"
            for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        first, second = cls(**required), cls(**required)
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                assert getattr(first, f.name) == f.default
            elif f.default_factory is not dataclasses.MISSING:
                assert getattr(first, f.name) == f.default_factory()
                if isinstance(getattr(first, f.name), dict):
                    assert getattr(first, f.name) is not getattr(second, f.name)
        assert first == second
        if not any(isinstance(getattr(first, f.name), dict) for f in dataclasses.fields(cls)):
            assert hash(first) == hash(second)
        with pytest.raises(dataclasses.FrozenInstanceError):
            first.__setattr__(dataclasses.fields(cls)[0].name, "changed")
        with pytest.raises(TypeError):
            cls(*given.values(), "one too many")


def test_a_class_the_fast_constructor_cannot_build_keeps_the_dataclass_init() -> None:
    # A __post_init__ or a keyword-only field is more than setting slots: such a class is left
    # as dataclasses made it, so a check in __post_init__ is never skipped.
    from screener.model import _fill_slots_directly

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    @dataclasses.dataclass(frozen=True, slots=True)
    class KeywordOnly:
        value: int
        name: str = dataclasses.field(default="x", kw_only=True)

    before = (Checked.__init__, KeywordOnly.__init__)
    _fill_slots_directly(Checked)
    _fill_slots_directly(KeywordOnly)
    assert (Checked.__init__, KeywordOnly.__init__) == before
    with pytest.raises(ValueError):
        Checked(-1)
    assert KeywordOnly(1, name="y").name == "y"
