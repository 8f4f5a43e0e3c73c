"""A labelled document-term matrix: counts with their document ids, terms and metadata.

The matrix never travels bare. A :class:`DTM` keeps

* ``counts`` — a ``scipy.sparse.csr_matrix`` (documents × terms);
* ``docs`` — one row per document (index = document id) with the articles'
  metadata for grouping (``outlet``, ``date``, ``month``, ``language``, … and,
  for segment units, ``article_id``, ``position``, ``role``), plus
  ``n_tokens`` — every running word of the document **including stop words**,
  the denominator of every rate — and ``n_terms`` — the tokens kept as terms;
* ``terms`` — the vocabulary, in a fixed (sorted) order;
* ``weighting`` — ``"count"`` until :meth:`DTM.weight` is called, so that a
  matrix is never weighted twice and keyness never runs on weighted values
  unless forced;
* ``options`` — how it was built (field, unit, n-gram range, lemmas …).

Build one with :func:`dtm`; the statistics in :mod:`analysis.frequency` and
:mod:`analysis.keyness` accept either a DTM or a Corpus (then built with the
default options).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis import tokens as _tokens
from analysis.errors import (
    EmptyVocabularyError,
    InputTypeError,
    OptionError,
    WeightingError,
    check_choice,
)
from analysis.parallel import PARALLEL_MIN_DOCS, chunk_bounds, map_chunks, resolve_n_jobs
from analysis.progress import progress_bar
from analysis.tables import release_arrow_memory

__all__ = ["DTM", "dtm", "as_dtm", "comparison_groups", "FIELDS", "UNITS", "PARALLEL_MIN_DOCS"]

#: Which text of an article becomes the document.
FIELDS = ("body", "title", "captions", "all")
#: What one document is: a whole article, or one segment (paragraph, caption, title …).
UNITS = ("article", "segment")
#: Segment roles that make up each field when ``unit="segment"``.
_FIELD_ROLES = {
    "body": ("body",),
    "title": ("title",),
    "captions": ("caption",),
    "all": ("title", "caption", "body"),
}
WEIGHTINGS = ("count", "proportion", "tfidf")
# Documents per task: enough tasks per worker to balance the load, few enough that merging
# their vocabularies stays cheap, small enough to bound the text held in flight.
_CHUNK_MIN_DOCS = 250
_CHUNK_MAX_DOCS = 4_000
# In parallel, the parent counts this many documents before forking the workers: they
# inherit the tokeniser's tables (the frequent chunks and words) instead of each building
# them from nothing.
_WARM_UP_DOCS = 500


def doc_freq(counts: sp.spmatrix | sp.sparray) -> np.ndarray:
    """Document frequency of each column: the rows where it has a stored (non-zero) count.

    :math:`df_t = |\\{d : c_{d,t} \\neq 0\\}|`, read from the CSR structure
    (``bincount`` of the column indices) instead of converting to CSC, which at 100,000
    documents costs half a second per call. Same values and dtype as
    ``np.diff(counts.tocsc().indptr)``.
    """
    csr = counts if counts.format == "csr" else counts.tocsr()
    return np.bincount(csr.indices, minlength=csr.shape[1]).astype(csr.indices.dtype, copy=False)


@dataclass(frozen=True)
class DTM:
    """A document-term matrix that keeps its labels.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix
        ``n_docs × n_terms``; integer counts unless :attr:`weighting` says otherwise.
    docs : pandas.DataFrame
        One row per document, index named ``doc_id``; always has ``n_tokens``
        (running words including stop words) and ``n_terms`` (tokens kept as terms).
    terms : pandas.Index
        The vocabulary, sorted.
    weighting : str
        ``"count"``, ``"proportion"`` or ``"tfidf"``.
    options : dict
        How the matrix was built.
    """

    counts: sp.csr_matrix
    docs: pd.DataFrame
    terms: pd.Index
    weighting: str = "count"
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.counts.shape != (len(self.docs), len(self.terms)):
            raise ValueError(
                f"counts has shape {self.counts.shape} but there are {len(self.docs)} documents "
                f"and {len(self.terms)} terms"
            )

    # -- views ---------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        """``(n_docs, n_terms)``."""
        return self.counts.shape

    @property
    def doc_ids(self) -> pd.Index:
        """The document ids, in row order."""
        return self.docs.index

    def __len__(self) -> int:
        return self.counts.shape[0]

    def __repr__(self) -> str:
        n_docs, n_terms = self.shape
        return (
            f"<DTM: {n_docs} documents × {n_terms} terms, {self.options.get('unit', 'article')}s, "
            f"field={self.options.get('field')!r}, ngram={self.options.get('ngram')!r}, "
            f"weighting={self.weighting!r}>"
        )

    def to_frame(self) -> pd.DataFrame:
        """The matrix as a dense DataFrame (documents × terms). For small matrices only."""
        return pd.DataFrame(self.counts.toarray(), index=self.docs.index, columns=self.terms)

    def term_counts(self) -> pd.Series:
        """Total count of each term over all documents, indexed by term."""
        return pd.Series(np.asarray(self.counts.sum(axis=0)).ravel(), index=self.terms)

    def doc_frequencies(self) -> pd.Series:
        """Number of documents in which each term occurs, indexed by term."""
        return pd.Series(doc_freq(self.counts), index=self.terms)

    # -- derived matrices ----------------------------------------------------------------
    def subset(self, mask: Sequence[bool] | np.ndarray | pd.Series) -> DTM:
        """The documents where ``mask`` is true; terms absent from all of them are dropped."""
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (len(self),):
            raise OptionError(f"mask must have one boolean per document ({len(self)}); got {mask.shape}.")
        counts = self.counts[mask]
        keep = np.asarray((counts != 0).sum(axis=0)).ravel() > 0
        return replace(self, counts=counts[:, keep].tocsr(), docs=self.docs[mask], terms=self.terms[keep])

    def group_indicator(self, by: str | None) -> tuple[pd.Index, sp.csr_matrix]:
        """Groups of ``by`` and the ``n_groups × n_docs`` 0/1 matrix mapping documents to them.

        ``by=None`` is one group named ``"all"``. Documents whose ``by`` value is missing
        belong to no group. Groups are sorted by name.
        """
        if by is None:
            return pd.Index(["all"], name="group"), sp.csr_matrix(np.ones((1, len(self))))
        if by not in self.docs.columns:
            allowed = ", ".join(repr(c) for c in self.docs.columns if c not in ("n_tokens", "n_terms"))
            raise OptionError(f"by={by!r} is not a metadata column of this matrix; choose one of {allowed}.")
        values = self.docs[by]
        present = values.notna().to_numpy()
        kept = values[present]
        labels = kept.astype(str)
        if pd.api.types.is_numeric_dtype(kept):
            # numbers (paragraph positions, years) in numeric order, not "10" < "4"
            order = sorted(pd.unique(kept))
            groups = pd.Index([str(v) for v in order], name="group")
        else:
            groups = pd.Index(sorted(labels.unique()), name="group")
        rows = groups.get_indexer(labels)
        cols = np.flatnonzero(present)
        ind = sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(groups), len(self)))
        return groups, ind

    def weight(self, scheme: str = "tfidf", *, force: bool = False, **options: Any) -> DTM:
        """Return a weighted copy.

        Parameters
        ----------
        scheme : {"proportion", "tfidf"}
            ``"proportion"`` divides each row by the document's ``n_tokens`` (running words,
            stop words included). ``"tfidf"`` applies :func:`analysis.frequency.tfidf_matrix`
            (see its docstring for the formula); ``options`` are passed on to it.
        force : bool
            Weight a matrix that is already weighted (normally refused).

        Raises
        ------
        WeightingError
            If the matrix is already weighted and ``force`` is false.
        """
        check_choice("scheme", scheme, WEIGHTINGS[1:])
        if self.weighting != "count" and not force:
            raise WeightingError(
                f"this matrix is already weighted ({self.weighting!r}); weighting it again with "
                f"{scheme!r} is almost always a mistake. Weight the count matrix instead, or pass force=True."
            )
        if scheme == "proportion":
            lengths = self.docs["n_tokens"].to_numpy(dtype=float)
            inv = np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0)
            weighted = sp.diags(inv) @ self.counts
        else:
            from analysis.frequency import tfidf_matrix

            weighted = tfidf_matrix(self.counts, **options)
        return replace(self, counts=sp.csr_matrix(weighted, dtype=float), weighting=scheme)

    def require_counts(self, what: str, *, force: bool = False) -> None:
        """Raise :class:`WeightingError` unless the matrix holds raw counts (or ``force``)."""
        if self.weighting != "count" and not force:
            raise WeightingError(
                f"{what} needs raw counts but this matrix is weighted ({self.weighting!r}). "
                "Pass the count matrix (analysis.dtm(...)) or force=True."
            )


# -------------------------------------------------------------------------------------------
def _ngram_range(ngram: int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(ngram, bool):
        raise OptionError(f"ngram must be an integer n >= 1 or a (min_n, max_n) pair; received {ngram!r}.")
    if isinstance(ngram, int):
        lo = hi = ngram
    elif isinstance(ngram, tuple) and len(ngram) == 2 and all(isinstance(v, int) for v in ngram):
        lo, hi = ngram
    else:
        raise OptionError(f"ngram must be an integer n >= 1 or a (min_n, max_n) pair; received {ngram!r}.")
    if lo < 1 or hi < lo:
        raise OptionError(f"ngram must satisfy 1 <= min_n <= max_n; received {ngram!r}.")
    return lo, hi


def terms_of(
    stream: _tokens.TokenStream,
    *,
    ngram: tuple[int, int] = (1, 1),
    keep_numbers: bool = False,
    stop: frozenset[str] | None = None,
) -> list[str]:
    """The terms of one token stream.

    Unigrams are the tokens that are neither stop words nor (unless ``keep_numbers``)
    numbers. An n-gram (n >= 2) is ``n`` consecutive tokens of the *full* stream within
    one sentence, joined by a space, and is dropped when a stop word or a dropped number
    stands at either edge.
    """
    toks = stream.tokens
    if stop is None:
        is_stop = stream.is_stop
    else:
        is_stop = [t in stop for t in toks]
    droppable = [s or (n and not keep_numbers) for s, n in zip(is_stop, stream.is_number)]
    out: list[str] = []
    lo, hi = ngram
    if lo <= 1:
        out.extend(t for t, d in zip(toks, droppable) if not d)
    sent = stream.sentence
    for n in range(max(lo, 2), hi + 1):
        for i in range(len(toks) - n + 1):
            j = i + n - 1
            if droppable[i] or droppable[j] or sent[i] != sent[j]:
                continue
            out.append(" ".join(toks[i : j + 1]))
    return out


def _documents(
    corpus: Any, field: str, unit: str, include_off_story: bool
) -> tuple[pd.Series, pd.DataFrame]:
    """Texts (a Series, read in chunks with :func:`_texts`) and metadata of each document."""
    articles = corpus.articles
    meta_cols = [c for c in articles.columns if c not in ("text",)]
    if unit == "article":
        if field == "body":
            # Corpus.texts("body") is articles["text"] turned into a list of Python strings:
            # read the column itself, chunk by chunk, so the text is never held twice.
            texts = articles["text"]
            ids = pd.Index(articles["id"], name="id")
        else:
            texts = corpus.texts(field, include_off_story=include_off_story)
            ids = texts.index
        meta = articles.set_index("id")[[c for c in meta_cols if c != "id"]]
        meta = meta.loc[ids]
        meta.insert(0, "article_id", meta.index.astype(str))
        meta.index.name = "doc_id"
        return texts, meta
    segs = corpus.segments
    segs = segs[segs["role"].isin(_FIELD_ROLES[field])]
    if not include_off_story and "on_story" in segs.columns:
        segs = segs[segs["on_story"].fillna(True).astype(bool)]
    segs = segs.sort_values(["id", "position"], kind="stable")
    art = articles.set_index("id")[[c for c in meta_cols if c not in ("id", "title")]]
    seg_cols = [c for c in segs.columns if c not in ("text",)]
    meta = segs[seg_cols].rename(columns={"id": "article_id"})
    meta = meta.join(art, on="article_id")
    meta.index = pd.Index(
        [f"{a}#{p}" for a, p in zip(meta["article_id"], meta["position"])], name="doc_id"
    )
    return segs["text"], meta


def _texts(texts: pd.Series, start: int, stop: int, *, compact: bool = False) -> list[str] | Any:
    """Documents ``start:stop``: a pyarrow string array (missing → ``""``) when the column is
    Arrow-backed — no Python strings are made — else a list of str (missing → ``""``,
    anything else ``str()``). ``compact``: copy the documents out of the column's buffers
    (a slice pickles the whole column)."""
    part = texts.iloc[start:stop]
    if isinstance(part.dtype, pd.StringDtype) and part.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(part.array)
        if compact:
            arr = arr.take(pa.array(np.arange(len(arr), dtype=np.int64)))
        return pc.fill_null(arr, "") if arr.null_count else arr
    return [
        v if isinstance(v, str) else ("" if pd.api.types.is_scalar(v) and pd.isna(v) else str(v))
        for v in part.tolist()
    ]


# -------------------------------------------------------------------------------------------
# Counting, serially or in worker processes


class _CountSpec(NamedTuple):
    """What to count: the options of :func:`dtm` that change the terms of a document."""

    ngram: tuple[int, int]
    lemmatize: bool
    keep_numbers: bool
    #: language → stop list given by extra/keep_stopwords, or None for the default list
    stops: dict[str, frozenset[str] | None]


class _Counts(NamedTuple):
    """The counts of a run of documents, in their own small sorted vocabulary.

    Row ``i`` holds ``data[indptr[i]:indptr[i+1]]`` occurrences of the terms
    ``terms[indices[indptr[i]:indptr[i+1]]]`` (each term once per row, in term order).
    ``terms`` is a pyarrow string array: it crosses process boundaries as one buffer.
    """

    terms: Any
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_tokens: np.ndarray
    n_terms: np.ndarray


def _compress(
    terms: list[str],
    indptr: np.ndarray,
    ids: np.ndarray,
    n_tokens: np.ndarray,
    *,
    terms_sorted: bool = False,
) -> _Counts:
    """Sum repeated terms within each row (term ids in token order → one entry per term).

    The terms are numbered in sorted order first, so that each row's entries are sorted by
    term — and stay so when chunks are merged into the sorted vocabulary of the whole matrix.
    """
    import pyarrow as pa

    if not terms_sorted:
        order = _tokens._sorted_order(terms)
        rank = np.empty(len(terms), dtype=np.int64)
        rank[order] = np.arange(len(terms), dtype=np.int64)
        ids, terms = rank[ids], [terms[i] for i in order.tolist()]
    m = sp.csr_matrix(
        (np.ones(len(ids), dtype=np.int64), ids, indptr), shape=(len(indptr) - 1, len(terms))
    )
    m.sum_duplicates()
    vocab = pa.array(terms, type=pa.large_string())
    return _Counts(vocab, m.indptr, m.indices, m.data, n_tokens, np.diff(indptr))


def _count_lean(texts: list[str] | Any, langs: list[str], spec: _CountSpec) -> _Counts:
    """Unigrams without lemmas: :func:`analysis.tokens._lean_count` per language."""
    groups: dict[str, list[int]] = {}
    for i, lg in enumerate(langs):
        groups.setdefault(lg, []).append(i)
    parts = []
    for lg, rows in groups.items():
        stop = spec.stops[lg]
        stop = _tokens.stopword_set(lg) if stop is None else stop
        if len(rows) == len(texts):
            sub = texts
        elif isinstance(texts, list):
            sub = [texts[i] for i in rows]
        else:
            sub = texts.take(rows)
        counted = _tokens._lean_count(sub, lg, stop=stop, keep_numbers=spec.keep_numbers)
        parts.append((rows, *counted))
    if len(parts) == 1:
        return _compress(*parts[0][1:], terms_sorted=True)
    # several languages: one vocabulary, rows back in document order
    vocab: dict[str, int] = {}
    lengths = np.zeros(len(texts), dtype=np.int64)
    n_tokens = np.zeros(len(texts), dtype=np.int64)
    for rows, _, indptr, _, ntok in parts:
        lengths[rows] = np.diff(indptr)
        n_tokens[rows] = ntok
    out_ptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out_ptr[1:])
    out_ids = np.zeros(out_ptr[-1], dtype=np.int64)
    for rows, terms, indptr, ids, _ in parts:
        recode = np.array([vocab.setdefault(t, len(vocab)) for t in terms], dtype=np.int64)
        row_len = np.diff(indptr)
        dest = np.repeat(out_ptr[rows] - indptr[:-1], row_len) + np.arange(len(ids))
        out_ids[dest] = recode[ids]
    return _compress(list(vocab), out_ptr, out_ids, n_tokens)


def _count_scanned(texts: list[str] | Any, langs: list[str], spec: _CountSpec) -> _Counts:
    """N-grams or lemmas: the full token stream of each document (:func:`analysis.tokens.scan`)."""
    texts = _tokens._python_texts(texts)
    vocab: dict[str, int] = {}
    setdefault = vocab.setdefault
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    indices: list[int] = []
    n_tokens = np.zeros(len(texts), dtype=np.int64)
    for i, (text, lg) in enumerate(zip(texts, langs, strict=True)):
        stream = _tokens.scan(text, lg, lemmatize=spec.lemmatize)
        n_tokens[i] = len(stream.tokens)
        terms = terms_of(
            stream, ngram=spec.ngram, keep_numbers=spec.keep_numbers, stop=spec.stops[lg]
        )
        indices.extend(setdefault(t, len(vocab)) for t in terms)
        indptr[i + 1] = len(indices)
    return _compress(list(vocab), indptr, np.asarray(indices, dtype=np.int64), n_tokens)


def _count_chunk(texts: list[str] | Any, langs: list[str], spec: _CountSpec) -> _Counts:
    """Count one run of documents (in this process or in a worker)."""
    if spec.ngram == (1, 1) and not spec.lemmatize:
        counts = _count_lean(texts, langs, spec)
        # Arrow's allocator keeps freed blocks for reuse: about 130 MB per 4,000 documents
        # that the next chunk would not need all of.
        release_arrow_memory()
        return counts
    return _count_scanned(texts, langs, spec)


def _chunk_bounds(n_docs: int, n_jobs: int) -> list[tuple[int, int]]:
    """Document ranges of the tasks. In parallel, the first one (counted by the parent
    before forking, see :func:`analysis.parallel.map_chunks`) is at most
    :data:`_WARM_UP_DOCS` long."""
    return chunk_bounds(
        n_docs, n_jobs, min_size=_CHUNK_MIN_DOCS, max_size=_CHUNK_MAX_DOCS, warm_up=_WARM_UP_DOCS
    )


def _count_range(data: tuple[Any, list[str]], start: int, stop: int, spec: _CountSpec) -> _Counts:
    """Count documents ``start:stop`` of ``(texts, languages)`` (here or in a worker);
    ``texts`` is the column, or the chunk :func:`_take_chunk` sent a spawned worker."""
    texts, langs = data
    part = _texts(texts, start, stop) if isinstance(texts, pd.Series) else texts[start:stop]
    return _count_chunk(part, langs[start:stop], spec)


def _take_chunk(data: tuple[pd.Series, list[str]], start: int, stop: int) -> tuple[Any, list[str]]:
    """What a spawned worker is sent: the chunk's documents copied out of the column (a
    slice would pickle the whole column) and their languages."""
    texts, langs = data
    return _texts(texts, start, stop, compact=True), langs[start:stop]


def _count(
    texts: pd.Series, langs: list[str], spec: _CountSpec, n_jobs: int, progress: bool | None
) -> tuple[sp.csr_matrix, pd.Index, np.ndarray, np.ndarray]:
    """Count every document; merge the chunks' vocabularies.

    Returns ``(counts, terms, n_tokens, n_terms)``: the CSR matrix (rows sorted, no
    repeated entries) over ``terms``, the sorted vocabulary.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    bounds = _chunk_bounds(len(langs), n_jobs)
    n_chunks = len(bounds)
    chunks: list[_Counts | None] = [None] * n_chunks
    counted = map_chunks(_count_range, (texts, langs), bounds, n_jobs, (spec,), take=_take_chunk)
    for k, counts in progress_bar(
        counted, total=n_chunks, desc="counting terms", unit="chunk", enabled=progress
    ):
        chunks[k] = counts
    done = [c for c in chunks if c is not None]
    del chunks
    # One sorted vocabulary (UTF-8 byte order is code-point order, as Python sorts str);
    # each chunk's sorted terms are numbered by their rank in it, so rows stay sorted.
    uniques = pc.unique(pa.chunked_array([c.terms for c in done], type=pa.large_string()))
    vocab = uniques.take(pc.array_sort_indices(uniques))
    terms = pd.Index(np.asarray(vocab.to_pylist(), dtype=object).astype(str), name="term")

    nnz = sum(len(c.data) for c in done)
    index_dtype = np.int32 if max(nnz, len(terms)) <= np.iinfo(np.int32).max else np.int64
    data = np.empty(nnz, dtype=np.int64)
    indices = np.empty(nnz, dtype=index_dtype)
    indptr = np.zeros(len(langs) + 1, dtype=index_dtype)
    n_tokens = np.empty(len(langs), dtype=np.int64)
    n_terms = np.empty(len(langs), dtype=np.int64)
    at = row = 0
    # fill the matrix chunk by chunk, letting go of each chunk's arrays once copied
    while done:
        c = done.pop(0)
        rank = pc.index_in(c.terms, value_set=vocab).to_numpy().astype(index_dtype)
        rows, size = len(c.n_tokens), len(c.data)
        data[at : at + size] = c.data
        indices[at : at + size] = rank[c.indices]
        indptr[row + 1 : row + rows + 1] = at + c.indptr[1:]
        n_tokens[row : row + rows] = c.n_tokens
        n_terms[row : row + rows] = c.n_terms
        at, row = at + size, row + rows
    counts = sp.csr_matrix((data, indices, indptr), shape=(len(langs), len(terms)))
    return counts, terms, n_tokens, n_terms


def dtm(
    corpus: Any,
    *,
    field: str = "body",
    unit: str = "article",
    ngram: int | tuple[int, int] = 1,
    lemmatize: bool = False,
    language: str | None = None,
    keep_numbers: bool = False,
    extra_stopwords: Iterable[str] = (),
    keep_stopwords: Iterable[str] = (),
    min_df: int = 1,
    include_off_story: bool = False,
    progress: bool | None = None,
    n_jobs: int | None = None,
    mask: bool = False,
) -> DTM:
    """Build a labelled document-term matrix from a corpus.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.load_corpus`.
    field : {"body", "title", "captions", "all"}
        Which text of each article is counted. ``"all"`` is title + captions + body;
        related links and site furniture are never counted.
    unit : {"article", "segment"}
        One document per article, or one per segment (each body paragraph, caption and
        title is its own document, with its ``role`` and ``position`` as metadata, so
        ``by="role"`` compares captions with body text).
    ngram : int or (int, int)
        ``n`` or ``(min_n, max_n)``. N-grams come from the full token stream, stay within
        one sentence and are dropped when a stop word stands at either edge.
    lemmatize : bool
        Count simplemma lemmas (proper nouns protected) instead of surface forms.
    language : {"fr", "en"} or None
        Tokenise every document in this language; ``None`` uses each article's
        ``language`` column (French where missing).
    keep_numbers : bool
        Count numbers as terms (dropped by default).
    extra_stopwords, keep_stopwords : iterable of str
        Words to add to, or remove from, the default stop list.
    min_df : int
        Keep terms occurring in at least this many documents.
    include_off_story : bool
        Also count captions judged not to belong to their story (a reused archive photo);
        left out by default.
    progress : bool or None
        Show a progress bar (``None``: only on a terminal; ``TQDM_DISABLE=1`` silences it).
    n_jobs : int or None
        Worker processes that tokenise and count chunks of documents: ``1`` counts in this
        process, ``-1`` uses every available core, ``None`` (default) is ``1`` below
        :data:`PARALLEL_MIN_DOCS` (2,000) documents and every core from there on. The
        result does not depend on it: the chunks' vocabularies are merged and the terms
        sorted, so every ``n_jobs`` gives the same matrix. On Linux workers are forked
        (they start in milliseconds); elsewhere they are spawned, which costs a couple of
        seconds of start-up.
    mask : bool
        Remove each article's own outlet name, site furniture ("Lire aussi …", rubric
        labels) and bylines before counting (:mod:`analysis.masking`), so they cannot top
        the outlet's own keyword list. Off by default; recorded in ``options``.

    Returns
    -------
    DTM
        ``docs`` carries ``n_tokens`` (running words, stop words included — the
        denominator of ``per_10k``) and ``n_terms`` (tokens kept as terms), plus the
        articles' metadata and a ``month`` column (``YYYY-MM``) where dates exist.

    Raises
    ------
    InputTypeError
        If ``corpus`` is not a Corpus (e.g. a path string).
    EmptyVocabularyError
        If no term survives.
    OptionError
        If an option is outside its allowed values (e.g. ``n_jobs=0``).

    Notes
    -----
    Unigrams without lemmas (the default) are counted by
    :func:`analysis.tokens._lean_count`, which gives exactly what :func:`analysis.tokens.scan`
    followed by :func:`terms_of` gives, without building offsets and sentence numbers.
    """
    _check_corpus(corpus)
    check_choice("field", field, FIELDS)
    check_choice("unit", unit, UNITS)
    lo_hi = _ngram_range(ngram)
    if language is not None:
        check_choice("language", language, _tokens.LANGUAGES)
    if isinstance(min_df, bool) or not isinstance(min_df, int) or min_df < 1:
        raise OptionError(f"min_df must be an integer >= 1; received {min_df!r}.")
    resolve_n_jobs(n_jobs, 0)  # validate before reading any text
    extra = frozenset(_tokens.normalize(w).lower() for w in extra_stopwords)
    keep = frozenset(_tokens.normalize(w).lower() for w in keep_stopwords)

    if not isinstance(mask, bool):
        raise OptionError(f"mask must be True or False; received {mask!r}.")
    texts, meta = _documents(corpus, field, unit, include_off_story)
    if mask:
        from analysis.masking import mask_texts

        texts = mask_texts(pd.Series(texts.tolist(), index=meta.index), meta["outlet"])
    if language is None and "language" in meta.columns:
        langs = [lg if lg in _tokens.LANGUAGES else "fr" for lg in meta["language"].fillna("fr")]
    else:
        langs = [language or "fr"] * len(texts)
    stops = {
        lg: (_tokens.stopword_set(lg) | extra) - keep if (extra or keep) else None
        for lg in set(langs)
    }

    spec = _CountSpec(lo_hi, bool(lemmatize), bool(keep_numbers), stops)
    jobs = resolve_n_jobs(n_jobs, len(langs))
    # A fixed, sorted term order makes every downstream table independent of reading order
    # (and of how the documents were split between processes).
    counts, terms, n_tokens, n_terms = _count(texts, langs, spec, jobs, progress)
    if not len(terms):
        raise EmptyVocabularyError(
            f"empty vocabulary: no term survived in {len(texts)} document(s) (field={field!r}); "
            "perhaps every token was a stop word or a number, or the documents are empty."
        )
    counts.sort_indices()
    if min_df > 1:
        keep_cols = doc_freq(counts) >= min_df
        counts, terms = counts[:, keep_cols].tocsr(), terms[keep_cols]
        if len(terms) == 0:
            raise EmptyVocabularyError(f"empty vocabulary: no term occurs in min_df={min_df} documents.")
    counts.sort_indices()

    docs = meta.copy()
    if "date" in docs.columns:
        dates = pd.to_datetime(docs["date"], errors="coerce")
        docs["month"] = dates.dt.strftime("%Y-%m").where(dates.notna(), None)
    docs["n_tokens"] = n_tokens
    docs["n_terms"] = n_terms
    options = {
        "field": field,
        "unit": unit,
        "ngram": ngram,
        "lemmatize": lemmatize,
        "language": language,
        "keep_numbers": keep_numbers,
        "extra_stopwords": sorted(extra),
        "keep_stopwords": sorted(keep),
        "min_df": min_df,
        "include_off_story": include_off_story,
        "mask": mask,
    }
    return DTM(counts=counts, docs=docs, terms=terms, weighting="count", options=options)


def _check_corpus(corpus: Any) -> None:
    if isinstance(corpus, (str, bytes)) or hasattr(corpus, "__fspath__"):
        raise InputTypeError(
            f"a Corpus was expected, {type(corpus).__name__} object received; "
            f"load the articles first: corpus = analysis.load_corpus({str(corpus)!r})."
        )
    if not (hasattr(corpus, "articles") and hasattr(corpus, "texts")):
        raise InputTypeError(
            f"a Corpus (from analysis.load_corpus) or a DTM (from analysis.dtm) was expected, "
            f"{type(corpus).__name__} object received."
        )


def as_dtm(x: Any, *, ngram: int | tuple[int, int] | None = None, **options: Any) -> DTM:
    """Return ``x`` if it is a DTM, else build one from the Corpus ``x`` with default options.

    ``ngram`` (and other options) only apply when a Corpus is given; asking a ready DTM
    for another n-gram range is an error rather than a silent mismatch.
    """
    if isinstance(x, DTM):
        if ngram is not None and _ngram_range(ngram) != _ngram_range(x.options.get("ngram", 1)):
            raise OptionError(
                f"ngram={ngram!r} differs from the matrix's ngram={x.options.get('ngram')!r}; "
                "build the matrix with analysis.dtm(corpus, ngram=...) or pass the Corpus."
            )
        if options:
            warnings.warn(
                f"options {sorted(options)} are ignored because a ready DTM was given",
                UserWarning,
                stacklevel=3,
            )
        return x
    _check_corpus(x)
    return dtm(x, ngram=1 if ngram is None else ngram, **options)


#: Metadata columns tried, in order, by :func:`comparison_groups`.
COMPARISON_COLUMNS = ("outlet", "month", "article_id", "position")


def comparison_groups(m: DTM) -> str:
    """The coarsest metadata column that splits ``m`` into at least two groups.

    Tries ``outlet``, then ``month``, then ``article_id``, then ``position`` (segment
    units: each paragraph). A corpus of several outlets is compared by outlet; one
    article can still be compared paragraph by paragraph. The notebooks use this so that
    they run unchanged on one article or on thousands.

    Raises
    ------
    OptionError
        If no column gives two groups (a single one-paragraph document).
    """
    for col in COMPARISON_COLUMNS:
        if col in m.docs.columns and m.docs[col].nunique(dropna=True) >= 2:
            return col
    raise OptionError(
        "no metadata column splits these documents into two groups; build the matrix with "
        "unit='segment' to compare paragraphs, or load more articles."
    )
