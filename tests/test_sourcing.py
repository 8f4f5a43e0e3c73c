"""Attributions and quoted sources (analysis.sourcing).

The acceptance rows are read by hand on the seed article's BODY (data/raw, loaded with
load_corpus; the captions, the title and the "Lire aussi" link are not body). It holds
exactly four attributions:

¶2  « … affirmant que les forces de résistance irakiennes continueraient de cibler … »
    — the subject of the main clause, la Résistance islamique en Irak, is the speaker;
¶3  « En vertu de nos efforts … de la Palestine », indique le communiqué.
    — the communiqué is the one the Résistance islamique en Irak published (¶2);
¶5  … la Résistance irakienne a entamé …, en annonçant qu'elle multiplierait …
¶8  …, Israël a tué plus de 27 000 Palestiniens, …, selon le dernier décompte du
    ministère de la Santé de Gaza.

"continueraient" and "multiplierait" are inside the reported clauses (concordance of
tenses), so nothing on the seed is hedged. Every other sentence in this file is a
FIXTURE written for the test, not real press.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _fixtures import fixture_corpus

import analysis
from analysis.config import SHARED_CORPORA
from analysis.errors import InputTypeError, OptionError
from analysis.sourcing import (
    ATTRIBUTION_COLUMNS,
    ATTRIBUTION_KINDS,
    QUOTED_SOURCE_COLUMNS,
    UNNAMED,
    attributions,
    quoted_sources,
)

GILETS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
SEED_ID = "presstv-fr-2024-02-01-haifa"


@pytest.fixture(scope="module")
def seed_table(seed):
    return attributions(seed)


def one(texts: str, lang: str = "fr") -> pd.DataFrame:
    return attributions(fixture_corpus([texts], lang))


# ----------------------------------------------------------------- acceptance (seed body)
def test_seed_has_exactly_the_four_attributions(seed, seed_table):
    body = seed.texts("body").loc[SEED_ID]
    t = seed_table
    assert list(t.columns) == list(ATTRIBUTION_COLUMNS)
    assert list(t.columns[:5]) == ["id", "source", "verb", "quote", "position"]
    assert len(t) == 4
    assert t["id"].tolist() == [SEED_ID] * 4
    # sources, by hand
    assert t["source"].tolist() == [
        "Résistance islamique en Irak",  # affirmant que … (subject of ¶2's main clause)
        "Résistance islamique en Irak",  # indique le communiqué (its communiqué, ¶2)
        "Résistance irakienne",  # en annonçant qu'elle …
        "ministère de la Santé de Gaza",  # selon le dernier décompte du ministère …
    ]
    assert t["verb"].tolist() == ["affirmant", "indique", "en annonçant", "selon"]
    assert t["kind"].tolist() == ["participle", "quote_incise", "participle", "according_to"]
    # positions: where each pattern starts in the body text, found by hand-picked anchors
    assert t["position"].tolist() == [
        body.index("affirmant que"),
        body.index("« En vertu"),
        body.index("annonçant qu"),
        body.index("selon le dernier décompte"),
    ]
    assert t["hedged"].tolist() == [False, False, False, False]
    assert t["paragraph"].tolist() == [1, 2, 4, 7]  # 0-based body paragraphs ¶2, ¶3, ¶5, ¶8


def test_seed_quotes_are_what_is_attributed(seed_table):
    q = seed_table["quote"].tolist()
    assert q[0] == (
        "les forces de résistance irakiennes continueraient de cibler le régime occupant de "
        "Qods jusqu’à la « destruction complète des bastions ennemis »"
    )
    assert q[1] == (
        "En vertu de nos efforts de résistance face aux occupants sionistes et de soutien au "
        "peuple de Gaza, nos avons mené une attaque de drone contre le port de Haïfa dans les "
        "territoires occupés de la Palestine"
    )
    assert q[2] == "elle multiplierait ses opérations en solidarité avec le « peuple de Gaza »"
    # for "selon", the claim is the sentence without its source phrase
    assert q[3] == (
        "Depuis le début de l'agression, Israël a tué plus de 27 000 Palestiniens, pour la "
        "plupart des femmes et des enfants"
    )


def test_seed_document_speakers_are_resolved_to_their_author(seed_table):
    t = seed_table.set_index("verb")
    assert t.loc["indique", "speaker"] == "le communiqué"
    assert bool(t.loc["indique", "resolved"])
    assert t.loc["selon", "speaker"] == "le dernier décompte du ministère de la Santé de Gaza"
    assert not bool(t.loc["affirmant", "resolved"])  # named directly


def test_seed_captions_are_not_read_by_default(seed):
    # the Getty caption "La Résistance irakienne frappe …" holds no speech verb, the AFP one
    # "talks with" is not a speech verb of the list: reading captions adds nothing
    assert len(attributions(seed, field="captions")) == 0


def test_seed_who_is_quoted_per_outlet(seed, seed_table):
    table = quoted_sources(seed, by="outlet", table=seed_table)
    assert list(table.columns) == list(QUOTED_SOURCE_COLUMNS)
    cols = ["group", "source", "n", "n_articles", "n_direct", "n_hedged"]
    assert table[cols].values.tolist() == [
        ["Press TV", "Résistance islamique en Irak", 2, 1, 1, 0],
        ["Press TV", "Résistance irakienne", 1, 1, 0, 0],
        ["Press TV", "ministère de la Santé de Gaza", 1, 1, 0, 0],
    ]
    assert table["share"].tolist() == pytest.approx([2 / 4, 1 / 4, 1 / 4])
    # computed without a table, the same
    pd.testing.assert_frame_equal(quoted_sources(seed), table)


# ----------------------------------------------------------------- French fixtures
def test_fixture_quote_then_incise():
    t = one("« Nous ne céderons pas », a déclaré le ministre.")
    assert t[["source", "verb", "quote", "kind", "hedged"]].values.tolist() == [
        ["ministre", "a déclaré", "Nous ne céderons pas", "quote_incise", False]
    ]
    assert t["position"].tolist() == [0]


def test_fixture_inverted_incise_resolves_the_pronoun():
    t = one("Emmanuel Macron est arrivé jeudi.\n\n« Nous ne céderons pas », a-t-il déclaré.")
    assert t[["source", "speaker", "verb", "resolved"]].values.tolist() == [
        ["Emmanuel Macron", "il", "a-t-il déclaré", True]
    ]


def test_fixture_pronoun_without_a_named_antecedent_stays_unresolved():
    # "Le ministre" holds no name (only its sentence-initial article is capitalised)
    t = one("Le ministre est arrivé jeudi.\n\n« Nous ne céderons pas », a-t-il déclaré.")
    assert t[["speaker", "resolved"]].values.tolist() == [["il", False]]
    assert t["source"].isna().all()


def test_fixture_speaker_verb_colon_quote():
    t = one("Le porte-parole de l'armée a déclaré : « La zone est sécurisée. »")
    assert t[["source", "verb", "kind"]].values.tolist() == [
        ["porte-parole de l'armée", "a déclaré", "quote_intro"]
    ]
    assert t["quote"].iloc[0].startswith("La zone est sécurisée")


def test_fixture_reported_que():
    t = one("Le maire a affirmé que la manifestation était interdite.")
    assert t[["source", "verb", "quote", "kind"]].values.tolist() == [
        ["maire", "a affirmé", "la manifestation était interdite", "reported"]
    ]
    assert t["position"].tolist() == [len("Le maire ")]


def test_fixture_selon_and_d_apres():
    t = one("Selon l'ONU, vingt civils ont été tués. D'après le ministère, le bilan s'élève.")
    assert t[["source", "verb", "kind"]].values.tolist() == [
        ["ONU", "Selon", "according_to"],
        ["ministère", "D'après", "according_to"],
    ]
    assert t["quote"].tolist() == ["vingt civils ont été tués", "le bilan s'élève"]


def test_fixture_conditional_without_source_is_a_hedged_row():
    # the conditionnel journalistique: the outlet reports a claim and names no one
    t = one("L'armée aurait tué trois civils.")
    assert t[["verb", "kind", "hedged"]].values.tolist() == [["aurait tué", "conditional", True]]
    assert t["source"].isna().all()
    assert t["position"].tolist() == [len("L'armée ")]


def test_fixture_selon_des_sources_with_conditional_is_hedged():
    t = one("Selon des sources locales, l'armée aurait tué trois civils.")
    assert t[["source", "verb", "kind", "hedged"]].values.tolist() == [
        ["sources locales", "Selon", "according_to", True]
    ]


def test_fixture_conditional_after_si_is_not_a_hedge():
    assert len(one("Si la trêve tenait, les civils seraient épargnés.")) == 0


def test_fixture_concordance_of_tenses_is_not_a_hedge():
    t = one("Le ministre a affirmé que l'armée continuerait les frappes.")
    assert t[["kind", "hedged"]].values.tolist() == [["reported", False]]


def test_fixture_reported_speech_in_the_conditional_is_hedged():
    t = one("Le ministre aurait déclaré que la trêve était rompue.")
    assert t[["source", "verb", "kind", "hedged"]].values.tolist() == [
        ["ministre", "aurait déclaré", "reported", True]
    ]


def test_fixture_scare_quotes_are_not_attributions():
    assert len(one("Le gouvernement parle d'une « opération spéciale » dans la région.")) == 0


# ----------------------------------------------------------------- English fixtures
def test_fixture_english_said_incise_and_reported():
    t = attributions(
        fixture_corpus(
            ["“We will respond,” the minister said.", "The army said that the strike hit a depot."],
            "en",
        )
    )
    assert t[["id", "source", "verb", "quote", "kind"]].values.tolist() == [
        ["en0", "minister", "said", "We will respond", "quote_incise"],
        ["en1", "army", "said", "the strike hit a depot", "reported"],
    ]


def test_fixture_english_according_to_an_acronym():
    # regression: "UN" lower-cases to the French article "un" and was dropped as one
    t = attributions(
        fixture_corpus(
            [
                "According to the UN, 20 civilians were killed.",
                "Twenty civilians were killed, according to the UN.",
            ],
            "en",
        )
    )
    assert t[["id", "source", "verb", "kind"]].values.tolist() == [
        ["en0", "UN", "According to", "according_to"],
        ["en1", "UN", "according to", "according_to"],
    ]


def test_fixture_english_hedge():
    t = attributions(fixture_corpus(["The army reportedly killed three civilians."], "en"))
    assert t[["verb", "kind", "hedged"]].values.tolist() == [["reportedly", "conditional", True]]


def test_fixture_quoted_sources_per_outlet_counts_by_hand():
    c = fixture_corpus(
        [
            "Selon l'ONU, vingt civils ont été tués.",
            "« Nous ne céderons pas », a déclaré le ministre. Selon l'ONU, la trêve tient.",
            "L'armée aurait tué trois civils.",
        ],
        "fr",
        outlets=["A", "A", "B"],
    )
    t = quoted_sources(c, by="outlet")
    # A: ONU twice (two articles, reported), ministre once (direct); B: one unnamed, hedged
    assert t[["group", "source", "n", "n_articles", "n_direct", "n_hedged"]].values.tolist() == [
        ["A", "ONU", 2, 2, 0, 0],
        ["A", "ministre", 1, 1, 1, 0],
        ["B", UNNAMED, 1, 1, 0, 1],
    ]
    assert t["share"].tolist() == pytest.approx([2 / 3, 1 / 3, 1.0])
    whole = quoted_sources(c, by=None)
    assert set(whole["group"]) == {"all"} and whole["n"].sum() == 4


def test_kinds_are_documented(seed_table):
    assert set(seed_table["kind"]) <= set(ATTRIBUTION_KINDS)


def test_empty_corpus_gives_empty_tables():
    c = fixture_corpus(["Il pleut."], "fr", outlets=["A"])
    t = attributions(c)
    assert list(t.columns) == list(ATTRIBUTION_COLUMNS) and t.empty
    s = quoted_sources(c, table=t)
    assert list(s.columns) == list(QUOTED_SOURCE_COLUMNS) and s.empty


# ----------------------------------------------------------------- friendly errors
def test_error_field(seed):
    with pytest.raises(OptionError, match=r"field='bodies'.*'body'"):
        attributions(seed, field="bodies")


def test_error_progress(seed):
    with pytest.raises(OptionError, match=r"progress must be True, False or None.*'yes'"):
        attributions(seed, progress="yes")


def test_error_not_a_corpus():
    with pytest.raises(InputTypeError):
        attributions(["Selon l'ONU, vingt civils ont été tués."])


def test_error_by(seed):
    with pytest.raises(OptionError, match=r"by='journal' is not a metadata column.*'outlet'"):
        quoted_sources(seed, by="journal")


def test_error_table(seed):
    with pytest.raises(InputTypeError, match=r"table must be the DataFrame.*received list"):
        quoted_sources(seed, table=[])


# ----------------------------------------------------------------- real press, if present
@pytest.mark.skipif(not GILETS.exists(), reason=f"real-press corpus not found at {GILETS}")
def test_real_press_sample_runs_and_keeps_its_invariants():
    frame = pd.read_json(GILETS, lines=True).iloc[::50][["id", "outlet", "text", "language"]]
    corpus = analysis.Corpus.from_frames(frame.reset_index(drop=True))
    t = attributions(corpus)
    assert len(t) > 0
    assert set(t["kind"]) <= set(ATTRIBUTION_KINDS)
    texts = corpus.texts("body")
    # every position is inside its article; where the pattern starts with its verb
    # (selon, a affirmé, aurait tué), the verb is written there
    for doc_id, pos, verb, kind in t[["id", "position", "verb", "kind"]].itertuples(index=False):
        text = texts.loc[doc_id]
        assert 0 <= pos < len(text)
        if kind in ("according_to", "reported", "conditional"):
            first = verb.split()[0].replace("’", "'").lower()
            assert text[pos:].replace("’", "'").lower().startswith(first), (verb, text[pos:40])
    # conditional rows name no source and are always hedged
    cond = t[t["kind"] == "conditional"]
    assert cond["hedged"].all() and cond["source"].isna().all()
