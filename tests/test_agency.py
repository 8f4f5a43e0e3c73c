"""Agency of violence (analysis.agency), without any spaCy model.

Acceptance, read by hand on the seed article's BODY. Its clauses built on a casualty or
attack verb (the Getty caption's "frappe" is not body; "continueraient de cibler" is an
infinitive, an intention, and is not read):

¶1  La Résistance irakienne a mené une attaque de drones contre la ville portuaire de Haïfa
¶3  « … nos avons mené une attaque de drone contre le port de Haïfa … »  (agent "nos":
    the communiqué's writers, a pronoun left unresolved)
¶4  … que la Résistance islamique en Irak cible Haïfa …
¶6  La Résistance islamique en Irak a récemment effectué des attaques contre six bases …
¶6  … attaques qui ont fait trois morts parmi les soldats américains  → the agent is an
    EVENT (the attacks), not a person
¶8  … Israël a tué plus de 27 000 Palestiniens …  → active, agent Israël

All six are active. Every other sentence here is a FIXTURE written for the test.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _fixtures import fixture_corpus

import analysis
from analysis.agency import (
    AGENCY_COLUMNS,
    AGENT_TYPES,
    NO_SIDE,
    SIDE_COUNT_COLUMNS,
    VOICES,
    agency,
    agent_type,
    side_counts,
    side_of,
    spacy_model_available,
    voice_counts,
)
from analysis.config import SHARED_CORPORA
from analysis.errors import InputTypeError, OptionError

GILETS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
SEED_ID = "presstv-fr-2024-02-01-haifa"
COLS = ["verb", "voice", "agent", "agent_type", "patient"]


@pytest.fixture(scope="module")
def seed_table(seed):
    return agency(seed)


def read(text: str, lang: str = "fr") -> list[list]:
    t = agency(fixture_corpus([text], lang))[COLS]
    return t.astype(object).where(t.notna(), None).values.tolist()


# ----------------------------------------------------------------- acceptance (seed body)
def test_seed_clauses(seed, seed_table):
    t = seed_table
    assert list(t.columns) == list(AGENCY_COLUMNS)
    assert t["id"].tolist() == [SEED_ID] * 6
    assert t[["verb", "agent", "agent_type"]].values.tolist() == [
        ["mener une attaque", "La Résistance irakienne", "person_or_group"],
        ["mener une attaque", "nos", "unknown"],
        ["cibler", "la Résistance islamique en Irak", "person_or_group"],
        ["effectuer des attaques", "La Résistance islamique en Irak", "person_or_group"],
        ["faire des morts", "attaques", "event"],
        ["tuer", "Israël", "person_or_group"],
    ]
    assert set(t["voice"]) == {"active"}
    assert not t["hedged"].any()
    body = seed.texts("body").loc[SEED_ID]
    assert t["position"].tolist() == [
        body.index("a\xa0mené une attaque"),
        body.index("avons mené"),
        body.index("cible Haïfa"),
        body.index("a récemment effectué"),
        body.index("ont fait trois morts"),
        body.index("a tué"),
    ]


def test_seed_israel_killed_is_active_with_its_agent(seed_table):
    row = seed_table[seed_table["verb"] == "tuer"].iloc[0]
    assert (row["voice"], row["agent"], row["agent_type"]) == (
        "active",
        "Israël",
        "person_or_group",
    )
    assert row["patient"] == "plus de 27 000 Palestiniens"
    assert row["form"] == "a tué"


def test_seed_attacks_that_killed_have_an_event_as_agent(seed_table):
    row = seed_table[seed_table["verb"] == "faire des morts"].iloc[0]
    assert row["agent"] == "attaques"  # the antecedent of "qui"
    assert row["agent_type"] == "event"
    assert row["patient"] == "trois morts parmi les soldats américains"
    assert row["form"] == "ont fait trois morts"


def test_seed_voice_counts(seed, seed_table):
    t = voice_counts(seed, by="outlet", table=seed_table)
    got = {(v, a): n for v, a, n in t[["voice", "agent_type", "n"]].itertuples(index=False) if n}
    assert got == {
        ("active", "person_or_group"): 4,
        ("active", "event"): 1,
        ("active", "unknown"): 1,
    }
    assert set(t["group"]) == {"Press TV"}
    assert t["n"].sum() == 6
    assert t.loc[t["n"] > 0, "share"].tolist() == pytest.approx([4 / 6, 1 / 6, 1 / 6])


# ----------------------------------------------------------------- French fixtures, one per voice
def test_fixture_active_with_named_agent():
    assert read("L'armée israélienne a tué trois civils.") == [
        ["tuer", "active", "L'armée israélienne", "person_or_group", "trois civils"]
    ]


def test_fixture_passive_with_agent():
    assert read("Trois civils ont été tués par l'armée.") == [
        ["tuer", "passive_agent", "l'armée", "person_or_group", "Trois civils"]
    ]


def test_fixture_passive_with_event_agent():
    assert read("Deux enfants ont été tués par une frappe.") == [
        ["tuer", "passive_agent", "une frappe", "event", "Deux enfants"]
    ]


def test_fixture_passive_without_agent():
    assert read("Trois civils ont été tués.") == [
        ["tuer", "passive_no_agent", None, "unknown", "Trois civils"]
    ]


def test_fixture_agentless_intransitive():
    assert read("Deux soldats sont morts.") == [
        ["mourir", "agentless", None, "unknown", "Deux soldats"]
    ]


def test_fixture_faire_des_morts_with_an_event():
    assert read("L'explosion a fait cinq morts.") == [
        ["faire des morts", "active", "L'explosion", "event", "cinq morts"]
    ]


def test_fixture_couter_la_vie():
    assert read("Le raid a coûté la vie à quatre personnes.") == [
        ["coûter la vie", "active", "Le raid", "event", "quatre personnes"]
    ]


def test_fixture_hedged_conditional():
    t = agency(fixture_corpus(["L'armée aurait tué trois civils."], "fr"))
    assert t[["verb", "voice", "agent", "form", "hedged"]].values.tolist() == [
        ["tuer", "active", "L'armée", "aurait tué", True]
    ]


def test_fixture_infinitive_is_not_an_act():
    assert read("Ils menacent de bombarder la ville.") == []


def test_fixture_noun_frappe_is_not_a_verb():
    assert read("La frappe israélienne visait un immeuble.") == [
        ["viser", "active", "La frappe israélienne", "event", "un immeuble"]
    ]


# ----------------------------------------------------------------- English fixtures
def test_fixture_english_voices():
    t = agency(
        fixture_corpus(
            [
                "Israeli forces killed five people.",
                "Five people were killed by a strike.",
                "Three people were killed.",
                "Two soldiers died.",
                "The blast left ten dead.",
                "The army reportedly killed three civilians.",
            ],
            "en",
        )
    )[["id", *COLS, "hedged"]]
    got = t.astype(object).where(t.notna(), None).values.tolist()
    assert got == [
        ["en0", "kill", "active", "Israeli forces", "person_or_group", "five people", False],
        ["en1", "kill", "passive_agent", "a strike", "event", "Five people", False],
        ["en2", "kill", "passive_no_agent", None, "unknown", "Three people", False],
        ["en3", "die", "agentless", None, "unknown", "Two soldiers", False],
        ["en4", "leave dead", "active", "The blast", "event", "ten dead", False],
        # regression: the hedge adverb was kept inside the agent ("The army reportedly")
        ["en5", "kill", "active", "The army", "person_or_group", "three civilians", True],
    ]


def test_agent_type_by_hand():
    assert agent_type("les frappes aériennes") == "event"
    assert agent_type("l'armée") == "person_or_group"
    assert agent_type(None) == "unknown"
    assert agent_type("the missile", "en") == "event"


# ----------------------------------------------------------------- per outlet
def test_fixture_voice_counts_per_outlet_by_hand():
    c = fixture_corpus(
        [
            "L'armée a tué trois civils. Deux soldats sont morts.",
            "Trois civils ont été tués.",
            "L'explosion a fait cinq morts.",
        ],
        "fr",
        outlets=["A", "B", "B"],
    )
    t = voice_counts(c, by="outlet")
    assert list(t.columns) == ["group", "voice", "agent_type", "n", "share"]
    # every voice x agent type combination it can have, zeros included: 3 + 3 + 1 + 1
    assert len(t) == 2 * 8
    nz = t[t["n"] > 0][["group", "voice", "agent_type", "n"]].values.tolist()
    assert nz == [
        ["A", "active", "person_or_group", 1],
        ["A", "agentless", "unknown", 1],
        ["B", "active", "event", 1],
        ["B", "passive_no_agent", "unknown", 1],
    ]
    assert t.groupby("group")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert set(t["voice"]) == set(VOICES) and set(t["agent_type"]) <= set(AGENT_TYPES)


def test_empty_table_when_no_violence_verb():
    c = fixture_corpus(["Il pleut sur la ville."], "fr", outlets=["A"])
    t = agency(c)
    assert t.empty and list(t.columns) == list(AGENCY_COLUMNS)
    counts = voice_counts(c, by="outlet", table=t)
    assert counts["n"].sum() == 0 and counts["share"].isna().all()


# ----------------------------------------------------------------- per side
REGIONAL = "Regional armed groups and Iran"


def nonzero(t: pd.DataFrame) -> list[list]:
    return t[t["n"] > 0][["side", "voice", "agent_type", "n"]].values.tolist()


def test_seed_sides_of_the_patients(seed, seed_table):
    # by hand: Haïfa (attacked three times) is in Israel, the three dead are US soldiers,
    # the 27,000 dead are Palestinians, "six bases militaires occupées" names no side
    t = side_counts(seed, role="patient", by="outlet", table=seed_table)
    assert list(t.columns) == list(SIDE_COUNT_COLUMNS)
    assert set(t["group"]) == {"Press TV"}
    assert nonzero(t) == [
        ["Israel", "active", "person_or_group", 2],
        ["Israel", "active", "unknown", 1],
        ["Palestinians", "active", "person_or_group", 1],
        ["United States", "active", "event", 1],
        [NO_SIDE, "active", "person_or_group", 1],
    ]
    shares = t[t["n"] > 0].groupby("side", sort=False)["share"].sum()
    assert shares.tolist() == pytest.approx([1.0, 1.0, 1.0, 1.0])


def test_seed_sides_of_the_agents(seed, seed_table):
    t = side_counts(seed, role="agent", table=seed_table)
    assert nonzero(t) == [
        ["Israel", "active", "person_or_group", 1],
        [REGIONAL, "active", "person_or_group", 3],
        [NO_SIDE, "active", "event", 1],  # "attaques"
        [NO_SIDE, "active", "unknown", 1],  # "nos"
    ]


def test_fixture_sides_per_outlet_by_hand():
    c = fixture_corpus(
        [
            "Israël a tué trois Palestiniens. Deux Israéliens ont été tués.",
            "Des policiers ont blessé un manifestant.",
        ],
        "fr",
        outlets=["A", "B"],
    )
    t = side_counts(c, role="patient", by="outlet")
    assert t[t["n"] > 0][["group", "side", "voice", "n", "share"]].values.tolist() == [
        ["A", "Israel", "passive_no_agent", 1, 1.0],
        ["A", "Palestinians", "active", 1, 1.0],
        ["B", "protesters", "active", 1, 1.0],
    ]
    agents = side_counts(c, role="agent", by="outlet")
    assert agents[agents["n"] > 0][["group", "side", "n"]].values.tolist() == [
        ["A", "Israel", 1],
        ["A", NO_SIDE, 1],
        ["B", "police", 1],
    ]


def test_side_of_by_hand():
    assert side_of("les soldats américains") == "United States"
    assert side_of("l’armée israélienne") == "Israel"
    assert side_of("les forces de l'ordre") == "police"
    assert side_of("une frappe") is None
    assert side_of(None) is None
    # the earliest mention decides: "the Hamas fighters in Israel" is Hamas
    assert side_of("des combattants du Hamas en Israël") == "Palestinians"
    assert side_of("les rebelles", {"rebels": ("rebelle",)}) == "rebels"


def test_error_side_role(seed):
    with pytest.raises(OptionError, match=r"role='victim'.*'agent', 'patient'"):
        side_counts(seed, role="victim")


def test_error_sides_not_a_dict(seed):
    with pytest.raises(InputTypeError, match=r"sides must be a non-empty dict.*received list"):
        side_counts(seed, sides=["Israel"])


def test_error_side_patterns_not_a_list(seed):
    with pytest.raises(InputTypeError, match=r"sides\['Israel'\] must be a list or tuple"):
        side_counts(seed, sides={"Israel": "israël"})


def test_error_side_bad_regex(seed):
    with pytest.raises(OptionError, match=r"sides\['x'\] holds an invalid regular expression"):
        side_counts(seed, sides={"x": ("(unclosed",)})


# ----------------------------------------------------------------- spaCy is optional
def test_no_model_is_needed_for_the_default_method(seed):
    # runs whether or not fr_core_news_sm is installed: "patterns" never imports a model
    assert len(agency(seed, method="patterns")) == 6


@pytest.mark.skipif(spacy_model_available(), reason="the spaCy model is installed here")
def test_spacy_method_without_the_model_says_what_to_do(seed):
    with pytest.raises(OptionError, match=r"fr_core_news_sm.*method='patterns'"):
        agency(seed, method="spacy")


# ----------------------------------------------------------------- friendly errors
def test_error_method(seed):
    with pytest.raises(OptionError, match=r"method='parser'.*'patterns', 'spacy'"):
        agency(seed, method="parser")


def test_error_field(seed):
    with pytest.raises(OptionError, match=r"field='corps'.*'body'"):
        agency(seed, field="corps")


def test_error_by(seed):
    with pytest.raises(OptionError, match=r"by='side' is not a metadata column"):
        voice_counts(seed, by="side")


def test_error_table(seed):
    with pytest.raises(InputTypeError, match=r"table must be the DataFrame.*received str"):
        voice_counts(seed, table="agency")


def test_error_not_a_corpus():
    with pytest.raises(InputTypeError):
        agency(pd.DataFrame({"text": ["x"]}))


# ----------------------------------------------------------------- real press, if present
@pytest.mark.skipif(not GILETS.exists(), reason=f"real-press corpus not found at {GILETS}")
def test_real_press_sample_invariants():
    frame = pd.read_json(GILETS, lines=True).iloc[::50][["id", "outlet", "text", "language"]]
    corpus = analysis.Corpus.from_frames(frame.reset_index(drop=True))
    t = agency(corpus)
    assert len(t) > 0
    assert set(t["voice"]) <= set(VOICES) and set(t["agent_type"]) <= set(AGENT_TYPES)
    # voices without an agent never carry one
    assert t.loc[t["voice"].isin(["passive_no_agent", "agentless"]), "agent"].isna().all()
    assert (t.loc[t["agent"].isna(), "agent_type"] == "unknown").all()
    texts = corpus.texts("body")
    for doc_id, pos in t[["id", "position"]].itertuples(index=False):
        assert 0 <= pos < len(texts.loc[doc_id])
