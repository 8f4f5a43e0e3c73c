r"""Collocations: which words keep company with a node, and how strongly.

Counting (window-based "surface" co-occurrence, Evert 2008, §3)
----------------------------------------------------------------
The node is a word, a phrase, a glob, a regex or a lemma, matched as by
:func:`analysis.kwic.kwic`. Around each occurrence of the node the **window** is the
``window`` tokens before its first token and the ``window`` tokens after its last one —
tokens of the full stream, stop words included, punctuation not — clipped at the ends of
the text and, with ``sentence=True``, at the node's sentence boundaries. Within a group
of documents:

* :math:`W` = the set of token positions lying in at least one window (overlapping
  windows are merged, the node's own tokens are never in a window); ``window_tokens`` =
  :math:`|W|`;
* :math:`O_{11}` = the occurrences of the collocate at positions of :math:`W`, so a token
  is counted once even when two node occurrences are close (hence
  :math:`O_{11} \le f_{collocate}` and :math:`O_{11} \le |W| \le 2\,\mathrm{window}\,f_{node}`);
* :math:`f_{node}` = occurrences of the node, :math:`f_{collocate}` = occurrences of the
  collocate anywhere in the group (the counts of :func:`analysis.dtm.dtm`, same tokens),
  :math:`N` = every token of the group, stop words included.

This gives a proper 2 × 2 table — in a window or not × the collocate or not:

=================  ========================  =========================================
                   collocate                 other tokens
=================  ========================  =========================================
in a window        :math:`O_{11}`            :math:`|W| - O_{11}`
elsewhere          :math:`f_c - O_{11}`      :math:`N - |W| - f_c + O_{11}`
=================  ========================  =========================================

with expected counts :math:`E_{ij} = R_i C_j / N`; in particular

.. math:: E_{11} = \frac{|W| \cdot f_{collocate}}{N}.

This is Evert's window-size correction with the **exact** window size: the textbook
:math:`E_{11} = f_{node} f_{collocate}\,\mathrm{span}/N` (span = 2·window) takes every
window at full size, while :math:`|W|` is what the windows really cover once clipped at
text (and sentence) edges and merged where they overlap, which would otherwise inflate
:math:`E_{11}` around frequent or clustered nodes.

Measures
--------
* ``log_dice`` — Rychlý (2008): :math:`14 + \log_2 \frac{2\,O_{11}}{f_{node} + f_{collocate}}`.
  Independent of corpus size; 14 is its maximum when each word only occurs with the other,
  but it can exceed 14 here when a collocate occurs several times in one node's window.
* ``mi`` — pointwise mutual information (Church & Hanks 1990): :math:`\log_2(O_{11}/E_{11})`.
  Favours rare collocates.
* ``t_score`` — :math:`(O_{11} - E_{11})/\sqrt{O_{11}}` (Church et al. 1991). Favours frequent
  collocates.
* ``g2`` — log-likelihood (Dunning 1993) of the 2 × 2 table,
  :math:`2\sum_{ij} O_{ij}\ln(O_{ij}/E_{ij})` with :math:`0\ln 0 = 0`, **signed**: negative
  when :math:`O_{11} < E_{11}` (the collocate avoids the node). ``p`` is its
  :math:`\chi^2_1` upper tail.

References
----------
Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds), *Corpus
Linguistics. An International Handbook*, article 58. Mouton de Gruyter.
Rychlý, P. (2008). A lexicographer-friendly association score. *RASLAN 2008*, 6–9.
Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
lexicography. *Computational Linguistics* 16(1), 22–29.
Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in lexical analysis.
In U. Zernik (ed.), *Lexical Acquisition*, 115–164.
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics* 19(1), 61–74.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis import tokens as _tokens
from analysis.errors import (
    EmptyVocabularyError,
    InputTypeError,
    OptionError,
    check_choice,
    check_positive_int,
)
from analysis.kwic import _as_corpus, _bounds, _check_common, _documents, _hits, _Matcher

__all__ = [
    "collocations",
    "collocation_matrix",
    "association",
    "COLLOCATION_COLUMNS",
    "MEASURES",
]

#: The columns of :func:`collocations`, in order.
COLLOCATION_COLUMNS = (
    "group",
    "node",
    "collocate",
    "o11",
    "f_node",
    "f_collocate",
    "window_tokens",
    "n",
    "expected",
    "log_dice",
    "mi",
    "t_score",
    "g2",
    "p",
)
#: Measures a table can be ranked by.
MEASURES = ("log_dice", "mi", "t_score", "g2", "o11")


def association(
    o11: Any, f_node: Any, f_collocate: Any, window_tokens: Any, n: Any
) -> pd.DataFrame:
    """Every association measure of the window-based 2 × 2 tables given by their counts.

    Parameters
    ----------
    o11, f_node, f_collocate, window_tokens, n : array-like of numbers
        As the columns of :data:`COLLOCATION_COLUMNS` (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        Columns ``expected, log_dice, mi, t_score, g2, p``.

    Examples
    --------
    >>> association([3], [2], [3], [6], [11]).round(3).values.tolist()
    [[1.636, 14.263, 0.874, 0.787, 4.573, 0.032]]
    """
    o11 = np.asarray(o11, dtype=float)
    f_node = np.asarray(f_node, dtype=float)
    f_c = np.asarray(f_collocate, dtype=float)
    r1 = np.asarray(window_tokens, dtype=float)
    n = np.asarray(n, dtype=float)
    r2 = n - r1
    e11 = r1 * f_c / n
    observed = (o11, r1 - o11, f_c - o11, r2 - f_c + o11)
    expected = (e11, r1 * (n - f_c) / n, r2 * f_c / n, r2 * (n - f_c) / n)
    total = np.zeros_like(o11)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e in zip(observed, expected, strict=True):
            total += np.where((o > 0) & (e > 0), o * np.log(o / e), 0.0)
        g2 = np.maximum(2.0 * total, 0.0)
        return pd.DataFrame(
            {
                "expected": e11,
                "log_dice": 14.0 + np.log2(2.0 * o11 / (f_node + f_c)),
                "mi": np.log2(o11 / e11),
                "t_score": (o11 - e11) / np.sqrt(o11),
                "g2": np.where(o11 < e11, -g2, g2),
                "p": stats.chi2.sf(g2, 1),
            }
        )


def _window_positions(
    spans: list[tuple[int, int]], sentence_of: list[int], n: int, window: int, sentence: bool
) -> list[int]:
    """Sorted token positions in at least one window, the node's own tokens excluded."""
    inside: set[int] = set()
    node: set[int] = set()
    for i, j in spans:
        node.update(range(i, j + 1))
        lo, hi = _bounds(sentence_of, n, i, j, window, sentence)
        inside.update(range(lo, i))
        inside.update(range(j + 1, hi + 1))
    return sorted(inside - node)


def _check_by(corpus: Any, by: Any) -> None:
    if by is None:
        return
    allowed = [c for c in corpus.articles.columns if c not in ("id", "text")] + ["month"]
    if by not in allowed:
        shown = ", ".join(repr(c) for c in allowed)
        raise OptionError(
            f"by={by!r} is not a metadata column of the corpus; choose one of {shown} (or None)."
        )


def collocations(
    x: Any,
    node: str | re.Pattern[str],
    *,
    window: int = 5,
    sentence: bool = False,
    by: str | None = None,
    measure: str = "log_dice",
    min_count: int = 2,
    stopwords: bool = True,
    lemma: bool = False,
    regex: bool = False,
    field: str = "body",
    language: str | None = None,
    top: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The collocates of ``node``, with logDice, MI, t-score and G², per group.

    See the module docstring for how windows are counted and every formula.

    Parameters
    ----------
    x : Corpus or pandas.Series
        A Corpus, or texts indexed by id (then ``by`` must be None).
    node : str or re.Pattern
        A word, a phrase, a glob, a regex or (``lemma=True``) a lemma, as for
        :func:`analysis.kwic.kwic`. A phrase is one node occurrence spanning its tokens.
    window : int, default 5
        Tokens on each side of the node (stop words included).
    sentence : bool, default False
        Stop windows at the node's sentence boundaries.
    by : str or None
        Compare the node's collocates across groups: an article metadata column
        (``"outlet"``, ``"month"``, ``"language"``, …). Each group's counts, ``N`` and
        ``f_collocate`` are its own. None: one group ``"all"``. Articles without a value
        belong to no group.
    measure : {"log_dice", "mi", "t_score", "g2", "o11"}, default "log_dice"
        Rank collocates by this (decreasing; ties by collocate); ``top`` keeps the first.
    min_count : int, default 2
        Keep collocates seen at least this many times in the node's windows (``o11``).
    stopwords : bool, default True
        Leave out stop words (:func:`analysis.tokens.stopword_set`) as collocates. They
        still count in the window and in ``N``. Numbers are never collocates.
    lemma : bool, default False
        Match the node by lemma and count collocates as lemmas (then ``f_collocate`` comes
        from ``analysis.dtm(..., lemmatize=True)``; slower: every text is lemmatised).
    regex : bool, default False
        Read a string ``node`` as a regular expression.
    field : {"body", "title", "captions", "all"}, default "body"
    language : {"fr", "en"} or None
        As for :func:`analysis.dtm`.
    top : int or None
        Keep the first ``top`` collocates of each group.
    progress : bool or None
        Progress bars (counting, then the node's windows).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLLOCATION_COLUMNS`: ``group, node, collocate, o11, f_node,
        f_collocate, window_tokens, n, expected, log_dice, mi, t_score, g2, p``; groups in
        :meth:`analysis.dtm.DTM.group_indicator` order, then ``measure`` order. Empty (same
        columns) when the node does not occur. ``attrs["options"]`` records the options
        (used by :func:`analysis.kwic.kwic_for`).

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus or a Series of texts, or ``node`` is not a str or pattern.
    OptionError
        If an option is outside its allowed values (the message names it).

    Examples
    --------
    >>> import pandas as pd
    >>> texts = pd.Series({"a": "Gaza sous blocus. Le blocus de Gaza dure. Blocus et paix."})
    >>> t = collocations(texts, "gaza", window=2, min_count=1)
    >>> t[["collocate", "o11", "f_node", "f_collocate", "window_tokens", "n"]].values.tolist()
    [['blocus', 3, 2, 3, 6, 11], ['dure', 1, 2, 1, 6, 11]]
    """
    if not isinstance(node, (str, re.Pattern)):
        raise InputTypeError(
            "node must be a string or a compiled regular expression; "
            f"received {type(node).__name__}."
        )
    if isinstance(node, str) and not node.strip():
        raise OptionError("node is empty; pass a word, a phrase, a glob or a regular expression.")
    _check_common("collocations", window, sentence, field, language)
    check_choice("measure", measure, MEASURES)
    check_positive_int("min_count", min_count)
    if top is not None:
        check_positive_int("top", top)
    for name, value in (("stopwords", stopwords), ("lemma", lemma), ("regex", regex)):
        if not isinstance(value, bool):
            raise OptionError(f"{name} must be True or False; received {value!r}.")
    matcher = _Matcher(node, regex=regex, lemma=lemma)
    corpus = _as_corpus(x, "collocations")
    _check_by(corpus, by)
    node_text = matcher.text
    options = {
        "node": node_text, "window": window, "sentence": sentence, "by": by, "measure": measure,
        "min_count": min_count, "stopwords": stopwords, "lemma": lemma,
        "regex": regex or matcher.regex is not None,
        "field": field, "language": language,
    }  # fmt: skip

    from analysis.dtm import dtm

    keep = () if stopwords else _tokens.stopword_set("fr") | _tokens.stopword_set("en")
    try:
        matrix = dtm(
            corpus,
            field=field,
            lemmatize=lemma,
            language=language,
            keep_stopwords=keep,
            progress=progress,
        )
    except EmptyVocabularyError:
        return _empty(options)
    groups, indicator = matrix.group_indicator(by)
    indicator = indicator.tocsr()
    doc_group = np.full(len(matrix), -1, dtype=np.int64)
    for g in range(len(groups)):
        doc_group[indicator.indices[indicator.indptr[g] : indicator.indptr[g + 1]]] = g
    n_tokens = np.asarray(indicator @ matrix.docs["n_tokens"].to_numpy(dtype=float)).ravel()

    docs = _documents(corpus, field, language)
    position = pd.Index(matrix.docs.index.astype(str)).get_indexer(docs.ids)
    rows = [k for k in range(len(docs.ids)) if doc_group[position[k]] >= 0]
    o11: list[Counter[str]] = [Counter() for _ in groups]
    f_node = np.zeros(len(groups), dtype=np.int64)
    window_tokens = np.zeros(len(groups), dtype=np.int64)
    for k, stream, spans in _hits(
        docs,
        matcher,
        window=window,
        sentence=sentence,
        progress=progress,
        desc="collocations",
        rows=rows,
    ):
        g = doc_group[position[k]]
        f_node[g] += len(spans)
        inside = _window_positions(spans, stream.sentence, len(stream.tokens), window, sentence)
        window_tokens[g] += len(inside)
        toks, number = stream.tokens, stream.is_number
        if stopwords:
            stop = stream.is_stop
            o11[g].update(toks[p] for p in inside if not (stop[p] or number[p]))
        else:
            o11[g].update(toks[p] for p in inside if not number[p])

    term_index = pd.Index(matrix.terms)
    group_counts = (indicator @ matrix.counts).tocsr()
    tables = []
    for g, name in enumerate(groups):
        kept = sorted((c, v) for c, v in o11[g].items() if v >= min_count)
        if not kept:
            continue
        words = [c for c, _ in kept]
        cols = term_index.get_indexer(words)
        if (cols < 0).any():  # pragma: no cover - the same tokens are counted by dtm
            missing = [w for w, c in zip(words, cols, strict=True) if c < 0]
            raise RuntimeError(f"collocates missing from the counts: {missing[:5]}")
        f_c = np.asarray(group_counts[g].toarray()).ravel()[cols]
        counts = np.array([v for _, v in kept], dtype=np.int64)
        frame = pd.DataFrame(
            {
                "group": str(name),
                "node": node_text,
                "collocate": words,
                "o11": counts,
                "f_node": int(f_node[g]),
                "f_collocate": f_c.astype(np.int64),
                "window_tokens": int(window_tokens[g]),
                "n": int(n_tokens[g]),
            }
        )
        scores = association(
            frame["o11"], frame["f_node"], frame["f_collocate"], frame["window_tokens"], frame["n"]
        )
        frame = pd.concat([frame, scores], axis=1)
        frame = frame.sort_values([measure, "collocate"], ascending=[False, True], kind="mergesort")
        if top is not None:
            frame = frame.head(top)
        tables.append(frame)
    if not tables:
        return _empty(options)
    out = pd.concat(tables, ignore_index=True)[list(COLLOCATION_COLUMNS)]
    out.attrs["options"] = options
    return out


def _empty(options: dict[str, Any]) -> pd.DataFrame:
    dtypes = {
        "group": object, "node": object, "collocate": object, "o11": "int64", "f_node": "int64",
        "f_collocate": "int64", "window_tokens": "int64", "n": "int64",
    }  # fmt: skip
    out = pd.DataFrame(
        {c: pd.Series([], dtype=dtypes.get(c, "float64")) for c in COLLOCATION_COLUMNS}
    )
    out.attrs["options"] = options
    return out


def collocation_matrix(
    table: pd.DataFrame, *, measure: str = "log_dice", top: int = 10
) -> pd.DataFrame:
    """The same node's collocates side by side, one column per group.

    Rows are the union of each group's ``top`` collocates by ``measure``, ordered by
    their best value in any group (ties by collocate); cells hold ``measure`` and are
    NaN where the collocate is not a collocate of that group (below ``min_count``).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`collocations` with ``by=`` (one node).
    measure : {"log_dice", "mi", "t_score", "g2", "o11"}
    top : int

    Returns
    -------
    pandas.DataFrame
        Index ``collocate``, columns the groups in table order.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": ["A", "A", "B"], "node": "gaza",
    ...                   "collocate": ["bande", "blocus", "bande"],
    ...                   "log_dice": [12.0, 11.0, 10.5]})
    >>> collocation_matrix(t, top=1).to_dict()
    {'A': {'bande': 12.0}, 'B': {'bande': 10.5}}
    """
    if not isinstance(table, pd.DataFrame):
        raise InputTypeError(
            "collocation_matrix() expects the DataFrame returned by collocations(); "
            f"received {type(table).__name__}."
        )
    check_choice("measure", measure, MEASURES)
    check_positive_int("top", top)
    missing = [c for c in ("group", "node", "collocate", measure) if c not in table.columns]
    if missing:
        raise InputTypeError(
            f"collocation_matrix() needs the column(s) {', '.join(missing)}; "
            "pass a table from collocations()."
        )
    if table["node"].nunique() > 1:
        raise OptionError(
            "collocation_matrix() compares one node; the table holds "
            f"{sorted(table['node'].unique())}."
        )
    groups = list(dict.fromkeys(table["group"].astype(str)))
    ranked = table.assign(group=table["group"].astype(str)).sort_values(
        ["group", measure, "collocate"], ascending=[True, False, True], kind="mergesort"
    )
    chosen = set(ranked.groupby("group", sort=False).head(top)["collocate"])
    sub = ranked[ranked["collocate"].isin(chosen)]
    wide = sub.pivot(index="collocate", columns="group", values=measure).reindex(columns=groups)
    best = wide.max(axis=1)
    order = sorted(wide.index, key=lambda c: (-best[c], c))
    wide = wide.loc[order]
    wide.columns.name = None
    return wide
