"""Attention and naming over time: articles and lexicon rates per day, week or month.

Both functions put each article in the period of its ``date`` (days; weeks starting on
Monday; calendar months) and return one row per group and period over the whole span
of the corpus — periods without articles included, so lines show gaps instead of
joining distant points. An article without a date cannot be placed: it is left out,
**never silently** — each table has an ``undated`` column (per group), the total is in
``attrs["undated"]``, and a warning says how many.

Matching is done on the articles' full text of ``field`` (the body by default) with
:mod:`analysis.lexicons`, so multi-word names ("Résistance islamique en Irak") count as
one occurrence, not as words.

Examples
--------
>>> import pandas as pd, analysis
>>> c = analysis.Corpus.from_frames(pd.DataFrame({
...     "outlet": ["A", "A", "A"], "date": ["2024-02-01", "2024-02-02", "2024-02-13"],
...     "text": ["Israël frappe.", "Il pleut.", "Tsahal avance."]}))
>>> t = attention(c, query="israel", lexicon="conflict_fr")
>>> t[["period", "n_articles", "n_matching", "share"]].astype({"period": str}).values.tolist()
[['2024-01-29', 2, 1, 0.5], ['2024-02-05', 0, 0, nan], ['2024-02-12', 1, 1, 1.0]]
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis import lexicons as _lex
from analysis import tokens as _tokens
from analysis.dtm import DTM, FIELDS, _check_corpus
from analysis.errors import InputTypeError, OptionError, check_choice

__all__ = [
    "PERIODS",
    "ATTENTION_COLUMNS",
    "RATE_COLUMNS",
    "period_start",
    "attention",
    "lexicon_rates",
]

#: Allowed values of ``freq`` (and of ``period`` in :func:`analysis.lexicons.naming_shares`).
PERIODS = ("day", "week", "month")
#: Columns of :func:`attention`.
ATTENTION_COLUMNS = [
    "group",
    "period",
    "n_articles",
    "n_matching",
    "share",
    "share_of_group",
    "undated",
]
#: Columns of :func:`lexicon_rates`.
RATE_COLUMNS = [
    "group", "period", "family", "variant", "count", "per_10k", "n_tokens", "n_articles", "undated",
]  # fmt: skip
LEVELS = ("family", "variant")
_STEP = {"day": "D", "week": "7D", "month": "MS"}


def period_start(dates: Any, freq: str) -> pd.Series:
    """The first day of the period of each date (``NaT`` stays ``NaT``).

    Parameters
    ----------
    dates : sequence or Series of dates
    freq : {"day", "week", "month"}
        Weeks start on Monday (ISO 8601).

    Returns
    -------
    pandas.Series
        ``datetime64[ns]``, same index as ``dates`` when it is a Series.

    Examples
    --------
    >>> period_start(pd.Series(pd.to_datetime(["2024-02-01", "2024-02-29", None])), "month").tolist()
    [Timestamp('2024-02-01 00:00:00'), Timestamp('2024-02-01 00:00:00'), NaT]
    """
    check_choice("freq", freq, PERIODS)
    d = pd.to_datetime(pd.Series(dates), errors="coerce").astype("datetime64[ns]").dt.normalize()
    if freq == "week":
        d = d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    elif freq == "month":
        d = d - pd.to_timedelta(d.dt.day - 1, unit="D")
    return d.astype("datetime64[ns]")


def _metadata_matrix(corpus: Any) -> DTM:
    """The articles' metadata as a matrix without terms (for grouping only)."""
    meta = _lex.article_metadata(corpus)
    empty = sp.csr_matrix((len(meta), 0), dtype=np.int64)
    return DTM(counts=empty, docs=meta, terms=pd.Index([], name="term", dtype=object), options={})


def _query_lexicon(query: str, language: str) -> _lex.Lexicon:
    variant = _lex.Variant("query", query, query, "surface", False, "the query of attention()")
    try:
        _lex._compile_variant(variant, language)
    except ValueError as exc:
        raise OptionError(f"query={query!r} cannot be searched: {exc}") from None
    family = _lex.Family("query", query, f"articles containing {query!r}", (variant,))
    return _lex.Lexicon(
        "query", "0.0.0", language, f"the phrase {query!r}", (family,), "attention()"
    )


def _matching_columns(m: DTM, lex: _lex.Lexicon, query: str) -> np.ndarray:
    """Columns of ``m`` counted by ``query``: a family key, or one ``family:variant`` term."""
    if query in lex.family_names:
        return np.array([k for k, v in enumerate(lex.variants) if v.family == query])
    terms = list(m.terms)
    if query in terms:
        return np.array([terms.index(query)])
    shown = ", ".join(repr(f) for f in lex.family_names)
    raise OptionError(
        f"query={query!r} is neither a family of the lexicon {lex.name!r} ({shown}) nor one of "
        "its 'family:variant' terms; to search a phrase, pass a Corpus without lexicon=."
    )


def _undated(
    codes: np.ndarray, dated: np.ndarray, n_groups: int, what: str
) -> tuple[np.ndarray, int]:
    per_group = np.bincount(codes[(codes >= 0) & ~dated], minlength=n_groups).astype(np.int64)
    total = int(per_group.sum())
    if total:
        grouped = int((codes >= 0).sum())
        warnings.warn(
            f"{total} of {grouped} articles have no date and are left out of the {what} "
            "(see the 'undated' column and attrs['undated']).",
            UserWarning,
            stacklevel=3,
        )
    return per_group, total


def _periods(starts: pd.Series, freq: str) -> pd.DatetimeIndex:
    present = starts.dropna()
    if present.empty:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    return pd.date_range(present.min(), present.max(), freq=_STEP[freq]).astype("datetime64[ns]")


def attention(
    x: Any,
    *,
    by: str | None = "outlet",
    freq: str = "week",
    query: str | None = None,
    lexicon: str | os.PathLike[str] | _lex.Lexicon | None = None,
    field: str = "body",
    language: str = "fr",
) -> pd.DataFrame:
    """How many articles each group publishes per period, and what share matches a query.

    .. math:: \\mathrm{share}(g, p) = \\frac{m_{g,p}}{n_{g,p}} \\qquad
              \\mathrm{share\\_of\\_group}(g, p) = \\frac{m_{g,p}}{\\sum_{p'} m_{g,p'}}

    where :math:`n_{g,p}` is the number of dated articles of group *g* in period *p* and
    :math:`m_{g,p}` how many of them match the query (all of them without a query).

    Parameters
    ----------
    x : Corpus or DTM from :func:`analysis.lexicons.lexicon_dtm`
    by : str or None
        Metadata column to group by (default ``"outlet"``); ``None`` is one group ``"all"``.
    freq : {"day", "week", "month"}
        Period length; weeks start on Monday.
    query : str or None
        ``None``: every article counts. With a lexicon (``lexicon=`` or a lexicon DTM as
        ``x``): a family key (``"israel"``) or a ``"family:variant"`` term — an article
        matches if it uses any of its variants. Without a lexicon: a word or phrase,
        matched case-insensitively on tokens (``"entité sioniste"``).
    lexicon : name, path or Lexicon, optional
        Lexicon whose family ``query`` names, when ``x`` is a Corpus.
    field : {"body", "title", "captions", "all"}
        Text searched when ``x`` is a Corpus.
    language : {"fr", "en"}
        Tokenisation of a phrase query.

    Returns
    -------
    pandas.DataFrame
        :data:`ATTENTION_COLUMNS`: ``group, period`` (first day), ``n_articles``,
        ``n_matching``, ``share`` (NaN where the group has no article that period),
        ``share_of_group`` (NaN where the group never matches) and ``undated`` (the
        group's articles left out for lack of a date). Every group × every period from
        the first to the last dated article. ``attrs``: ``undated`` (total), ``freq``,
        ``query``, ``by``.

    Raises
    ------
    OptionError
        If an option is not allowed, or ``query`` is not a family/term of the lexicon.
    InputTypeError
        If ``x`` is neither a Corpus nor a DTM.

    Warns
    -----
    UserWarning
        When articles are left out for lack of a date or of a ``by`` value.
    """
    by = _lex.check_by(x, by)
    check_choice("freq", freq, PERIODS)
    check_choice("field", field, FIELDS)
    check_choice("language", language, _tokens.LANGUAGES)
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise OptionError(f"query must be a non-empty string or None; received {query!r}.")
    if isinstance(x, DTM):
        if query is None:
            m, matching = x, np.ones(len(x), dtype=bool)
        else:
            m, lex = _lex.as_lexicon_dtm(x, lexicon)
            cols = _matching_columns(m, lex, query)
            matching = np.asarray(m.counts[:, cols].sum(axis=1)).ravel() > 0
    elif query is None:
        if lexicon is not None:
            warnings.warn("lexicon= is ignored without a query", UserWarning, stacklevel=2)
        m = _metadata_matrix(x)
        matching = np.ones(len(m), dtype=bool)
    else:
        if not (hasattr(x, "articles") and hasattr(x, "texts")):
            _check_corpus(x)
        lex = _lex.load_lexicon(lexicon) if lexicon is not None else _query_lexicon(query, language)
        m = _lex.lexicon_dtm(x, lex, field=field)
        cols = _matching_columns(m, lex, query if lexicon is not None else "query")
        matching = np.asarray(m.counts[:, cols].sum(axis=1)).ravel() > 0

    groups, codes = _lex.group_codes(m, by)
    _lex._warn_ungrouped(m, by, m.group_indicator(by)[1])
    dates = m.docs["date"] if "date" in m.docs else pd.Series(pd.NaT, index=m.docs.index)
    starts = period_start(dates, freq).reset_index(drop=True)
    dated = starts.notna().to_numpy()
    undated, total_undated = _undated(codes, dated, len(groups), "timeline")
    periods = _periods(starts[dated & (codes >= 0)], freq)
    G, P = len(groups), len(periods)
    placed = dated & (codes >= 0)
    n_articles = np.zeros((G, P), dtype=np.int64)
    n_matching = np.zeros((G, P), dtype=np.int64)
    if P:
        p_code = periods.get_indexer(starts[placed])
        np.add.at(n_articles, (codes[placed], p_code), 1)
        np.add.at(n_matching, (codes[placed], p_code), matching[placed].astype(np.int64))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n_articles > 0, n_matching / np.maximum(n_articles, 1), np.nan)
        per_group = n_matching.sum(axis=1, keepdims=True)
        share_of_group = np.where(per_group > 0, n_matching / np.maximum(per_group, 1), np.nan)
    out = pd.DataFrame(
        {
            "group": np.repeat(groups.to_numpy(), P),
            "period": np.tile(periods.to_numpy(), G),
            "n_articles": n_articles.ravel(),
            "n_matching": n_matching.ravel(),
            "share": share.ravel(),
            "share_of_group": share_of_group.ravel(),
            "undated": np.repeat(undated, P),
        },
        columns=ATTENTION_COLUMNS,
    )
    out["period"] = out["period"].astype("datetime64[ns]")
    out.attrs.update({"undated": total_undated, "freq": freq, "query": query, "by": by})
    return out


def lexicon_rates(
    x: Any,
    lexicon: str | os.PathLike[str] | _lex.Lexicon | None = None,
    *,
    by: str | None = "outlet",
    freq: str = "week",
    field: str | None = None,
    level: str = "family",
) -> pd.DataFrame:
    """Occurrences per 10,000 running words of each lexicon family (or variant) per period.

    .. math:: \\mathrm{per\\_10k}(f, g, p) = 10\\,000 \\cdot \\frac{c_{f,g,p}}{N_{g,p}}

    with :math:`c_{f,g,p}` the matches of family (or variant) *f* in the dated articles
    of group *g* in period *p*, and :math:`N_{g,p}` their running words including stop
    words. Matching is that of :func:`analysis.lexicons.lexicon_dtm` (longest match
    first, a word counted once).

    Parameters
    ----------
    x : Corpus or DTM from :func:`analysis.lexicons.lexicon_dtm`
    lexicon : name, path or Lexicon, optional
        Default ``"conflict_fr"`` for a Corpus, the matrix's own lexicon for a DTM.
    by : str or None
        Metadata column to group by (default ``"outlet"``); ``None`` is one group ``"all"``.
    freq : {"day", "week", "month"}
    field : {"body", "title", "captions", "all"} or None
        Text matched when ``x`` is a Corpus; default ``"body"``.
    level : {"family", "variant"}
        One row per family (``variant`` is ``"*"``, all variants pooled) or per variant.

    Returns
    -------
    pandas.DataFrame
        :data:`RATE_COLUMNS`: ``group, period, family, variant, count, per_10k`` (NaN in
        a period without articles), ``n_tokens``, ``n_articles``, ``undated`` (the group's
        articles left out for lack of a date). ``attrs``: ``undated`` (total), ``freq``,
        ``by``, ``level``.

    Warns
    -----
    UserWarning
        When articles are left out for lack of a date or of a ``by`` value.
    """
    by = _lex.check_by(x, by)
    check_choice("freq", freq, PERIODS)
    check_choice("level", level, LEVELS)
    if field is not None:
        check_choice("field", field, FIELDS)
    if not isinstance(x, DTM) and not (hasattr(x, "articles") and hasattr(x, "texts")):
        _check_corpus(x)
        raise InputTypeError(
            f"a Corpus or a lexicon DTM was expected; received {type(x).__name__}."
        )
    m, lex = _lex.as_lexicon_dtm(x, lexicon, field=field)
    groups, codes = _lex.group_codes(m, by)
    _lex._warn_ungrouped(m, by, m.group_indicator(by)[1])
    starts = period_start(
        m.docs["date"] if "date" in m.docs else pd.Series(pd.NaT, index=m.docs.index), freq
    )
    starts = starts.reset_index(drop=True)
    dated = starts.notna().to_numpy()
    undated, total_undated = _undated(codes, dated, len(groups), "rates over time")
    placed = dated & (codes >= 0)
    periods = _periods(starts[placed], freq)
    G, P = len(groups), len(periods)

    if level == "family":
        names = list(lex.family_names)
        onehot = np.zeros((len(lex.variants), len(names)))
        for k, v in enumerate(lex.variants):
            onehot[k, names.index(v.family)] = 1
        doc_counts = sp.csr_matrix(m.counts @ onehot)
        families, variants = names, [_lex.ALL_VARIANTS] * len(names)
    else:
        doc_counts = m.counts
        families = [v.family for v in lex.variants]
        variants = [v.name for v in lex.variants]
    F = len(families)
    counts = np.zeros((G * P, F))
    tokens = np.zeros(G * P)
    articles = np.zeros(G * P, dtype=np.int64)
    if P:
        rows = codes[placed] * P + periods.get_indexer(starts[placed])
        ind = sp.csr_matrix(
            (np.ones(len(rows)), (rows, np.flatnonzero(placed))), shape=(G * P, len(m))
        )
        counts = np.asarray((ind @ doc_counts).todense())
        tokens = ind @ m.docs["n_tokens"].to_numpy(dtype=float)
        articles = np.asarray(ind.sum(axis=1)).ravel().astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_10k = np.where(
            tokens[:, None] > 0, counts / np.maximum(tokens[:, None], 1) * 10_000, np.nan
        )
    out = pd.DataFrame(
        {
            "group": np.repeat(groups.to_numpy(), P * F),
            "period": np.tile(np.repeat(periods.to_numpy(), F), G),
            "family": np.tile(families, G * P),
            "variant": np.tile(variants, G * P),
            "count": counts.astype(np.int64).ravel(),
            "per_10k": per_10k.ravel(),
            "n_tokens": np.repeat(tokens.astype(np.int64), F),
            "n_articles": np.repeat(articles, F),
            "undated": np.repeat(undated, P * F),
        },
        columns=RATE_COLUMNS,
    )
    out["period"] = out["period"].astype("datetime64[ns]")
    out.attrs.update({"undated": total_undated, "freq": freq, "by": by, "level": level})
    return out
