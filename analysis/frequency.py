"""Term frequencies and TF-IDF framing terms, as tidy tables with fixed columns.

Every function accepts a :class:`~analysis.dtm.DTM` or a Corpus (then counted with
:func:`analysis.dtm` defaults) and a ``by=`` metadata column (``None`` = the whole
corpus as one group named ``"all"``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.dtm import DTM, as_dtm, doc_freq
from analysis.errors import OptionError, check_choice, check_positive_int

__all__ = [
    "term_frequencies",
    "tfidf_matrix",
    "tfidf_terms",
    "group_counts",
    "FREQUENCY_COLUMNS",
    "TFIDF_COLUMNS",
]

FREQUENCY_COLUMNS = ["term", "group", "count", "per_10k", "doc_freq", "rank"]
TFIDF_COLUMNS = ["term", "group", "tfidf", "count", "doc_freq"]


def group_counts(m: DTM, by: str | None) -> tuple[pd.Index, np.ndarray, np.ndarray, np.ndarray]:
    """Per-group totals of a count matrix.

    Returns
    -------
    groups : pandas.Index
    counts : ndarray, shape (n_groups, n_terms)
        Summed term counts.
    doc_freq : ndarray, shape (n_groups, n_terms)
        Number of the group's documents containing each term.
    n_tokens : ndarray, shape (n_groups,)
        Running words of the group, stop words included.
    """
    groups, ind = m.group_indicator(by)
    counts = np.asarray((ind @ m.counts).todense())
    present = m.counts.copy()
    present.data = np.ones_like(present.data)
    doc_freq = np.asarray((ind @ present).todense())
    n_tokens = np.asarray(ind @ m.docs["n_tokens"].to_numpy(dtype=float)).ravel()
    return groups, counts, doc_freq, n_tokens


def _long(groups: pd.Index, terms: pd.Index, **columns: np.ndarray) -> pd.DataFrame:
    """Stack group × term arrays into a long frame, keeping only cells with count > 0."""
    g_idx, t_idx = np.nonzero(columns["count"] > 0)
    frame = {"term": terms.to_numpy()[t_idx], "group": groups.to_numpy()[g_idx], "_order": g_idx}
    for name, arr in columns.items():
        frame[name] = arr[g_idx, t_idx]
    return pd.DataFrame(frame)


def _sort(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """Order by group (in :meth:`DTM.group_indicator` order), then (−value, term).

    Ties never depend on hash or reading order.
    """
    return (
        frame.sort_values(["_order", value, "term"], ascending=[True, False, True], kind="mergesort")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def term_frequencies(
    x: Any,
    *,
    by: str | None = None,
    ngram: int | tuple[int, int] | None = None,
    top: int | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Count each term, overall or per group.

    .. math:: \\mathrm{per\\_10k}(t, g) = 10\\,000 \\cdot \\frac{c_{t,g}}{N_g}

    where :math:`c_{t,g}` is the count of term *t* in group *g* and :math:`N_g` the
    group's running words **including stop words** (so rates are comparable with
    other tools' "per 10,000 words").

    Parameters
    ----------
    x : DTM or Corpus
    by : str or None
        Metadata column to group by (``outlet``, ``month``, ``role`` for segment units …).
    ngram : int or (int, int) or None
        Only when ``x`` is a Corpus: the n-gram range to count (default 1).
    top : int or None
        Keep the ``top`` most frequent terms of each group.
    min_count : int
        Drop terms counted fewer times than this in a group.

    Returns
    -------
    pandas.DataFrame
        Columns ``term, group, count, per_10k, doc_freq, rank``; ``rank`` is 1 for the most
        frequent term of each group, ties broken alphabetically. Sorted by group, then rank.

    Examples
    --------
    >>> import analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": ["Gaza, Gaza et Haïfa."]}))
    >>> term_frequencies(c)[["term", "count", "rank"]].values.tolist()
    [['gaza', 2, 1], ['haïfa', 1, 2]]
    """
    m = as_dtm(x, ngram=ngram)
    m.require_counts("term_frequencies")
    min_count = check_positive_int("min_count", min_count)
    if top is not None:
        check_positive_int("top", top)
    groups, counts, doc_freq, n_tokens = group_counts(m, by)
    return _frequency_table(groups, m.terms, counts, doc_freq, n_tokens, min_count=min_count, top=top)


def _frequency_table(
    groups: Any, terms: Any, counts: np.ndarray, doc_freq: np.ndarray, n_tokens: np.ndarray,
    *, min_count: int, top: int | None,
) -> pd.DataFrame:
    """The :func:`term_frequencies` table from group × term counts (shared with
    :mod:`analysis.distributed`, which aggregates the same counts on a cluster)."""
    n_tokens = np.asarray(n_tokens, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_10k = np.where(n_tokens[:, None] > 0, counts / n_tokens[:, None] * 10_000, 0.0)
    out = _long(groups, terms, count=counts.astype(np.int64), per_10k=per_10k, doc_freq=doc_freq.astype(np.int64))
    out = out[out["count"] >= min_count]
    out = _sort(out, "count")
    out["rank"] = out.groupby("group", sort=False).cumcount() + 1
    if top is not None:
        out = out[out["rank"] <= top].reset_index(drop=True)
    return out[FREQUENCY_COLUMNS]


def tfidf_matrix(
    counts: sp.spmatrix | np.ndarray,
    *,
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    norm: str | None = "l2",
) -> sp.csr_matrix:
    """TF-IDF weights of a count matrix (documents × terms).

    .. math::

        \\mathrm{tf}(d,t) &= c_{d,t} \\quad\\text{or, if sublinear, } 1 + \\ln c_{d,t} \\;(c_{d,t} > 0) \\\\
        \\mathrm{idf}(t) &= \\ln\\frac{1 + n}{1 + \\mathrm{df}(t)} + 1 \\quad\\text{(smooth)}
            \\qquad \\ln\\frac{n}{\\mathrm{df}(t)} + 1 \\quad\\text{(not smooth)} \\\\
        w(d,t) &= \\frac{\\mathrm{tf}(d,t)\\,\\mathrm{idf}(t)}{\\lVert \\mathrm{tf}(d,\\cdot)\\,\\mathrm{idf} \\rVert_2}

    with *n* documents and df(t) the number of documents containing *t*. The "+1" after
    the logarithm departs from the textbook ``ln(n/df)``: a term present in every
    document keeps a small weight instead of vanishing (the scikit-learn convention).

    Parameters
    ----------
    counts : sparse or dense matrix
    smooth_idf : bool
        Add one to numerator and denominator of the idf ratio, as if one extra document
        contained every term once (prevents division by zero).
    sublinear_tf : bool
        Use ``1 + ln(tf)``.
    norm : {"l2", "l1", None}
        Row normalisation.

    References
    ----------
    Spärck Jones, K. (1972). A statistical interpretation of term specificity and its
    application in retrieval. *Journal of Documentation* 28(1).
    """
    check_choice("norm", norm, ("l2", "l1", None))
    m = sp.csr_matrix(counts, dtype=float, copy=True)
    n_docs = m.shape[0]
    df = doc_freq(m).astype(float)
    if smooth_idf:
        idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    else:
        with np.errstate(divide="ignore"):
            idf = np.where(df > 0, np.log(n_docs / np.where(df > 0, df, 1.0)) + 1.0, 0.0)
    if sublinear_tf:
        m.data = 1.0 + np.log(m.data)
    m = m @ sp.diags(idf)
    m = sp.csr_matrix(m)
    if norm is not None:
        sq = m.multiply(m) if norm == "l2" else abs(m)
        row = np.asarray(sq.sum(axis=1)).ravel()
        if norm == "l2":
            row = np.sqrt(row)
        inv = np.divide(1.0, row, out=np.zeros_like(row), where=row > 0)
        m = sp.csr_matrix(sp.diags(inv) @ m)
    return m


def tfidf_terms(
    x: Any,
    *,
    by: str | None = None,
    unit: str = "document",
    top: int | None = 20,
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    norm: str | None = "l2",
    ngram: int | tuple[int, int] | None = None,
) -> pd.DataFrame:
    """The terms that distinguish each group, by TF-IDF.

    With ``unit="document"`` each document is weighted with :func:`tfidf_matrix` (idf over
    all *n* documents of the corpus) and a group's score for a term is the **mean** of
    its documents' weights:

    .. math:: \\mathrm{tfidf}(t, g) = \\frac{1}{|g|} \\sum_{d \\in g} w(d, t)

    With ``unit="group"`` the documents of each group are first summed into one
    pseudo-document, and :func:`tfidf_matrix` is applied to the ``groups × terms``
    matrix (so *n* is the number of groups and df(t) the number of groups using *t*):
    a term that every group uses gets the lowest idf.

    Parameters
    ----------
    x : DTM or Corpus
    by : str or None
        Grouping column; ``None`` = one group ``"all"``.
    unit : {"document", "group"}
    top : int or None
        Keep the ``top`` highest-scoring terms per group.
    smooth_idf, sublinear_tf, norm
        See :func:`tfidf_matrix`.
    ngram
        Only when ``x`` is a Corpus.

    Returns
    -------
    pandas.DataFrame
        Columns ``term, group, tfidf, count, doc_freq`` (raw count and number of documents of
        the group containing the term), sorted by group then (−tfidf, term).
    """
    check_choice("unit", unit, ("document", "group"))
    if top is not None:
        check_positive_int("top", top)
    m = as_dtm(x, ngram=ngram)
    m.require_counts("tfidf_terms")
    groups, ind = m.group_indicator(by)
    _, counts, doc_freq, _ = group_counts(m, by)
    if unit == "document":
        w = tfidf_matrix(m.counts, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm)
        sizes = np.asarray(ind.sum(axis=1)).ravel()
        inv = np.divide(1.0, sizes, out=np.zeros_like(sizes, dtype=float), where=sizes > 0)
        scores = np.asarray((sp.diags(inv) @ ind @ w).todense())
    else:
        if len(groups) < 2:
            raise OptionError(
                "unit='group' needs at least two groups (idf over one group is constant); "
                f"by={by!r} gives {len(groups)}. Use unit='document' or another by=."
            )
        scores = np.asarray(
            tfidf_matrix(counts, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm).todense()
        )
    out = _long(groups, m.terms, count=counts.astype(np.int64), tfidf=scores, doc_freq=doc_freq.astype(np.int64))
    out = _sort(out, "tfidf")
    if top is not None:
        out = out.groupby("group", sort=False).head(top).reset_index(drop=True)
    return out[TFIDF_COLUMNS]
