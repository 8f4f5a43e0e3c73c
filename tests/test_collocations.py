"""Collocations around a node.

Every text here is a FIXTURE written for these tests (not press), except the optional test
on ../shared/corpora, which reads the real corpus in place. Oracles: counts written by hand,
a naive nested-loop co-occurrence counter written below, the formulas recomputed here from
those counts, and scipy's log-likelihood G² of each 2 × 2 table.
"""

from __future__ import annotations

import json
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

import analysis
from analysis.collocations import COLLOCATION_COLUMNS, collocation_matrix, collocations
from analysis.config import SHARED_CORPORA
from analysis.errors import InputTypeError, OptionError
from analysis.tokens import stopword_set

# FIXTURE: tokens 0 gaza 1 sous 2 blocus | 3 le 4 blocus 5 de 6 gaza 7 dure | 8 blocus 9 et 10 paix
HAND = "Gaza sous blocus. Le blocus de Gaza dure. Blocus et paix."


def counts(table, group="all"):
    t = table[table["group"] == group]
    return {
        r.collocate: (r.o11, r.f_node, r.f_collocate, r.window_tokens, r.n) for r in t.itertuples()
    }


def test_hand_counted_window():
    t = collocations(pd.Series({"x": HAND}), "gaza", window=2, min_count=1)
    assert tuple(t.columns) == COLLOCATION_COLUMNS
    # windows: occurrence 0 -> tokens 1, 2; occurrence 6 -> 4, 5 and 7, 8: |W| = 6, N = 11
    assert counts(t) == {"blocus": (3, 2, 3, 6, 11), "dure": (1, 2, 1, 6, 11)}


def test_hand_counted_sentence_window():
    t = collocations(pd.Series({"x": HAND}), "gaza", window=2, sentence=True, min_count=1)
    # token 8 (blocus) is in the next sentence: W = {1, 2, 4, 5, 7}
    assert counts(t) == {"blocus": (2, 2, 3, 5, 11), "dure": (1, 2, 1, 5, 11)}


def test_hand_counted_phrase_and_stop_words():
    text = pd.Series({"x": "La bande de Gaza assiégée. La bande de Gaza encore."})  # FIXTURE
    t = collocations(text, "bande de gaza", window=1, min_count=1, stopwords=False)
    # two occurrences, each with "la" before and one word after: W = {0, 4, 5, 9}, N = 10
    assert counts(t) == {
        "la": (2, 2, 2, 4, 10),
        "assiégée": (1, 2, 1, 4, 10),
        "encore": (1, 2, 1, 4, 10),
    }
    assert "la" not in set(collocations(text, "bande de gaza", window=1, min_count=1)["collocate"])


def test_overlapping_windows_count_a_token_once():
    text = pd.Series({"x": "gaza blocus gaza"})  # FIXTURE
    t = collocations(text, "gaza", window=2, min_count=1)
    assert counts(t) == {"blocus": (1, 2, 1, 1, 3)}


def test_lemma_node_and_collocates():
    text = pd.Series({"x": "Les attaques frappent. Une attaque frappait encore."})  # FIXTURE
    t = collocations(text, "attaque", lemma=True, window=1, min_count=1)
    assert counts(t)["frapper"][:2] == (2, 2)


def test_min_count_top_and_order():
    t = collocations(pd.Series({"x": HAND}), "gaza", window=2, min_count=2)
    assert t["collocate"].tolist() == ["blocus"]
    t = collocations(pd.Series({"x": HAND}), "gaza", window=2, min_count=1, measure="mi", top=1)
    assert t["collocate"].tolist() == ["dure"]  # MI favours the rarer collocate


# -------------------------------------------------------------------------------------------
# Brute force on random texts
VOCAB = ["gaza", "blocus", "armée", "paix", "le", "de", "frappe"]
STOP = stopword_set("fr")


def naive(sentences: list[list[str]], node: str, window: int, sentence: bool):
    """Co-occurrence counts by nested loops over every pair of positions (the oracle)."""
    flat = [(w, s) for s, words in enumerate(sentences) for w in words]
    n = len(flat)
    nodes = [i for i, (w, _) in enumerate(flat) if w == node]
    inside = []
    for k in range(n):
        if k in nodes:
            continue
        for i in nodes:
            if 0 < abs(k - i) <= window and (not sentence or flat[k][1] == flat[i][1]):
                inside.append(k)
                break
    o11 = Counter(flat[k][0] for k in inside if flat[k][0] not in STOP)
    freq = Counter(w for w, _ in flat)
    return o11, len(nodes), freq, len(inside), n


sentences_st = st.lists(
    st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8), min_size=1, max_size=6
)


def as_text(sentences):
    return " ".join(" ".join(s) + "." for s in sentences)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences=sentences_st, window=st.integers(1, 4), sentence=st.booleans())
def test_counts_and_measures_match_brute_force(sentences, window, sentence):
    t = collocations(
        pd.Series({"x": as_text(sentences)}), "gaza", window=window, sentence=sentence, min_count=1
    )
    o11, f_node, freq, w, n = naive(sentences, "gaza", window, sentence)
    expected = {c: (v, f_node, freq[c], w, n) for c, v in o11.items() if v >= 1}
    assert counts(t) == expected
    for r in t.itertuples():
        e11 = w * r.f_collocate / n
        assert r.expected == pytest.approx(e11)
        assert r.mi == pytest.approx(math.log2(r.o11 / e11))
        assert r.log_dice == pytest.approx(14 + math.log2(2 * r.o11 / (r.f_node + r.f_collocate)))
        assert r.t_score == pytest.approx((r.o11 - e11) / math.sqrt(r.o11))
        table = [[r.o11, w - r.o11], [r.f_collocate - r.o11, n - w - r.f_collocate + r.o11]]
        g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert abs(r.g2) == pytest.approx(g2, abs=1e-9)
        assert (r.g2 < 0) == (r.o11 < e11) or abs(r.g2) < 1e-12
        assert r.p == pytest.approx(
            chi2_contingency(table, correction=False, lambda_="log-likelihood")[1]
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences=sentences_st, window=st.integers(1, 4), sentence=st.booleans())
def test_properties(sentences, window, sentence):
    text = pd.Series({"x": as_text(sentences)})
    t = collocations(text, "gaza", window=window, sentence=sentence, min_count=1)
    assert (t["o11"] <= t["f_collocate"]).all()
    assert (t["o11"] <= t["window_tokens"]).all()
    assert (t["window_tokens"] <= 2 * window * t["f_node"]).all()
    # a symmetric window: reading the text backwards changes no count
    backwards = pd.Series({"x": as_text([s[::-1] for s in sentences[::-1]])})
    b = collocations(backwards, "gaza", window=window, sentence=sentence, min_count=1)
    assert counts(t) == counts(b)
    # a wider window never loses a co-occurrence
    wider = counts(collocations(text, "gaza", window=window + 1, sentence=sentence, min_count=1))
    assert all(wider[c][0] >= v[0] for c, v in counts(t).items())


# -------------------------------------------------------------------------------------------
# Groups
@pytest.fixture(scope="module")
def outlets():
    rows = [  # FIXTURE
        ("a1", "A", "La bande de Gaza sous blocus total. Le blocus de Gaza dure."),
        ("a2", "A", "Le blocus de Gaza continue."),
        ("b1", "B", "Le Hamas à Gaza. Gaza et le Hamas ; la guerre à Gaza."),
        ("b2", "B", "Une trêve à Gaza ? Le Hamas refuse."),
        ("c1", None, "Gaza sans outlet."),
    ]
    frame = pd.DataFrame(rows, columns=["id", "outlet", "text"])
    return analysis.Corpus.from_frames(frame)


def test_by_group_equals_each_group_alone(outlets):
    t = collocations(outlets, "gaza", by="outlet", window=3, min_count=1)
    assert list(dict.fromkeys(t["group"])) == ["A", "B"]  # the article without outlet is left out
    for group in ("A", "B"):
        arts = outlets.articles[outlets.articles["outlet"] == group]
        alone = collocations(
            pd.Series(arts["text"].tolist(), index=arts["id"]), "gaza", window=3, min_count=1
        )
        assert counts(t, group) == counts(alone)
    assert counts(t, "A")["blocus"][0] == 3 and "hamas" in counts(t, "B")


def test_collocation_matrix(outlets):
    t = collocations(outlets, "gaza", by="outlet", window=3, min_count=1)
    wide = collocation_matrix(t, top=2)
    assert list(wide.columns) == ["A", "B"]
    best = {g: set(t[t["group"] == g].head(2)["collocate"]) for g in ("A", "B")}
    assert set(wide.index) == best["A"] | best["B"]
    for c in wide.index:
        for g in ("A", "B"):
            row = t[(t["group"] == g) & (t["collocate"] == c)]
            if row.empty:
                assert np.isnan(wide.loc[c, g])
            else:
                assert wide.loc[c, g] == row["log_dice"].iloc[0]
    with pytest.raises(OptionError, match="one node"):
        collocation_matrix(pd.concat([t, t.assign(node="hamas")]))


def test_node_absent_gives_an_empty_table(outlets):
    t = collocations(outlets, "introuvable", by="outlet")
    assert t.empty and tuple(t.columns) == COLLOCATION_COLUMNS
    assert str(t["o11"].dtype) == "int64"


def test_errors(outlets):
    with pytest.raises(InputTypeError, match="load_corpus"):
        collocations("data/raw", "gaza")
    with pytest.raises(InputTypeError, match="node must be"):
        collocations(outlets, ["gaza"])
    with pytest.raises(OptionError, match="node is empty"):
        collocations(outlets, " ")
    with pytest.raises(
        OptionError, match="measure='dice' is not allowed; choose one of 'log_dice'"
    ):
        collocations(outlets, "gaza", measure="dice")
    with pytest.raises(OptionError, match="min_count must be an integer >= 1; received 0"):
        collocations(outlets, "gaza", min_count=0)
    with pytest.raises(OptionError, match="top must be"):
        collocations(outlets, "gaza", top=0)
    with pytest.raises(OptionError, match="window must be"):
        collocations(outlets, "gaza", window=1.5)
    with pytest.raises(OptionError, match="by='journal' is not a metadata column"):
        collocations(outlets, "gaza", by="journal")
    with pytest.raises(OptionError, match="stopwords must be True or False"):
        collocations(outlets, "gaza", stopwords="fr")
    with pytest.raises(InputTypeError, match="collocations"):
        collocation_matrix("table")


# -------------------------------------------------------------------------------------------
# Real press (read in place, never copied)
GILETS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


@pytest.mark.skipif(not GILETS.exists(), reason=f"real-press corpus not found at {GILETS}")
def test_real_press_by_outlet():
    with GILETS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh][::10]  # a deterministic tenth
    frame = pd.DataFrame(rows)[["id", "outlet", "date", "text", "language"]]
    corpus = analysis.Corpus.from_frames(frame)
    for node in ("gilets", "macron"):
        t = collocations(corpus, node, by="outlet", window=4)
        assert t["group"].nunique() >= 5
        assert (t["o11"] <= t["f_collocate"]).all() and (t["o11"] >= 2).all()
        if node == "gilets":
            top = t.groupby("group").head(1)
            big = top[top["f_node"] >= 20]
            assert len(big) >= 3 and (big["collocate"] == "jaunes").all()


# -------------------------------------------------------------------------------------------
# Plots of collocation tables
def test_collocate_bars_and_heatmap(outlets):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis import plots

    t = collocations(outlets, "gaza", by="outlet", window=3, min_count=1)
    a = t[t["group"] == "A"]
    ax = plots.collocate_bars(a, top=3)
    best = a.sort_values(["log_dice", "collocate"], ascending=[False, True]).head(3)
    assert [x.get_text() for x in ax.get_yticklabels()] == best["collocate"].tolist()
    assert [p.get_width() for p in ax.patches] == pytest.approx(best["log_dice"].tolist())
    labels = [x.get_text() for x in ax.texts]
    assert labels == [f"{o} / {f}" for o, f in zip(best["o11"], best["f_collocate"], strict=True)]
    with pytest.raises(OptionError, match="one node in one group"):
        plots.collocate_bars(t)
    with pytest.raises(InputTypeError, match="collocations"):
        plots.collocate_bars(t.drop(columns="o11"))
    empty = plots.collocate_bars(t.iloc[:0])
    assert "Nothing to draw" in empty.texts[0].get_text()

    ax = plots.collocate_heatmap(t, top=2)
    wide = collocation_matrix(t, top=2)
    grid = ax.images[0].get_array()
    assert grid.shape == wide.shape
    assert np.array_equal(np.ma.getmaskarray(grid), wide.isna().to_numpy())
    assert [x.get_text() for x in ax.get_yticklabels()] == list(wide.index)
    plt.close("all")
