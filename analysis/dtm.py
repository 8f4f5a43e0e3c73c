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
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from analysis.progress import progress_bar

from analysis.errors import (
    EmptyVocabularyError,
    InputTypeError,
    OptionError,
    WeightingError,
    check_choice,
)
from analysis import tokens as _tokens

__all__ = ["DTM", "dtm", "as_dtm", "comparison_groups", "FIELDS", "UNITS"]

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
        return pd.Series(np.diff(self.counts.tocsc().indptr), index=self.terms)

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
) -> tuple[list[str], pd.DataFrame]:
    """Texts and metadata of each document of ``corpus``."""
    articles = corpus.articles
    meta_cols = [c for c in articles.columns if c not in ("text",)]
    if unit == "article":
        texts = corpus.texts(field, include_off_story=include_off_story)
        meta = articles.set_index("id")[[c for c in meta_cols if c != "id"]]
        meta = meta.loc[texts.index]
        meta.insert(0, "article_id", meta.index.astype(str))
        meta.index.name = "doc_id"
        return texts.fillna("").astype(str).tolist(), meta
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
    return segs["text"].fillna("").astype(str).tolist(), meta


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
    """
    _check_corpus(corpus)
    check_choice("field", field, FIELDS)
    check_choice("unit", unit, UNITS)
    lo_hi = _ngram_range(ngram)
    if language is not None:
        check_choice("language", language, _tokens.LANGUAGES)
    if isinstance(min_df, bool) or not isinstance(min_df, int) or min_df < 1:
        raise OptionError(f"min_df must be an integer >= 1; received {min_df!r}.")
    extra = frozenset(_tokens.normalize(w).lower() for w in extra_stopwords)
    keep = frozenset(_tokens.normalize(w).lower() for w in keep_stopwords)

    texts, meta = _documents(corpus, field, unit, include_off_story)
    if language is None and "language" in meta.columns:
        langs = [lg if lg in _tokens.LANGUAGES else "fr" for lg in meta["language"].fillna("fr")]
    else:
        langs = [language or "fr"] * len(texts)
    stops = {
        lg: (_tokens.stopword_set(lg) | extra) - keep if (extra or keep) else None
        for lg in set(langs)
    }

    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    n_tokens = np.zeros(len(texts), dtype=np.int64)
    n_terms = np.zeros(len(texts), dtype=np.int64)
    bar = progress_bar(zip(texts, langs), total=len(texts), desc="counting terms", enabled=progress)
    for i, (text, lg) in enumerate(bar):
        stream = _tokens.scan(text, lg, lemmatize=lemmatize)
        n_tokens[i] = len(stream.tokens)
        terms = terms_of(stream, ngram=lo_hi, keep_numbers=keep_numbers, stop=stops[lg])
        n_terms[i] = len(terms)
        setdefault = vocab.setdefault
        indices.extend(setdefault(t, len(vocab)) for t in terms)
        indptr.append(len(indices))

    if not vocab:
        raise EmptyVocabularyError(
            f"empty vocabulary: no term survived in {len(texts)} document(s) (field={field!r}); "
            "perhaps every token was a stop word or a number, or the documents are empty."
        )
    data = np.ones(len(indices), dtype=np.int64)
    raw = sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), len(vocab)),
    )
    raw.sum_duplicates()
    # A fixed, sorted term order makes every downstream table independent of reading order.
    order_terms = np.array(list(vocab.keys()), dtype=object)
    order = np.argsort(order_terms.astype(str), kind="stable")
    counts = raw[:, order].tocsr()
    terms = pd.Index(order_terms[order].astype(str), name="term")
    if min_df > 1:
        keep_cols = np.diff(counts.tocsc().indptr) >= min_df
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
