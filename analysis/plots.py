"""Draw a result table onto an Axes. Nothing here computes a statistic or writes a file.

Each function takes one of the tidy tables the package returns, checks its columns
up front, selects and sorts rows, draws onto ``ax`` (a new figure when ``ax`` is
None) and returns the Axes. Saving is :func:`analysis.figures.save`'s job.

Rows are always ordered by decreasing value, ties broken by term in code-point
order, so the same table gives the same chart whatever order its rows came in.

Importing this module applies the house style (:func:`analysis.figures.use_style`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis.errors import InputTypeError, OptionError, check_choice, check_positive_int
from analysis.figures import OKABE_ITO, use_style

__all__ = [
    "corpus_title",
    "top_terms",
    "keyness_bars",
    "tfidf_heatmap",
    "segment_roles",
]

use_style()

# Where each kind of table comes from, for error messages.
_FREQUENCY = "analysis.frequency.term_frequencies()"
_TFIDF = "analysis.frequency.tfidf_terms()"
_KEYNESS = "analysis.keyness.keyness()"
_SEGMENTS = "the `segments` table of a Corpus (analysis.corpus)"

_VALUE_LABELS = {
    "per_10k": "occurrences per 10,000 tokens",
    "count": "occurrences",
    "doc_freq": "documents containing the term",
    "tfidf": "TF-IDF",
}

# How keyness measures are written on axes (analysis.keyness.MEASURES); others as given.
_MEASURE_LABELS = {
    "g2": "G²",
    "chi2": "χ²",
    "chi2_yates": "χ² (Yates)",
    "log_ratio": "log ratio",
    "pct_diff": "%DIFF",
}

#: Above this many cells the heatmap is not annotated (the numbers would overlap).
MAX_ANNOTATED_CELLS = 200

_POSITIVE = OKABE_ITO["blue"]
_NEGATIVE = OKABE_ITO["vermillion"]
_BAR = OKABE_ITO["blue"]


def _require(table: Any, columns: Sequence[str], func: str, producer: str) -> pd.DataFrame:
    """Check ``table`` is a DataFrame holding ``columns``; name the producer if not."""
    if not isinstance(table, pd.DataFrame):
        raise InputTypeError(
            f"{func}() expects a pandas DataFrame as returned by {producer}; "
            f"received {type(table).__name__}."
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputTypeError(
            f"{func}() needs the column(s) {', '.join(missing)}, missing from the table "
            f"(it has: {', '.join(map(str, table.columns)) or 'no columns'}); "
            f"pass the table returned by {producer}."
        )
    return table


def _axes(ax: Axes | None, func: str, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
        return ax
    if not isinstance(ax, Axes):
        raise InputTypeError(
            f"{func}(ax=…) must be a matplotlib Axes or None; received {type(ax).__name__}."
        )
    return ax


def _ranked(frame: pd.DataFrame, value: str, key: str, *, descending: bool = True) -> pd.DataFrame:
    """Sort by ``value`` (decreasing unless told otherwise), ties by ``key``; stable."""
    return frame.sort_values(
        [value, key], ascending=[not descending, True], kind="mergesort", na_position="last"
    )


def _fmt_int(x: Any) -> str:
    return "–" if pd.isna(x) else str(int(x))


def _check_title(title: Any, func: str) -> str | None:
    if title is not None and not isinstance(title, str):
        raise InputTypeError(f"{func}(title=…) must be a string or None; received {title!r}.")
    return title


def _nothing_to_draw(ax: Axes | None, func: str, title: str | None, why: str) -> Axes:
    """An empty chart that says why, so a notebook run on a small corpus still completes."""
    ax = _axes(ax, func, figsize=(6.0, 2.0))
    ax.text(0.5, 0.5, f"Nothing to draw: {why}.", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax


def corpus_title(
    what: str,
    n_articles: int,
    n_outlets: int | None = None,
    corpus_name: str | None = None,
) -> str:
    """A chart title that says what is shown and on how much text.

    Parameters
    ----------
    what : str
        What the chart shows, e.g. ``"Top terms"``.
    n_articles : int
        Number of articles studied.
    n_outlets : int, optional
        Number of outlets they come from.
    corpus_name : str, optional
        Short name of the corpus, e.g. :func:`analysis.config.corpus_name`.

    Returns
    -------
    str
        ``"<what>\\n<corpus_name>: <n> articles, <k> outlets"`` (the parts given).

    Raises
    ------
    InputTypeError
        If ``what`` or ``corpus_name`` is not a string.
    OptionError
        If a count is not a non-negative integer.

    Examples
    --------
    >>> print(corpus_title("Top terms", 120, 4, "data-raw"))
    Top terms
    data-raw: 120 articles, 4 outlets
    >>> corpus_title("Keyness", 1)
    'Keyness\\n1 article'
    """
    if not isinstance(what, str):
        raise InputTypeError(f"what must be a string; received {type(what).__name__}.")
    if corpus_name is not None and not isinstance(corpus_name, str):
        raise InputTypeError(
            f"corpus_name must be a string or None; received {type(corpus_name).__name__}."
        )
    n_articles = check_positive_int("n_articles", _as_int(n_articles), minimum=0)
    parts = [f"{n_articles} article{'s' if n_articles != 1 else ''}"]
    if n_outlets is not None:
        n_outlets = check_positive_int("n_outlets", _as_int(n_outlets), minimum=0)
        parts.append(f"{n_outlets} outlet{'s' if n_outlets != 1 else ''}")
    detail = ", ".join(parts)
    if corpus_name:
        detail = f"{corpus_name}: {detail}"
    return f"{what}\n{detail}"


def _as_int(x: Any) -> Any:
    """numpy integers (e.g. from ``len`` of a groupby) count as integers."""
    return int(x) if isinstance(x, np.integer) else x


def top_terms(
    table: pd.DataFrame,
    *,
    value: str = "per_10k",
    group: str | None = None,
    top: int = 20,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of the ``top`` terms of one group, highest at the top, counts annotated.

    Parameters
    ----------
    table : pandas.DataFrame
        A term-frequency table (``term, group, count, per_10k, doc_freq, rank``) from
        :func:`analysis.frequency.term_frequencies`, or a TF-IDF table (``term, group,
        tfidf, count, doc_freq``) from :func:`analysis.frequency.tfidf_terms`.
    value : {"per_10k", "count", "doc_freq", "tfidf"}
        The column that sets bar length and order.
    group : str, optional
        Which group to draw. Default: the only group if there is one, else ``"all"``
        if present; otherwise it must be given.
    top : int
        Number of bars (fewer if the group has fewer terms).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if None.
    title : str, optional
        Axes title; default ``"Top <n> terms by <value>"`` (plus the group). See
        :func:`corpus_title`.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per term (``ax.patches``), terms as y tick labels top to bottom,
        the raw ``count`` written at the end of each bar.

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``value``, ``group`` or ``top`` is not allowed, or the group has no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"term": ["a", "b"], "group": "all", "count": [3, 5],
    ...                   "per_10k": [30.0, 50.0], "doc_freq": [1, 2], "rank": [2, 1]})
    >>> ax = top_terms(t)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['b', 'a']
    """
    func = "top_terms"
    value = check_choice("value", value, tuple(_VALUE_LABELS))
    top = check_positive_int("top", top)
    producer = _TFIDF if value == "tfidf" else _FREQUENCY
    table = _require(table, ["term", "group", "count", value], func, producer)
    title = _check_title(title, func)

    groups = list(pd.unique(table["group"]))
    if group is None:
        if len(groups) == 1:
            group = groups[0]
        elif "all" in groups:
            group = "all"
        else:
            shown = ", ".join(repr(g) for g in sorted(map(str, groups)))
            raise OptionError(f"the table holds several groups ({shown}); choose one with group=…")
    elif group not in groups:
        shown = ", ".join(repr(g) for g in sorted(map(str, groups)))
        raise OptionError(f"group={group!r} is not in the table; choose one of {shown}.")
    rows = table[(table["group"] == group) & table[value].notna()]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, f"group {group!r} has no term with a {value} value")
    rows = _ranked(rows, value, "term").head(top)

    ax = _axes(ax, func, figsize=(7.0, max(2.5, 0.3 * len(rows) + 1.2)))
    y = np.arange(len(rows))
    bars = ax.barh(y, rows[value].to_numpy(dtype=float), color=_BAR)
    ax.set_yticks(y, labels=[str(t) for t in rows["term"]])
    ax.invert_yaxis()  # first (highest) row at the top
    ax.bar_label(bars, labels=[_fmt_int(c) for c in rows["count"]], padding=3, fontsize=9)
    ax.margins(x=0.12)
    ax.set_xlabel(_VALUE_LABELS[value] + ("" if value == "count" else " (bar labels: counts)"))
    if title is None:
        title = f"Top {len(rows)} terms by {_VALUE_LABELS[value]}"
        if str(group) != "all":
            title += f" — {group}"
    ax.set_title(title)
    return ax


def keyness_bars(
    table: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Diverging bars: the terms most over-used in the target, then in the reference.

    The ``top`` terms with the largest positive ``stat`` (more frequent in the target)
    are drawn to the right, largest at the top; below them the ``top`` terms with
    the most negative ``stat`` (more frequent in the reference), drawn to the left,
    most negative at the bottom — the layout of quanteda's ``textplot_keyness``.
    Each bar is labelled with the raw counts ``n_target / n_reference``.

    Parameters
    ----------
    table : pandas.DataFrame
        A keyness table from :func:`analysis.keyness.keyness` holding one comparison
        (one ``target``, ``reference`` and ``measure``); filter it first if it holds
        several (e.g. one-vs-rest for every outlet).
    top : int
        Number of bars on each side.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if None.
    title : str, optional
        Axes title; default ``"Keyness: <target> vs <reference>"``.

    Returns
    -------
    matplotlib.axes.Axes
        Positive bars then negative bars in ``ax.patches``, terms as y tick labels
        top to bottom, counts as texts beside the bars.

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``top`` is not a positive integer, the table holds several comparisons, or
        no term has a non-zero ``stat``.

    Examples
    --------
    >>> import pandas as pd
    >>> k = pd.DataFrame({"term": ["x", "y"], "target": "A", "reference": "B",
    ...                   "measure": "G2", "stat": [4.0, -2.0],
    ...                   "n_target": [9, 1], "n_reference": [1, 6]})
    >>> ax = keyness_bars(k)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['x', 'y']
    """
    func = "keyness_bars"
    top = check_positive_int("top", top)
    needed = ["term", "target", "reference", "measure", "stat", "n_target", "n_reference"]
    table = _require(table, needed, func, _KEYNESS)
    title = _check_title(title, func)

    if table.empty:
        return _nothing_to_draw(ax, func, title, "no term passes the filters (min_docs, min_count)")
    pairs = table[["target", "reference", "measure"]].drop_duplicates()
    if len(pairs) > 1:
        shown = "; ".join(
            f"{t} vs {r} ({m})"
            for t, r, m in sorted(pairs.astype(str).itertuples(index=False, name=None))
        )
        raise OptionError(
            f"keyness_bars() draws one comparison; the table holds {len(pairs)}: {shown}. "
            "Select one first, e.g. table[table['target'] == '…']."
        )
    stat = table["stat"]
    positive = _ranked(table[stat > 0], "stat", "term").head(top)
    negative = table[stat < 0].assign(_magnitude=lambda f: -f["stat"])
    negative = _ranked(negative, "_magnitude", "term").head(top).iloc[::-1]
    if positive.empty and negative.empty:
        return _nothing_to_draw(ax, func, title, "no term has a non-zero statistic")
    target, reference, measure = (str(v) for v in pairs.iloc[0])

    rows = pd.concat([positive, negative.drop(columns="_magnitude")], ignore_index=True)
    ax = _axes(ax, func, figsize=(7.5, max(3.0, 0.28 * len(rows) + 1.5)))
    y = np.arange(len(rows))
    values = rows["stat"].to_numpy(dtype=float)
    colours = [_POSITIVE if v > 0 else _NEGATIVE for v in values]
    bars = ax.barh(y, values, color=colours)
    ax.set_yticks(y, labels=[str(t) for t in rows["term"]])
    ax.invert_yaxis()
    ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.8)
    labels = [
        f"{_fmt_int(a)} / {_fmt_int(b)}"
        for a, b in zip(rows["n_target"], rows["n_reference"], strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
    ax.margins(x=0.2)
    if len(positive) and len(negative):
        ax.axhline(len(positive) - 0.5, color="0.8", linewidth=0.8, linestyle=":")
    shown = _MEASURE_LABELS.get(measure.lower(), measure)
    ax.set_xlabel(f"{shown} (signed: > 0 = more frequent in {target})")
    ax.legend(
        handles=[
            Patch(color=_POSITIVE, label=f"more in {target}"),
            Patch(color=_NEGATIVE, label=f"more in {reference}"),
        ],
        title=f"counts: {target} / {reference}",
        loc="lower right",
        frameon=False,
    )
    ax.set_title(title if title is not None else f"Keyness: {target} vs {reference}")
    return ax


def tfidf_heatmap(
    table: pd.DataFrame,
    *,
    top: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Heatmap of TF-IDF, terms × groups: the ``top`` terms of each group, values in cells.

    Rows are the union of each group's ``top`` terms, taken group by group (in
    group order) and within a group by decreasing ``tfidf``; a term that is not in
    a group's rows of the table is left blank (light grey). Groups are in category order if
    ``group`` is categorical, else sorted. Cells are annotated with the value (all
    with the same decimals: three significant digits of the largest) when the grid
    has at most :data:`MAX_ANNOTATED_CELLS` cells.

    Parameters
    ----------
    table : pandas.DataFrame
        A TF-IDF table (``term, group, tfidf, count, doc_freq``) from
        :func:`analysis.frequency.tfidf_terms`.
    top : int
        Number of terms taken from each group.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if None. A colour bar is added beside it.
    title : str, optional
        Axes title; default ``"Top <top> TF-IDF terms per group"``.

    Returns
    -------
    matplotlib.axes.Axes
        The image is ``ax.images[0]`` (rows = terms, columns = groups).

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``top`` is not a positive integer or the table has no value to draw.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"term": ["a", "b", "a"], "group": ["G1", "G1", "G2"],
    ...                   "tfidf": [0.5, 0.2, 0.1], "count": [5, 2, 1], "doc_freq": [2, 1, 1]})
    >>> tfidf_heatmap(t).images[0].get_array().shape
    (2, 2)
    """
    func = "tfidf_heatmap"
    top = check_positive_int("top", top)
    table = _require(table, ["term", "group", "tfidf"], func, _TFIDF)
    title = _check_title(title, func)
    rows = table[table["tfidf"].notna()]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, "the table has no TF-IDF value")

    if isinstance(rows["group"].dtype, pd.CategoricalDtype):
        present = set(rows["group"])
        groups = [g for g in rows["group"].cat.categories if g in present]
    else:
        groups = sorted(pd.unique(rows["group"]), key=str)
    terms: list[Any] = []
    for g in groups:
        best = _ranked(rows[rows["group"] == g], "tfidf", "term").head(top)
        terms.extend(t for t in best["term"] if t not in terms)

    # Duplicated (term, group) rows would be ambiguous; the first in table order wins.
    cells = rows.drop_duplicates(["term", "group"])
    grid = (
        cells[cells["term"].isin(terms)]
        .pivot(index="term", columns="group", values="tfidf")
        .reindex(index=terms, columns=groups)
    )
    values = grid.to_numpy(dtype=float)

    size = (max(4.0, 1.1 * len(groups) + 2.5), max(3.0, 0.3 * len(terms) + 1.5))
    ax = _axes(ax, func, figsize=size)
    cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]].with_extremes(bad="0.93")
    image = ax.imshow(
        np.ma.masked_invalid(values), aspect="auto", interpolation="nearest", cmap=cmap
    )
    ax.set_xticks(np.arange(len(groups)), labels=[str(g) for g in groups], rotation=30, ha="right")
    ax.set_yticks(np.arange(len(terms)), labels=[str(t) for t in terms])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if values.size <= MAX_ANNOTATED_CELLS:
        finite = values[np.isfinite(values)]
        middle = (finite.min() + finite.max()) / 2 if finite.size else 0.0
        largest = float(np.abs(finite).max()) if finite.size else 0.0
        # One number of decimals for every cell: three significant digits of the largest.
        decimals = max(0, 2 - int(np.floor(np.log10(largest)))) if largest > 0 else 0
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                # cividis is dark at the low end: white text there, black above the middle
                colour = "black" if v > middle else "white"
                ax.text(
                    j, i, f"{v:.{decimals}f}", ha="center", va="center", fontsize=8, color=colour
                )
    ax.figure.colorbar(image, ax=ax, label="TF-IDF", shrink=0.8)
    ax.set_title(title if title is not None else f"Top {top} TF-IDF terms per group")
    return ax


def segment_roles(
    segments: pd.DataFrame,
    *,
    unit: str = "segments",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars: how many segments (or words) of each role the corpus has.

    Shows what the segmentation rules made of the articles (title, lead, body,
    boilerplate…), largest role at the top, ties by role name.

    Parameters
    ----------
    segments : pandas.DataFrame
        The segments table of a corpus, columns ``id, position, role, rule, text``.
    unit : {"segments", "words"}
        Count segments, or whitespace-separated words of their ``text``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if None.
    title : str, optional
        Axes title; default ``"<Segments|Words> per role (<n> articles)"``.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per role, roles as y tick labels, totals written at the bar ends.

    Raises
    ------
    InputTypeError
        If ``segments`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``unit`` is not allowed or the table is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"id": ["a", "a", "b"], "position": [0, 1, 0],
    ...                   "role": ["title", "body", "title"], "rule": "r", "text": "x y"})
    >>> [label.get_text() for label in segment_roles(s).get_yticklabels()]
    ['title', 'body']
    """
    func = "segment_roles"
    unit = check_choice("unit", unit, ("segments", "words"))
    segments = _require(segments, ["id", "position", "role", "rule", "text"], func, _SEGMENTS)
    title = _check_title(title, func)
    if segments.empty:
        raise OptionError("segment_roles(): the segments table is empty; nothing to draw.")

    if unit == "segments":
        per_segment = pd.Series(1, index=segments.index)
    else:
        per_segment = segments["text"].fillna("").astype(str).str.split().str.len()
    totals = (
        per_segment.groupby(segments["role"].astype(str), sort=True)
        .sum()
        .rename("n")
        .rename_axis("role")
        .reset_index()
    )
    totals = _ranked(totals, "n", "role")

    ax = _axes(ax, func, figsize=(6.5, max(2.5, 0.35 * len(totals) + 1.2)))
    y = np.arange(len(totals))
    bars = ax.barh(y, totals["n"].to_numpy(dtype=float), color=_BAR)
    ax.set_yticks(y, labels=totals["role"].tolist())
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[_fmt_int(n) for n in totals["n"]], padding=3, fontsize=9)
    ax.margins(x=0.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("segments" if unit == "segments" else "words (whitespace-separated)")
    if title is None:
        n_articles = segments["id"].nunique()
        plural = "s" if n_articles != 1 else ""
        title = f"{unit.capitalize()} per role ({n_articles} article{plural})"
    ax.set_title(title)
    return ax
