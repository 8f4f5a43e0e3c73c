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
Lafon, P. (1980). Sur la variabilité de la fréquence des formes dans un corpus. *Mots* 1.
Monroe, B., Colaresi, M. & Quinn, K. (2008). Fightin' words. *Political Analysis* 16(4).
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *IJCL* 13(4).
Lijffijt, J. et al. (2016). Significance testing of word frequencies in corpora. *DSH* 31(2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats
from scipy.special import gammaln

from analysis.dtm import DTM, as_dtm, doc_freq
from analysis.errors import OptionError, check_choice, check_positive_int

__all__ = [
    "groups_of",
    "keyness",
    "keyness_table",
    "general_reference",
    "GeneralReference",
    "MEASURES",
    "KEYNESS_COLUMNS",
]

MEASURES = ("g2", "chi2", "chi2_yates", "log_ratio", "pct_diff", "specificities", "fightin_words")
TESTS = ("token", "welch", "mannwhitney")
RANKS = ("effect", "stat")
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
    "range_target",
    "dp_target",
    "significant",
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


# -------------------------------------------------------------------------------------------
# Lafon's specificities: hypergeometric tails in log space
def _log_hypergeom_pmf(k, M, K, n):
    """log P(X = k) for X ~ Hypergeometric(population M, K successes, n draws)."""
    lg = gammaln
    return (
        lg(K + 1) - lg(k + 1) - lg(K - k + 1)
        + lg(M - K + 1) - lg(n - k + 1) - lg(M - K - n + k + 1)
        - (lg(M + 1) - lg(n + 1) - lg(M - n + 1))
    )  # fmt: skip


def log_hypergeom_tail(k, M, K, n, *, upper: bool) -> np.ndarray:
    """Natural log of P(X >= k) (``upper``) or P(X <= k), never underflowing.

    The tail is summed outwards from ``k`` with the ratio of consecutive probabilities,
    relative to P(X = k), until the terms no longer matter (1e-17 of the sum), so the
    result stays finite where ``exp`` of it would be 0.
    """
    k = np.asarray(k, float)
    K = np.broadcast_to(np.asarray(K, float), k.shape)
    M, n = float(M), float(n)
    log_pmf = _log_hypergeom_pmf(k, M, K, n)
    total = np.ones_like(k)
    term = np.ones_like(k)
    cur = k.copy()
    hi = np.minimum(K, n)
    lo = np.maximum(0.0, n - (M - K))
    active = np.flatnonzero(cur < hi) if upper else np.flatnonzero(cur > lo)
    while active.size:
        c, kk = cur[active], K[active]
        if upper:
            ratio = (kk - c) * (n - c) / ((c + 1) * (M - kk - n + c + 1))
            cur[active] = c + 1
        else:
            ratio = c * (M - kk - n + c) / ((kk - c + 1) * (n - c + 1))
            cur[active] = c - 1
        term[active] *= ratio
        total[active] += term[active]
        bound = (cur[active] < hi[active]) if upper else (cur[active] > lo[active])
        keep = bound & ((term[active] > 1e-17 * total[active]) | (ratio >= 1))
        active = active[keep]
    return log_pmf + np.log(total)


def specificities(a, b, n_t, n_r) -> tuple[np.ndarray, np.ndarray]:
    """Lafon's specificities: signed −log10 of the hypergeometric tail, and that tail.

    With ``M = n_t + n_r`` running words, ``K = a + b`` occurrences of the term and
    ``n_t`` words drawn for the target, X ~ Hypergeometric(M, K, n_t):

    * over-use (``a > K·n_t/M``): stat = −log10 P(X ≥ a) (positive);
    * otherwise: stat = log10 P(X ≤ a) (negative, or 0).
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    K = a + b
    over = a > K * n_t / (n_t + n_r)
    log_tail = np.empty_like(a)
    # each tail summed only where it is the small one: the other would overflow
    log_tail[over] = log_hypergeom_tail(a[over], n_t + n_r, K[over], n_t, upper=True)
    log_tail[~over] = log_hypergeom_tail(a[~over], n_t + n_r, K[~over], n_t, upper=False)
    log_tail = np.minimum(log_tail, 0.0)
    stat = np.where(over, -log_tail, log_tail) / np.log(10)
    return stat, np.exp(log_tail)


# -------------------------------------------------------------------------------------------
# Fightin' Words (Monroe, Colaresi & Quinn 2008)
def fightin_words(a, b, alpha, *, n_i: float, n_j: float, alpha0: float) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior, and its z-score.

    .. math::

        \\delta_w = \\ln\\frac{y_w^i + \\alpha_w}{n^i + \\alpha_0 - y_w^i - \\alpha_w}
                  - \\ln\\frac{y_w^j + \\alpha_w}{n^j + \\alpha_0 - y_w^j - \\alpha_w},
        \\qquad
        \\sigma^2(\\delta_w) \\approx \\frac{1}{y_w^i + \\alpha_w} + \\frac{1}{y_w^j + \\alpha_w},
        \\qquad z_w = \\delta_w / \\sigma(\\delta_w)

    (Monroe, Colaresi & Quinn 2008, eqs. 16, 18, 19), where :math:`y_w^i` is the count of
    *w* in the target, :math:`n^i` the target's total count of vocabulary terms, and
    :math:`\\alpha_w = \\alpha_0\\, y_w / \\sum_v y_v` the prior from the whole corpus.

    Returns
    -------
    z, delta : ndarray
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    alpha = np.asarray(alpha, float)
    delta = np.log((a + alpha) / (n_i + alpha0 - a - alpha)) - np.log((b + alpha) / (n_j + alpha0 - b - alpha))
    var = 1.0 / (a + alpha) + 1.0 / (b + alpha)
    return delta / np.sqrt(var), delta


# -------------------------------------------------------------------------------------------
# Document-level evidence: dispersion and per-document tests
def gries_dp(counts: sp.csr_matrix, lengths: np.ndarray) -> np.ndarray:
    """Gries' deviation of proportions of each term over the documents (rows) given.

    .. math:: DP = \\tfrac12 \\sum_d \\left| \\frac{c_{d}}{\\sum_e c_e} - \\frac{L_d}{\\sum_e L_e} \\right|

    0 = spread exactly like the text itself, near 1 = all in one small document.
    NaN for a term absent from every document (Gries 2008).
    """
    lengths = np.asarray(lengths, float)
    total_len = lengths.sum()
    coo = sp.coo_matrix(counts)
    term_tot = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    s = lengths[coo.row] / total_len
    v = coo.data / term_tot[coo.col]
    # Σ_d |v_d − s_d| = Σ_{c_d>0} (|v_d − s_d| − s_d) + Σ_d s_d, and Σ_d s_d = 1
    part = np.bincount(coo.col, weights=np.abs(v - s) - s, minlength=counts.shape[1])
    dp = 0.5 * (1.0 + part)
    return np.where(term_tot > 0, dp, np.nan)


def _rate_moments(counts: sp.csr_matrix, lengths: np.ndarray):
    inv = 1.0 / lengths
    rates = sp.diags(inv) @ counts
    n = counts.shape[0]
    mean = np.asarray(rates.sum(axis=0)).ravel() / n
    sq = np.asarray(rates.multiply(rates).sum(axis=0)).ravel()
    var = (sq - n * mean**2) / (n - 1) if n > 1 else np.full_like(mean, np.nan)
    return n, mean, np.maximum(var, 0.0)


def welch_test(t_counts, t_lengths, r_counts, r_lengths) -> np.ndarray:
    """Two-sided Welch t-test p of per-document rates (count / running words), per term."""
    n1, m1, v1 = _rate_moments(t_counts, t_lengths)
    n2, m2, v2 = _rate_moments(r_counts, r_lengths)
    se2 = v1 / n1 + v2 / n2
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (m1 - m2) / np.sqrt(se2)
        df = se2**2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
    return np.where(se2 > 0, 2 * stats.t.sf(np.abs(t), df), np.nan)


def mannwhitney_test(t_counts, t_lengths, r_counts, r_lengths, *, chunk: int = 512) -> np.ndarray:
    """Two-sided Mann–Whitney U p of per-document rates, per term (blocks of ``chunk`` terms)."""
    t_rates = sp.csc_matrix(sp.diags(1.0 / t_lengths) @ t_counts)
    r_rates = sp.csc_matrix(sp.diags(1.0 / r_lengths) @ r_counts)
    out = np.empty(t_counts.shape[1])
    for start in range(0, t_counts.shape[1], chunk):
        cols = slice(start, start + chunk)
        x = t_rates[:, cols].toarray()
        y = r_rates[:, cols].toarray()
        with np.errstate(invalid="ignore"):
            out[cols] = stats.mannwhitneyu(x, y, alternative="two-sided", axis=0).pvalue
    return out


def _score(measure: str, a, b, n_t, n_r, fw: dict | None = None) -> tuple[np.ndarray, np.ndarray, str]:
    """(signed statistic, p, name of the test behind p) of each term."""
    sign = _sign(np.asarray(a, float), np.asarray(b, float), n_t, n_r)
    if measure in ("chi2", "chi2_yates"):
        raw = chi2(a, b, n_t, n_r, yates=measure == "chi2_yates")
        return sign * raw, stats.chi2.sf(raw, 1), measure
    if measure == "specificities":
        stat, tail = specificities(a, b, n_t, n_r)
        return stat, np.minimum(2.0 * tail, 1.0), "hypergeometric"
    if measure == "fightin_words":
        z, _ = fightin_words(a, b, **fw)
        return z, 2.0 * stats.norm.sf(np.abs(z)), "z"
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
    fw: dict | None = None,
) -> pd.DataFrame:
    """Token-level keyness of every term from raw counts: the core of :func:`keyness`.

    Parameters
    ----------
    terms : Index of str
    a, b : array
        Count of each term in target and reference.
    n_t, n_r : float
        Running words of target and reference (stop words included).
    fw : dict, optional
        For ``measure="fightin_words"``: ``alpha`` (prior per term), ``n_i``, ``n_j``,
        ``alpha0`` (see :func:`fightin_words`).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`KEYNESS_COLUMNS` (dispersion columns NaN), sorted by (−stat, term).
    """
    check_choice("measure", measure, MEASURES)
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    if n_t <= 0 or n_r <= 0:
        raise OptionError(
            f"target {target!r} has {n_t:g} running words and reference {reference!r} {n_r:g}; "
            "both need words to compare."
        )
    stat, p, test = _score(measure, a, b, n_t, n_r, fw)
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
            "range_target": nan,
            "dp_target": nan,
            "significant": False,
        }
    )
    return out.sort_values(["stat", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def _rank(table: pd.DataFrame, rank: str, alpha: float) -> pd.DataFrame:
    """Mark significance and order rows: see the module docstring."""
    table = table.copy()
    table["significant"] = (table["p_adj"] < alpha).fillna(False).astype(bool)
    if rank == "stat":
        keys, asc = ["stat", "term"], [False, True]
    else:
        # significant over-use by falling effect, the rest, then significant under-use
        band = np.where(table["significant"], np.where(table["log_ratio"] > 0, 0, 2), 1)
        table["_band"] = band
        keys, asc = ["_band", "log_ratio", "term"], [True, False, True]
    out = table.sort_values(keys, ascending=asc, kind="mergesort")
    return out.drop(columns=[c for c in ("_band",) if c in out]).reset_index(drop=True)


def _top(table: pd.DataFrame, top: int | None) -> pd.DataFrame:
    if top is None:
        return table
    pos = table[table["stat"] > 0].head(top)
    neg = table[table["stat"] < 0].tail(top)
    return pd.concat([pos, neg]).reset_index(drop=True)


def _pairs(targets: list[str], names: list[str], reference: Any) -> list[tuple[str, str]]:
    """(target, reference) of each comparison: ``"rest"``, every other group, or one group."""
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
    return pairs


def keyness(
    x: Any,
    *,
    by: str | None = None,
    target: str | list[str] | None = None,
    reference: str | GeneralReference | None = None,
    measure: str = "g2",
    test: str = "token",
    min_docs: int = 3,
    min_count: int = 1,
    alpha: float = 0.05,
    rank: str = "effect",
    prior_size: float = 1000.0,
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
    measure : {"g2", "chi2", "chi2_yates", "log_ratio", "pct_diff", "specificities", "fightin_words"}
        See the module docstring for each formula.
    test : {"token", "welch", "mannwhitney"}
        Where ``p`` comes from: the measure's token-level test (G² for effect sizes), or a
        Welch t-test / Mann–Whitney U test of per-document rates between target and
        reference documents (not available against wordfreq).
    min_docs : int, default 3
        A term is reported as key for the target only if it occurs in at least this many
        target documents (for negative keyness: reference documents). Against wordfreq it
        applies to target documents. Set 1 to study a single article.
    min_count : int
        Likewise for the number of occurrences. Log ratio and %DIFF otherwise rank words
        seen once at the top.
    alpha : float
        Threshold on ``p_adj`` (Benjamini–Hochberg) for the ``significant`` column.
    rank : {"effect", "stat"}
        ``"effect"``: significant over-used terms by falling log ratio, then the
        non-significant, then significant under-used terms; ``"stat"``: by (−stat, term).
    prior_size : float
        Fightin' Words prior :math:`\alpha_0` in words (default 1,000).
    top : int or None
        Keep the first ``top`` over-used and last ``top`` under-used terms of each comparison.
    force : bool
        Allow weighted matrices.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`KEYNESS_COLUMNS`, by comparison, then in ``rank`` order.

    Raises
    ------
    OptionError
        Unknown measure or test; target not among the groups; target = every document with
        the rest as reference; G², χ², specificities or Fightin' Words against wordfreq
        without a real count; lemmatised matrix against wordfreq.
    WeightingError
        Weighted matrix without ``force``.

    Examples
    --------
    >>> import pandas as pd, analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"outlet": ["A", "A", "B", "B"],
    ...     "text": ["régime frappe", "régime riposte", "Israël frappe", "Israël riposte"]}))
    >>> k = keyness(c, by="outlet", target="A", min_docs=1)
    >>> k[["term", "n_target", "n_reference"]].head(1).values.tolist()
    [['régime', 2.0, 0.0]]
    """
    check_choice("measure", measure, MEASURES)
    check_choice("test", test, TESTS)
    check_choice("rank", rank, RANKS)
    min_docs = check_positive_int("min_docs", min_docs)
    min_count = check_positive_int("min_count", min_count)
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise OptionError(f"alpha must be a number between 0 and 1; received {alpha!r}.")
    if not (isinstance(prior_size, (int, float)) and prior_size > 0):
        raise OptionError(f"prior_size must be a positive number of words; received {prior_size!r}.")
    if top is not None:
        check_positive_int("top", top)
    m = as_dtm(x, ngram=ngram)
    m.require_counts("keyness", force=force)
    groups, ind = m.group_indicator(by)
    names = [str(g) for g in groups]
    members = (ind.tocsr() > 0).toarray()

    if isinstance(reference, GeneralReference):
        if test != "token":
            raise OptionError(
                f"test={test!r} compares documents, but wordfreq has none; use test='token' "
                "against general language."
            )
        return _against_general(m, names, members, target, reference, measure, top, min_docs, min_count, alpha, rank)

    targets = _targets(target, names, by)
    if reference not in (None, "pairwise") and reference not in names:
        shown = ", ".join(repr(n) for n in names[:20])
        raise OptionError(f"reference {reference!r} is not a group of by={by!r}; the groups are {shown}.")
    if reference is None and len(names) < 2:
        raise OptionError(
            f"target {targets[0]!r} holds every document (by={by!r} gives one group), so 'the rest' is "
            "empty. Choose a by= with several groups, or compare with general language: "
            "reference=analysis.general_reference('fr', size=...)."
        )
    pairs = _pairs(targets, names, reference)

    counts = m.counts.tocsr()
    lengths = m.docs["n_tokens"].to_numpy(dtype=float)
    corpus_counts = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    index = {n: i for i, n in enumerate(names)}
    tables = []
    for t, r in pairs:
        t_mask = members[index[t]]
        r_mask = ~t_mask if r == "rest" else members[index[r]]
        tables.append(
            _compare(
                m.terms, counts, lengths, corpus_counts, t_mask, r_mask, t, r,
                measure=measure, test=test, prior_size=prior_size, min_docs=min_docs,
                min_count=min_count, alpha=alpha, rank=rank, top=top,
            )
        )
    return pd.concat(tables, ignore_index=True)[KEYNESS_COLUMNS]


def _targets(target: str | list[str] | None, names: list[str], by: str | None) -> list[str]:
    if target is None:
        return names
    targets = [target] if isinstance(target, str) else list(target)
    missing = [t for t in targets if t not in names]
    if missing:
        shown = ", ".join(repr(n) for n in names[:20]) + (" …" if len(names) > 20 else "")
        raise OptionError(f"target {missing[0]!r} is not a group of by={by!r}; the groups are {shown}.")
    return targets


def _compare(
    terms: pd.Index,
    counts: sp.csr_matrix,
    lengths: np.ndarray,
    corpus_counts: np.ndarray,
    t_mask: np.ndarray,
    r_mask: np.ndarray,
    target: str,
    reference: str,
    *,
    measure: str,
    test: str,
    prior_size: float,
    min_docs: int,
    min_count: int,
    alpha: float,
    rank: str,
    top: int | None,
) -> pd.DataFrame:
    """One comparison: target documents against reference documents."""
    t_counts, r_counts = counts[t_mask], counts[r_mask]
    a = np.asarray(t_counts.sum(axis=0)).ravel().astype(float)
    b = np.asarray(r_counts.sum(axis=0)).ravel().astype(float)
    df_t, df_r = doc_freq(t_counts), doc_freq(r_counts)
    n_t, n_r = float(lengths[t_mask].sum()), float(lengths[r_mask].sum())
    used = (a + b) > 0
    fw = None
    if measure == "fightin_words":
        alpha_w = prior_size * corpus_counts / corpus_counts.sum()
        fw = {"alpha": alpha_w[used], "n_i": a.sum(), "n_j": b.sum(), "alpha0": prior_size}
    table = keyness_table(
        terms[used], a[used], b[used], n_t, n_r, measure=measure, target=target, reference=reference,
        doc_freq_target=df_t[used], doc_freq_reference=df_r[used], fw=fw,
    )
    # dispersion in the target, aligned on the table's term order
    pos = terms.get_indexer(table["term"])
    n_docs_t = int(t_mask.sum())
    table["range_target"] = df_t[pos] / n_docs_t if n_docs_t else np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        table["dp_target"] = gries_dp(t_counts, lengths[t_mask])[pos]
    keep = np.where(
        table["stat"] >= 0,
        (table["doc_freq_target"] >= min_docs) & (table["n_target"] >= min_count),
        (table["doc_freq_reference"] >= min_docs) & (table["n_reference"] >= min_count),
    )
    table = table[keep].reset_index(drop=True)
    if test != "token" and len(table):
        cols = terms.get_indexer(table["term"])
        ok_t, ok_r = lengths[t_mask] > 0, lengths[r_mask] > 0
        if ok_t.sum() < 2 or ok_r.sum() < 2:
            raise OptionError(
                f"test={test!r} needs at least two documents on each side; {target!r} has "
                f"{int(ok_t.sum())} and {reference!r} {int(ok_r.sum())}. Use test='token'."
            )
        args = (
            t_counts[ok_t][:, cols], lengths[t_mask][ok_t], r_counts[ok_r][:, cols], lengths[r_mask][ok_r],
        )
        table["p"] = welch_test(*args) if test == "welch" else mannwhitney_test(*args)
        table["p_adj"] = _bh(np.nan_to_num(table["p"].to_numpy(), nan=1.0))
        table["test"] = test
    elif len(table):
        # the Benjamini–Hochberg family is the terms reported
        table["p_adj"] = _bh(table["p"].to_numpy())
    return _top(_rank(table, rank, alpha), top)


def _against_general(
    m: DTM,
    names: list[str],
    members: np.ndarray,
    target: str | list[str] | None,
    ref: GeneralReference,
    measure: str,
    top: int | None,
    min_docs: int,
    min_count: int,
    alpha: float,
    rank: str,
) -> pd.DataFrame:
    if m.options.get("lemmatize"):
        raise OptionError(
            "wordfreq lists surface forms, not lemmas: build the matrix with lemmatize=False "
            "to compare with general language."
        )
    if measure in ("specificities", "fightin_words"):
        raise OptionError(
            f"measure={measure!r} needs the counts of a real reference corpus; wordfreq gives "
            "relative frequencies. Use measure='log_ratio', 'pct_diff', or 'g2' with a size."
        )
    if measure not in _EFFECT_SIZES and ref.size is None:
        raise OptionError(
            f"measure={measure!r} needs counts, but wordfreq gives relative frequencies: pass "
            "general_reference(language, size=N) to state the reference size, or use "
            "measure='log_ratio' or 'pct_diff'."
        )
    targets = _targets(target, names, None)
    size = float(ref.size) if ref.size is not None else 1e9
    freq = ref.frequencies(m.terms)
    expected_ref = freq * size
    counts = m.counts.tocsr()
    lengths = m.docs["n_tokens"].to_numpy(dtype=float)
    index = {n: i for i, n in enumerate(names)}
    tables = []
    for t in targets:
        mask = members[index[t]]
        t_counts = counts[mask]
        a = np.asarray(t_counts.sum(axis=0)).ravel().astype(float)
        df_t = doc_freq(t_counts)
        used = (a >= min_count) & (df_t >= min_docs)
        table = keyness_table(
            m.terms[used], a[used], expected_ref[used], float(lengths[mask].sum()), size,
            measure=measure, target=t, reference=ref.name, doc_freq_target=df_t[used],
        )
        pos = m.terms.get_indexer(table["term"])
        table["range_target"] = df_t[pos] / max(int(mask.sum()), 1)
        table["dp_target"] = gries_dp(t_counts, lengths[mask])[pos]
        if ref.size is None:
            # Without a stated size, G² (and so p) would rest on an arbitrary 10⁹ words.
            table["p"] = np.nan
            table["p_adj"] = np.nan
            table["test"] = "none"
        tables.append(_top(_rank(table, rank, alpha), top))
    return pd.concat(tables, ignore_index=True)[KEYNESS_COLUMNS]


def groups_of(x: Any, by: str | None) -> list[str]:
    """The group names :func:`keyness` would compare for ``by=`` (sorted as it sorts them)."""
    return [str(g) for g in as_dtm(x).group_indicator(by)[0]]
