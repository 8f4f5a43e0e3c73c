"""Keyness measures against independent oracles (scipy, hand computation) and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency, false_discovery_control

import analysis
import importlib

K = importlib.import_module("analysis.keyness")  # the package re-exports the function of the same name
from analysis.errors import InputTypeError, OptionError, WeightingError

# Fixture sentences written for these tests (not study data).
FIXTURE = pd.DataFrame(
    {
        "id": ["a1", "a2", "a3", "b1", "b2", "b3"],
        "outlet": ["A", "A", "A", "B", "B", "B"],
        "text": [
            "Le régime frappe Gaza. Le régime bombarde encore Gaza.",
            "Le régime israélien frappe Haïfa et Gaza.",
            "Gaza résiste au régime.",
            "Israël riposte contre le Hamas à Gaza.",
            "Israël frappe des cibles du Hamas.",
            "Le Hamas tire des roquettes sur Israël.",
        ],
    }
)


@pytest.fixture(scope="module")
def corpus():
    return analysis.Corpus.from_frames(FIXTURE)


def _table(a, b, n_t, n_r):
    return np.array([[a, b], [n_t - a, n_r - b]], dtype=float)


tables = st.tuples(
    st.integers(0, 500), st.integers(0, 500), st.integers(1, 5000), st.integers(1, 5000)
).filter(lambda t: t[0] + t[1] > 0 and t[2] + t[3] - t[0] - t[1] > 0).map(
    lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])
)


@given(tables)
@settings(max_examples=200, deadline=None)
def test_g2_matches_scipy_log_likelihood(t):
    a, b, n_t, n_r = t
    expected = chi2_contingency(_table(a, b, n_t, n_r), correction=False, lambda_="log-likelihood")
    got = K.g2(np.array([a]), np.array([b]), n_t, n_r)[0]
    assert got == pytest.approx(expected.statistic, rel=1e-9, abs=1e-9)


@given(tables)
@settings(max_examples=200, deadline=None)
def test_chi2_matches_scipy_with_and_without_yates(t):
    a, b, n_t, n_r = t
    for yates in (False, True):
        expected = chi2_contingency(_table(a, b, n_t, n_r), correction=yates).statistic
        got = K.chi2(np.array([a]), np.array([b]), n_t, n_r, yates=yates)[0]
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_log_ratio_and_pct_diff_by_hand():
    # a=10 of 1000 words vs b=5 of 2000: relative 0.01 vs 0.0025
    assert K.log_ratio(np.array([10]), np.array([5]), 1000, 2000)[0] == pytest.approx(math.log2(4))
    assert K.pct_diff(np.array([10]), np.array([5]), 1000, 2000)[0] == pytest.approx(300.0)
    # Hardie: a zero count becomes 0.5
    assert K.log_ratio(np.array([4]), np.array([0]), 1000, 1000)[0] == pytest.approx(math.log2(4 / 0.5))
    # Gabrielatos & Marchi: zero reference frequency becomes 1e-18 (per million)
    assert K.pct_diff(np.array([1]), np.array([0]), 1e6, 1e6)[0] == pytest.approx(100 * (1 - 1e-18) / 1e-18)


def test_bh_matches_scipy():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=200) ** 3
    np.testing.assert_allclose(K._bh(p), false_discovery_control(p, method="bh"), rtol=1e-12)


def test_keyness_against_rest_matches_hand_table(corpus):
    m = analysis.dtm(corpus)
    res = analysis.keyness(m, by="outlet", target="A", measure="g2")
    row = res.set_index("term").loc["régime"]
    n_a = m.docs.loc[m.docs.outlet == "A", "n_tokens"].sum()
    n_b = m.docs.loc[m.docs.outlet == "B", "n_tokens"].sum()
    a = m.to_frame().loc[m.docs.outlet == "A", "régime"].sum()
    b = m.to_frame().loc[m.docs.outlet == "B", "régime"].sum()
    assert (row.n_target, row.n_reference) == (a, b) == (4, 0)
    oracle = chi2_contingency(_table(a, b, n_a, n_b), correction=False, lambda_="log-likelihood")
    assert row.stat == pytest.approx(oracle.statistic)
    assert row.p == pytest.approx(oracle.pvalue)
    assert row.per_10k_target == pytest.approx(a / n_a * 1e4)
    assert row.doc_freq_target == 3
    assert row.reference == "rest"


def test_effect_sizes_take_p_from_g2(corpus):
    lr = analysis.keyness(corpus, by="outlet", target="A", measure="log_ratio", min_docs=1).set_index("term")
    g = analysis.keyness(corpus, by="outlet", target="A", measure="g2", min_docs=1).set_index("term")
    assert set(lr["test"]) == {"g2"}
    np.testing.assert_allclose(lr.loc[g.index, "p"], g["p"])
    np.testing.assert_allclose(lr["stat"], lr["log_ratio"])


@given(tables, st.sampled_from(["g2", "chi2", "chi2_yates", "log_ratio"]))
@settings(max_examples=150, deadline=None)
def test_keyness_is_antisymmetric(t, measure):
    a, b, n_t, n_r = t
    terms = pd.Index(["x"])
    fwd = K.keyness_table(terms, [a], [b], n_t, n_r, measure=measure)
    rev = K.keyness_table(terms, [b], [a], n_r, n_t, measure=measure)
    assert fwd.stat[0] == pytest.approx(-rev.stat[0], rel=1e-9, abs=1e-9)
    assert fwd.p[0] == pytest.approx(rev.p[0], rel=1e-9, abs=1e-12)


def test_every_group_vs_rest_in_one_call_and_pairwise(corpus):
    allg = analysis.keyness(corpus, by="outlet", min_docs=1)
    assert set(allg["target"]) == {"A", "B"}
    pair = analysis.keyness(corpus, by="outlet", target="A", reference="B", min_docs=1)
    rest = allg[allg.target == "A"]
    # with two groups "the rest" of A is B: same numbers
    np.testing.assert_allclose(
        pair.set_index("term").stat.sort_index(), rest.set_index("term").stat.sort_index()
    )
    pw = analysis.keyness(corpus, by="outlet", reference="pairwise")
    assert set(zip(pw.target, pw.reference)) == {("A", "B"), ("B", "A")}


def test_ties_broken_by_term(corpus):
    res = analysis.keyness(corpus, by="outlet", target="A", min_docs=1, rank="stat")
    keys = list(zip(-res["stat"].round(12), res["term"]))
    assert keys == sorted(keys)


def test_min_docs_filters_single_article_terms(corpus):
    default = analysis.keyness(corpus, by="outlet", target="A")
    assert (default.loc[default.stat > 0, "doc_freq_target"] >= 3).all()  # the default is 3
    res = analysis.keyness(corpus, by="outlet", target="A", min_docs=2)
    pos = res[res.stat > 0]
    assert (pos.doc_freq_target >= 2).all()
    assert "bombarde" not in set(pos.term)  # only in one A article
    assert "régime" in set(pos.term)


def test_general_reference_log_ratio_by_hand(corpus):
    import wordfreq

    res = analysis.keyness(corpus, reference=analysis.general_reference("fr"), measure="log_ratio", min_docs=1)
    row = res.set_index("term").loc["gaza"]
    m = analysis.dtm(corpus)
    n = m.docs.n_tokens.sum()
    f = wordfreq.word_frequency("gaza", "fr")
    assert row.stat == pytest.approx(math.log2((row.n_target / n) / f))
    assert row.reference == "wordfreq:fr"
    assert np.isnan(row.p)  # no size stated: no test


def test_general_reference_g2_with_size(corpus):
    res = analysis.keyness(corpus, reference=analysis.general_reference("fr", size=1_000_000), measure="g2", min_docs=1)
    row = res.set_index("term").loc["régime"]
    import wordfreq

    n = analysis.dtm(corpus).docs.n_tokens.sum()
    b = wordfreq.word_frequency("régime", "fr") * 1_000_000
    oracle = chi2_contingency(_table(row.n_target, b, n, 1_000_000), correction=False, lambda_="log-likelihood")
    assert abs(row.stat) == pytest.approx(oracle.statistic, rel=1e-9)


# --- friendly errors -------------------------------------------------------------------------
def test_unknown_measure_lists_allowed(corpus):
    with pytest.raises(OptionError, match=r"measure='llr'.*'g2', 'chi2'"):
        analysis.keyness(corpus, by="outlet", target="A", measure="llr")


def test_target_not_a_group(corpus):
    with pytest.raises(OptionError, match=r"target 'C' is not a group of by='outlet'.*'A', 'B'"):
        analysis.keyness(corpus, by="outlet", target="C")


def test_target_is_every_document(corpus):
    with pytest.raises(OptionError, match="holds every document"):
        analysis.keyness(corpus, by=None, target="all")


def test_string_instead_of_corpus():
    with pytest.raises(InputTypeError, match="load_corpus"):
        analysis.keyness("data/raw", by="outlet")


def test_g2_against_wordfreq_needs_size(corpus):
    with pytest.raises(OptionError, match="size"):
        analysis.keyness(corpus, reference=analysis.general_reference("fr"), measure="g2")


def test_lemmas_refused_against_wordfreq(corpus):
    m = analysis.dtm(corpus, lemmatize=True)
    with pytest.raises(OptionError, match="surface forms"):
        analysis.keyness(m, reference=analysis.general_reference("fr"), measure="log_ratio")


def test_weighted_matrix_refused_unless_forced(corpus):
    w = analysis.dtm(corpus).weight("tfidf")
    with pytest.raises(WeightingError, match="weighted"):
        analysis.keyness(w, by="outlet", target="A")
    assert len(analysis.keyness(w, by="outlet", target="A", force=True, min_docs=1)) > 0


def test_min_count_filters_rare_terms(corpus):
    res = analysis.keyness(corpus, by="outlet", target="A", measure="log_ratio", min_count=2, min_docs=1)
    assert (res.loc[res.stat > 0, "n_target"] >= 2).all()
    assert (res.loc[res.stat < 0, "n_reference"] >= 2).all()
    gen = analysis.keyness(
        corpus, reference=analysis.general_reference("fr"), measure="log_ratio", min_count=2, min_docs=1
    )
    assert set(gen.term) == {"gaza", "régime", "israël", "hamas", "frappe"}


# --- specificities, Fightin' Words, dispersion, document tests (issue: evidence a reviewer trusts)
@given(tables)
@settings(max_examples=150, deadline=None)
def test_specificities_match_scipy_hypergeom(t):
    from scipy.stats import hypergeom

    a, b, n_t, n_r = t
    stat, _ = K.specificities(np.array([a]), np.array([b]), n_t, n_r)
    M, k = n_t + n_r, a + b
    if a > k * n_t / M:
        expected = -hypergeom.logsf(a - 1, M, k, n_t) / np.log(10)
    else:
        expected = hypergeom.logcdf(a, M, k, n_t) / np.log(10)
    assert stat[0] == pytest.approx(expected, rel=1e-7, abs=1e-9)


def test_specificities_never_underflow():
    # 1,000 occurrences all in a 10 % target: P is about 1e-1000, far below float range
    stat, p = K.specificities(np.array([1000]), np.array([0]), 100_000, 900_000)
    assert np.isfinite(stat[0]) and stat[0] > 900
    from scipy.stats import hypergeom

    # the same tail computed by scipy in log space
    assert stat[0] == pytest.approx(-hypergeom.logsf(999, 1_000_000, 1000, 100_000) / np.log(10), rel=1e-9)


def test_fightin_words_matches_hand_computation():
    # Target: 4 of 40 words; reference: 1 of 60; corpus share of the word 5/100; prior 10.
    a, b, n_i, n_j, a0 = 4.0, 1.0, 40.0, 60.0, 10.0
    aw = a0 * 5 / 100
    delta = math.log((a + aw) / (n_i + a0 - a - aw)) - math.log((b + aw) / (n_j + a0 - b - aw))
    z = delta / math.sqrt(1 / (a + aw) + 1 / (b + aw))
    got_z, got_delta = K.fightin_words(np.array([a]), np.array([b]), np.array([aw]), n_i=n_i, n_j=n_j, alpha0=a0)
    assert abs(got_delta[0] - delta) < 1e-9 and abs(got_z[0] - z) < 1e-9


def test_fightin_words_in_keyness_uses_corpus_prior(corpus):
    res = analysis.keyness(corpus, by="outlet", target="A", measure="fightin_words", prior_size=50, min_docs=1)
    m = analysis.dtm(corpus)
    dense = m.to_frame()
    is_a = (m.docs.outlet == "A").to_numpy()
    y_a, y_b = dense[is_a].sum(), dense[~is_a].sum()
    aw = 50 * (y_a + y_b) / (y_a + y_b).sum()
    term = "régime"
    delta = math.log((y_a[term] + aw[term]) / (y_a.sum() + 50 - y_a[term] - aw[term])) - math.log(
        (y_b[term] + aw[term]) / (y_b.sum() + 50 - y_b[term] - aw[term])
    )
    z = delta / math.sqrt(1 / (y_a[term] + aw[term]) + 1 / (y_b[term] + aw[term]))
    row = res.set_index("term").loc[term]
    assert row.stat == pytest.approx(z, abs=1e-9) and row.test == "z"


def test_gries_dp_by_hand():
    import scipy.sparse as sp

    # three documents of 10, 20, 70 words; term counts 1, 0, 9
    counts = sp.csr_matrix(np.array([[1], [0], [9]]))
    dp = K.gries_dp(counts, np.array([10, 20, 70]))[0]
    expected = 0.5 * (abs(0.1 - 0.1) + abs(0.0 - 0.2) + abs(0.9 - 0.7))
    assert dp == pytest.approx(expected)


def test_dispersion_columns(corpus):
    res = analysis.keyness(corpus, by="outlet", target="A", min_docs=1).set_index("term")
    assert res.loc["régime", "range_target"] == pytest.approx(1.0)  # in all three A articles
    assert res.loc["bombarde", "range_target"] == pytest.approx(1 / 3)
    assert 0 <= res.loc["régime", "dp_target"] < res.loc["bombarde", "dp_target"] <= 1


@pytest.mark.parametrize("test", ["welch", "mannwhitney"])
def test_document_level_tests_match_scipy(corpus, test):
    from scipy.stats import mannwhitneyu, ttest_ind

    res = analysis.keyness(corpus, by="outlet", target="A", test=test, min_docs=1).set_index("term")
    m = analysis.dtm(corpus)
    rates = m.to_frame().div(m.docs["n_tokens"], axis=0)
    is_a = (m.docs.outlet == "A").to_numpy()
    for term in ["régime", "gaza", "israël"]:
        x, y = rates.loc[is_a, term], rates.loc[~is_a, term]
        if test == "welch":
            expected = ttest_ind(x, y, equal_var=False).pvalue
        else:
            expected = mannwhitneyu(x, y, alternative="two-sided").pvalue
        assert res.loc[term, "p"] == pytest.approx(expected, rel=1e-9, nan_ok=True)
        assert res.loc[term, "test"] == test


def test_effect_ranking_puts_significant_terms_first():
    # fixture: 30 short texts per side; "régime" only in A, "israël" only in B
    texts = ["le régime frappe"] * 30 + ["israël riposte"] * 30
    c = analysis.Corpus.from_frames(pd.DataFrame({"outlet": ["A"] * 30 + ["B"] * 30, "text": texts}))
    res = analysis.keyness(c, by="outlet", target="A")
    assert res.iloc[0].term in {"régime", "frappe"} and res.iloc[0].significant
    assert res.iloc[-1].term in {"israël", "riposte"} and res.iloc[-1].significant
    sig = res[res.significant & (res.log_ratio > 0)]
    assert list(sig.log_ratio) == sorted(sig.log_ratio, reverse=True)


def test_unknown_test_and_wordfreq_limits(corpus):
    with pytest.raises(OptionError, match=r"test='ttest'.*'token', 'welch', 'mannwhitney'"):
        analysis.keyness(corpus, by="outlet", target="A", test="ttest")
    with pytest.raises(OptionError, match="real reference corpus"):
        analysis.keyness(corpus, reference=analysis.general_reference("fr"), measure="specificities")
