"""The framing features give the same rows on one process and on several.

The oracle of each parallel run is the same function run with ``n_jobs=1`` (and, for the
lexicon's pre-filter, :func:`analysis.lexicons._find` run on every text). Every sentence
below is a FIXTURE written for these tests, not study data; the real-press test reads
../shared/corpora in place and skips where it is absent.
"""

from __future__ import annotations

import multiprocessing

import pandas as pd
import pytest

from analysis import parallel as P
from analysis.agency import agency
from analysis.claims import numeric_claims
from analysis.config import SHARED_CORPORA
from analysis.errors import OptionError
from analysis.lexicons import (
    _candidates,
    _find,
    _matcher,
    lexicon_dtm,
    lexicon_matches,
    load_lexicon,
)
from analysis.sourcing import attributions
from tests._fixtures import fixture_corpus

FIXTURE = [
    "« Nous riposterons », a déclaré le porte-parole du Hamas. L'armée israélienne a tué trois civils.",
    "Selon le ministère de la Santé de Gaza, plus de 27 000 Palestiniens ont été tués.",
    "Le régime sioniste aurait frappé Rafah, affirmant que des combattants s'y cachaient.",
    "Des milliers de gilets jaunes ont manifesté samedi à Paris, selon la préfecture.",
    "",
    "La Résistance islamique en Irak a revendiqué six attaques contre des bases américaines.",
    "Trois soldats sont morts dans une attaque de drone, a indiqué le Pentagone.",
    "Le 7 octobre, la guerre à Gaza a commencé ; l'État hébreu a riposté par des frappes.",
    "Washington a déclaré que les Houthis avaient attaqué un navire en mer Rouge.",
    "Aucune victime n'est à déplorer, précise la police.",
]


@pytest.fixture
def corpus():
    texts = FIXTURE * 3
    return fixture_corpus(texts, "fr", outlets=["A", "B", "C"] * 10)


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Chunks of a few documents, so that a 30-article corpus is shared between workers."""
    import analysis.lexicons as L

    monkeypatch.setattr(P, "_DOC_CHUNK_MIN", 2)
    monkeypatch.setattr(P, "_DOC_WARM_UP", 3)
    monkeypatch.setattr(L, "_CHUNK_MIN", 2)
    monkeypatch.setattr(L, "_CHUNK_WARM_UP", 3)


FEATURES = {
    "attributions": attributions,
    "numeric_claims": numeric_claims,
    "agency": agency,
    "lexicon_matches": lexicon_matches,
}


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_two_workers_give_the_rows_of_one_process(corpus, tiny_chunks, name):
    fn = FEATURES[name]
    serial = fn(corpus, n_jobs=1)
    assert len(serial) > 3  # the fixture exercises the feature
    pd.testing.assert_frame_equal(serial, fn(corpus, n_jobs=2))


def test_lexicon_dtm_is_the_same_on_two_workers(corpus, tiny_chunks):
    one, two = lexicon_dtm(corpus, n_jobs=1), lexicon_dtm(corpus, n_jobs=2)
    assert (one.counts != two.counts).nnz == 0
    pd.testing.assert_frame_equal(one.docs, two.docs)
    assert one.counts.sum() > 5


def test_spawned_workers_get_their_documents_sent(corpus, tiny_chunks, monkeypatch):
    monkeypatch.setattr(P, "pool_context", lambda: multiprocessing.get_context("spawn"))
    pd.testing.assert_frame_equal(attributions(corpus, n_jobs=1), attributions(corpus, n_jobs=2))


@pytest.mark.parametrize("name", sorted(FEATURES))
@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "2"])
def test_n_jobs_is_validated(corpus, name, bad):
    with pytest.raises(OptionError, match="n_jobs"):
        FEATURES[name](corpus, n_jobs=bad)


def test_map_documents_keeps_document_order(tiny_chunks):
    items = [(i,) for i in range(37)]
    got = P.map_documents(_twice, items, n_jobs=2, progress=False, desc="test")
    assert got == [v for i in range(37) for v in (i, -i)]


def _twice(i):
    return [i, -i]


def test_prefilter_keeps_every_text_with_a_match():
    """A text the pre-filter leaves out has no match; token counts equal scan()'s."""
    m = _matcher(load_lexicon("conflict_fr"))
    n_tokens, maybe = _candidates(FIXTURE, m)
    for text, n, keep in zip(FIXTURE, n_tokens.tolist(), maybe.tolist(), strict=True):
        found, stream = _find(text, m)
        assert n == len(stream.tokens)
        if found:
            assert keep, text
    assert not maybe[3]  # the gilets jaunes sentence names no actor of the lexicon


@pytest.mark.skipif(
    not (SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl").exists(),
    reason="needs ../shared/corpora/fr-press-gilets-jaunes.jsonl (real press, not in the repo)",
)
def test_prefilter_on_real_press_loses_no_match():
    texts = pd.read_json(SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl", lines=True)["text"]
    texts = [t if isinstance(t, str) else "" for t in texts.iloc[:1500]]
    m = _matcher(load_lexicon("conflict_fr"))
    n_tokens, maybe = _candidates(texts, m)
    with_match = 0
    for text, n, keep in zip(texts, n_tokens.tolist(), maybe.tolist(), strict=True):
        found, stream = _find(text, m)
        assert n == len(stream.tokens)
        if found:
            with_match += 1
            assert keep, text[:200]
    assert with_match > 100
    assert maybe.sum() < len(texts)  # the filter does filter
