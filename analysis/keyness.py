"""Keyness: which terms a target uses more (or less) than a reference.

Every measure is computed from the 2 × 2 table of each term

=============  ==============  =================
               target          reference
=============  ==============  =================
term           :math:`a`       :math:`b`
other words    :math:`c=N_t-a` :math:`d=N_r-b`
=============  ==============  =================

where :math:`N_t, N_r` are the running words of target and reference **including stop
words** (the same denominators as ``per_10k``). With expected counts
:math:`E_{ij} = R_i C_j / N` (row total × column total / grand total):

* ``"g2"`` — log-likelihood (Dunning 1993): :math:`G^2 = 2\\sum O_{ij}\\ln(O_{ij}/E_{ij})`,
  with :math:`0 \\ln 0 = 0`; p from :math:`\\chi^2_1`.
* ``"chi2"`` — Pearson: :math:`\\chi^2 = \\sum (O_{ij}-E_{ij})^2/E_{ij}`; p from :math:`\\chi^2_1`.
* ``"chi2_yates"`` — Pearson after moving each observed count 0.5 towards its expected
  count (never past it), as ``scipy.stats.chi2_contingency(correction=True)``.
* ``"log_ratio"`` — Hardie (2014): :math:`\\log_2\\frac{a/N_t}{b/N_r}`, a zero count
  replaced by 0.5. An effect size: p comes from G² (said in the ``test`` column).
* ``"pct_diff"`` — %DIFF (Gabrielatos & Marchi 2012):
  :math:`100\\,(f_t - f_r)/f_r` on relative frequencies, a zero reference frequency
  replaced by :math:`10^{-18}`. An effect size: p comes from G².

Statistics are **signed**: positive when the term is relatively more frequent in the
target. ``p_adj`` is Benjamini–Hochberg over the terms of each comparison.

The reference is the rest of the corpus (default), another group, or general-language
frequencies from wordfreq (:func:`general_reference`).

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics* 19(1), 61–74.
Hardie, A. (2014). Log Ratio — an informal introduction. CASS blog.
Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and practical issues.
CADS International Conference, Bologna.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.dtm import DTM, as_dtm
from analysis.errors import OptionError, check_choice, check_positive_int
from analysis.frequency import group_counts

__all__ = [
    "keyness",
    "keyness_table",
    "general_reference",
    "GeneralReference",
    "MEASURES",
    "KEYNESS_COLUMNS",
]

MEASURES = ("g2", "chi2", "chi2_yates", "log_ratio", "pct_diff")
#: Measures that are effect sizes without a test of their own: p comes from G².
_EFFECT_SIZES = ("log_ratio", "pct_diff")
KEYNESS_COLUMNS = [
    "term",
    "target",
    "reference",
    "measure",
    "stat",
    "p",
    "p_adj",
    "test",
    "log_ratio",
    "n_target",
    "n_reference",
    "per_10k_target",
    "per_10k_reference",
    "doc_freq_target",
    "doc_freq_reference",
]
_ZERO_LOG_RATIO = 0.5
_ZERO_PCT_DIFF = 1e-18


# -------------------------------------------------------------------------------------------
# The measures on vectors of 2 × 2 tables
def _expected(a, b, n_t, n_r):
    n = n_t + n_r
    row1 = a + b
    row2 = n - row1
    return (row1 * n_t / n, row1 * n_r / n, row2 * n_t / n, row2 * n_r / n)


def _sign(a, b, n_t, n_r) -> np.ndarray:
    return np.sign(a / n_t - b / n_r)


def g2(a, b, n_t, n_r) -> np.ndarray:
    """Unsigned log-likelihood G² of each 2 × 2 table (Dunning 1993)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    obs = (a, b, n_t - a, n_r - b)
    total = np.zeros_like(a)
    for o, e in zip(obs, _expected(a, b, n_t, n_r)):
        with np.errstate(divide="ignore", invalid="ignore"):
            total += np.where(o > 0, o * np.log(o / e), 0.0)
    return np.maximum(2.0 * total, 0.0)


def chi2(a, b, n_t, n_r, *, yates: bool = False) -> np.ndarray:
    """Unsigned Pearson χ² of each 2 × 2 table, optionally with Yates' correction."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    obs = (a, b, n_t - a, n_r - b)
    total = np.zeros_like(a)
    for o, e in zip(obs, _expected(a, b, n_t, n_r)):
        diff = o - e
        if yates:
            diff = np.sign(diff) * np.maximum(np.abs(diff) - 0.5, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            total += np.where(e > 0, diff * diff / e, 0.0)
    return total


def log_ratio(a, b, n_t, n_r) -> np.ndarray:
    """Hardie's log ratio, log2 of the ratio of relative frequencies, 0.5 for zero counts."""
    a = np.where(np.asarray(a, float) == 0, _ZERO_LOG_RATIO, a)
    b = np.where(np.asarray(b, float) == 0, _ZERO_LOG_RATIO, b)
    return np.log2((a / n_t) / (b / n_r))


def pct_diff(a, b, n_t, n_r) -> np.ndarray:
    """%DIFF of Gabrielatos & Marchi (2012); a zero reference frequency becomes 1e-18."""
    f_t = np.asarray(a, float) / n_t * 1e6
    f_r = np.asarray(b, float) / n_r * 1e6
    f_r = np.where(f_r == 0, _ZERO_PCT_DIFF, f_r)
    return 100.0 * (f_t - f_r) / f_r


def _score(measure: str, a, b, n_t, n_r) -> tuple[np.ndarray, np.ndarray, str]:
    """(signed statistic, p, name of the test behind p)."""
    sign = _sign(np.asarray(a, float), np.asarray(b, float), n_t, n_r)
    if measure in ("chi2", "chi2_yates"):
        raw = chi2(a, b, n_t, n_r, yates=measure == "chi2_yates")
        return sign * raw, stats.chi2.sf(raw, 1), measure
    g = g2(a, b, n_t, n_r)
    p = stats.chi2.sf(g, 1)
    if measure == "g2":
        return sign * g, p, "g2"
    if measure == "log_ratio":
        return log_ratio(a, b, n_t, n_r), p, "g2"
    return pct_diff(a, b, n_t, n_r), p, "g2"


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values."""
    p = np.asarray(p, float)
    n = len(p)
    if n == 0:
        return p
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * n / np.arange(1, n + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(n)
    out[order] = np.minimum(adjusted, 1.0)
    return out


# -------------------------------------------------------------------------------------------
# General-language reference (wordfreq)
@dataclass(frozen=True)
class GeneralReference:
    """Ordinary written French (or English) as a keyness reference, from wordfreq.

    wordfreq gives *binned relative frequencies* (the share of all words), not counts.
    Log ratio and %DIFF need only relative frequencies, so they are allowed directly.
    G² and χ² need counts: give ``size`` (a notional reference corpus of that many
    words; expected counts are ``frequency × size``) and the statistic — not the ranking —
    depends on that choice. wordfreq lists surface forms, so lemmatised matrices are refused.
    A word wordfreq does not know (frequency 0) counts as 0.5 / ``size`` for the log ratio
    (Hardie's 0.5), with ``size`` defaulting to 10⁹ words when not given.

    Attributes
    ----------
    language : {"fr", "en"}
    size : int or None
    wordlist : str
        wordfreq's list (``"best"`` by default).
    """

    language: str = "fr"
    size: int | None = None
    wordlist: str = "best"

    @property
    def name(self) -> str:
        return f"wordfreq:{self.language}"

    def frequencies(self, terms: pd.Index) -> np.ndarray:
        """wordfreq's relative frequency of each term (0 for unknown words)."""
        import wordfreq

        lang, wl = self.language, self.wordlist
        return np.array([wordfreq.word_frequency(t, lang, wordlist=wl) for t in terms], dtype=float)


def general_reference(language: str = "fr", *, size: int | None = None, wordlist: str = "best") -> GeneralReference:
    """A general-language reference for :func:`keyness` (see :class:`GeneralReference`)."""
    check_choice("language", language, ("fr", "en"))
    if size is not None:
        check_positive_int("size", size)
    check_choice("wordlist", wordlist, ("best", "large", "small"))
    return GeneralReference(language=language, size=size, wordlist=wordlist)


# -------------------------------------------------------------------------------------------
def keyness_table(
    terms: pd.Index,
    a: np.ndarray,
    b: np.ndarray,
    n_t: float,
    n_r: float,
    *,
    measure: str = "g2",
    target: str = "target",
    reference: str = "reference",
    doc_freq_target: np.ndarray | None = None,
    doc_freq_reference: np.ndarray | None = None,
) -> pd.DataFrame:
    """Keyness of every term from raw counts: the computational core of :func:`keyness`.

    Parameters
    ----------
    terms : Index of str
    a, b : array
        Count of each term in target and reference.
    n_t, n_r : float
        Running words of target and reference (stop words included).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`KEYNESS_COLUMNS`, sorted by (−stat, term).
    """
    check_choice("measure", measure, MEASURES)
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    if n_t <= 0 or n_r <= 0:
        raise OptionError(
            f"target {target!r} has {n_t:g} running words and reference {reference!r} {n_r:g}; "
            "both need words to compare."
        )
    stat, p, test = _score(measure, a, b, n_t, n_r)
    nan = np.full(len(a), np.nan)
    out = pd.DataFrame(
        {
            "term": np.asarray(terms, dtype=object),
            "target": target,
            "reference": reference,
            "measure": measure,
            "stat": stat,
            "p": p,
            "p_adj": _bh(p),
            "test": test,
            "log_ratio": log_ratio(a, b, n_t, n_r),
            "n_target": a,
            "n_reference": b,
            "per_10k_target": a / n_t * 10_000,
            "per_10k_reference": b / n_r * 10_000,
            "doc_freq_target": nan if doc_freq_target is None else doc_freq_target,
            "doc_freq_reference": nan if doc_freq_reference is None else doc_freq_reference,
        }
    )
    return out.sort_values(["stat", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def keyness(
    x: Any,
    *,
    by: str | None = None,
    target: str | list[str] | None = None,
    reference: str | GeneralReference | None = None,
    measure: str = "g2",
    min_docs: int = 1,
    min_count: int = 1,
    top: int | None = None,
    force: bool = False,
    ngram: int | tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Key terms of one or more target groups against a reference.

    Modes
    -----
    * ``target="A"`` (``reference=None``): group A against the rest of the corpus.
    * ``target=None``: every group against the rest, in one table.
    * ``target="A", reference="B"``: A against B only (pairwise); ``target=None,
      reference="pairwise"`` gives every ordered pair.
    * ``reference=general_reference("fr")``: each target (or the whole corpus when
      ``by=None``) against general French.

    Parameters
    ----------
    x : DTM or Corpus
        Raw counts (a weighted DTM is refused unless ``force=True``).
    by : str or None
        Metadata column that defines the groups.
    target : str, list of str, or None
    reference : None, str, "pairwise" or GeneralReference
    measure : {"g2", "chi2", "chi2_yates", "log_ratio", "pct_diff"}
        See the module docstring for each formula.
    min_docs : int
        A term is reported as key for the target only if it occurs in at least this many
        target documents (for negative keyness: reference documents; not applied against
        wordfreq). Guards against one long article making a "framing term" on its own.
    min_count : int
        A term is reported as key for the target only if it occurs at least this many times
        there (for negative keyness: in the reference). Log ratio and %DIFF otherwise rank
        words seen once at the top.
    top : int or None
        Keep the ``top`` positive and ``top`` negative terms of each comparison.
    force : bool
        Allow weighted matrices.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`KEYNESS_COLUMNS`, sorted by comparison, then (−stat, term).

    Raises
    ------
    OptionError
        Unknown measure; target not among the groups; target = every document with the
        rest as reference; G² or χ² against wordfreq without ``size``; lemmatised matrix
        against wordfreq.
    WeightingError
        Weighted matrix without ``force``.
    """
    check_choice("measure", measure, MEASURES)
    min_docs = check_positive_int("min_docs", min_docs)
    min_count = check_positive_int("min_count", min_count)
    if top is not None:
        check_positive_int("top", top)
    m = as_dtm(x, ngram=ngram)
    m.require_counts("keyness", force=force)
    groups, counts, doc_freq, n_tokens = group_counts(m, by)
    names = [str(g) for g in groups]

    if isinstance(reference, GeneralReference):
        return _against_general(
            m, names, counts, doc_freq, n_tokens, target, reference, measure, top, min_count
        )

    if target is None:
        targets = names
    else:
        targets = [target] if isinstance(target, str) else list(target)
        missing = [t for t in targets if t not in names]
        if missing:
            shown = ", ".join(repr(n) for n in names[:20]) + (" …" if len(names) > 20 else "")
            raise OptionError(f"target {missing[0]!r} is not a group of by={by!r}; the groups are {shown}.")
    if reference not in (None, "pairwise") and reference not in names:
        shown = ", ".join(repr(n) for n in names[:20])
        raise OptionError(f"reference {reference!r} is not a group of by={by!r}; the groups are {shown}.")
    if reference is None and len(names) < 2:
        raise OptionError(
            f"target {targets[0]!r} holds every document (by={by!r} gives one group), so 'the rest' is "
            "empty. Choose a by= with several groups, or compare with general language: "
            "reference=analysis.general_reference('fr', size=...)."
        )

    pairs: list[tuple[str, str]] = []
    for t in targets:
        if reference is None:
            pairs.append((t, "rest"))
        elif reference == "pairwise":
            pairs.extend((t, r) for r in names if r != t)
        else:
            if reference == t:
                raise OptionError(f"target and reference are the same group {t!r}.")
            pairs.append((t, reference))

    total_counts = counts.sum(axis=0)
    total_df = np.diff(m.counts.tocsc().indptr)
    total_tokens = float(m.docs["n_tokens"].sum())
    index = {n: i for i, n in enumerate(names)}
    tables = []
    for t, r in pairs:
        i = index[t]
        a, df_t, n_t = counts[i], doc_freq[i], n_tokens[i]
        if r == "rest":
            b, df_r, n_r = total_counts - a, total_df - df_t, total_tokens - n_t
        else:
            j = index[r]
            b, df_r, n_r = counts[j], doc_freq[j], n_tokens[j]
        used = (a + b) > 0
        table = keyness_table(
            m.terms[used], a[used], b[used], n_t, n_r, measure=measure, target=t, reference=r,
            doc_freq_target=df_t[used], doc_freq_reference=df_r[used],
        )
        keep = np.where(
            table["stat"] >= 0,
            (table["doc_freq_target"] >= min_docs) & (table["n_target"] >= min_count),
            (table["doc_freq_reference"] >= min_docs) & (table["n_reference"] >= min_count),
        )
        tables.append(_top(table[keep], top))
    return pd.concat(tables, ignore_index=True)[KEYNESS_COLUMNS]


def _top(table: pd.DataFrame, top: int | None) -> pd.DataFrame:
    if top is None:
        return table.reset_index(drop=True)
    pos = table[table["stat"] > 0].head(top)
    neg = table[table["stat"] < 0].tail(top)
    return pd.concat([pos, neg]).reset_index(drop=True)


def _against_general(
    m: DTM,
    names: list[str],
    counts: np.ndarray,
    doc_freq: np.ndarray,
    n_tokens: np.ndarray,
    target: str | list[str] | None,
    ref: GeneralReference,
    measure: str,
    top: int | None,
    min_count: int,
) -> pd.DataFrame:
    if m.options.get("lemmatize"):
        raise OptionError(
            "wordfreq lists surface forms, not lemmas: build the matrix with lemmatize=False "
            "to compare with general language."
        )
    if measure not in _EFFECT_SIZES and ref.size is None:
        raise OptionError(
            f"measure={measure!r} needs counts, but wordfreq gives relative frequencies: pass "
            "general_reference(language, size=N) to state the reference size, or use "
            "measure='log_ratio' or 'pct_diff'."
        )
    if target is None:
        targets = names
    else:
        targets = [target] if isinstance(target, str) else list(target)
        missing = [t for t in targets if t not in names]
        if missing:
            raise OptionError(f"target {missing[0]!r} is not a group; the groups are {names}.")
    size = float(ref.size) if ref.size is not None else 1e9
    freq = ref.frequencies(m.terms)
    expected_ref = freq * size
    index = {n: i for i, n in enumerate(names)}
    tables = []
    for t in targets:
        i = index[t]
        used = counts[i] >= min_count
        table = keyness_table(
            m.terms[used], counts[i][used], expected_ref[used], n_tokens[i], size,
            measure=measure, target=t, reference=ref.name,
            doc_freq_target=doc_freq[i][used],
        )
        if ref.size is None:
            # Without a stated size, G² (and so p) would rest on an arbitrary 10⁹ words.
            table["p"] = np.nan
            table["p_adj"] = np.nan
            table["test"] = "none"
        tables.append(_top(table, top))
    return pd.concat(tables, ignore_index=True)[KEYNESS_COLUMNS]
