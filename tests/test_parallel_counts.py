"""Counting in worker processes gives exactly the serial matrix; the lean counter equals scan().

Every sentence below is a fixture written for these tests, not study data. The real-press
tests read ../shared/corpora in place and skip where it is absent.
"""

from __future__ import annotations

import json
import multiprocessing
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import parallel as P
from analysis import tokens as T
from analysis.config import SHARED_CORPORA
from analysis.errors import OptionError

D = sys.modules["analysis.dtm"]  # the module (analysis.dtm is the function)

SENTENCES = [
    "L’armée a-t-elle frappé Tel Aviv ? Selon l'AFP, 27 000 morts.",
    "Les gilets jaunes manifestent à Paris ; la police estime-t-on 10 000 personnes.",
    "Aujourd’hui, quelqu’un a dit : « Les Etats Unis et l’État français négocient. »",
    "M. Macron répond. Mme Le Pen critique le 1er ministre, le 2e jour.",
    "La mosquée Al Aqsa, à Jérusalem, n’est pas loin de Tel-Aviv.",
    "Tel. Aviv est un nom, pas une ville.\nLigne suivante : 1 2 3 4 et 12 3456.",
    "Le prix de l'essence : 1,5 € le litre, 3,5 millions de litres par jour.",
    "O’Neill et prud’hommes, peut-être, rendez-vous demain.",
    "",
    "   \n\n  ",
    "Netanyahu, Hizbollah et Daesh : les Etats-Unis s'inquiètent.",
    "The army's statement: they don't know. It’s over in Tel Aviv.",
    "Gaza, Gaza ; Gaza — Gaza ! « Gaza » (Gaza) [Gaza] Gaza…",
    "Les manifestants\u00a0; 27\u202f000 personnes, 1\u00a0500\u00a0000 euros.",
]
LANGUAGES = ["fr"] * 11 + ["en"] + ["fr"] * 2


def _fixture_corpus() -> analysis.Corpus:
    n = len(SENTENCES)
    frame = pd.DataFrame(
        {
            "id": [f"s{i:02d}" for i in range(n)],
            "outlet": [["A", "B", "C"][i % 3] for i in range(n)],
            "date": [f"2024-01-0{1 + i % 9}" for i in range(n)],
            "language": LANGUAGES,
            "text": SENTENCES,
        }
    )
    # several copies with a different id each, so that there are many chunks
    frames = [frame.assign(id=frame["id"] + f"-{k}") for k in range(6)]
    return analysis.Corpus.from_frames(pd.concat(frames, ignore_index=True))


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Chunks of a few documents, so that a small corpus really goes to worker processes."""
    monkeypatch.setattr(D, "_CHUNK_MIN_DOCS", 5)
    monkeypatch.setattr(D, "_WARM_UP_DOCS", 3)


def assert_same_dtm(a: analysis.DTM, b: analysis.DTM) -> None:
    for name in ("data", "indices", "indptr"):
        x, y = getattr(a.counts, name), getattr(b.counts, name)
        assert x.dtype == y.dtype, name
        np.testing.assert_array_equal(x, y, err_msg=name)
    assert a.counts.shape == b.counts.shape
    assert a.counts.has_sorted_indices and b.counts.has_sorted_indices
    pd.testing.assert_index_equal(a.terms, b.terms, exact=True)
    pd.testing.assert_frame_equal(a.docs, b.docs, check_exact=True)
    assert a.options == b.options and a.weighting == b.weighting


OPTIONS = [
    {},
    {"ngram": (1, 2)},
    {"ngram": 3},
    {"lemmatize": True},
    {"keep_numbers": True, "min_df": 2},
    {"extra_stopwords": ["Gaza", "jaunes"], "keep_stopwords": ["le", "l’"]},
    {"unit": "segment", "field": "all"},
    {"language": "en"},
    {"field": "title"},
]


@pytest.mark.parametrize("options", OPTIONS, ids=[str(o) or "default" for o in OPTIONS])
def test_parallel_equals_serial_on_fixture_sentences(tiny_chunks, options):
    corpus = _fixture_corpus()
    if options.get("field") == "title":
        corpus.articles["title"] = corpus.articles["text"].str.slice(0, 30)
    serial = analysis.dtm(corpus, n_jobs=1, **options)
    parallel = analysis.dtm(corpus, n_jobs=2, **options)
    assert len(D._chunk_bounds(len(corpus), 2)) > 3  # the pool was really used
    assert_same_dtm(serial, parallel)


def test_every_n_jobs_gives_the_same_matrix(tiny_chunks):
    corpus = _fixture_corpus()
    reference = analysis.dtm(corpus, n_jobs=1)
    for n_jobs in (2, 3, -1, None):
        assert_same_dtm(reference, analysis.dtm(corpus, n_jobs=n_jobs))


def test_serial_equals_the_token_streams(tiny_chunks):
    """The matrix holds, row by row, the terms of scan() + terms_of (the definition)."""
    corpus = _fixture_corpus()
    m = analysis.dtm(corpus, n_jobs=2)
    for row, (text, lang) in enumerate(zip(corpus.articles["text"], LANGUAGES * 6, strict=True)):
        stream = T.scan(text, lang)
        expected = pd.Series(D.terms_of(stream)).value_counts()
        got = m.counts[row]
        assert dict(zip(m.terms[got.indices], got.data.tolist(), strict=True)) == expected.to_dict()
        assert m.docs["n_tokens"].iloc[row] == len(stream.tokens)


def test_spawned_workers_get_the_texts_sent(tiny_chunks, monkeypatch):
    """Where workers cannot be forked, the texts are pickled to them: same matrix."""
    monkeypatch.setattr(P, "pool_context", lambda: multiprocessing.get_context("spawn"))
    corpus = _fixture_corpus()
    assert_same_dtm(analysis.dtm(corpus, n_jobs=1), analysis.dtm(corpus, n_jobs=2))


def test_object_text_column_is_read_as_python_strings(tiny_chunks):
    corpus = _fixture_corpus()
    corpus.articles["text"] = corpus.articles["text"].astype(object)
    corpus.articles.loc[3, "text"] = None
    m1 = analysis.dtm(corpus, n_jobs=1)
    m2 = analysis.dtm(corpus, n_jobs=2)
    assert_same_dtm(m1, m2)
    assert m1.docs["n_tokens"].iloc[3] == 0


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "2"])
def test_n_jobs_is_validated(bad):
    with pytest.raises(OptionError, match="n_jobs"):
        analysis.dtm(_fixture_corpus(), n_jobs=bad)


def test_n_jobs_none_uses_every_core_from_the_threshold():
    assert P.resolve_n_jobs(None, P.PARALLEL_MIN_DOCS - 1) == 1
    assert P.resolve_n_jobs(None, P.PARALLEL_MIN_DOCS) == P.available_cores()
    assert P.resolve_n_jobs(-1, 10) == P.available_cores()
    assert P.resolve_n_jobs(3, 10) == 3


def test_chunks_cover_every_document_once():
    for n in (0, 1, 249, 250, 1001, 2000, 9999, 100_000):
        for jobs in (1, 2, 4):
            bounds = D._chunk_bounds(n, jobs)
            covered = [i for a, b in bounds for i in range(a, b)]
            assert covered == list(range(n))


# -------------------------------------------------------------------------------------------
# The lean counter against scan()
def _scan_terms(text: str, language: str, stop: frozenset[str], keep_numbers: bool):
    s = T.scan(text, language)
    terms = [
        t
        for t, n in zip(s.tokens, s.is_number, strict=True)
        if not (t in stop or (n and not keep_numbers))
    ]
    return terms, len(s.tokens)


def _lean_rows(texts, language, stop, keep_numbers):
    terms, indptr, ids, n_tokens = T._lean_count(
        texts, language, stop=stop, keep_numbers=keep_numbers
    )
    return [
        ([terms[j] for j in ids[indptr[i] : indptr[i + 1]]], int(n_tokens[i]))
        for i in range(len(texts))
    ]


STOPS = [
    ("fr", None, False),
    ("fr", frozenset(), True),
    ("en", None, False),
    ("fr", frozenset({"gaza"}), False),
]


@pytest.mark.parametrize("language,stop,keep_numbers", STOPS)
def test_lean_count_equals_scan_on_fixture_sentences(language, stop, keep_numbers):
    stop = T.stopword_set(language) if stop is None else stop
    texts = SENTENCES + ["27\x00000 morts", "x\x00y l’attaque"]
    expected = [_scan_terms(t, language, stop, keep_numbers) for t in texts]
    # with NUL the batch is cut in Python, without it in Arrow: both must agree with scan()
    assert _lean_rows(texts, language, stop, keep_numbers) == expected
    assert _lean_rows(SENTENCES, language, stop, keep_numbers) == expected[: len(SENTENCES)]
    for text, exp in zip(texts, expected, strict=True):
        assert T._lean_terms(text, language, stop=stop, keep_numbers=keep_numbers) == exp


PIECES = (
    "tel Aviv Tel-Aviv etats Unis al aqsa el l' l’ d’ qu' aujourd’hui a-t-il dit-il peut-être "
    "O'Neill 1 27 000 345 1er 2e XXe ٣ ٤٥٦ x² _ - ' . , ! ? … « » ( ; : / % ` M. Mme etc. Gaza "
    "Netanyahu Etat le ème e ÉCOLE e\u0301 ß 27;000"
).split()
SEPARATORS = [
    " ",
    " ",
    "",
    "\u00a0",
    "\u202f",
    "\n",
    "\t",
    "\r",
    "  ",
    "\x00",
    "\u2009",
    ". ",
    "\u2028",
    "\x85",
]
_text = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=25).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_text, min_size=1, max_size=12), language=st.sampled_from(["fr", "en"]),
       keep_numbers=st.booleans())  # fmt: skip
def test_lean_count_equals_scan_property(texts, language, keep_numbers):
    stop = T.stopword_set(language)
    expected = [_scan_terms(t, language, stop, keep_numbers) for t in texts]
    assert _lean_rows(texts, language, stop, keep_numbers) == expected
    no_nul = [t for t in texts if "\x00" not in t]
    assert _lean_rows(no_nul, language, stop, keep_numbers) == [
        e for t, e in zip(texts, expected, strict=True) if "\x00" not in t
    ]


def test_lone_surrogate_falls_back_to_python():
    texts = ["Gaza \ud800 résiste", "Paris 27 000"]
    stop = T.stopword_set("fr")
    assert T._arrow_texts(texts) is None
    assert _lean_rows(texts, "fr", stop, False) == [
        _scan_terms(t, "fr", stop, False) for t in texts
    ]


# -------------------------------------------------------------------------------------------
# Real press
CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
needs_corpus = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"real-press corpus not found at {CORPUS} (needs ../shared/corpora)"
)


@pytest.fixture(scope="module")
def real_articles() -> pd.DataFrame:
    with CORPUS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(500), fh, strict=False)]
    return pd.DataFrame(rows)[["id", "outlet", "date", "title", "text"]]


@needs_corpus
@pytest.mark.corpus
def test_parallel_equals_serial_on_500_real_articles(real_articles, monkeypatch):
    monkeypatch.setattr(D, "_CHUNK_MIN_DOCS", 40)
    monkeypatch.setattr(D, "_WARM_UP_DOCS", 30)
    corpus = analysis.Corpus.from_frames(real_articles)
    for options in ({}, {"ngram": (1, 2)}, {"keep_numbers": True}):
        assert_same_dtm(
            analysis.dtm(corpus, n_jobs=1, **options), analysis.dtm(corpus, n_jobs=2, **options)
        )


@needs_corpus
@pytest.mark.corpus
def test_lean_count_equals_scan_on_500_real_articles(real_articles):
    texts = real_articles["text"].tolist()
    stop = T.stopword_set("fr")
    expected = [_scan_terms(t, "fr", stop, False) for t in texts]
    assert _lean_rows(texts, "fr", stop, False) == expected
    # the Python cut (a NUL in the batch) agrees too
    assert _lean_rows([*texts, "\x00"], "fr", stop, False)[:-1] == expected
