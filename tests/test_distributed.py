"""The Dask backend gives the in-memory numbers: counts exactly, floats to rounding.

Every sentence below is a FIXTURE written for these tests, not study data. The real-press
test reads the first articles of ../shared/corpora/fr-press-gilets-jaunes.jsonl in place
(copied only into pytest's temporary folder) and skips where it is absent.

The oracle is always the in-memory path on the same files read by pandas:
``Corpus.from_frames(df)`` → ``analysis.dtm`` → ``analysis.frequency`` / ``analysis.keyness``
(each of those is itself tested against scipy, sklearn and hand computations).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip(
    "dask.distributed", reason="the optional 'dask' extra is not installed (pip install .[dask])"
)

import analysis  # noqa: E402
from analysis import distributed as dist  # noqa: E402
from analysis.config import SHARED_CORPORA  # noqa: E402
from analysis.errors import (  # noqa: E402
    CorpusError,
    EmptyVocabularyError,
    InputTypeError,
    OptionError,
)

pytestmark = [
    # dask's own calls of pandas APIs deprecated in pandas 4 (not this package's)
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:dask"),
    # pandas.read_json trying the "date" column as dates; dtype=False keeps the strings
    pytest.mark.filterwarnings("ignore:Could not infer format:UserWarning"),
]

F = importlib.import_module("analysis.frequency")
K = importlib.import_module("analysis.keyness")
REAL = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"

# FIXTURES: sentences written for these tests.
FIXTURE_ARTICLES = [
    (
        "A",
        "2019-01-05",
        "fr",
        "Gilets jaunes",
        "Les gilets jaunes bloquent le rond-point. La police évacue le rond-point.",
    ),
    (
        "A",
        "2019-01-12",
        "fr",
        "Acte IX",
        "Manifestation à Paris : les gilets jaunes défilent, la police surveille.",
    ),
    (
        "A",
        "2019-02-02",
        "fr",
        "",
        "Le gouvernement répond aux gilets jaunes par un grand débat national.",
    ),
    (
        "A",
        "2019-02-09",
        "fr",
        "Débat",
        "Le grand débat commence ; les maires ouvrent des cahiers de doléances.",
    ),
    (
        "B",
        "2019-01-05",
        "fr",
        "Violences",
        "Des casseurs et la police s’affrontent ; 27 blessés selon la préfecture.",
    ),
    (
        "B",
        "2019-01-19",
        "fr",
        "Bilan",
        "La préfecture annonce 84 000 manifestants, la police compte les blessés.",
    ),
    (
        "B",
        "2019-02-16",
        "fr",
        "Casseurs",
        "Les casseurs visent les banques ; la police disperse les casseurs.",
    ),
    (
        "B",
        "2019-02-23",
        "fr",
        None,
        "Le ministre de l’Intérieur félicite la police après l'acte XV.",
    ),
    (
        "C",
        "2019-01-26",
        "fr",
        "Pouvoir d'achat",
        "Le pouvoir d'achat reste la première revendication des manifestants.",
    ),
    (
        "C",
        "2019-02-02",
        "fr",
        "Essence",
        "Le prix de l'essence et le pouvoir d'achat inquiètent les ménages.",
    ),
    ("C", None, "fr", "Sans date", "Les ménages modestes réclament une hausse du pouvoir d'achat."),
    (
        "C",
        "2019-02-20",
        "en",
        "English",
        "The yellow vests protest fuel taxes; the police watch the protest.",
    ),
    (
        None,
        "2019-01-30",
        "fr",
        "Sans titre de journal",
        "Une tribune sur les gilets jaunes et la démocratie locale.",
    ),
    ("A", "2019-02-27", "fr", "Vide", None),
    ("B", "2019-01-08", "fr", "Blanc", "   "),
]


def _fixture_frame() -> pd.DataFrame:
    outlet, date, language, title, text = zip(*FIXTURE_ARTICLES, strict=True)
    return pd.DataFrame(
        {
            "id": [f"fx-{i:02d}" for i in range(len(FIXTURE_ARTICLES))],
            "outlet": outlet,
            "date": date,
            "language": language,
            "title": title,
            "text": text,
        }
    )


@pytest.fixture(scope="module")
def client():
    # Threads, not processes: starts in a fraction of a second on 2 shared cores. The
    # counting functions and results still go through the scheduler and the workers.
    c = dist.connect(n_workers=2, threads_per_worker=1, processes=False)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """The fixture articles as 4 Parquet files (one empty) and as one JSONL file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("articles")
    frame = _fixture_frame()
    schema = pa.schema([(c, pa.string()) for c in frame.columns])
    folder = root / "parquet"
    folder.mkdir()
    # three files of articles and an empty one (an empty partition must count as nothing)
    for k, part in enumerate([*np.array_split(np.arange(len(frame)), 3), np.arange(0)]):
        table = pa.Table.from_pandas(frame.iloc[part], schema=schema, preserve_index=False)
        pq.write_table(table, folder / f"part-{k}.parquet")
    jsonl = root / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for row in frame.to_dict("records"):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"parquet": folder, "jsonl": jsonl}


@pytest.fixture(scope="module")
def outlets(client, files):
    """The Parquet files counted once by outlet; the partition counts stay on the workers."""
    counted = dist.count(_articles(files, "parquet"), by="outlet", client=client)
    try:
        yield counted
    finally:
        counted.close()


@pytest.fixture(scope="module")
def memory(files):
    """The in-memory oracle of ``outlets``."""
    return _memory_dtm(files, "parquet")


def _oracle_frame(files: dict[str, Path], fmt: str) -> pd.DataFrame:
    """The same files read by pandas, independently of dask."""
    if fmt == "parquet":
        return pd.concat(
            [pd.read_parquet(p) for p in sorted(files["parquet"].glob("*.parquet"))],
            ignore_index=True,
        )
    with files["jsonl"].open(encoding="utf-8") as f:
        return pd.DataFrame([json.loads(line) for line in f])


def _articles(files: dict[str, Path], fmt: str):
    # a small block size so that the JSONL file is cut into several partitions too
    return dist.read_articles(files[fmt], blocksize=700 if fmt == "jsonl" else None)


def _memory_dtm(files, fmt, **options):
    return analysis.dtm(analysis.Corpus.from_frames(_oracle_frame(files, fmt)), **options)


def _assert_same(got: pd.DataFrame, want: pd.DataFrame, exact: tuple[str, ...]) -> None:
    """Same columns, rows and labels; ``exact`` columns equal, other numbers within rounding."""
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for col in want.columns:
        g, w = got[col].to_numpy(), want[col].to_numpy()
        if col in exact or not np.issubdtype(np.asarray(w).dtype, np.floating):
            assert g.tolist() == w.tolist(), col
        else:
            np.testing.assert_allclose(
                g.astype(float), w.astype(float), rtol=1e-9, atol=1e-12, err_msg=col
            )


# -------------------------------------------------------------------------------------------
def test_partitions(files):
    assert _articles(files, "parquet").npartitions >= 4
    assert _articles(files, "jsonl").npartitions >= 3


@pytest.mark.parametrize("fmt, by", [("parquet", "outlet"), ("jsonl", "month"), ("parquet", None)])
def test_term_counts_equal_in_memory(client, files, fmt, by):
    got = dist.term_counts(_articles(files, fmt), by=by, client=client)
    m = _memory_dtm(files, fmt)
    groups, counts, docs, _ = F.group_counts(m, by)
    g, t = np.nonzero(counts)
    want = pd.DataFrame(
        {"group": groups[g], "term": m.terms[t], "count": counts[g, t].astype(np.int64),
         "docs": docs[g, t].astype(np.int64)}
    )  # fmt: skip
    assert got["count"].dtype == np.int64 and got["docs"].dtype == np.int64
    _assert_same(got, want, exact=("count", "docs"))


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"ngram": (1, 2), "min_df": 2},
        {
            "field": "all",
            "keep_numbers": True,
            "extra_stopwords": ["police"],
            "keep_stopwords": ["les"],
        },
        {"field": "title", "language": "fr"},
        {"lemmatize": True},
    ],
    ids=["default", "bigrams-min_df", "all-numbers-stops", "title-fr", "lemmas"],
)
def test_document_frequencies_equal_in_memory(client, files, options):
    got = dist.document_frequencies(_articles(files, "jsonl"), client=client, **options)
    m = _memory_dtm(files, "jsonl", **options)
    assert got["term"].tolist() == m.terms.tolist()
    assert got["count"].tolist() == m.term_counts().tolist()
    assert got["doc_freq"].tolist() == m.doc_frequencies().tolist()


def test_counts_by_hand(client, files):
    # counted by hand in FIXTURE_ARTICLES (A: rows 0-3, 13; B: rows 4-7, 14)
    got = dist.term_counts(_articles(files, "parquet"), by="outlet", client=client)
    police = got[got["term"] == "police"].set_index("group")
    assert police.loc["A", "count"] == 2 and police.loc["A", "docs"] == 2
    assert police.loc["B", "count"] == 4 and police.loc["B", "docs"] == 4
    casseurs = got[(got["term"] == "casseurs") & (got["group"] == "B")]
    assert casseurs[["count", "docs"]].values.tolist() == [[3, 2]]
    # the article without an outlet belongs to no group
    assert "démocratie" not in set(got["term"])


def test_term_frequencies_equal_in_memory(client, files, outlets, memory):
    got = dist.term_frequencies(_articles(files, "jsonl"), by="month", top=6, client=client)
    want = F.term_frequencies(_memory_dtm(files, "jsonl"), by="month", top=6)
    _assert_same(got, want, exact=("count", "doc_freq", "rank"))
    got = outlets.term_frequencies(min_count=2)
    want = F.term_frequencies(memory, by="outlet", min_count=2)
    _assert_same(got, want, exact=("count", "doc_freq", "rank"))


@pytest.mark.parametrize(
    "kw",
    [
        {"unit": "document"},
        {"unit": "document", "sublinear_tf": True, "norm": "l1", "smooth_idf": False},
        {"unit": "group", "norm": None, "smooth_idf": False},
    ],
    ids=["doc", "doc-sublinear-l1", "group-raw"],
)
def test_tfidf_terms_equal_in_memory(outlets, memory, kw):
    got = outlets.tfidf_terms(top=None, **kw)
    want = F.tfidf_terms(memory, by="outlet", top=None, **kw)
    _assert_same(got, want, exact=("count", "doc_freq"))


def test_tfidf_terms_function(client, files):
    got = dist.tfidf_terms(_articles(files, "jsonl"), by="month", top=3, client=client)
    want = F.tfidf_terms(_memory_dtm(files, "jsonl"), by="month", top=3)
    _assert_same(got, want, exact=("count", "doc_freq"))


@pytest.mark.parametrize(
    "kw",
    [
        {"measure": "g2"},
        {"measure": "chi2_yates", "target": "B", "reference": "C"},
        {"measure": "log_ratio", "reference": "pairwise", "rank": "stat"},
        {"measure": "specificities", "target": ["A", "C"]},
        {"measure": "fightin_words", "prior_size": 50.0, "top": 3, "min_count": 2},
    ],
    ids=lambda kw: kw["measure"],
)
def test_keyness_equal_in_memory(outlets, memory, kw):
    got = outlets.keyness(min_docs=1, **kw)
    want = K.keyness(memory, by="outlet", min_docs=1, **kw)
    assert len(want) > 0
    _assert_same(
        got, want, exact=("term", "target", "reference", "n_target", "n_reference",
                          "doc_freq_target", "doc_freq_reference", "significant", "test"),
    )  # fmt: skip


def test_keyness_by_hand(client, files):
    got = dist.keyness(
        _articles(files, "jsonl"), by="outlet", target="A", min_docs=1, client=client
    )
    # "démocratie" occurs once, only in the article without an outlet: it is in the rest of A
    row = got[got["term"] == "démocratie"]
    assert row[["n_target", "n_reference", "doc_freq_reference"]].values.tolist() == [[0, 1, 1]]
    # "police" in A: once in each of two documents. DP = ½ Σ |v_d − s_d| over A's documents,
    # with v the term's share and s the document's share of A's running words (Gries 2008).
    m = _memory_dtm(files, "jsonl")
    in_a = (m.docs["outlet"] == "A").to_numpy()
    c = m.counts[np.flatnonzero(in_a)][:, m.terms.get_loc("police")].toarray().ravel()
    lengths = m.docs.loc[in_a, "n_tokens"].to_numpy(float)
    assert c.tolist() == [1, 1, 0, 0, 0]
    expected = 0.5 * np.abs(c / c.sum() - lengths / lengths.sum()).sum()
    assert got.loc[got["term"] == "police", "dp_target"].item() == pytest.approx(
        expected, rel=1e-12
    )


def test_count_once_then_close(client, files, memory):
    counted = dist.count(_articles(files, "parquet"), by="outlet", client=client)
    assert counted.groups.tolist() == K.groups_of(memory, "outlet")
    assert counted.terms.tolist() == memory.terms.tolist()
    assert "open" in repr(counted)
    counted.close()
    # the aggregates stay on the client; what needs the workers' counts says so
    got = counted.document_frequencies()
    assert got["count"].tolist() == memory.term_counts().tolist()
    assert counted.tfidf_terms(unit="group", top=2)["group"].nunique() == 3
    with pytest.raises(OptionError, match="close\\(\\) has freed"):
        counted.keyness()
    with pytest.raises(OptionError, match="close\\(\\) has freed"):
        counted.tfidf_terms(unit="document")


# -------------------------------------------------------------------------------------------
# Friendly errors, each naming the parameter and what to do
def test_errors(client, files):
    ddf = _articles(files, "jsonl")
    with pytest.raises(OptionError, match="'ngrams' is not an option"):
        dist.term_counts(ddf, ngrams=2, client=client)
    with pytest.raises(OptionError, match="by='journal' is not a metadata column.*'outlet'"):
        dist.term_counts(ddf, by="journal", client=client)
    with pytest.raises(OptionError, match="field='captions'.*no caption"):
        dist.term_counts(ddf, field="captions", client=client)
    with pytest.raises(OptionError, match="min_df must be an integer >= 1; received 0"):
        dist.term_counts(ddf, min_df=0, client=client)
    with pytest.raises(InputTypeError, match="extra_stopwords must be an iterable of words"):
        dist.term_counts(ddf, extra_stopwords="police", client=client)
    with pytest.raises(OptionError, match="test='welch' compares the rates of single documents"):
        dist.keyness(ddf, by="outlet", test="welch", client=client)
    with pytest.raises(OptionError, match="wordfreq reference"):
        dist.keyness(ddf, by="outlet", reference=K.general_reference("fr"), client=client)
    with pytest.raises(OptionError, match="target 'Z' is not a group of by='outlet'"):
        dist.keyness(ddf, by="outlet", target="Z", client=client)
    with pytest.raises(OptionError, match="holds every document"):
        dist.keyness(ddf, by=None, client=client)
    with pytest.raises(OptionError, match="unit='group' needs at least two groups"):
        dist.tfidf_terms(ddf, by=None, unit="group", client=client)
    with pytest.raises(EmptyVocabularyError, match="min_df=99"):
        dist.term_counts(ddf, min_df=99, client=client)
    with pytest.raises(InputTypeError, match="a dask DataFrame was expected.*from_frames"):
        dist.term_counts(_oracle_frame(files, "jsonl"), client=client)
    with pytest.raises(InputTypeError, match="client must be a distributed.Client"):
        dist.term_counts(ddf, client="tcp://localhost:8786")


def test_read_errors(files, tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        dist.read_articles(tmp_path / "absent-*.jsonl")
    with pytest.raises(CorpusError, match="no text column 'body'"):
        dist.read_articles(files["jsonl"], text="body")
    odd = tmp_path / "articles.txt"
    odd.write_text("{}\n", encoding="utf-8")
    with pytest.raises(OptionError, match="format=None cannot tell"):
        dist.read_articles(odd)
    with pytest.raises(OptionError, match="format='csv' is not allowed"):
        dist.read_articles(odd, format="csv")
    with pytest.raises(InputTypeError, match="address must be the scheduler's address"):
        dist.connect(8786)


def test_read_renames_text_column(client, files, tmp_path):
    frame = _oracle_frame(files, "jsonl").rename(columns={"text": "body"})
    path = tmp_path / "renamed.parquet"
    frame.to_parquet(path)
    got = dist.document_frequencies(
        dist.read_articles(path, text="body", columns=["language"]), client=client
    )
    want = dist.document_frequencies(_articles(files, "parquet"), client=client)
    pd.testing.assert_frame_equal(got, want)


# -------------------------------------------------------------------------------------------
@pytest.mark.corpus
@pytest.mark.skipif(not REAL.exists(), reason=f"real corpus absent: {REAL}")
def test_real_press_equal_in_memory(client, tmp_path):
    with REAL.open(encoding="utf-8") as f:
        lines = [line for line, _ in zip(f, range(300), strict=False)]
    path = tmp_path / "first-300.jsonl"  # a temporary copy, never in the repository
    path.write_text("".join(lines), encoding="utf-8")
    ddf = dist.read_articles(path, blocksize=250_000)
    assert ddf.npartitions >= 3
    m = analysis.dtm(analysis.Corpus.from_frames(pd.DataFrame([json.loads(x) for x in lines])))

    with dist.count(ddf, by="month", client=client) as counted:  # one pass for both tables
        got = counted.keyness()
        counts = counted.document_frequencies()
    want = K.keyness(m, by="month")
    assert len(want) > 100
    _assert_same(
        got, want, exact=("term", "target", "reference", "n_target", "n_reference",
                          "doc_freq_target", "doc_freq_reference", "significant", "test"),
    )  # fmt: skip
    assert counts["term"].tolist() == m.terms.tolist()
    assert counts["count"].tolist() == m.term_counts().tolist()
    assert counts["doc_freq"].tolist() == m.doc_frequencies().tolist()
