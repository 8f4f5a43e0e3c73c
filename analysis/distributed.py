"""Counts, document frequencies, TF-IDF and keyness of corpora too large for one machine.

The text is read on a ``dask.distributed`` cluster from partitioned Parquet or JSON-lines
files (:func:`read_articles`), tokenised **in each partition by the package's own counter**
(:func:`analysis.dtm.dtm`'s ``_count_chunk``: the same tokeniser, stop lists, n-grams and
lemmas), and reduced on the cluster to per-group aggregates. Only those aggregates come back
to the client: for every group and term the number of occurrences and of documents, and
for every group its documents and running words. The statistics are then computed on the
client by the same functions as the in-memory path (:func:`analysis.keyness.keyness_table`,
:func:`analysis.frequency.tfidf_matrix` …), so the results are the in-memory ones:

===============================================  ============================
in memory                                        on a cluster
===============================================  ============================
``dtm(c).term_counts()``, ``doc_frequencies()``  :func:`document_frequencies`
``frequency.group_counts(dtm(c), by)``           :func:`term_counts`
``frequency.term_frequencies``                   :func:`term_frequencies`
``frequency.tfidf_terms``                        :func:`tfidf_terms`
``keyness.keyness``                              :func:`keyness` (token test)
===============================================  ============================

Counts are identical integers; floating-point results agree to rounding (they are summed
in another order). What one pass cannot give is refused with a clear error: document-level
tests (``test="welch"``/``"mannwhitney"`` need every document's rate), the wordfreq
reference, and segment units (the files hold articles, not page segments).

Two passes at most. The first counts each partition and keeps its small sparse matrix in
the workers' memory; the per-group totals are merged on the cluster by a tree reduction.
TF-IDF per document (its idf is global, its norm per document) and Gries' DP in keyness
(it needs each document's share) make a second pass over those matrices — never over the
text again — with the global numbers broadcast to the workers. Each statistic function
counts the text anew; :func:`count` counts it once for several statistics.

Usage::

    from analysis import distributed as dist
    client = dist.connect()                       # a LocalCluster; or connect("tcp://host:8786")
    articles = dist.read_articles("corpus/*.parquet")
    dist.keyness(articles, by="outlet", target="Le Figaro", client=client)
    with dist.count(articles, by="outlet") as counted:      # one pass, several tables
        freq = counted.term_frequencies(top=20)
        key = counted.keyness(measure="specificities")

Running on several machines is described in ``docs/dask.md``.

Dask is an optional extra (``pip install .[dask]``); this module imports it only when a
function is called, and says how to install it when it is missing.
"""

from __future__ import annotations

import glob
import importlib
import os
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis import tokens as _tokens
from analysis.errors import (
    CorpusError,
    EmptyVocabularyError,
    InputTypeError,
    OptionError,
    check_choice,
    check_positive_int,
)

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    from distributed import Client

# The module itself: ``analysis.dtm`` is also the name of the function that builds a DTM.
_D = importlib.import_module("analysis.dtm")

__all__ = [
    "connect",
    "read_articles",
    "count",
    "ClusterCounts",
    "term_counts",
    "document_frequencies",
    "term_frequencies",
    "tfidf_terms",
    "keyness",
    "FIELDS",
    "FORMATS",
    "DTM_OPTIONS",
    "TERM_COUNT_COLUMNS",
    "DOCUMENT_FREQUENCY_COLUMNS",
]

#: Texts of an article file that can be counted: ``"all"`` is title and body (files of
#: articles hold no caption segments).
FIELDS = ("body", "title", "all")
#: File formats of :func:`read_articles`.
FORMATS = ("parquet", "jsonl")
#: The options of :func:`analysis.dtm` that every function here accepts, with their defaults.
DTM_OPTIONS: dict[str, Any] = {
    "field": "body",
    "ngram": 1,
    "lemmatize": False,
    "language": None,
    "keep_numbers": False,
    "extra_stopwords": (),
    "keep_stopwords": (),
    "min_df": 1,
}
#: Columns of :func:`term_counts`.
TERM_COUNT_COLUMNS: tuple[str, ...] = ("group", "term", "count", "docs")
#: Columns of :func:`document_frequencies`.
DOCUMENT_FREQUENCY_COLUMNS: tuple[str, ...] = ("term", "count", "doc_freq")

_INSTALL = "the optional 'dask' extra is not installed: pip install '.[dask]'"
#: Partial results merged per task of the tree reduction.
_FAN_IN = 8


def _require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(f"analysis.distributed needs dask.distributed; {_INSTALL}.") from exc


# -------------------------------------------------------------------------------------------
# Connecting and reading
def connect(
    address: str | None = None,
    *,
    n_workers: int | None = None,
    threads_per_worker: int | None = None,
    processes: bool = True,
    dashboard: bool = False,
) -> Client:
    """A ``dask.distributed`` client: on a new local cluster, or on a running scheduler.

    Parameters
    ----------
    address : str or None
        ``None`` starts a ``LocalCluster`` on this machine, owned by the client (closing the
        client stops it). Otherwise the scheduler's address, e.g. ``"tcp://10.0.0.5:8786"``,
        as printed by ``dask scheduler`` (see ``docs/dask.md``).
    n_workers, threads_per_worker : int or None
        Local cluster only: worker processes (default 2) and threads in each (default 1;
        tokenising is pure Python, so threads share one core — use processes).
    processes : bool
        Local cluster only: workers in their own processes (default) or as threads of this
        one (starts in a fraction of a second; what the tests use).
    dashboard : bool
        Local cluster only: serve the diagnostic dashboard (on a free port).

    Returns
    -------
    distributed.Client
        Use it as a context manager, or call ``client.close()``.

    Raises
    ------
    InputTypeError
        If ``address`` is not a string.
    OptionError
        If ``n_workers`` or ``threads_per_worker`` is not a positive integer.
    """
    _require_dask()
    from distributed import Client

    if address is not None:
        if not isinstance(address, str):
            raise InputTypeError(
                f"address must be the scheduler's address as a string (e.g. 'tcp://10.0.0.5:8786') "
                f"or None for a local cluster; received {type(address).__name__}."
            )
        ignored = [
            name
            for name, value in (
                ("n_workers", n_workers),
                ("threads_per_worker", threads_per_worker),
            )
            if value is not None
        ]
        if ignored:
            warnings.warn(
                f"{', '.join(ignored)} only apply to a local cluster and are ignored with "
                f"address={address!r}: the workers are those started with `dask worker`.",
                UserWarning,
                stacklevel=2,
            )
        return Client(address)
    n_workers = check_positive_int("n_workers", 2 if n_workers is None else n_workers)
    threads = check_positive_int(
        "threads_per_worker", 1 if threads_per_worker is None else threads_per_worker
    )
    return Client(
        n_workers=n_workers,
        threads_per_worker=threads,
        processes=bool(processes),
        dashboard_address=":0" if dashboard else None,
    )


def _format_of(paths: list[str]) -> str | None:
    first = paths[0].rstrip("/")
    lowered = first.lower()
    if lowered.endswith((".parquet", ".pq")):
        return "parquet"
    if lowered.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    if "://" not in first and os.path.isdir(first):
        return "parquet"  # a partitioned Parquet data set is a folder
    return None


def read_articles(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    text: str = "text",
    columns: Sequence[str] | None = None,
    format: str | None = None,
    blocksize: int | str | None = "64MB",
) -> dd.DataFrame:
    """Articles as a dask DataFrame, one partition per Parquet row group / file or JSONL block.

    Parameters
    ----------
    path : str, path or list of them
        A file, a glob (``"corpus/part-*.jsonl"``), a Parquet folder, or a URL that dask can
        read (``s3://…`` with s3fs installed). On a multi-machine cluster every worker reads
        the files itself: they must be on shared storage or an object store.
    text : str
        The column holding the article text; renamed ``"text"``.
    columns : sequence of str or None
        Columns to keep besides the text (default: all). Keep the grouping columns
        (``outlet``, ``date`` for ``by="month"``, ``language``, ``title`` for ``field="title"``).
    format : {"parquet", "jsonl"} or None
        ``None`` guesses from the extension (``.parquet``/``.pq`` or a folder: Parquet;
        ``.jsonl``/``.json``/``.ndjson``: JSON lines).
    blocksize : int, str or None
        JSON lines only: bytes per partition (``"64MB"``); ``None`` is one partition per
        file (needed for compressed files).

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy: nothing is read until a statistic is asked for. JSON values are kept as they
        are in the file (``dtype=False``: no date or number guessing), as
        :func:`analysis.load_corpus` reads them.

    Raises
    ------
    CorpusError
        If a local path matches no file, or the text column is missing.
    OptionError
        If ``format`` is not one of :data:`FORMATS` or cannot be guessed.
    """
    _require_dask()
    import dask.dataframe as dd

    raw = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    if not raw:
        raise CorpusError("read_articles needs at least one path; received an empty list.")
    paths = [os.fspath(p) for p in raw]
    for p in paths:
        if "://" not in p and not glob.glob(p):
            raise CorpusError(f"{p}: no such file, folder or glob match.")
    if format is None:
        format = _format_of(paths)
        if format is None:
            raise OptionError(
                f"format=None cannot tell the format of {paths[0]!r} from its extension; "
                f"pass format= one of {', '.join(map(repr, FORMATS))}."
            )
    check_choice("format", format, FORMATS)
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a column name (str); received {type(text).__name__}.")
    wanted = None if columns is None else [text, *[c for c in columns if c != text]]
    if format == "parquet":
        frame = dd.read_parquet(paths if len(paths) > 1 else paths[0], columns=wanted)
    else:
        frame = dd.read_json(
            paths if len(paths) > 1 else paths[0],
            lines=True,
            orient="records",
            blocksize=blocksize,
            dtype=False,
        )
        if wanted is not None:
            missing = [c for c in wanted if c not in frame.columns]
            if missing:
                raise CorpusError(
                    f"{paths[0]}: no column {missing[0]!r}; it has {list(frame.columns)}."
                )
            frame = frame[wanted]
    if text not in frame.columns:
        raise CorpusError(
            f"{paths[0]}: no text column {text!r}; it has {list(frame.columns)}. "
            "Pass text=<column>."
        )
    if text != "text":
        if "text" in frame.columns:
            frame = frame.drop(columns="text")
        frame = frame.rename(columns={text: "text"})
    return frame


# -------------------------------------------------------------------------------------------
# Options
class _Plan(NamedTuple):
    """What to count, validated once on the client and sent to every partition."""

    spec: Any  # analysis.dtm._CountSpec
    field: str
    language: str | None
    by: str | None
    min_df: int
    options: dict[str, Any]


def _plan(frame: Any, by: str | None, options: dict[str, Any]) -> _Plan:
    unknown = sorted(set(options) - set(DTM_OPTIONS))
    if unknown:
        raise OptionError(
            f"{unknown[0]!r} is not an option here; the counting options are "
            f"{', '.join(map(repr, DTM_OPTIONS))} (as for analysis.dtm)."
        )
    opts = {**DTM_OPTIONS, **options}
    field = opts["field"]
    if field == "captions":
        raise OptionError(
            "field='captions' is not available: files of articles carry no caption segments. "
            f"Choose one of {', '.join(map(repr, FIELDS))}."
        )
    check_choice("field", field, FIELDS)
    lo_hi = _D._ngram_range(opts["ngram"])
    language = opts["language"]
    if language is not None:
        check_choice("language", language, _tokens.LANGUAGES)
    min_df = check_positive_int("min_df", opts["min_df"])
    for name in ("extra_stopwords", "keep_stopwords"):
        if isinstance(opts[name], str):
            raise InputTypeError(
                f"{name} must be an iterable of words, not one string; received {opts[name]!r}."
            )
    extra = frozenset(_tokens.normalize(w).lower() for w in opts["extra_stopwords"])
    keep = frozenset(_tokens.normalize(w).lower() for w in opts["keep_stopwords"])
    stops = {
        lg: (_tokens.stopword_set(lg) | extra) - keep if (extra or keep) else None
        for lg in _tokens.LANGUAGES
    }
    spec = _D._CountSpec(lo_hi, bool(opts["lemmatize"]), bool(opts["keep_numbers"]), stops)

    if not hasattr(frame, "map_partitions") or not hasattr(frame, "to_delayed"):
        raise InputTypeError(
            f"a dask DataFrame was expected (from analysis.distributed.read_articles), "
            f"{type(frame).__name__} object received. For a pandas DataFrame use the in-memory "
            "path: analysis.dtm(analysis.Corpus.from_frames(df))."
        )
    cols = list(frame.columns)
    if "text" not in cols:
        raise CorpusError(f"the articles need a 'text' column; they have {cols}.")
    if by is not None:
        allowed = [c for c in cols if c != "text"] + (["month"] if "date" in cols else [])
        if not isinstance(by, str) or by not in allowed:
            raise OptionError(
                f"by={by!r} is not a metadata column of these articles; choose one of "
                f"{', '.join(map(repr, allowed))} or None."
            )
    recorded = {
        **opts,
        "extra_stopwords": sorted(extra),
        "keep_stopwords": sorted(keep),
        "unit": "article",
    }
    return _Plan(spec, field, language, by, min_df, recorded)


def _client(client: Any) -> Client:
    _require_dask()
    if client is not None:
        from distributed import Client

        if not isinstance(client, Client):
            raise InputTypeError(
                f"client must be a distributed.Client (from analysis.distributed.connect()); "
                f"received {type(client).__name__}."
            )
        return client
    from distributed import get_client

    try:
        return get_client()
    except ValueError:
        raise OptionError(
            "no dask client: call analysis.distributed.connect() (a local cluster) or "
            "connect('tcp://scheduler:8786') first, or pass client=."
        ) from None


# -------------------------------------------------------------------------------------------
# On the workers: one partition
class _Part(NamedTuple):
    """One partition, counted: documents × its own sorted vocabulary."""

    terms: pd.Index
    counts: sp.csr_matrix
    n_tokens: np.ndarray
    #: the document's group label (str), None where the ``by`` value is missing
    labels: np.ndarray
    #: whether the ``by`` column is numeric (groups are then ordered by value)
    numeric: bool


def _texts_of(frame: pd.DataFrame, field: str) -> pd.Series:
    """The texts as :class:`analysis.Corpus` and :func:`analysis.dtm` see them."""
    body = frame["text"].fillna("").astype(str)
    if field == "body":
        return body.reset_index(drop=True)
    title = (
        frame["title"].fillna("").astype(str).tolist()
        if "title" in frame.columns
        else [""] * len(frame)
    )
    if field == "title":
        return pd.Series(title, dtype=object)
    # Corpus.texts("all"): title, captions (none in a file of articles), body; empty parts left out
    return pd.Series(
        [
            "\n\n".join(p for p in (t, "", b) if p)
            for t, b in zip(title, body.tolist(), strict=True)
        ],
        dtype=object,
    )


def _labels_of(frame: pd.DataFrame, by: str | None) -> tuple[np.ndarray, bool]:
    """Each document's group as :meth:`analysis.dtm.DTM.group_indicator` names it."""
    if by is None:
        return np.full(len(frame), "all", dtype=object), False
    if by in ("month", "date"):
        from analysis.corpus import _to_dates

        if "date" in frame.columns:
            # dask reads Parquet strings as Arrow strings whose missing value is pd.NA
            raw = frame["date"].astype(object)
            dates = _to_dates(raw.where(raw.notna(), None))
        else:
            dates = pd.Series([pd.NaT] * len(frame), dtype="datetime64[ns]")
        values = dates.dt.strftime("%Y-%m").where(dates.notna(), None) if by == "month" else dates
    else:
        values = frame[by].reset_index(drop=True)
    present = values.notna().to_numpy()
    out = np.full(len(frame), None, dtype=object)
    numeric = bool(pd.api.types.is_numeric_dtype(values)) and not pd.api.types.is_bool_dtype(values)
    kept = values[present]
    out[present] = np.asarray(
        [str(v) for v in kept] if numeric else kept.astype(str).tolist(), dtype=object
    )
    return out, numeric


def _count_partition(frame: pd.DataFrame, plan: _Plan) -> _Part:
    """Tokenise and count one partition with the package's own counter."""
    texts = _texts_of(frame, plan.field)
    if plan.language is None and "language" in frame.columns:
        langs = [lg if lg in _tokens.LANGUAGES else "fr" for lg in frame["language"].fillna("fr")]
    else:
        langs = [plan.language or "fr"] * len(texts)
    labels, numeric = _labels_of(frame, plan.by)
    if not len(texts):
        empty = sp.csr_matrix((0, 0), dtype=np.int64)
        return _Part(pd.Index([], dtype=object), empty, np.zeros(0, np.int64), labels, numeric)
    c = _D._count_chunk(_D._texts(texts, 0, len(texts)), langs, plan.spec)
    terms = pd.Index(np.asarray(c.terms.to_pylist(), dtype=object), dtype=object)
    counts = sp.csr_matrix((c.data, c.indices, c.indptr), shape=(len(langs), len(terms)))
    return _Part(terms, counts, np.asarray(c.n_tokens, dtype=np.int64), labels, numeric)


class _Totals(NamedTuple):
    """Per-group aggregates (rows: ``labels``, None = documents without a group)."""

    labels: list[Any]
    terms: pd.Index
    counts: sp.csr_matrix  # groups × terms, occurrences
    docs: sp.csr_matrix  # groups × terms, documents containing the term
    n_docs: np.ndarray
    n_tokens: np.ndarray
    numeric: bool


def _indicator(labels: np.ndarray, names: list[Any]) -> sp.csr_matrix:
    index = {n: i for i, n in enumerate(names)}
    rows = np.fromiter((index[v] for v in labels), dtype=np.int64, count=len(labels))
    return sp.csr_matrix(
        (np.ones(len(labels), dtype=np.int64), (rows, np.arange(len(labels)))),
        shape=(len(names), len(labels)),
    )


def _unique_labels(labels: Iterable[Any]) -> list[Any]:
    present = {v for v in labels if v is not None}
    has_none = any(v is None for v in labels)
    return sorted(present) + ([None] if has_none else [])


def _part_totals(part: _Part) -> _Totals:
    names = _unique_labels(part.labels.tolist())
    ind = _indicator(part.labels, names)
    present = part.counts.copy()
    present.data = np.ones_like(present.data)
    return _Totals(
        names,
        part.terms,
        sp.csr_matrix(ind @ part.counts),
        sp.csr_matrix(ind @ present),
        np.asarray(ind.sum(axis=1)).ravel().astype(np.int64),
        np.asarray(ind @ part.n_tokens).ravel().astype(np.int64),
        part.numeric,
    )


def _realign(
    m: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    coo = m.tocoo()
    return sp.csr_matrix((coo.data, (rows[coo.row], cols[coo.col])), shape=shape)


def _merge_totals(*parts: _Totals) -> _Totals:
    """Sum per-group aggregates over their union of groups and terms (sorted, as dtm sorts)."""
    names = _unique_labels([v for p in parts for v in p.labels])
    terms = pd.Index(sorted(set().union(*(p.terms for p in parts))), dtype=object)
    row_of = {n: i for i, n in enumerate(names)}
    shape = (len(names), len(terms))
    counts = sp.csr_matrix(shape, dtype=np.int64)
    docs = sp.csr_matrix(shape, dtype=np.int64)
    n_docs = np.zeros(len(names), dtype=np.int64)
    n_tokens = np.zeros(len(names), dtype=np.int64)
    for p in parts:
        rows = np.array([row_of[v] for v in p.labels], dtype=np.int64)
        cols = terms.get_indexer(p.terms)
        counts = counts + _realign(p.counts, rows, cols, shape)
        docs = docs + _realign(p.docs, rows, cols, shape)
        np.add.at(n_docs, rows, p.n_docs)
        np.add.at(n_tokens, rows, p.n_tokens)
    return _Totals(
        names, terms, counts.tocsr(), docs.tocsr(), n_docs, n_tokens, any(p.numeric for p in parts)
    )


def _in_vocab(part: _Part, vocab: pd.Index) -> sp.csr_matrix:
    """The partition's counts on the columns of the global vocabulary (other terms dropped)."""
    cols = vocab.get_indexer(part.terms)
    keep = cols >= 0
    m = part.counts[:, keep].tocsr()
    return sp.csr_matrix((m.data, cols[keep][m.indices], m.indptr), shape=(m.shape[0], len(vocab)))


def _group_rows(part: _Part, names: list[str]) -> np.ndarray:
    """Row of each document's group in ``names``; -1 for documents without a group."""
    index = {n: i for i, n in enumerate(names)}
    return np.array(
        [index.get(v, -1) if v is not None else -1 for v in part.labels], dtype=np.int64
    )


def _part_tfidf(
    part: _Part,
    vocab: pd.Index,
    idf: np.ndarray,
    names: list[str],
    sublinear: bool,
    norm: str | None,
) -> sp.csr_matrix:
    """Sum, over each group's documents, of their TF-IDF rows (groups × vocabulary).

    The weights are those of :func:`analysis.frequency.tfidf_matrix` — ``tf · idf``, then the
    row norm — written out here because the idf must be the corpus-wide one, which no
    partition can compute from its own rows.
    """
    w = sp.csr_matrix(_in_vocab(part, vocab), dtype=float)
    if sublinear:
        w.data = 1.0 + np.log(w.data)
    w = sp.csr_matrix(w @ sp.diags(idf))
    if norm is not None:
        sq = w.multiply(w) if norm == "l2" else abs(w)
        row = np.asarray(sq.sum(axis=1)).ravel()
        if norm == "l2":
            row = np.sqrt(row)
        inv = np.divide(1.0, row, out=np.zeros_like(row), where=row > 0)
        w = sp.csr_matrix(sp.diags(inv) @ w)
    rows = _group_rows(part, names)
    docs = np.flatnonzero(rows >= 0)
    ind = sp.csr_matrix((np.ones(len(docs)), (rows[docs], docs)), shape=(len(names), len(rows)))
    return sp.csr_matrix(ind @ w)


def _part_dp(
    part: _Part,
    vocab: pd.Index,
    names: list[str],
    term_totals: np.ndarray,
    group_tokens: np.ndarray,
) -> sp.csr_matrix:
    """This partition's share of Gries' DP sum for every group and term.

    :func:`analysis.keyness.gries_dp` writes DP as
    ``½ (1 + Σ_{d: c_d > 0} (|c_d/T − L_d/S| − L_d/S))`` over the target's documents, with
    ``T`` the term's count and ``S`` the running words of the target. The sum splits over
    partitions once ``T`` and ``S`` (``term_totals``, ``group_tokens``) are known.
    """
    coo = _in_vocab(part, vocab).tocoo()
    rows = _group_rows(part, names)
    g = rows[coo.row]
    ok = g >= 0
    g, d, t, c = g[ok], coo.row[ok], coo.col[ok], coo.data[ok].astype(float)
    total = term_totals[g, t]
    s = part.n_tokens[d].astype(float) / group_tokens[g]
    values = np.abs(c / total - s) - s
    return sp.csr_matrix((values, (g, t)), shape=(len(names), len(vocab)))


def _sum_matrices(*ms: sp.csr_matrix) -> sp.csr_matrix:
    out = ms[0]
    for m in ms[1:]:
        out = out + m
    return sp.csr_matrix(out)


def _tree(client: Client, fn: Any, futures: list[Any]) -> Any:
    """Reduce futures on the cluster, ``_FAN_IN`` at a time; returns one future."""
    while len(futures) > 1:
        futures = [
            client.submit(fn, *futures[i : i + _FAN_IN], pure=False)
            for i in range(0, len(futures), _FAN_IN)
        ]
    return futures[0]


# -------------------------------------------------------------------------------------------
# On the client: the aggregates
class _Aggregate(NamedTuple):
    """Everything the statistics need, for the groups of ``by`` and the whole corpus."""

    groups: pd.Index  # sorted as DTM.group_indicator sorts them
    terms: pd.Index  # the vocabulary after min_df, sorted
    counts: np.ndarray  # groups × terms
    docs: np.ndarray  # groups × terms
    n_docs: np.ndarray  # per group
    n_tokens: np.ndarray  # per group (running words, stop words included)
    corpus_counts: np.ndarray  # per term, every document (also those without a group)
    corpus_docs: np.ndarray
    corpus_n_docs: int
    corpus_n_tokens: int
    options: dict[str, Any]


class _Session:
    """One counting pass over the partitions, whose counts stay on the workers until closed."""

    def __init__(self, frame: Any, plan: _Plan, client: Client) -> None:
        from dask import delayed

        self.plan, self.client = plan, client
        count = delayed(_count_partition, pure=True)
        self.parts = client.compute([count(p, plan) for p in frame.to_delayed()])
        self._scattered: list[Any] = []
        try:
            totals = [client.submit(_part_totals, f, pure=False) for f in self.parts]
            merged: _Totals = _tree(client, _merge_totals, totals).result()
            self.agg = self._aggregate(merged)
        except BaseException:
            self.close()
            raise

    def _aggregate(self, t: _Totals) -> _Aggregate:
        corpus_docs = np.asarray(t.docs.sum(axis=0)).ravel()
        keep = corpus_docs >= self.plan.min_df
        if not keep.any():
            n = int(t.n_docs.sum())
            if len(t.terms) == 0:
                raise EmptyVocabularyError(
                    f"empty vocabulary: no term survived in {n} document(s) "
                    f"(field={self.plan.field!r}); "
                    "perhaps every token was a stop word or a number, or the documents are empty."
                )
            raise EmptyVocabularyError(
                f"empty vocabulary: no term occurs in min_df={self.plan.min_df} documents."
            )
        counts = t.counts[:, keep].toarray()
        docs = t.docs[:, keep].toarray()
        named = [i for i, v in enumerate(t.labels) if v is not None]
        labels = [t.labels[i] for i in named]
        if t.numeric:
            # numbers (years, positions) in numeric order, as DTM.group_indicator orders them
            named = [i for _, i in sorted(zip((float(v) for v in labels), named, strict=True))]
            labels = [t.labels[i] for i in named]
        return _Aggregate(
            groups=pd.Index(labels, name="group", dtype=object),
            terms=pd.Index(t.terms[keep], name="term", dtype=object),
            counts=counts[named],
            docs=docs[named],
            n_docs=t.n_docs[named],
            n_tokens=t.n_tokens[named],
            corpus_counts=counts.sum(axis=0),
            corpus_docs=docs.sum(axis=0),
            corpus_n_docs=int(t.n_docs.sum()),
            corpus_n_tokens=int(t.n_tokens.sum()),
            options=self.plan.options,
        )

    def _broadcast(self, value: Any) -> Any:
        # a list is wrapped, or scatter would send each element as its own piece of data
        (future,) = self.client.scatter([value], broadcast=True)
        self._scattered.append(future)
        return future

    def second_pass(self, fn: Any, *args: Any) -> np.ndarray:
        """``fn(part, *args)`` on every partition (groups × terms), summed on the cluster."""
        shared = [self._broadcast(a) for a in args]
        mapped = [self.client.submit(fn, f, *shared, pure=False) for f in self.parts]
        return _tree(self.client, _sum_matrices, mapped).result().toarray()

    def close(self) -> None:
        for f in [*self.parts, *self._scattered]:
            f.release()
        self.parts, self._scattered = [], []

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# -------------------------------------------------------------------------------------------
# Up-front checks of the statistics' options (before anything is sent to the cluster)
def _check_frequency(top: int | None, min_count: int) -> int:
    if top is not None:
        check_positive_int("top", top)
    return check_positive_int("min_count", min_count)


def _check_tfidf(unit: str, top: int | None, norm: str | None) -> None:
    check_choice("unit", unit, ("document", "group"))
    check_choice("norm", norm, ("l2", "l1", None))
    if top is not None:
        check_positive_int("top", top)


def _check_keyness(
    *,
    reference: Any,
    measure: str,
    test: str,
    min_docs: int,
    min_count: int,
    alpha: float,
    rank: str,
    prior_size: float,
    top: int | None,
) -> None:
    K = importlib.import_module("analysis.keyness")
    check_choice("measure", measure, K.MEASURES)
    check_choice("test", test, K.TESTS)
    if test != "token":
        raise OptionError(
            f"test={test!r} compares the rates of single documents, which a cluster run does not "
            "bring back; use test='token' here, or analysis.keyness on a sample that fits in "
            "memory."
        )
    if isinstance(reference, K.GeneralReference):
        raise OptionError(
            "a wordfreq reference is not available on the cluster; compare groups here, or use "
            "analysis.keyness(..., reference=general_reference(...)) in memory."
        )
    if reference is not None and not isinstance(reference, str):
        raise InputTypeError(
            "reference must be None, a group name or 'pairwise'; "
            f"received {type(reference).__name__}."
        )
    check_choice("rank", rank, K.RANKS)
    check_positive_int("min_docs", min_docs)
    check_positive_int("min_count", min_count)
    if isinstance(alpha, bool) or not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise OptionError(f"alpha must be a number between 0 and 1; received {alpha!r}.")
    if isinstance(prior_size, bool) or not (
        isinstance(prior_size, (int, float)) and prior_size > 0
    ):
        raise OptionError(
            f"prior_size must be a positive number of words; received {prior_size!r}."
        )
    if top is not None:
        check_positive_int("top", top)


# -------------------------------------------------------------------------------------------
# Counting once, for several statistics
def count(
    frame: dd.DataFrame, *, by: str | None = None, client: Client | None = None, **options: Any
) -> ClusterCounts:
    """Count the articles on the cluster once, for several statistics.

    Each statistic function (:func:`term_counts`, :func:`keyness` …) counts the text again;
    ``count`` reads and tokenises it once, brings back the per-group aggregates, and keeps
    each partition's sparse counts in the workers' memory for the statistics that need a
    second pass (TF-IDF by document, keyness's dispersion) until :meth:`ClusterCounts.close`.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        From :func:`read_articles`: a ``text`` column and the metadata.
    by : str or None
        Metadata column that defines the groups (``"month"`` is derived from ``date`` as
        :func:`analysis.dtm` derives it); ``None`` = one group ``"all"``. Documents whose
        value is missing belong to no group (but to "the rest" in keyness, as in memory).
    client : distributed.Client or None
        Default: the current client (:func:`connect`).
    **options
        The counting options of :func:`analysis.dtm` (:data:`DTM_OPTIONS`): ``field``
        (``"body"``, ``"title"``, ``"all"``), ``ngram``, ``lemmatize``, ``language``,
        ``keep_numbers``, ``extra_stopwords``, ``keep_stopwords``, ``min_df``.

    Returns
    -------
    ClusterCounts
        Use it as a context manager, or call ``close()``, to free the workers' memory.

    Raises
    ------
    OptionError, InputTypeError, CorpusError
        For an unknown option or value, a non-dask input, a missing ``text`` or ``by`` column,
        or no client.
    EmptyVocabularyError
        If no term survives.

    Examples
    --------
    >>> with dist.count(articles, by="outlet") as counted:  # doctest: +SKIP
    ...     freq = counted.term_frequencies(top=20)
    ...     key = counted.keyness(target="Le Figaro")
    """
    plan = _plan(frame, by, options)
    return ClusterCounts(_Session(frame, plan, _client(client)))


class ClusterCounts:
    """Articles counted on a cluster by :func:`count`: the aggregates, and the workers' counts.

    Attributes
    ----------
    by : str or None
    groups : pandas.Index
        The groups of ``by``, ordered as :func:`analysis.keyness.groups_of` orders them.
    terms : pandas.Index
        The vocabulary (after ``min_df``), sorted.
    options : dict
        The counting options, as :attr:`analysis.dtm.DTM.options` records them.
    """

    def __init__(self, session: _Session) -> None:
        self._session: _Session | None = session
        self._agg = session.agg
        self.by = session.plan.by

    @property
    def groups(self) -> pd.Index:
        return self._agg.groups

    @property
    def terms(self) -> pd.Index:
        return self._agg.terms

    @property
    def options(self) -> dict[str, Any]:
        return dict(self._agg.options)

    def __repr__(self) -> str:
        state = "closed" if self._session is None else "open"
        return (
            f"<ClusterCounts: {self._agg.corpus_n_docs} documents, {len(self.terms)} terms, "
            f"by={self.by!r} ({len(self.groups)} groups), {state}>"
        )

    def close(self) -> None:
        """Free the partition counts held by the workers (the aggregates stay usable)."""
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self) -> ClusterCounts:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _second_pass(self, what: str, fn: Any, *args: Any) -> np.ndarray:
        if self._session is None:
            raise OptionError(
                f"{what} needs the partition counts, which close() has freed; count again "
                "with analysis.distributed.count(...)."
            )
        return self._session.second_pass(fn, *args)

    # -- the statistics --------------------------------------------------------------------
    def term_counts(self) -> pd.DataFrame:
        """See :func:`term_counts`."""
        a = self._agg
        g, t = np.nonzero(a.counts > 0)
        out = pd.DataFrame(
            {
                "group": a.groups.to_numpy()[g],
                "term": a.terms.to_numpy()[t],
                "count": a.counts[g, t].astype(np.int64),
                "docs": a.docs[g, t].astype(np.int64),
            }
        )
        return out[list(TERM_COUNT_COLUMNS)]

    def document_frequencies(self) -> pd.DataFrame:
        """See :func:`document_frequencies` (the whole corpus, whatever ``by``)."""
        a = self._agg
        return pd.DataFrame(
            {
                "term": a.terms.to_numpy(),
                "count": a.corpus_counts.astype(np.int64),
                "doc_freq": a.corpus_docs.astype(np.int64),
            }
        )[list(DOCUMENT_FREQUENCY_COLUMNS)]

    def term_frequencies(self, *, top: int | None = None, min_count: int = 1) -> pd.DataFrame:
        """See :func:`term_frequencies`."""
        from analysis.frequency import _frequency_table

        min_count = _check_frequency(top, min_count)
        a = self._agg
        return _frequency_table(
            a.groups, a.terms, a.counts, a.docs, a.n_tokens, min_count=min_count, top=top
        )

    def tfidf_terms(
        self,
        *,
        unit: str = "document",
        top: int | None = 20,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        norm: str | None = "l2",
    ) -> pd.DataFrame:
        """See :func:`tfidf_terms`."""
        from analysis.frequency import TFIDF_COLUMNS, _long, _sort, tfidf_matrix

        _check_tfidf(unit, top, norm)
        a = self._agg
        if unit == "group":
            if len(a.groups) < 2:
                raise OptionError(
                    "unit='group' needs at least two groups (idf over one group is constant); "
                    f"by={self.by!r} gives {len(a.groups)}. Use unit='document' or another by=."
                )
            scores = np.asarray(
                tfidf_matrix(
                    a.counts, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm
                ).todense()
            )
        else:
            n, df = float(a.corpus_n_docs), a.corpus_docs.astype(float)
            # the idf of tfidf_matrix, on the document frequencies of the whole corpus
            if smooth_idf:
                idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
            else:
                idf = np.where(df > 0, np.log(n / np.where(df > 0, df, 1.0)) + 1.0, 0.0)
            sums = self._second_pass(
                "TF-IDF by document",
                _part_tfidf,
                a.terms,
                idf,
                list(a.groups),
                bool(sublinear_tf),
                norm,
            )
            sizes = a.n_docs.astype(float)
            inv = np.divide(1.0, sizes, out=np.zeros_like(sizes), where=sizes > 0)
            scores = sums * inv[:, None]
        out = _long(
            a.groups,
            a.terms,
            count=a.counts.astype(np.int64),
            tfidf=scores,
            doc_freq=a.docs.astype(np.int64),
        )
        out = _sort(out, "tfidf")
        if top is not None:
            out = out.groupby("group", sort=False).head(top).reset_index(drop=True)
        return out[TFIDF_COLUMNS]

    def keyness(
        self,
        *,
        target: str | list[str] | None = None,
        reference: str | None = None,
        measure: str = "g2",
        test: str = "token",
        min_docs: int = 3,
        min_count: int = 1,
        alpha: float = 0.05,
        rank: str = "effect",
        prior_size: float = 1000.0,
        top: int | None = None,
    ) -> pd.DataFrame:
        """See :func:`keyness`."""
        K = importlib.import_module("analysis.keyness")
        _check_keyness(
            reference=reference, measure=measure, test=test, min_docs=min_docs,
            min_count=min_count, alpha=alpha, rank=rank, prior_size=prior_size, top=top,
        )  # fmt: skip
        a, by = self._agg, self.by
        names = [str(g) for g in a.groups]
        targets = K._targets(target, names, by)
        if reference not in (None, "pairwise") and reference not in names:
            shown = ", ".join(repr(n) for n in names[:20])
            raise OptionError(
                f"reference {reference!r} is not a group of by={by!r}; the groups are {shown}."
            )
        if reference is None and len(names) < 2:
            raise OptionError(
                f"target {targets[0]!r} holds every document (by={by!r} gives one group), so "
                "'the rest' is empty. Choose a by= with several groups."
            )
        pairs = K._pairs(targets, names, reference)
        # Gries' DP of every group, from the group totals: one more pass over the counts
        dp_sum = self._second_pass(
            "keyness (Gries' DP)",
            _part_dp,
            a.terms,
            names,
            a.counts.astype(float),
            a.n_tokens.astype(float),
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            dp = np.where(a.counts > 0, 0.5 * (1.0 + dp_sum), np.nan)

        index = {n: i for i, n in enumerate(names)}
        corpus_counts = a.corpus_counts.astype(float)
        tables = []
        for t, r in pairs:
            i = index[t]
            a_t = a.counts[i].astype(float)
            df_t = a.docs[i]
            n_t = float(a.n_tokens[i])
            if r == "rest":
                # the rest is every other document, also those without a value of ``by``
                b_r = corpus_counts - a_t
                df_r = a.corpus_docs - df_t
                n_r = float(a.corpus_n_tokens) - n_t
            else:
                j = index[r]
                b_r, df_r, n_r = a.counts[j].astype(float), a.docs[j], float(a.n_tokens[j])
            used = (a_t + b_r) > 0
            fw = None
            if measure == "fightin_words":
                alpha_w = prior_size * corpus_counts / corpus_counts.sum()
                fw = {
                    "alpha": alpha_w[used],
                    "n_i": a_t.sum(),
                    "n_j": b_r.sum(),
                    "alpha0": prior_size,
                }
            table = K.keyness_table(
                a.terms[used], a_t[used], b_r[used], n_t, n_r, measure=measure, target=t,
                reference=r, doc_freq_target=df_t[used], doc_freq_reference=df_r[used], fw=fw,
            )  # fmt: skip
            pos = a.terms.get_indexer(table["term"])
            n_docs_t = int(a.n_docs[i])
            table["range_target"] = df_t[pos] / n_docs_t if n_docs_t else np.nan
            table["dp_target"] = dp[i][pos]
            # as analysis.keyness._compare: evidence thresholds on the side the term is key for
            keep = np.where(
                table["stat"] >= 0,
                (table["doc_freq_target"] >= min_docs) & (table["n_target"] >= min_count),
                (table["doc_freq_reference"] >= min_docs) & (table["n_reference"] >= min_count),
            )
            table = table[keep].reset_index(drop=True)
            if len(table):
                table["p_adj"] = K._bh(table["p"].to_numpy())
            tables.append(K._top(K._rank(table, rank, alpha), top))
        return pd.concat(tables, ignore_index=True)[K.KEYNESS_COLUMNS]


# -------------------------------------------------------------------------------------------
# The statistics in one call each (count, compute, free the workers' memory)
def term_counts(
    frame: dd.DataFrame, *, by: str | None = None, client: Client | None = None, **options: Any
) -> pd.DataFrame:
    """Occurrences and documents of every term in every group, counted on the cluster.

    The same numbers as :func:`analysis.frequency.group_counts` on
    ``analysis.dtm(corpus, **options)`` of the same articles.

    Parameters
    ----------
    frame, by, client, **options
        As for :func:`count`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TERM_COUNT_COLUMNS` — ``group, term, count, docs`` — one row per group
        and term with ``count > 0``; groups in :func:`analysis.keyness.groups_of` order, terms
        sorted. ``count`` and ``docs`` are int64.

    Raises
    ------
    OptionError, InputTypeError, CorpusError, EmptyVocabularyError
        As :func:`count`.
    """
    with count(frame, by=by, client=client, **options) as counted:
        return counted.term_counts()


def document_frequencies(
    frame: dd.DataFrame, *, client: Client | None = None, **options: Any
) -> pd.DataFrame:
    """Total count and document frequency of every term of the corpus, counted on the cluster.

    The numbers of :meth:`analysis.dtm.DTM.term_counts` and
    :meth:`~analysis.dtm.DTM.doc_frequencies`.

    Parameters
    ----------
    frame, client, **options
        As for :func:`count`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DOCUMENT_FREQUENCY_COLUMNS` — ``term, count, doc_freq`` (int64) — one
        row per term of the vocabulary, sorted by term.
    """
    with count(frame, by=None, client=client, **options) as counted:
        return counted.document_frequencies()


def term_frequencies(
    frame: dd.DataFrame,
    *,
    by: str | None = None,
    top: int | None = None,
    min_count: int = 1,
    client: Client | None = None,
    **options: Any,
) -> pd.DataFrame:
    """:func:`analysis.frequency.term_frequencies` of articles counted on the cluster.

    .. math:: \\mathrm{per\\_10k}(t, g) = 10\\,000 \\cdot c_{t,g} / N_g

    with :math:`N_g` the group's running words, stop words included.

    Parameters
    ----------
    frame, by, client, **options
        As for :func:`count`.
    top, min_count
        As for :func:`analysis.frequency.term_frequencies`.

    Returns
    -------
    pandas.DataFrame
        :data:`analysis.frequency.FREQUENCY_COLUMNS`, in the same order as the in-memory table.
    """
    _check_frequency(top, min_count)
    with count(frame, by=by, client=client, **options) as counted:
        return counted.term_frequencies(top=top, min_count=min_count)


def tfidf_terms(
    frame: dd.DataFrame,
    *,
    by: str | None = None,
    unit: str = "document",
    top: int | None = 20,
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    norm: str | None = "l2",
    client: Client | None = None,
    **options: Any,
) -> pd.DataFrame:
    """:func:`analysis.frequency.tfidf_terms` of articles counted on the cluster.

    ``unit="group"`` applies :func:`analysis.frequency.tfidf_matrix` to the ``groups × terms``
    counts brought back from the cluster. ``unit="document"`` needs each document's weights

    .. math::

        w(d,t) = \\frac{\\mathrm{tf}(d,t)\\,\\mathrm{idf}(t)}
                        {\\lVert \\mathrm{tf}(d,\\cdot)\\,\\mathrm{idf} \\rVert}

    with the corpus-wide idf (see :func:`~analysis.frequency.tfidf_matrix`): the idf is
    computed from the first pass's document frequencies, sent to the workers, and each
    partition returns the per-group sums of its documents' weights; the score is their mean
    over the group's documents.

    Parameters
    ----------
    frame, by, client, **options
        As for :func:`count`.
    unit, top, smooth_idf, sublinear_tf, norm
        As for :func:`analysis.frequency.tfidf_terms`.

    Returns
    -------
    pandas.DataFrame
        :data:`analysis.frequency.TFIDF_COLUMNS`.

    Raises
    ------
    OptionError
        As :func:`analysis.frequency.tfidf_terms` (e.g. ``unit="group"`` with one group).
    """
    _check_tfidf(unit, top, norm)
    with count(frame, by=by, client=client, **options) as counted:
        return counted.tfidf_terms(
            unit=unit, top=top, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm
        )


def keyness(
    frame: dd.DataFrame,
    *,
    by: str | None = None,
    target: str | list[str] | None = None,
    reference: str | None = None,
    measure: str = "g2",
    test: str = "token",
    min_docs: int = 3,
    min_count: int = 1,
    alpha: float = 0.05,
    rank: str = "effect",
    prior_size: float = 1000.0,
    top: int | None = None,
    client: Client | None = None,
    **options: Any,
) -> pd.DataFrame:
    """:func:`analysis.keyness.keyness` of articles counted on the cluster.

    The cluster returns, for every group and term, the 2 × 2 table's counts (``a``, and the
    corpus totals from which ``b`` follows for "the rest"), the running words and the
    document frequencies; the scores are then computed on the client by
    :func:`analysis.keyness.keyness_table` — the same code as in memory — and filtered,
    adjusted (Benjamini–Hochberg) and ranked by the same helpers. Gries' DP
    (``dp_target``) is summed over the partitions in a second pass (see
    :func:`analysis.keyness.gries_dp`).

    Parameters
    ----------
    frame, by, client, **options
        As for :func:`count`.
    target, reference, measure, min_docs, min_count, alpha, rank, prior_size, top
        As for :func:`analysis.keyness.keyness`; ``reference`` is ``None`` (the rest of the
        corpus, including documents without a ``by`` value), a group, or ``"pairwise"``.
    test : {"token"}
        Only the token-level test: ``"welch"`` and ``"mannwhitney"`` compare every
        document's rate, which the aggregates do not keep.

    Returns
    -------
    pandas.DataFrame
        :data:`analysis.keyness.KEYNESS_COLUMNS`, as the in-memory table.

    Raises
    ------
    OptionError
        As :func:`analysis.keyness.keyness`; also for a document-level ``test`` or a wordfreq
        reference (use the in-memory path on a sample for those).

    References
    ----------
    Dunning (1993); Hardie (2014); Lafon (1980); Monroe, Colaresi & Quinn (2008); Gries (2008):
    see :mod:`analysis.keyness`.
    """
    kw = dict(
        reference=reference, measure=measure, test=test, min_docs=min_docs,
        min_count=min_count, alpha=alpha, rank=rank, prior_size=prior_size, top=top,
    )  # fmt: skip
    _check_keyness(**kw)
    with count(frame, by=by, client=client, **options) as counted:
        return counted.keyness(target=target, **kw)
