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
    if not groups:
        return _nothing_to_draw(ax, func, title, "the table is empty")
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


# ---------------------------------------------------------------- naming and time
# (tables of analysis.lexicons and analysis.timeline)

__all__ += ["naming_share_bars", "lexicon_rate_bars", "time_lines"]

_SHARES = "analysis.lexicons.naming_shares()"
_COUNTS = "analysis.lexicons.lexicon_counts()"
_TIMELINE = "analysis.timeline.attention() or analysis.timeline.lexicon_rates()"
_OTHER = "0.75"  # grey of pooled minor variants
#: Most variants drawn in one stacked bar chart; the rest are pooled as "other variants".
MAX_STACKED_VARIANTS = 7


def _single_period(table: pd.DataFrame, func: str) -> None:
    if "period" in table.columns and table["period"].nunique(dropna=True) > 1:
        raise OptionError(
            f"{func}() draws one period; the table holds {table['period'].nunique()}. "
            "Select one (table[table['period'] == …]) or compute the shares with period=None."
        )


def naming_share_bars(
    table: pd.DataFrame,
    *,
    family: str | None = None,
    group: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Stacked bars of naming shares: how a referent is named, 0 to 100 %.

    Two layouts:

    * ``family=`` given: one bar per group, split into the family's variants (the
      :data:`MAX_STACKED_VARIANTS` most used overall, the rest pooled in grey as "other
      variants"), with a legend; a group that never names the referent gets an empty,
      labelled bar.
    * ``family=None``: one group (the only one, or ``group=``), one bar per family that
      it names, each split into its variants, labelled inside the bar where wide enough.

    The number of mentions behind each bar (``family_total``) is written at its end.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.lexicons.naming_shares` (one period, or ``period=None``).
    family : str, optional
        The family to compare across groups.
    group : str, optional
        The group to draw when ``family`` is None and the table holds several.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Bars in ``ax.patches``; y tick labels are groups (or families) top to bottom.

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``family``/``group`` is not in the table, or the table holds several periods
        or several groups without ``family``/``group`` to choose.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"family": "f", "variant": ["a", "b", "a", "b"], "group": ["G1", "G1", "G2", "G2"],
    ...                   "count": [3, 1, 0, 2], "family_total": [4, 4, 2, 2], "share": [0.75, 0.25, 0.0, 1.0]})
    >>> [label.get_text() for label in naming_share_bars(t, family="f").get_yticklabels()]
    ['G1', 'G2']
    """
    func = "naming_share_bars"
    table = _require(
        table, ["family", "variant", "group", "count", "family_total", "share"], func, _SHARES
    )
    title = _check_title(title, func)
    _single_period(table, func)
    families = list(pd.unique(table["family"]))
    groups = list(pd.unique(table["group"]))
    if family is not None and family not in families:
        raise OptionError(
            f"family={family!r} is not in the table; choose one of {', '.join(map(repr, families))}."
        )
    if group is not None and group not in groups:
        raise OptionError(
            f"group={group!r} is not in the table; choose one of {', '.join(map(repr, map(str, groups)))}."
        )

    if family is not None:
        rows = table[table["family"] == family]
        if group is not None:
            rows = rows[rows["group"] == group]
        if rows.empty:
            return _nothing_to_draw(ax, func, title, f"the table has no row of family {family!r}")
        order = list(pd.unique(rows["variant"]))
        used = rows.groupby("variant", sort=False)["count"].sum().reindex(order)
        used = used[used > 0]
        if used.empty:
            return _nothing_to_draw(ax, func, title, f"no group names {family!r}")
        ranked = sorted(used.index, key=lambda v: (-used[v], order.index(v)))
        shown = [v for v in order if v in ranked[:MAX_STACKED_VARIANTS]]
        pooled = len(used) > MAX_STACKED_VARIANTS
        bar_groups = list(pd.unique(rows["group"]))
        ax = _axes(ax, func, figsize=(7.5, max(2.5, 0.45 * len(bar_groups) + 1.8)))
        colours = list(OKABE_ITO.values())[:MAX_STACKED_VARIANTS]
        y = np.arange(len(bar_groups))
        left = np.zeros(len(bar_groups))
        shares = rows.pivot_table(
            index="group", columns="variant", values="share", aggfunc="first", sort=False
        )
        shares = shares.reindex(index=bar_groups).fillna(0.0)
        totals = rows.groupby("group", sort=False)["family_total"].first().reindex(bar_groups)
        segments = [(v, shares[v].to_numpy(dtype=float), colours[k]) for k, v in enumerate(shown)]
        if pooled:
            rest = [v for v in used.index if v not in shown]
            segments.append(
                (
                    f"other variants ({len(rest)})",
                    shares[rest].sum(axis=1).to_numpy(dtype=float),
                    _OTHER,
                )
            )
        for label, width, colour in segments:
            bars = ax.barh(
                y, width, left=left, color=colour, label=label, edgecolor="white", linewidth=0.5
            )
            ax.bar_label(
                bars, labels=[f"{w:.0%}" if w >= 0.08 else "" for w in width],
                label_type="center", fontsize=8, color="black" if colour in (_OTHER, OKABE_ITO["yellow"]) else "white",
            )  # fmt: skip
            left += width
        for k, total in enumerate(totals):
            text = f"n = {int(total)}" if total > 0 else "no mention"
            ax.text(1.01, k, text, va="center", fontsize=8, transform=ax.get_yaxis_transform())
        ax.set_yticks(y, labels=[str(g) for g in bar_groups])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_xlabel(f"share of the mentions of {family!r}")
        ax.legend(loc="upper left", bbox_to_anchor=(1.12, 1.0), frameon=False, fontsize=8)
        ax.set_title(title if title is not None else f"How {family!r} is named")
        return ax

    if group is None:
        if len(groups) != 1:
            raise OptionError(
                f"the table holds {len(groups)} groups; give family=… to compare them, "
                "or group=… to draw every family of one group."
            )
        group = groups[0]
    rows = table[(table["group"] == group) & (table["family_total"] > 0)]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, f"group {group!r} names no family of the lexicon")
    bar_families = list(pd.unique(rows["family"]))
    ax = _axes(ax, func, figsize=(8.0, max(2.5, 0.45 * len(bar_families) + 1.2)))
    colours = list(OKABE_ITO.values())[:MAX_STACKED_VARIANTS]
    fig = ax.figure
    width_in = ax.get_position().width * fig.get_size_inches()[0]
    for k, fam in enumerate(bar_families):
        part = rows[(rows["family"] == fam) & (rows["count"] > 0)]
        left = 0.0
        for n, (variant, share) in enumerate(zip(part["variant"], part["share"], strict=True)):
            colour = colours[n % len(colours)]
            ax.barh(k, share, left=left, color=colour, edgecolor="white", linewidth=0.5)
            # A name is written only where it fits (about 0.06 inch a character at 7 pt).
            room = share * width_in
            label = f"{variant}\n{share:.0%}" if room >= 0.06 * len(variant) else f"{share:.0%}"
            if room >= 0.3:
                dark = colour in (OKABE_ITO["yellow"],)
                ax.text(left + share / 2, k, label, ha="center", va="center",
                        fontsize=7, color="black" if dark else "white")  # fmt: skip
            left += share
        ax.text(1.01, k, f"n = {int(part['family_total'].iloc[0])}", va="center", fontsize=8,
                transform=ax.get_yaxis_transform())  # fmt: skip
    ax.set_yticks(np.arange(len(bar_families)), labels=[str(f) for f in bar_families])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of the family's mentions (variants named where they fit; all in the CSV)")
    ax.set_title(title if title is not None else f"How each referent is named — {group}")
    return ax


def lexicon_rate_bars(
    table: pd.DataFrame,
    *,
    group: str | None = None,
    top: int = 20,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of the most used lexicon variants, per 10,000 words, with their interval.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.lexicons.lexicon_counts`.
    group : str, optional
        Which group to draw; default the only group, else ``"all"`` if present.
    top : int
        Number of bars: the variants with the highest ``per_10k`` (ties by name); variants
        never used are not drawn.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per variant labelled ``variant (family)``, highest at the top, the 95 %
        bootstrap interval as a whisker (none when ``ci_low`` is NaN) and the raw count
        written beside it.

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``top`` or ``group`` is not allowed.
    """
    func = "lexicon_rate_bars"
    top = check_positive_int("top", top)
    table = _require(
        table,
        ["family", "variant", "group", "count", "per_10k", "ci_low", "ci_high"],
        func,
        _COUNTS,
    )
    title = _check_title(title, func)
    groups = list(pd.unique(table["group"]))
    if not groups:
        return _nothing_to_draw(ax, func, title, "the table is empty")
    if group is None:
        if len(groups) == 1:
            group = groups[0]
        elif "all" in groups:
            group = "all"
        else:
            raise OptionError(
                f"the table holds several groups ({', '.join(map(repr, map(str, groups)))}); choose one with group=…"
            )
    elif group not in groups:
        raise OptionError(
            f"group={group!r} is not in the table; choose one of {', '.join(map(repr, map(str, groups)))}."
        )
    rows = table[(table["group"] == group) & (table["count"] > 0)]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, f"no variant of the lexicon occurs in {group!r}")
    rows = rows.assign(_label=rows["variant"].astype(str) + " (" + rows["family"].astype(str) + ")")
    rows = _ranked(rows, "per_10k", "_label").head(top)
    ax = _axes(ax, func, figsize=(7.5, max(2.5, 0.3 * len(rows) + 1.3)))
    y = np.arange(len(rows))
    values = rows["per_10k"].to_numpy(dtype=float)
    low = rows["ci_low"].to_numpy(dtype=float)
    high = rows["ci_high"].to_numpy(dtype=float)
    bars = ax.barh(y, values, color=_BAR)
    has_ci = np.isfinite(low) & np.isfinite(high)
    if has_ci.any():
        err = np.vstack([np.clip(values - low, 0, None), np.clip(high - values, 0, None)])
        ax.errorbar(values[has_ci], y[has_ci], xerr=err[:, has_ci], fmt="none", ecolor=OKABE_ITO["black"],
                    elinewidth=0.8, capsize=2)  # fmt: skip
    ax.bar_label(bars, labels=[_fmt_int(c) for c in rows["count"]], padding=8, fontsize=8)
    ax.set_yticks(y, labels=rows["_label"].tolist())
    ax.invert_yaxis()
    ax.margins(x=0.15)
    ax.set_xlabel(
        "occurrences per 10,000 words (whiskers: 95 % bootstrap over articles; labels: counts)"
    )
    ax.set_title(title if title is not None else f"Lexicon variants per 10,000 words — {group}")
    return ax


def time_lines(
    table: pd.DataFrame,
    *,
    value: str | None = None,
    series: str | None = None,
    top: int = 8,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """One line per group (or family) over time, with a marker at every period.

    Periods without articles are gaps (NaN), never joined across.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.timeline.attention` (``value`` default ``"share"``, series
        the groups) or :func:`analysis.timeline.lexicon_rates` (``value`` default
        ``"per_10k"``, series the families when the table holds one group, else the groups
        when it holds one family).
    value : {"share", "share_of_group", "n_articles", "n_matching", "per_10k", "count"}, optional
    series : {"group", "family", "variant"}, optional
        The column that makes one line each.
    top : int
        At most this many lines: the series with the most matches (attention:
        ``n_matching``; rates: ``count``), ties by name.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per series in ``ax.lines``, labelled in the legend.

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``value``/``series`` is not allowed, or a rates table holds several groups and
        several families without ``series``.
    """
    func = "time_lines"
    top = check_positive_int("top", top)
    table = _require(table, ["group", "period"], func, _TIMELINE)
    title = _check_title(title, func)
    is_attention = "n_matching" in table.columns
    if is_attention:
        table = _require(table, ["n_articles", "n_matching", "share"], func, _TIMELINE)
        value = check_choice(
            "value", value or "share", ("share", "share_of_group", "n_articles", "n_matching")
        )
        series = check_choice("series", series or "group", ("group",))
        weight = "n_matching"
    else:
        table = _require(table, ["family", "variant", "count", "per_10k"], func, _TIMELINE)
        value = check_choice("value", value or "per_10k", ("per_10k", "count"))
        if series is None:
            if table["group"].nunique() <= 1:
                series = (
                    "family"
                    if table["variant"].nunique() <= 1 or (table["variant"] == "*").all()
                    else "variant"
                )
            elif table["family"].nunique() <= 1 and table["variant"].nunique() <= 1:
                series = "group"
            else:
                raise OptionError(
                    "the table holds several groups and several families; select one group "
                    "(table[table['group'] == …]) or one family, or give series=…"
                )
        series = check_choice("series", series, ("group", "family", "variant"))
        weight = "count"
    rows = table[table["period"].notna()]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, "no dated article")
    # Series with nothing to show (every period NaN, e.g. an outlet whose articles are all
    # undated) would only add an empty legend entry.
    drawable = rows.groupby(series, sort=False)[value].apply(lambda v: v.notna().any())
    rows = rows[rows[series].isin(drawable[drawable].index)]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, f"no period has a {value} value")
    totals = rows.groupby(series, sort=False)[weight].sum()
    chosen = sorted(totals.index, key=lambda s: (-totals[s], str(s)))[:top]
    ax = _axes(ax, func, figsize=(7.5, 4.0))
    for k, name in enumerate(chosen):
        part = rows[rows[series] == name].sort_values("period", kind="mergesort")
        ax.plot(part["period"], part[value].to_numpy(dtype=float), marker="o", markersize=4,
                linewidth=1.3, label=str(name), linestyle="-" if k < 8 else "--")  # fmt: skip
    import matplotlib.dates as mdates

    # One period of margin on each side: a single period stays a readable point, not a
    # dot lost in the years matplotlib would otherwise show around it.
    freq = table.attrs.get("freq")
    step = pd.Timedelta(days={"day": 1, "week": 7, "month": 31}.get(freq, 7))
    ax.set_xlim(rows["period"].min() - step, rows["period"].max() + step)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    labels = {
        "share": "share of the articles that match" if is_attention else "share",
        "share_of_group": "share of the group's matching articles",
        "n_articles": "articles",
        "n_matching": "matching articles",
        "per_10k": "occurrences per 10,000 words",
        "count": "occurrences",
    }
    ax.set_ylabel(labels[value])
    if value.startswith("share"):
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    ax.set_xlabel(f"{freq} (first day)" if freq else "period (first day)")
    ax.set_title(title if title is not None else f"{labels[value].capitalize()} over time")
    return ax


# --- Sourcing, agency and caption audit (analysis.sourcing, analysis.agency, analysis.captions)

_SOURCES = "analysis.sourcing.quoted_sources()"
_VOICE_COUNTS = "analysis.agency.voice_counts()"
_CAPTIONS = "analysis.captions.caption_audit()"

#: How each (voice, agent type) of analysis.agency is written on charts, in drawing order.
AGENCY_LABELS: dict[tuple[str, str], str] = {
    ("active", "person_or_group"): "active, agent a person or group",
    ("active", "event"): "active, agent an event or weapon",
    ("active", "unknown"): "active, agent unresolved",
    ("passive_agent", "person_or_group"): "passive, by a person or group",
    ("passive_agent", "event"): "passive, by an event or weapon",
    ("passive_agent", "unknown"): "passive, agent unresolved",
    ("passive_no_agent", "unknown"): "passive, no agent",
    ("agentless", "unknown"): "intransitive (died, perished)",
}
_AGENCY_COLOURS = {
    ("active", "person_or_group"): OKABE_ITO["blue"],
    ("active", "event"): OKABE_ITO["sky_blue"],
    ("active", "unknown"): "0.75",
    ("passive_agent", "person_or_group"): OKABE_ITO["bluish_green"],
    ("passive_agent", "event"): OKABE_ITO["yellow"],
    ("passive_agent", "unknown"): "0.6",
    ("passive_no_agent", "unknown"): OKABE_ITO["orange"],
    ("agentless", "unknown"): OKABE_ITO["vermillion"],
}


def source_bars(
    table: pd.DataFrame,
    *,
    group: Any = None,
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars: the sources quoted most often, direct quotations shaded.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.sourcing.quoted_sources` (``group, source, n, n_articles,
        n_direct, n_hedged, share``).
    group : optional
        Draw this group only. Default: every group pooled (counts summed).
    top : int
        Number of bars: the sources with the most attributions, ties by name.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per source for all its attributions (``ax.patches``, first ``top``),
        then the direct-quotation part of each over it; labels ``n (articles, hedged)``.

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``top`` is not a positive integer or ``group`` is not in the table.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": "X", "source": ["ONU", "armée"], "n": [1, 3],
    ...                   "n_articles": [1, 2], "n_direct": [0, 1], "n_hedged": [0, 1],
    ...                   "share": [0.25, 0.75]})
    >>> [label.get_text() for label in source_bars(t).get_yticklabels()]
    ['armée', 'ONU']
    """
    func = "source_bars"
    top = check_positive_int("top", top)
    needed = ["group", "source", "n", "n_articles", "n_direct", "n_hedged"]
    table = _require(table, needed, func, _SOURCES)
    title = _check_title(title, func)
    if group is not None:
        groups = list(pd.unique(table["group"]))
        if group not in groups:
            shown = ", ".join(repr(g) for g in sorted(map(str, groups)))
            raise OptionError(
                f"group={group!r} is not in the table; choose one of {shown or '(none)'}."
            )
        table = table[table["group"] == group]
    if table.empty or int(table["n"].sum()) == 0:
        return _nothing_to_draw(ax, func, title, "no attribution was found")
    rows = (
        table.groupby("source", sort=True)[["n", "n_articles", "n_direct", "n_hedged"]]
        .sum()
        .reset_index()
    )
    rows = _ranked(rows, "n", "source").head(top)
    ax = _axes(ax, func, figsize=(7.0, max(2.5, 0.32 * len(rows) + 1.3)))
    y = np.arange(len(rows))
    bars = ax.barh(y, rows["n"].to_numpy(dtype=float), color=OKABE_ITO["sky_blue"],
                   label="reported (que, selon, participle…)")  # fmt: skip
    ax.barh(y, rows["n_direct"].to_numpy(dtype=float), color=_BAR, label="direct quotation")
    labels = [
        f"{int(n)} ({int(a)} art.{f', {int(h)} hedged' if h else ''})"
        for n, a, h in zip(rows["n"], rows["n_articles"], rows["n_hedged"], strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
    ax.set_yticks(y, labels=[str(s) for s in rows["source"]])
    ax.invert_yaxis()
    ax.margins(x=0.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("attributions (labels: total, articles, hedged)")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.set_title(title if title is not None else "Who is quoted")
    return ax


def agency_bars(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """How casualty and attack clauses are voiced: who is made the agent.

    With one group, one bar per voice × agent type (clause counts). With several, one
    100 % bar per group, split by voice × agent type, with ``n`` beside it.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.agency.voice_counts` (``group, voice, agent_type, n, share``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": "all", "voice": ["active", "agentless"],
    ...                   "agent_type": ["event", "unknown"], "n": [2, 1], "share": [2 / 3, 1 / 3]})
    >>> len(agency_bars(t).patches)
    2
    """
    func = "agency_bars"
    table = _require(table, ["group", "voice", "agent_type", "n", "share"], func, _VOICE_COUNTS)
    title = _check_title(title, func)
    if table.empty or int(table["n"].sum()) == 0:
        return _nothing_to_draw(ax, func, title, "no casualty or attack verb was found")
    present = set(zip(table["voice"], table["agent_type"], strict=True))
    combos = [k for k in AGENCY_LABELS if k in present]
    groups = list(pd.unique(table["group"]))
    if len(groups) == 1:
        counts = table.groupby(["voice", "agent_type"])["n"].sum()
        ax = _axes(ax, func, figsize=(7.0, max(2.5, 0.35 * len(combos) + 1.2)))
        y = np.arange(len(combos))
        values = [float(counts.get(k, 0)) for k in combos]
        bars = ax.barh(y, values, color=[_AGENCY_COLOURS[k] for k in combos])
        ax.bar_label(bars, labels=[str(int(v)) for v in values], padding=3, fontsize=9)
        ax.set_yticks(y, labels=[AGENCY_LABELS[k] for k in combos])
        ax.invert_yaxis()
        ax.margins(x=0.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("clauses with a casualty or attack verb")
    else:
        ax = _axes(ax, func, figsize=(8.0, max(2.5, 0.45 * len(groups) + 1.8)))
        y = np.arange(len(groups))
        left = np.zeros(len(groups))
        totals = table.groupby("group", sort=False)["n"].sum().reindex(groups)
        for k in combos:
            part = table[(table["voice"] == k[0]) & (table["agent_type"] == k[1])]
            width = part.set_index("group")["share"].reindex(groups).fillna(0.0)
            width = width.to_numpy(dtype=float)
            ax.barh(y, width, left=left, color=_AGENCY_COLOURS[k], label=AGENCY_LABELS[k],
                    edgecolor="white", linewidth=0.5)  # fmt: skip
            left += width
        for i, total in enumerate(totals):
            ax.text(1.01, i, f"n = {int(total)}", va="center", fontsize=8,
                    transform=ax.get_yaxis_transform())  # fmt: skip
        ax.set_yticks(y, labels=[str(g) for g in groups])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_xlabel("share of the group's casualty and attack clauses")
        ax.legend(loc="upper left", bbox_to_anchor=(1.12, 1.0), frameon=False, fontsize=8)
    ax.set_title(title if title is not None else "Who is made the agent of violence")
    return ax


def caption_scores(
    table: pd.DataFrame,
    *,
    top: int = 20,
    threshold: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars of caption mismatch scores, flagged captions in vermillion.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.captions.caption_audit`.
    top : int
        Number of captions drawn: the highest scores, ties by id and position.
    threshold : float, optional
        Where the dashed flag line is drawn; default
        :data:`analysis.captions.FLAG_THRESHOLD`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per caption labelled with the start of its text; the components are
        written beside each bar (``sim`` content-word share, ``ent`` shared / named
        entities, the date gap in days, ``archive`` when marked as such).

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``top`` is not a positive integer.
    """
    from analysis.captions import FLAG_THRESHOLD

    func = "caption_scores"
    top = check_positive_int("top", top)
    needed = ["id", "position", "caption", "score", "flagged", "similarity", "entity_overlap",
              "shared_entities", "entities", "date_gap_days", "archive_marker"]  # fmt: skip
    table = _require(table, needed, func, _CAPTIONS)
    title = _check_title(title, func)
    threshold = FLAG_THRESHOLD if threshold is None else threshold
    rows = table[table["score"].notna()]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, "the corpus has no caption to score")
    rows = rows.assign(_key=rows["id"].astype(str) + "\x1f" + rows["position"].map("{:06d}".format))
    rows = _ranked(rows, "score", "_key").head(top)
    ax = _axes(ax, func, figsize=(8.0, max(2.5, 0.45 * len(rows) + 1.3)))
    y = np.arange(len(rows))
    colours = [_NEGATIVE if f else _BAR for f in rows["flagged"]]
    bars = ax.barh(y, rows["score"].to_numpy(dtype=float), color=colours)

    def describe(r: Any) -> str:
        parts = [] if pd.isna(r.similarity) else [f"sim {r.similarity:.2f}"]
        n_ent = len([e for e in str(r.entities).split("; ") if e])
        if n_ent:
            n_shared = len([e for e in str(r.shared_entities).split("; ") if e])
            parts.append(f"ent {n_shared}/{n_ent}")
        if not pd.isna(r.date_gap_days):
            parts.append(f"{int(r.date_gap_days)} d")
        if r.archive_marker:
            parts.append("archive")
        return " · ".join(parts)

    ax.bar_label(bars, labels=[describe(r) for r in rows.itertuples()], padding=3, fontsize=8)
    short = [(c if len(c) <= 45 else c[:44] + "…") for c in rows["caption"].astype(str)]
    ax.set_yticks(y, labels=short, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(threshold, color=OKABE_ITO["black"], linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 1.6)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel(f"mismatch score (flagged from {threshold:g}, dashed)")
    ax.legend(handles=[Patch(color=_NEGATIVE, label="flagged"), Patch(color=_BAR, label="fits")],
              loc="lower right", frameon=False, fontsize=8)  # fmt: skip
    ax.set_title(title if title is not None else "Do the captions belong to their articles?")
    return ax


__all__ += ["source_bars", "agency_bars", "caption_scores", "AGENCY_LABELS"]


# -------------------------------------------------------------------------------------------
# Collocations (analysis.collocations)
_COLLOCATIONS = "analysis.collocations.collocations()"
_COLLOCATION_MEASURES = ("log_dice", "mi", "t_score", "g2", "o11")
_COLLOCATION_LABELS = {
    "log_dice": "logDice",
    "mi": "MI (log2 O/E)",
    "t_score": "t-score",
    "g2": "G² (signed)",
    "o11": "co-occurrences in the window",
}


def collocate_bars(
    table: pd.DataFrame,
    *,
    measure: str = "log_dice",
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars: the ``top`` collocates of one node in one group, by ``measure``.

    Each bar is labelled with the raw counts ``o11 / f_collocate`` (co-occurrences in the
    node's windows / occurrences of the collocate anywhere).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.collocations.collocations`, holding one node and one group
        (filter a ``by=`` table first).
    measure : {"log_dice", "mi", "t_score", "g2", "o11"}
    top : int
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Default ``"Collocates of <node> (<group>)"``.

    Returns
    -------
    matplotlib.axes.Axes
        Bars in ``ax.patches`` top to bottom, collocates as y tick labels.

    Raises
    ------
    InputTypeError
        If ``table`` is not a DataFrame or lacks a needed column.
    OptionError
        If ``measure``/``top`` is not allowed or the table holds several nodes or groups.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": "all", "node": "gaza", "collocate": ["bande", "blocus"],
    ...                   "log_dice": [11.0, 12.5], "o11": [3, 4], "f_collocate": [3, 9]})
    >>> [label.get_text() for label in collocate_bars(t).get_yticklabels()]
    ['blocus', 'bande']
    """
    func = "collocate_bars"
    check_choice("measure", measure, _COLLOCATION_MEASURES)
    top = check_positive_int("top", top)
    needed = ["group", "node", "collocate", measure, "o11", "f_collocate"]
    table = _require(table, needed, func, _COLLOCATIONS)
    title = _check_title(title, func)
    rows = table[table[measure].notna()]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, "the node has no collocate above min_count")
    pairs = rows[["node", "group"]].astype(str).drop_duplicates()
    if len(pairs) > 1:
        pairs_shown = sorted(pairs.itertuples(index=False, name=None))
        shown = "; ".join(f"{n} in {g}" for n, g in pairs_shown)
        raise OptionError(
            f"collocate_bars() draws one node in one group; the table holds {len(pairs)}: {shown}. "
            "Select one first, e.g. table[table['group'] == '…'], or use collocate_heatmap()."
        )
    node, group = pairs.iloc[0]
    rows = _ranked(rows, measure, "collocate").head(top)
    ax = _axes(ax, func, figsize=(7.0, max(2.5, 0.3 * len(rows) + 1.2)))
    y = np.arange(len(rows))
    bars = ax.barh(y, rows[measure].to_numpy(dtype=float), color=_BAR)
    ax.set_yticks(y, labels=[str(c) for c in rows["collocate"]])
    ax.invert_yaxis()
    labels = [
        f"{_fmt_int(a)} / {_fmt_int(b)}"
        for a, b in zip(rows["o11"], rows["f_collocate"], strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
    ax.margins(x=0.15)
    ax.set_xlabel(f"{_COLLOCATION_LABELS[measure]} (bar labels: in window / in all)")
    ax.set_title(title if title is not None else f"Collocates of {node} ({group})")
    return ax


def collocate_heatmap(
    table: pd.DataFrame,
    *,
    measure: str = "log_dice",
    top: int = 8,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Heatmap, collocates × groups: how one node is surrounded in each group.

    Rows are the union of each group's ``top`` collocates, ordered by their best value in
    any group (:func:`analysis.collocations.collocation_matrix`); a collocate below
    ``min_count`` in a group is left blank (light grey). Cells are annotated when the grid
    has at most :data:`MAX_ANNOTATED_CELLS` cells.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.collocations.collocations` with ``by=`` (one node).
    measure : {"log_dice", "mi", "t_score", "g2", "o11"}
    top : int
        Collocates taken from each group.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Default ``"Collocates of <node> by group (<measure>)"``.

    Returns
    -------
    matplotlib.axes.Axes
        The image is ``ax.images[0]`` (rows = collocates, columns = groups).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": ["A", "A", "B"], "node": "gaza",
    ...                   "collocate": ["bande", "blocus", "bande"], "log_dice": [12.0, 11.0, 10.5],
    ...                   "o11": [3, 2, 2], "f_collocate": [3, 2, 4]})
    >>> collocate_heatmap(t).images[0].get_array().shape
    (2, 2)
    """
    from analysis.collocations import collocation_matrix

    func = "collocate_heatmap"
    check_choice("measure", measure, _COLLOCATION_MEASURES)
    top = check_positive_int("top", top)
    table = _require(table, ["group", "node", "collocate", measure], func, _COLLOCATIONS)
    title = _check_title(title, func)
    rows = table[table[measure].notna()]
    if rows.empty:
        return _nothing_to_draw(ax, func, title, "the node has no collocate above min_count")
    grid = collocation_matrix(rows, measure=measure, top=top)
    node = str(rows["node"].iloc[0])
    values = grid.to_numpy(dtype=float)
    groups, terms = list(grid.columns), list(grid.index)
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
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                colour = "black" if v > middle else "white"
                ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=8, color=colour)
    ax.figure.colorbar(image, ax=ax, label=_COLLOCATION_LABELS[measure], shrink=0.8)
    default = f"Collocates of {node} by group ({_COLLOCATION_LABELS[measure]})"
    ax.set_title(title if title is not None else default)
    return ax


__all__ += ["collocate_bars", "collocate_heatmap"]
