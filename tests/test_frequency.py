"""Term frequencies and TF-IDF against hand counts, a numpy computation of the formula, and sklearn."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfTransformer

import analysis
from analysis.errors import EmptyVocabularyError, InputTypeError, OptionError, WeightingError
from analysis.frequency import tfidf_matrix

# Fixture sentences written for these tests (not study data).
FIXTURE = pd.DataFrame(
    {
        "id": ["a1", "a2", "b1", "b2"],
        "outlet": ["A", "A", "B", "B"],
        "date": ["2024-01-03", "2024-02-01", "2024-02-05", None],
        "text": [
            "Le régime frappe Gaza. Gaza résiste.",
            "La bande de Gaza est assiégée par le régime.",
            "Israël riposte à Gaza.",
            "Israël et le Hamas : la guerre continue.",
        ],
    }
)


@pytest.fixture(scope="module")
def corpus():
    return analysis.Corpus.from_frames(FIXTURE)


def test_term_frequencies_match_hand_counts(corpus):
    tf = analysis.term_frequencies(corpus, by="outlet")
    assert list(tf.columns) == ["term", "group", "count", "per_10k", "doc_freq", "rank"]
    m = analysis.dtm(corpus)
    for outlet in ("A", "B"):
        texts = FIXTURE.loc[FIXTURE.outlet == outlet, "text"]
        hand = Counter(t for text in texts for t in analysis.tokenize(text))
        n_running = sum(len(analysis.tokenize(text, stopwords=False, keep_numbers=True)) for text in texts)
        got = tf[tf.group == outlet].set_index("term")
        assert dict(got["count"]) == dict(hand)
        assert m.docs.loc[m.docs.outlet == outlet, "n_tokens"].sum() == n_running
        for term, count in hand.items():
            assert got.loc[term, "per_10k"] == pytest.approx(count / n_running * 10_000)
    a = tf[tf.group == "A"].set_index("term")
    assert a.loc["gaza", "count"] == 3 and a.loc["gaza", "doc_freq"] == 2 and a.loc["gaza", "rank"] == 1


def test_rank_ties_broken_alphabetically(corpus):
    tf = analysis.term_frequencies(corpus)
    ones = tf[tf["count"] == 1]
    assert list(ones.term) == sorted(ones.term)
    assert list(tf["rank"]) == list(range(1, len(tf) + 1))


def test_by_month_leaves_undated_out(corpus):
    tf = analysis.term_frequencies(corpus, by="month")
    assert set(tf.group) == {"2024-01", "2024-02"}


def test_bigrams_do_not_cross_sentences_or_start_with_stopwords(corpus):
    tf = analysis.term_frequencies(corpus, ngram=2)
    terms = set(tf.term)
    assert "gaza gaza" not in terms  # "… Gaza. Gaza …" crosses a sentence
    assert "régime frappe" in terms
    assert not any(t.split()[0] in {"le", "la", "de"} or t.split()[-1] in {"le", "la", "de"} for t in terms)
    tri = set(analysis.term_frequencies(corpus, ngram=3).term)
    assert "bande de gaza" in tri


def _numpy_tfidf(counts: np.ndarray, smooth=True, sublinear=False, norm="l2") -> np.ndarray:
    counts = counts.astype(float)
    n = counts.shape[0]
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + n) / (1 + df)) + 1 if smooth else np.log(n / df) + 1
    tf = np.where(counts > 0, 1 + np.log(np.where(counts > 0, counts, 1)), 0) if sublinear else counts
    w = tf * idf
    if norm == "l2":
        w = w / np.linalg.norm(w, axis=1, keepdims=True)
    elif norm == "l1":
        w = w / np.abs(w).sum(axis=1, keepdims=True)
    return w


@pytest.mark.parametrize("smooth", [True, False])
@pytest.mark.parametrize("sublinear", [True, False])
@pytest.mark.parametrize("norm", ["l2", "l1", None])
def test_tfidf_matrix_matches_numpy_formula(smooth, sublinear, norm):
    rng = np.random.default_rng(1)
    counts = rng.poisson(0.8, size=(12, 30))
    counts[:, 0] = 1  # a term in every document
    counts[counts.sum(axis=1) == 0, 1] = 1
    keep = counts.sum(axis=0) > 0
    counts = counts[:, keep]
    got = tfidf_matrix(counts, smooth_idf=smooth, sublinear_tf=sublinear, norm=norm).toarray()
    np.testing.assert_allclose(got, _numpy_tfidf(counts, smooth, sublinear, norm), rtol=1e-12)
    sk = TfidfTransformer(smooth_idf=smooth, sublinear_tf=sublinear, norm=norm).fit_transform(counts)
    np.testing.assert_allclose(got, sk.toarray(), rtol=1e-12)


def test_tfidf_terms_document_unit_is_group_mean(corpus):
    m = analysis.dtm(corpus)
    res = analysis.tfidf_terms(m, by="outlet", top=None)
    assert list(res.columns) == ["term", "group", "tfidf", "count", "doc_freq"]
    w = _numpy_tfidf(m.to_frame().to_numpy())
    is_a = (m.docs.outlet == "A").to_numpy()
    expected = pd.Series(w[is_a].mean(axis=0), index=m.terms)
    got = res[res.group == "A"].set_index("term")["tfidf"]
    np.testing.assert_allclose(got.to_numpy(), expected.loc[got.index].to_numpy(), rtol=1e-12)
    assert (expected[expected > 0].index.isin(got.index)).all()


def test_tfidf_terms_group_unit_matches_numpy(corpus):
    m = analysis.dtm(corpus)
    res = analysis.tfidf_terms(m, by="outlet", unit="group", top=None)
    dense = m.to_frame()
    grouped = dense.groupby(m.docs.outlet.to_numpy()).sum()
    w = pd.DataFrame(_numpy_tfidf(grouped.to_numpy()), index=grouped.index, columns=grouped.columns)
    for g in ("A", "B"):
        got = res[res.group == g].set_index("term")["tfidf"]
        np.testing.assert_allclose(got.to_numpy(), w.loc[g, got.index].to_numpy(), rtol=1e-12)
    # by hand: in A, "régime" (2, A only: idf = ln(3/2) + 1) against "gaza" (3, both: idf = 1)
    a = res[res.group == "A"].set_index("term")
    ratio = a.loc["régime", "tfidf"] / a.loc["gaza", "tfidf"]
    assert ratio == pytest.approx(2 * (np.log(3 / 2) + 1) / 3)


def test_tfidf_sorted_and_top(corpus):
    res = analysis.tfidf_terms(corpus, by="outlet", top=3)
    assert res.groupby("group").size().max() == 3
    for _, g in res.groupby("group"):
        keys = list(zip(-g.tfidf.round(12), g.term))
        assert keys == sorted(keys)


def test_row_sums_are_document_lengths(corpus):
    m = analysis.dtm(corpus)
    lengths = [len(analysis.tokenize(t)) for t in FIXTURE.text]
    assert list(np.asarray(m.counts.sum(axis=1)).ravel()) == lengths
    assert list(m.docs["n_terms"]) == lengths


# --- errors ----------------------------------------------------------------------------------
def test_empty_vocabulary_is_explained():
    c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["x"], "text": ["le la les de du et."]}))
    with pytest.raises(EmptyVocabularyError, match="stop word"):
        analysis.dtm(c)


def test_string_instead_of_corpus_is_explained():
    with pytest.raises(InputTypeError, match="Corpus was expected, str object received"):
        analysis.term_frequencies("articles.jsonl")


def test_unknown_unit_and_by(corpus):
    with pytest.raises(OptionError, match=r"unit='paragraph'.*'document', 'group'"):
        analysis.tfidf_terms(corpus, unit="paragraph")
    with pytest.raises(OptionError, match="by='journal' is not a metadata column"):
        analysis.term_frequencies(corpus, by="journal")


def test_group_unit_needs_two_groups(corpus):
    with pytest.raises(OptionError, match="at least two groups"):
        analysis.tfidf_terms(corpus, unit="group")


def test_weighting_twice_refused(corpus):
    w = analysis.dtm(corpus).weight("tfidf")
    with pytest.raises(WeightingError, match="already weighted"):
        w.weight("proportion")
    with pytest.raises(WeightingError):
        analysis.term_frequencies(w)
    assert w.weight("proportion", force=True).weighting == "proportion"


def test_ngram_mismatch_on_ready_matrix(corpus):
    with pytest.raises(OptionError, match="differs from the matrix"):
        analysis.term_frequencies(analysis.dtm(corpus), ngram=2)


def test_numeric_groups_sort_numerically():
    text = "\n\n".join(f"Paragraphe numéro {w}." for w in "un deux trois quatre cinq six sept huit neuf dix onze douze".split())
    m = analysis.dtm(analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": [text]})), unit="segment")
    tf = analysis.term_frequencies(m, by="position")
    groups = list(dict.fromkeys(tf.group))
    assert len(groups) == 12 and groups == [str(i) for i in range(12)]


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_doc_freq_equals_the_csc_column_counts(fmt, seed):
    """doc_freq reads document frequencies from the CSR structure; the oracle converts to
    CSC and counts each column's stored entries (explicit zeros included on both sides)."""
    import scipy.sparse as sp

    from analysis.dtm import doc_freq

    rng = np.random.default_rng(seed)
    m = sp.random(40, 25, density=0.2, format="csr", random_state=seed, dtype=float)
    m.data[rng.random(m.nnz) < 0.1] = 0.0  # a few explicit zeros, kept as stored entries
    m = m.asformat(fmt)
    expected = np.diff(sp.csr_matrix(m).tocsc().indptr)
    got = doc_freq(m)
    np.testing.assert_array_equal(got, expected)
    assert got.dtype == expected.dtype
    # and the number of non-zero documents per term, computed densely, where no zero is stored
    dense = m.toarray()
    clean = sp.csr_matrix(dense)
    np.testing.assert_array_equal(doc_freq(clean), (dense != 0).sum(axis=0))
