"""The corpus and matrix cache: hits, invalidation, equality with uncached results, safety.

Inputs are copies of the repository's seed page dump and fixture sentences written for
these tests (not study data), in pytest's temporary folders.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import cache as C
from analysis.config import RAW_DIR
from analysis.errors import InputTypeError, OptionError

CORPUS_MODULE = sys.modules["analysis.corpus"]
DTM_MODULE = sys.modules["analysis.dtm"]


@pytest.fixture
def pages(tmp_path):
    """A folder with a copy of the seed page dump and of a fixture page dump."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for source in sorted(RAW_DIR.glob("*.txt"))[:1]:
        shutil.copy(source, folder / source.name)
    (folder / "fixture-fr.txt").write_text(
        "Les gilets jaunes manifestent à Paris\n\n"
        "SOURCE: Le Monde\n\n"
        "Publié le 1 décembre 2018\n\n"
        "Des milliers de manifestants ont défilé samedi à Paris. La police estime-t-on "
        "leur nombre à 10 000. « Nous ne lâcherons rien », dit un manifestant.\n\n"
        "Le gouvernement répond qu’il poursuivra les réformes.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def store(tmp_path):
    return tmp_path / "cache"


@pytest.fixture
def count_loads(monkeypatch):
    """Count calls to analysis.corpus.load_corpus (what cached_load_corpus calls)."""
    calls = []
    original = CORPUS_MODULE.load_corpus

    @functools.wraps(original)
    def counting(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(CORPUS_MODULE, "load_corpus", counting)
    return calls


@pytest.fixture
def count_dtms(monkeypatch):
    calls = []
    original = DTM_MODULE.dtm

    @functools.wraps(original)
    def counting(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(DTM_MODULE, "dtm", counting)
    return calls


def assert_same_corpus(a, b):
    for name in ("articles", "segments", "report", "duplicates"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


def assert_same_dtm(a, b):
    for name in ("data", "indices", "indptr"):
        assert getattr(a.counts, name).dtype == getattr(b.counts, name).dtype
        np.testing.assert_array_equal(getattr(a.counts, name), getattr(b.counts, name))
    assert a.counts.shape == b.counts.shape
    pd.testing.assert_index_equal(a.terms, b.terms, exact=True)
    pd.testing.assert_frame_equal(a.docs, b.docs, check_exact=True)
    assert a.options == b.options and a.weighting == b.weighting


# -------------------------------------------------------------------------------------------
# Corpus
def test_cached_corpus_keeps_its_copies(store, count_loads):
    """Regression: the cache stored articles, segments and report but not the clusters of
    copies, so a corpus read from it had an empty ``duplicates`` table."""
    inputs = Path(__file__).parent / "fixtures" / "inputs"
    files = [inputs / f for f in ("dup_dispatch_a.txt", "dup_dispatch_b_exact.txt",
                                  "dup_dispatch_c_near.txt")]  # fmt: skip
    first = C.cached_load_corpus(files, cache_dir=store)
    again = C.cached_load_corpus(files, cache_dir=store)
    assert len(count_loads) == 1
    assert sorted(again.duplicates["status"]) == ["duplicate", "kept", "near_duplicate"]
    assert_same_corpus(first, again)


def test_second_call_reads_the_cache(pages, store, count_loads, monkeypatch):
    first = C.cached_load_corpus(pages, cache_dir=store)
    assert len(count_loads) == 1
    assert [p.name for p in store.iterdir() if p.name.startswith("corpus-")]

    def fail(*args, **kwargs):
        raise AssertionError("the loader must not run on a cache hit")

    monkeypatch.setattr(
        CORPUS_MODULE, "load_corpus", functools.wraps(CORPUS_MODULE.load_corpus)(fail)
    )
    second = C.cached_load_corpus(pages, cache_dir=store)
    assert_same_corpus(first, second)


def test_cached_corpus_equals_the_uncached_one(pages, store):
    C.cached_load_corpus(pages, cache_dir=store)
    assert_same_corpus(C.cached_load_corpus(pages, cache_dir=store), analysis.load_corpus(pages))


def test_changed_file_invalidates(pages, store, count_loads):
    C.cached_load_corpus(pages, cache_dir=store)
    page = pages / "fixture-fr.txt"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8"
    )
    changed = C.cached_load_corpus(pages, cache_dir=store)
    assert len(count_loads) == 2
    assert changed.articles["text"].str.contains("ajouté").any()


def test_new_file_invalidates(pages, store, count_loads):
    C.cached_load_corpus(pages, cache_dir=store)
    shutil.copy(pages / "fixture-fr.txt", pages / "fixture-fr-2.txt")
    C.cached_load_corpus(pages, cache_dir=store)
    assert len(count_loads) == 2


def test_changed_option_invalidates(pages, store, count_loads):
    C.cached_load_corpus(pages, cache_dir=store)
    other = C.cached_load_corpus(pages, cache_dir=store, outlet="Autre")
    assert len(count_loads) == 2
    assert set(other.articles["outlet"]) == {"Autre"}
    C.cached_load_corpus(pages, cache_dir=store, outlet="Autre")
    assert len(count_loads) == 2


def test_content_fingerprint_survives_touch(pages, store, count_loads):
    page = pages / "fixture-fr.txt"
    C.cached_load_corpus(pages, cache_dir=store, fingerprint="content")
    st = page.stat()
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    C.cached_load_corpus(pages, cache_dir=store, fingerprint="content")
    assert len(count_loads) == 1
    C.cached_load_corpus(pages, cache_dir=store)  # stat fingerprint: another key
    assert len(count_loads) == 2


def test_package_change_invalidates(pages, store, count_loads, monkeypatch):
    C.cached_load_corpus(pages, cache_dir=store)
    monkeypatch.setattr(C, "_package_fingerprint", lambda: "another version of the code")
    C.cached_load_corpus(pages, cache_dir=store)
    assert len(count_loads) == 2


def test_deleting_the_cache_is_safe(pages, store, count_loads):
    first = C.cached_load_corpus(pages, cache_dir=store)
    shutil.rmtree(store)
    again = C.cached_load_corpus(pages, cache_dir=store)
    assert len(count_loads) == 2
    assert_same_corpus(first, again)
    assert C.clear_cache(store) == 1
    assert C.clear_cache(store) == 0
    assert C.clear_cache(store / "never-made") == 0


def test_cache_false_bypasses(pages, store, count_loads):
    C.cached_load_corpus(pages, cache_dir=store, cache=False)
    C.cached_load_corpus(pages, cache_dir=store, cache=False)
    assert len(count_loads) == 2
    assert not store.exists()


def test_damaged_entry_is_recomputed(pages, store, count_loads):
    C.cached_load_corpus(pages, cache_dir=store)
    (entry,) = [p for p in store.iterdir() if p.name.startswith("corpus-")]
    (entry / "segments.parquet").write_bytes(b"not parquet")
    with pytest.warns(UserWarning, match="could not be read"):
        again = C.cached_load_corpus(pages, cache_dir=store)
    assert len(count_loads) == 2
    assert_same_corpus(again, analysis.load_corpus(pages))


def test_default_folder_is_output_cache(pages, tmp_path, monkeypatch):
    from analysis import config

    monkeypatch.setattr(config, "OUTPUT_DIR", tmp_path / "output")
    assert C.resolve_cache_dir() == tmp_path / "output" / "cache"
    C.cached_load_corpus(pages)
    assert any(p.name.startswith("corpus-") for p in (tmp_path / "output" / "cache").iterdir())


def test_missing_path_raises_the_loader_error(tmp_path, store):
    with pytest.raises(analysis.CorpusError, match="no such file"):
        C.cached_load_corpus(tmp_path / "absent", cache_dir=store)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"cache": "yes"}, "cache must be True or False"),
        ({"fingerprint": "md5"}, "fingerprint="),
        ({"langauge": "fr"}, "load_corpus has no option 'langauge'"),
    ],
)
def test_corpus_options_are_validated(pages, store, kwargs, match):
    with pytest.raises(OptionError, match=match):
        C.cached_load_corpus(pages, cache_dir=store, **kwargs)


def test_cache_dir_type_is_checked(pages):
    with pytest.raises(InputTypeError, match="cache_dir"):
        C.cached_load_corpus(pages, cache_dir=3)


# -------------------------------------------------------------------------------------------
# Document-term matrix
FIXTURE = pd.DataFrame(
    {
        "id": ["a1", "a2", "b1", "b2"],
        "outlet": ["A", "A", "B", "B"],
        "date": ["2024-01-03", "2024-02-01", "2024-02-05", None],
        "text": [
            "Le régime frappe Gaza. Gaza résiste.",
            "La bande de Gaza est assiégée par le régime, dit-il.",
            "Israël riposte à Gaza : 27 000 morts.",
            "Israël et le Hamas : la guerre continue à Tel Aviv.",
        ],
    }
)


@pytest.fixture
def corpus():
    return analysis.Corpus.from_frames(FIXTURE)


def test_second_dtm_call_reads_the_cache(corpus, store, count_dtms):
    first = C.cached_dtm(corpus, cache_dir=store, ngram=(1, 2))
    second = C.cached_dtm(corpus, cache_dir=store, ngram=(1, 2))
    assert len(count_dtms) == 1
    assert_same_dtm(first, second)
    assert_same_dtm(second, analysis.dtm(corpus, ngram=(1, 2)))


def test_defaults_and_neutral_options_share_an_entry(corpus, store, count_dtms):
    C.cached_dtm(corpus, cache_dir=store)
    C.cached_dtm(corpus, cache_dir=store, field="body", progress=False, n_jobs=2)
    assert len(count_dtms) == 1


def test_dtm_option_change_invalidates(corpus, store, count_dtms):
    C.cached_dtm(corpus, cache_dir=store)
    m = C.cached_dtm(corpus, cache_dir=store, keep_numbers=True)
    assert len(count_dtms) == 2
    assert "27000" in m.terms


def test_corpus_change_invalidates_the_dtm(corpus, store, count_dtms):
    C.cached_dtm(corpus, cache_dir=store)
    corpus.articles.loc[0, "text"] = "Un tout autre texte sur Haïfa."
    m = C.cached_dtm(corpus, cache_dir=store)
    assert len(count_dtms) == 2
    assert "haïfa" in m.terms
    corpus.articles.loc[0, "outlet"] = "C"  # metadata too: it becomes the docs table
    C.cached_dtm(corpus, cache_dir=store)
    assert len(count_dtms) == 3


def test_segments_count_only_where_read(corpus, store, count_dtms):
    C.cached_dtm(corpus, cache_dir=store, unit="segment")
    corpus.segments.loc[0, "text"] = "Paragraphe changé."
    C.cached_dtm(corpus, cache_dir=store, unit="segment")
    assert len(count_dtms) == 2


def test_weighting_survives_the_cache(corpus, store):
    m = C.cached_dtm(corpus, cache_dir=store)
    again = C.cached_dtm(corpus, cache_dir=store)
    assert again.weighting == "count"
    np.testing.assert_allclose(
        again.weight("tfidf").counts.toarray(), m.weight("tfidf").counts.toarray()
    )


def test_dtm_cache_false_and_deletion(corpus, store, count_dtms):
    C.cached_dtm(corpus, cache_dir=store, cache=False)
    assert not store.exists()
    C.cached_dtm(corpus, cache_dir=store)
    shutil.rmtree(store)
    assert_same_dtm(C.cached_dtm(corpus, cache_dir=store), analysis.dtm(corpus))
    assert len(count_dtms) == 3


def test_unstorable_metadata_warns_and_is_not_cached(store, count_dtms):
    frame = FIXTURE.assign(extra=[1, "deux", 3.0, None])  # mixed types: not one Parquet column
    corpus = analysis.Corpus.from_frames(frame)
    with pytest.warns(UserWarning, match="could not be cached"):
        m = C.cached_dtm(corpus, cache_dir=store)
    assert_same_dtm(m, analysis.dtm(corpus))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        C.cached_dtm(corpus, cache_dir=store)
    assert len(count_dtms) == 2
    assert not [p for p in store.iterdir() if p.name.startswith("dtm-")]


@pytest.mark.parametrize(
    "kwargs,match",
    [({"cache": 1}, "cache must be True or False"), ({"ngrams": 2}, "dtm has no option 'ngrams'")],
)
def test_dtm_options_are_validated(corpus, store, kwargs, match):
    with pytest.raises(OptionError, match=match):
        C.cached_dtm(corpus, cache_dir=store, **kwargs)


def test_dtm_needs_a_corpus(store):
    with pytest.raises(InputTypeError, match="Corpus"):
        C.cached_dtm("data/raw", cache_dir=store)
