"""Naming lexicons: the file format and its errors, matching rules, counts, shares, plots.

The acceptance numbers are hand counts on the seed article's BODY (data/raw, read with
load_corpus): the title, the captions, the "Lire aussi" related link and the share button
are not body. Body paragraphs are numbered ¶1..¶10 below, in page order:

¶1  La Résistance irakienne a mené une attaque de drones contre la ville portuaire de Haïfa …
¶2  La Résistance islamique en Irak, un groupe de combattants antiterroristes, … cibler le
    régime occupant de Qods …
¶3  « En vertu de nos efforts de résistance face aux occupants sionistes … », indique le communiqué.
¶4  C'est la quatrième fois que la Résistance islamique en Irak cible Haïfa …
¶5  Le mois dernier, la Résistance irakienne … contre le régime israélien et son allié américain …
¶6  La Résistance islamique en Irak a récemment effectué des attaques contre six bases …
¶7  Le régime israélien mène une guerre contre Gaza depuis le 7 octobre … Tempête d'Al-Aqsa.
¶8  Depuis le début de l'agression, Israël a tué plus de 27 000 Palestiniens …
¶9  Les États-Unis, l'allié traditionnel d'Israël, ont soutenu les attaques de Tel-Aviv …
¶10 Washington a également utilisé son droit de veto …
"""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import bootstrap

import analysis
from analysis import lexicons as L
from analysis import plots
from analysis.config import SHARED_CORPORA
from analysis.errors import InputTypeError, OptionError
from analysis.lexicons import LexiconError

GILETS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


@pytest.fixture(scope="module")
def seed_counts(seed):
    return L.lexicon_counts(seed)


def _count(table: pd.DataFrame, variant: str, group: str = "all") -> int:
    row = table[(table["variant"] == variant) & (table["group"] == group)]
    assert len(row) == 1, f"{variant!r} is not a variant of the lexicon"
    return int(row["count"].iloc[0])


# ----------------------------------------------------------------- acceptance (seed body)


def test_regime_israelien_twice_in_the_body(seed_counts):
    # ¶5 "contre le régime israélien et son allié américain"; ¶7 "Le régime israélien mène une guerre"
    assert _count(seed_counts, "le régime israélien") == 2


def test_israel_twice_in_the_body(seed_counts):
    # ¶8 "Israël a tué plus de 27 000 Palestiniens"; ¶9 "l'allié traditionnel d'Israël".
    # The two "régime israélien" are not also counted here (nor is "israélienne" of the
    # related link, which is not body).
    assert _count(seed_counts, "Israël") == 2


def test_tel_aviv_once_in_the_body(seed_counts):
    # ¶9 "ont soutenu les attaques de Tel-Aviv"
    assert _count(seed_counts, "Tel-Aviv (métonymie)") == 1


def test_occupants_sionistes_once_in_the_body(seed_counts):
    # ¶3, inside the quoted communiqué: "face aux occupants sionistes"
    assert _count(seed_counts, "les occupants sionistes") == 1


def test_regime_occupant_once_in_the_body(seed_counts):
    # ¶2 "continueraient de cibler le régime occupant de Qods"
    assert _count(seed_counts, "le régime occupant") == 1


def test_regime_sioniste_only_in_the_on_story_caption(seed, seed_counts):
    # Never in the body. Once in the Getty caption, which belongs to the story: "La Résistance
    # irakienne frappe la ville portuaire de Haïfa, occupée par le régime sioniste, le jeudi
    # 1er février 2024. ©Getty Images/archives". The AFP caption (Omar and Pelosi, 2019, in
    # English) is off-story and holds no French naming: counting it too changes nothing.
    assert _count(seed_counts, "le régime sioniste") == 0
    captions = L.lexicon_counts(seed, field="captions")
    assert _count(captions, "le régime sioniste") == 1
    with_off_story = L.lexicon_dtm(seed, field="captions", include_off_story=True)
    assert _count(L.lexicon_counts(with_off_story), "le régime sioniste") == 1


def test_resistance_islamique_en_irak_three_times_in_the_body(seed_counts):
    # ¶2 "La Résistance islamique en Irak, un groupe de combattants"; ¶4 "la quatrième fois que
    # la Résistance islamique en Irak cible Haïfa"; ¶6 "La Résistance islamique en Irak a
    # récemment effectué des attaques"
    assert _count(seed_counts, "la Résistance islamique en Irak") == 3


def test_seed_matches_point_at_the_words(seed):
    matches = L.lexicon_matches(seed)
    body = seed.texts("body").iloc[0]
    for row in matches.itertuples():
        assert body[row.start : row.end] == row.text
    rii = matches[matches["variant"] == "la Résistance islamique en Irak"]
    assert rii["text"].tolist() == ["Résistance islamique en Irak"] * 3
    assert len(set(rii["sentence"])) == 3  # three different sentences


def test_resistance_as_a_name_is_not_the_common_noun(seed):
    matches = L.lexicon_matches(seed)
    # ¶1 and ¶5: "la Résistance irakienne" (capital R, a name); ¶2: "les forces de résistance
    # irakiennes" (a descriptive phrase); ¶3 "nos efforts de résistance" is no naming at all.
    assert (matches["variant"] == "la Résistance irakienne").sum() == 2
    assert (matches["variant"] == "les forces de résistance irakiennes").sum() == 1
    assert not matches["text"].str.fullmatch("résistance").any()
    assert (matches["variant"] == "la Résistance").sum() == 0  # every capital R is in a longer name


def test_title_and_related_link_are_not_body(seed):
    title = L.lexicon_counts(seed, field="title")
    assert (
        _count(title, "la Résistance irakienne") == 1
    )  # "… de la Résistance irakienne contre le port de Haïfa"
    body = L.lexicon_matches(seed)
    assert not body["left"].str.contains("Lire aussi").any()


# ----------------------------------------------------------------- matching rules


def _write(tmp_path, body: str, name: str = "test.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


HEADER = """\
[lexicon]
name = "test"
version = "1.0.0"
language = "fr"
description = "A lexicon written for the tests."
"""


def _variant(
    family: str, name: str, pattern: str, match: str = "surface", cs: str = "false"
) -> str:
    return (
        f"\n[[families.{family}.variants]]\nname = \"{name}\"\npattern = '{pattern}'\n"
        f'match = "{match}"\ncase_sensitive = {cs}\nnote = "test"\n'
    )


@pytest.fixture
def tiny(tmp_path):
    text = HEADER + '\n[families.f]\nlabel = "F"\n'
    text += (
        _variant("f", "abc", "alpha beta gamma")
        + _variant("f", "b", "beta")
        + _variant("f", "ab", "alpha beta")
    )
    text += '\n[families.g]\nlabel = "G"\n' + _variant("g", "Gamma", "Gamma", cs="true")
    text += _variant("g", "gamma", "gamma") + _variant(
        "g", "beta gamma", r"\bbeta\s+gamma\b", "regex"
    )
    return L.load_lexicon(_write(tmp_path, text))


def test_longest_match_first_and_a_token_counted_once(tiny):
    got = L.match_text("alpha beta gamma beta. alpha beta.", tiny)
    assert got["variant"].tolist() == ["abc", "b", "ab"]
    assert got["text"].tolist() == ["alpha beta gamma", "beta", "alpha beta"]


def test_longest_match_wins_across_families_and_kinds(tiny):
    # "beta gamma" (regex, 2 tokens) beats "beta" and "gamma" (1 token each)
    assert L.match_text("beta gamma", tiny)["variant"].tolist() == ["beta gamma"]


def test_case_sensitive_variant_wins_a_tie_and_needs_its_capital(tiny):
    assert L.match_text("Gamma", tiny)["variant"].tolist() == ["Gamma"]
    assert L.match_text("gamma", tiny)["variant"].tolist() == ["gamma"]
    assert L.match_text("GAMMA", tiny)["variant"].tolist() == [
        "Gamma"
    ]  # capitals count as a capital


def test_capitals_rule_on_a_multiword_name():
    lex = L.load_lexicon("conflict_fr")
    assert L.match_text("LA RÉSISTANCE ISLAMIQUE EN IRAK", lex)["variant"].tolist() == [
        "la Résistance islamique en Irak"
    ]
    assert L.match_text("la résistance islamique en irak", lex).empty


def test_surface_patterns_see_what_the_tokeniser_unifies():
    lex = L.load_lexicon("conflict_fr")
    got = L.match_text("Tel Aviv, Tel-Aviv, l’occupant, Etats-Unis, l\u2019État hébreu", lex)
    assert got["variant"].tolist() == [
        "Tel-Aviv (métonymie)", "Tel-Aviv (métonymie)", "l'occupant", "les États-Unis", "l'État hébreu",
    ]  # fmt: skip


def test_lemma_variants_find_inflected_forms():
    got = L.match_text("Les attaques et une attaque. Deux victimes. Des martyrs.")
    assert got["variant"].tolist() == ["attaque", "attaque", "victimes", "martyrs"]


def test_regex_must_start_and_end_on_word_boundaries():
    # "7 octobre" inside "17 octobre" starts in the middle of a number: not the 7 October.
    assert L.match_text("le 17 octobre").empty
    assert L.match_text("le 7 octobre 2018").empty  # another year
    assert L.match_text("le 7 octobre 2023")["variant"].tolist() == ["le 7 octobre"]
    assert L.match_text("le 7-Octobre")["variant"].tolist() == ["le 7-Octobre"]


def test_a_longer_name_keeps_its_place_name_out_of_the_place_family():
    got = L.match_text("la Force Al-Qods et Al-Qods")
    assert list(zip(got["family"], got["variant"], strict=False)) == [
        ("iran", "la Force Qods"),
        ("jerusalem", "Al-Qods"),
    ]


def test_the_english_lexicon():
    text = (
        "Israel's army and the Zionist regime struck Tel Aviv. The Islamic Resistance in Iraq "
        "said on October 7 that the US and the U.S. Navy would not stop us."
    )
    got = L.match_text(text, "conflict_en")
    assert got["variant"].tolist() == [
        "Israel", "the Zionist regime", "Tel Aviv (metonymy)", "the Islamic Resistance in Iraq",
        "October 7", "the United States", "the United States",
    ]  # fmt: skip


FRAGMENTS = ["le", "régime", "israélien", "Israël", "Résistance", "islamique", "en", "Irak",
             "occupants", "sionistes", "Tel-Aviv", "guerre", "contre", "Gaza", "attaques", ",", "."]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
@settings(max_examples=150, deadline=None)
def test_matches_never_overlap_and_point_at_their_text(words):
    text = " ".join(words)
    got = L.match_text(text)
    ends = got["end"].tolist()
    starts = got["start"].tolist()
    assert starts == sorted(starts)
    assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))  # no token in two matches
    assert all(text[s:e] == t for s, e, t in zip(starts, ends, got["text"], strict=False))


# ----------------------------------------------------------------- the file and its errors


def test_shipped_lexicons_load_with_a_versioned_header():
    assert set(L.available_lexicons()) >= {"conflict_fr", "conflict_en"}
    for name in ("conflict_fr", "conflict_en"):
        lex = L.load_lexicon(name)
        assert lex.name == name and lex.version.count(".") == 2
        assert lex.family_names[:2] == ("israel", "palestinian_groups")
        table = lex.table()
        assert list(table.columns) == [
            "family",
            "variant",
            "match",
            "case_sensitive",
            "pattern",
            "note",
        ]
        assert table["note"].str.len().min() > 10


def test_french_and_english_lexicons_have_the_same_families():
    assert L.load_lexicon("conflict_fr").family_names == L.load_lexicon("conflict_en").family_names


def test_a_user_file_by_path(tmp_path, tiny):
    assert tiny.name == "test" and tiny.family_names == ("f", "g")
    assert L.load_lexicon(tiny) is tiny
    assert (
        L.load_lexicon(
            str(_write(tmp_path, HEADER + '[families.f]\nlabel = "F"\n' + _variant("f", "x", "x")))
        ).name
        == "test"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("not = [valid", r"not valid TOML"),
        ('[families.f]\nlabel = "F"\n', r"\[lexicon\] header"),
        (HEADER.replace('"1.0.0"', '"v1"'), r"MAJOR\.MINOR\.PATCH.*'v1'"),
        (
            HEADER.replace('"fr"', '"de"'),
            r"language='de' is not supported; choose one of 'fr', 'en'",
        ),
        (HEADER, r"no family"),
        (HEADER + '[families.f]\nlabel = "F"\n', r"family 'f': no variant"),
        (HEADER + '[families.Bad-Key]\nlabel = "F"\n', r"family 'Bad-Key': a family key"),
        (
            HEADER + '[families.f]\nlabel = "F"\n' + _variant("f", "x", "x", match="lemmas"),
            r"family 'f', variant 'x': match='lemmas' is not allowed; choose one of 'surface', 'lemma', 'regex'",
        ),
        (
            HEADER
            + '[families.f]\nlabel = "F"\n'
            + _variant("f", "x", "x").replace("case_sensitive = false\n", ""),
            r"family 'f', variant 'x': 'case_sensitive' must be declared",
        ),
        (
            HEADER
            + '[families.f]\nlabel = "F"\n'
            + _variant("f", "x", "x").replace('match = "surface"\n', ""),
            r"family 'f', variant 'x': 'match' must be declared",
        ),
        (
            HEADER + '[families.f]\nlabel = "F"\n' + _variant("f", "x", "x", cs='"yes"'),
            r"variant 'x': case_sensitive must be true or false; received 'yes'",
        ),
        (
            HEADER
            + '[families.f]\nlabel = "F"\n'
            + _variant("f", "x", "x").replace('note = "test"', ""),
            r"variant 'x': 'note' must be a non-empty string; missing",
        ),
        (
            HEADER
            + '[families.f]\nlabel = "F"\n'
            + _variant("f", "x", "x").replace("case_sensitive", "case_sensitve"),
            r"variant 'x': unknown key\(s\) 'case_sensitve'; allowed:",
        ),
        (
            HEADER + '[families.f]\nlabel = "F"\n' + _variant("f", "x", "(unclosed", "regex"),
            r"variant 'x': the regex does not compile",
        ),
        (
            HEADER + '[families.f]\nlabel = "F"\n' + _variant("f", "x", "a*", "regex"),
            r"variant 'x': the regex matches the empty string",
        ),
        (
            HEADER + '[families.f]\nlabel = "F"\n' + _variant("f", "x", "!!!"),
            r"variant 'x': the pattern '!!!' holds no word",
        ),
        (
            HEADER
            + '[families.f]\nlabel = "F"\n'
            + _variant("f", "x", "a")
            + _variant("f", "x", "b"),
            r"family 'f', variant 'x': the name is used twice",
        ),
        (
            HEADER
            + '[families.f]\nlabel = "F"\n'
            + _variant("f", "x", "Israël")
            + '[families.g]\nlabel = "G"\n'
            + _variant("g", "y", "israël"),
            r"family 'g', variant 'y': same pattern as family 'f', variant 'x'",
        ),
    ],
)
def test_every_file_error_names_the_file_family_and_variant(tmp_path, body, expected):
    path = _write(tmp_path, body)
    with pytest.raises(LexiconError, match=expected) as info:
        L.load_lexicon(path)
    assert str(path) in str(info.value)


def test_unknown_lexicon_names_the_shipped_ones(tmp_path):
    with pytest.raises(
        LexiconError, match=r"no lexicon named 'nope'.*'conflict_en', 'conflict_fr'"
    ):
        L.load_lexicon("nope")
    with pytest.raises(LexiconError, match=r"no such lexicon file"):
        L.load_lexicon(tmp_path / "missing.toml")
    with pytest.raises(InputTypeError, match=r"received int"):
        L.load_lexicon(42)


# ----------------------------------------------------------------- counts


SHARES = pd.DataFrame(
    {
        "id": ["x1", "y1", "y2"],
        "outlet": ["X", "Y", "Y"],
        "date": ["2024-02-01", "2024-02-02", None],
        # Fixture sentences written for these tests, not study data.
        "text": [
            "Le régime israélien bombarde. Israël répond. Israël encore.",
            "Tsahal avance. L'armée israélienne tire.",
            "Il pleut sur la ville.",
        ],
    }
)


@pytest.fixture(scope="module")
def small():
    return analysis.Corpus.from_frames(SHARES)


def test_naming_shares_by_hand(small):
    s = L.naming_shares(small, by="outlet")
    assert list(s.columns) == L.SHARE_COLUMNS
    israel = s[(s["family"] == "israel") & (s["count"] > 0)]
    got = {
        (g, v): (c, t, sh)
        for g, v, c, t, sh in israel[["group", "variant", "count", "family_total", "share"]].values
    }
    assert got == {
        ("X", "Israël"): (2, 3, pytest.approx(2 / 3)),
        ("X", "le régime israélien"): (1, 3, pytest.approx(1 / 3)),
        ("Y", "Tsahal"): (1, 2, 0.5),
        ("Y", "l'armée israélienne"): (1, 2, 0.5),
    }
    # every family sums to 1 where it is named, is NaN where it is not
    sums = s.groupby(["group", "family"])["share"].sum(min_count=1)
    assert np.allclose(sums.dropna(), 1.0)
    assert s.loc[(s["group"] == "X") & (s["family"] == "iran"), "share"].isna().all()
    assert s["period"].isna().all() and s.attrs["undated"] == 0


def test_naming_shares_per_week_leaves_undated_articles_out_with_a_warning(small):
    with pytest.warns(UserWarning, match=r"1 of 3 articles have no date"):
        s = L.naming_shares(small, by="outlet", period="week")
    assert s.attrs["undated"] == 1
    assert set(s["period"].astype(str)) == {"2024-01-29"}
    assert set(s["group"]) == {"X", "Y"}


def test_counts_per_10k_use_every_running_word(small):
    k = L.lexicon_counts(small, by="outlet", n_boot=0)
    words = analysis.dtm(small).docs.groupby("outlet")["n_tokens"].sum()  # stop words included
    row = k[(k["group"] == "X") & (k["variant"] == "Israël")].iloc[0]
    assert (
        row["n_tokens"] == words["X"] == 8
    )  # Le régime israélien bombarde Israël répond Israël encore
    assert row["per_10k"] == pytest.approx(2 / 8 * 10_000)
    assert row["doc_freq"] == 1 and row["n_articles"] == 1
    assert k["ci_low"].isna().all() and k["ci_high"].isna().all()
    assert list(k.columns) == L.COUNT_COLUMNS
    assert len(k) == 2 * len(L.load_lexicon().variants)  # zeros included


def _varied_corpus(n: int = 40) -> analysis.Corpus:
    rng = np.random.default_rng(7)
    texts = []
    for _ in range(n):
        words = ["Israël"] * int(rng.integers(0, 4)) + ["la", "ville", "dort"] * int(
            rng.integers(2, 9)
        )
        rng.shuffle(words)
        texts.append(" ".join(words) + ".")
    return analysis.Corpus.from_frames(pd.DataFrame({"text": texts}))


def test_bootstrap_interval_contains_the_rate_and_is_seeded():
    c = _varied_corpus()
    m = L.lexicon_dtm(c)
    a = L.lexicon_counts(m, n_boot=500, seed=1)
    b = L.lexicon_counts(m, n_boot=500, seed=1)
    other = L.lexicon_counts(m, n_boot=500, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert ((a["ci_low"] <= a["per_10k"] + 1e-12) & (a["per_10k"] <= a["ci_high"] + 1e-12)).all()
    row = a["variant"] == "Israël"
    assert (
        a.loc[row, "ci_low"].iloc[0] < a.loc[row, "per_10k"].iloc[0] < a.loc[row, "ci_high"].iloc[0]
    )
    assert not np.allclose(a.loc[row, ["ci_low", "ci_high"]], other.loc[row, ["ci_low", "ci_high"]])


def test_bootstrap_interval_agrees_with_scipy():
    c = _varied_corpus(60)
    m = L.lexicon_dtm(c)
    ours = L.lexicon_counts(m, n_boot=20_000).query("variant == 'Israël'").iloc[0]
    col = list(m.terms).index("israel:Israël")
    counts = m.counts[:, col].toarray().ravel().astype(float)
    tokens = m.docs["n_tokens"].to_numpy(dtype=float)
    ref = bootstrap(
        (counts, tokens), lambda c, t, axis=-1: c.sum(axis=axis) / t.sum(axis=axis) * 10_000,
        paired=True, vectorized=True, method="percentile", n_resamples=20_000, random_state=3,
    )  # fmt: skip
    assert ours["ci_low"] == pytest.approx(ref.confidence_interval.low, rel=0.03)
    assert ours["ci_high"] == pytest.approx(ref.confidence_interval.high, rel=0.03)


def test_one_article_has_an_interval_of_zero_width(seed_counts):
    used = seed_counts[seed_counts["count"] > 0]
    assert (used["ci_low"] == used["per_10k"]).all() and (used["ci_high"] == used["per_10k"]).all()


def test_a_lexicon_matrix_is_matched_once_and_reused(small):
    m = L.lexicon_dtm(small)
    assert m.options["lexicon"] == L.load_lexicon("conflict_fr") and m.options["field"] == "body"
    assert list(m.terms[:2]) == ["israel:Israël", "israel:l'État d'Israël"]
    pd.testing.assert_frame_equal(
        L.lexicon_counts(m, by="outlet"), L.lexicon_counts(small, by="outlet")
    )
    assert m.docs["n_terms"].tolist() == [
        3,
        2,
        0,
    ]  # régime israélien, Israël ×2 | Tsahal, armée israélienne | none


def test_options_are_checked_up_front(small):
    with pytest.raises(OptionError, match=r"by='nope' is not a metadata column"):
        L.lexicon_counts(small, by="nope")
    with pytest.raises(OptionError, match=r"n_boot must be an integer >= 0; received -1"):
        L.lexicon_counts(small, n_boot=-1)
    with pytest.raises(OptionError, match=r"seed must be an integer; received 'x'"):
        L.lexicon_counts(small, seed="x")
    with pytest.raises(
        OptionError,
        match=r"field='text' is not allowed; choose one of 'body', 'title', 'captions', 'all'",
    ):
        L.lexicon_counts(small, field="text")
    with pytest.raises(
        OptionError, match=r"period='year' is not allowed; choose one of 'day', 'week', 'month'"
    ):
        L.naming_shares(small, period="year")
    with pytest.raises(OptionError, match=r"context must be an integer >= 0"):
        L.lexicon_matches(small, context=-5)


def test_by_is_checked_before_the_corpus_is_matched(small, monkeypatch):
    monkeypatch.setattr(
        L, "_match_corpus", lambda *a, **k: pytest.fail("matched before checking by")
    )
    with pytest.raises(
        OptionError,
        match=r"by='nope' is not a metadata column; choose one of 'article_id', 'outlet'",
    ):
        L.lexicon_counts(small, by="nope")
    with pytest.raises(OptionError, match=r"by='nope' is not a metadata column"):
        L.naming_shares(small, by="nope")


def test_wrong_inputs_are_explained(small):
    with pytest.raises(InputTypeError, match=r"load_corpus"):
        L.lexicon_counts("data/raw")
    with pytest.raises(OptionError, match=r"counts words, not lexicon variants"):
        L.lexicon_counts(analysis.dtm(small))
    m = L.lexicon_dtm(small)
    with pytest.raises(
        OptionError, match=r"lexicon 'conflict_en' 1\.0\.0 differs from the matrix's 'conflict_fr'"
    ):
        L.lexicon_counts(m, "conflict_en")
    with pytest.raises(OptionError, match=r"field='title' differs from the matrix's field='body'"):
        L.naming_shares(m, field="title")
    with pytest.raises(InputTypeError, match=r"text must be a string"):
        L.match_text(["Israël"])


def test_an_english_article_matched_with_the_french_lexicon_warns():
    c = analysis.Corpus.from_frames(pd.DataFrame({"text": ["Israel said."], "language": ["en"]}))
    with pytest.warns(UserWarning, match=r"1 of 1 articles are not in 'fr'"):
        L.lexicon_dtm(c)


def test_matches_table(small):
    m = L.lexicon_matches(small, context=10)
    assert list(m.columns) == L.MATCH_COLUMNS
    first = m.iloc[0]
    assert (first["id"], first["variant"], first["text"], first["start"], first["end"]) == (
        "x1", "le régime israélien", "régime israélien", 3, 19,
    )  # fmt: skip
    assert first["left"] == "Le " and first["right"] == " bombarde."
    assert m["field"].eq("body").all()


# ----------------------------------------------------------------- plots


def test_naming_share_bars_one_family_across_groups(small):
    s = L.naming_shares(small, by="outlet")
    ax = plots.naming_share_bars(s, family="israel")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["X", "Y"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Israël", "le régime israélien", "Tsahal", "l'armée israélienne"]
    assert "n = 3" in [t.get_text() for t in ax.texts]


def test_naming_share_bars_every_family_of_one_group(seed):
    s = L.naming_shares(seed, by="article_id")
    ax = plots.naming_share_bars(s)
    assert [t.get_text() for t in ax.get_yticklabels()][:3] == [
        "israel",
        "palestinian_groups",
        "iraqi_groups",
    ]


def test_naming_share_bars_errors_and_empty(small):
    s = L.naming_shares(small, by="outlet")
    with pytest.raises(OptionError, match=r"holds 2 groups; give family="):
        plots.naming_share_bars(s)
    with pytest.raises(OptionError, match=r"family='nope' is not in the table"):
        plots.naming_share_bars(s, family="nope")
    ax = plots.naming_share_bars(s, family="iran")
    assert "Nothing to draw" in ax.texts[0].get_text()
    with pytest.raises(InputTypeError, match=r"naming_shares"):
        plots.naming_share_bars(s.drop(columns="share"), family="israel")


def test_lexicon_rate_bars(seed_counts):
    ax = plots.lexicon_rate_bars(seed_counts, top=3)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "attaque (violence)", "la Résistance islamique en Irak (iraqi_groups)", "opération (violence)",
    ]  # fmt: skip
    assert isinstance(ax, matplotlib.axes.Axes)


# ----------------------------------------------------------------- real press


@pytest.mark.corpus
@pytest.mark.skipif(
    not GILETS.exists(), reason=f"{GILETS} not found (real press corpus, ../shared/corpora)"
)
def test_real_press_intervals_and_no_overlap():
    frame = pd.read_json(GILETS, lines=True)[["id", "outlet", "date", "title", "text", "language"]]
    corpus = analysis.Corpus.from_frames(frame)
    k = L.lexicon_counts(corpus, by="outlet", n_boot=200)
    assert ((k["ci_low"] <= k["per_10k"] + 1e-9) & (k["per_10k"] <= k["ci_high"] + 1e-9)).all()
    matches = L.lexicon_matches(corpus)
    assert len(matches) == int(k["count"].sum())
    previous = matches.groupby("id")["end"].shift()
    assert (matches["start"] >= previous.fillna(-1)).all()
