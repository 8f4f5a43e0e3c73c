"""Check a lexicon by hand: draw a stratified sample of matches, code it, score it.

A count is only as good as its matches. :func:`sample_for_coding` draws matches of
:func:`analysis.lexicons.lexicon_matches` — up to ``n`` per family (or per variant), so
rare families are checked too — into a coding sheet; a coder fills it in (a spreadsheet
will do); :func:`score_coding` reads it back and reports precision, with a confidence
interval, and recall where the coder noted what the lexicon missed.

The coding sheet
----------------
A CSV file (UTF-8 with a byte-order mark so that spreadsheets open it correctly; ``,``,
``;`` or tab separated when read back), one row per sampled match:

========================  ==============================================================
``sample_id``             ``s0001`` … (blank in rows the coder adds, see below)
``stratum``               the family (or ``family:variant``) the row was drawn for
``stratum_size``          how many matches that stratum had in the corpus
``id``                    the article
``family``, ``variant``   what the lexicon says the words are
``field``, ``start``,     where: the text field and character offsets
``end``
``left``, ``text``,       the match in its context
``right``
``correct``               **coder**: ``1`` if the words do name the family's referent
                          (as the variant says: "Résistance" is the armed groups, not
                          1940-44 France), ``0`` if not. ``y``/``n``, ``yes``/``no``,
                          ``oui``/``non``, ``o``, ``true``/``false`` are read too; blank =
                          not coded yet (left out, counted in ``n_uncoded``).
``missed``                **coder**, optional: how many *other* mentions of the same
                          family in the shown context the lexicon did not match
                          (``0`` = looked, none); blank = not looked.
``comment``               free text.
========================  ==============================================================

To record a mention the lexicon missed elsewhere, the coder may also **add a row** with
a blank ``sample_id``, the ``family`` it belongs to, the wording in ``variant`` or
``text``, and ``missed`` left blank (one mention) or set to a number.

Scores (per family, or per variant for precision):

.. math:: \\mathrm{precision} = \\frac{TP}{TP + FP} \\qquad
          \\mathrm{recall} = \\frac{TP}{TP + \\mathrm{missed}}

with TP and FP the rows coded 1 and 0. Precision gets a 95 % Wilson interval (Wilson
1927). Recall is *relative*: it counts only misses the coder noticed around the sampled
matches or added by hand, so it is an upper bound of the true recall; for an unbiased
recall, code a random sample of articles in full. It is reported for a family only
when its coder filled ``missed`` at least once (or added a row for it).

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
inference. *Journal of the American Statistical Association* 22(158), 209-212.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from analysis import config
from analysis.errors import (
    AnalysisError,
    InputTypeError,
    OptionError,
    check_choice,
    check_positive_int,
)

__all__ = [
    "CODING_COLUMNS",
    "SCORE_COLUMNS",
    "CodingSheetError",
    "sample_for_coding",
    "read_coding",
    "score_coding",
]

#: Columns of a coding sheet, in order.
CODING_COLUMNS = [
    "sample_id", "stratum", "stratum_size", "id", "family", "variant", "field", "start", "end",
    "left", "text", "right", "correct", "missed", "comment",
]  # fmt: skip
#: Columns of :func:`score_coding`.
SCORE_COLUMNS = [
    "family", "variant", "n_coded", "n_correct", "precision", "ci_low", "ci_high",
    "n_missed", "recall", "n_uncoded",
]  # fmt: skip
_NEEDED = ["id", "family", "variant", "start", "end", "text", "left", "right"]
_YES = {"1", "y", "yes", "o", "oui", "true", "vrai"}
_NO = {"0", "n", "no", "non", "false", "faux"}
_ALL = "*"


class CodingSheetError(AnalysisError, ValueError):
    """A coding sheet cannot be scored; the message names the sheet, the line and the value."""


def sample_for_coding(
    matches: pd.DataFrame,
    *,
    n: int = 20,
    by: str = "family",
    seed: int = config.RANDOM_SEED,
    path: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> pd.DataFrame:
    """A stratified random sample of lexicon matches, as a coding sheet.

    Up to ``n`` matches are drawn without replacement from each stratum (all of them
    when it has fewer), with a generator seeded by ``seed``: the same matches and seed
    give the same sheet. Rows are in stratum order, then in corpus and text order.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`analysis.lexicons.lexicon_matches`.
    n : int
        Matches per stratum.
    by : str
        ``"family"`` (default), ``"variant"`` (each ``family:variant``), or another column
        of ``matches`` (e.g. an ``outlet`` column merged in).
    seed : int
        Seed of the draw (default :data:`analysis.config.RANDOM_SEED`).
    path : str or path, optional
        Also write the sheet there as CSV (UTF-8 with BOM, for spreadsheets).
    overwrite : bool
        Replace an existing file at ``path``; refused by default, so that a coded sheet is
        never lost by re-running a notebook.

    Returns
    -------
    pandas.DataFrame
        :data:`CODING_COLUMNS`, ``correct``/``missed``/``comment`` empty.

    Raises
    ------
    InputTypeError
        If ``matches`` is not a DataFrame with the columns of ``lexicon_matches``.
    OptionError
        If ``n``, ``by`` or ``seed`` is not allowed, or ``path`` exists and ``overwrite``
        is false.

    Examples
    --------
    >>> m = pd.DataFrame({"id": ["a"] * 3, "family": ["f", "f", "g"], "variant": ["x", "y", "z"],
    ...                   "start": [0, 5, 9], "end": [3, 8, 12], "text": ["abc", "def", "ghi"],
    ...                   "left": "", "right": ""})
    >>> sample_for_coding(m, n=1)[["sample_id", "stratum", "stratum_size", "text"]].values.tolist()
    [['s0001', 'f', 2, 'abc'], ['s0002', 'g', 1, 'ghi']]
    """
    if not isinstance(matches, pd.DataFrame):
        raise InputTypeError(
            "matches must be the DataFrame returned by analysis.lexicons.lexicon_matches(); "
            f"received {type(matches).__name__}."
        )
    missing = [c for c in _NEEDED if c not in matches.columns]
    if missing:
        raise InputTypeError(
            f"matches lacks the column(s) {', '.join(missing)}; pass the table returned by "
            "analysis.lexicons.lexicon_matches()."
        )
    n = check_positive_int("n", n)
    if not isinstance(by, str) or (by not in ("family", "variant") and by not in matches.columns):
        allowed = ", ".join(
            repr(c)
            for c in [
                "family",
                "variant",
                *[c for c in matches.columns if c not in ("family", "variant")],
            ]
        )
        raise OptionError(f"by={by!r} is not allowed; choose one of {allowed}.")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise OptionError(f"seed must be an integer; received {seed!r}.")
    if path is not None:
        path = Path(path)
        if path.exists() and not overwrite:
            raise OptionError(
                f"{path} exists: a coding sheet is not overwritten (it may hold coding). "
                "Give another path, or overwrite=True."
            )

    frame = matches.reset_index(drop=True)
    if by == "variant":
        strata = frame["family"].astype(str) + ":" + frame["variant"].astype(str)
    else:
        strata = frame[by].astype(str)
    rng = np.random.default_rng(int(seed))
    picked: list[np.ndarray] = []
    sizes: dict[str, int] = {}
    for stratum in sorted(strata.unique()):
        rows = np.flatnonzero((strata == stratum).to_numpy())
        sizes[stratum] = len(rows)
        take = rng.choice(rows, size=min(n, len(rows)), replace=False)
        picked.append(np.sort(take))
    order = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
    sheet = frame.iloc[order].copy()
    sheet["stratum"] = strata.iloc[order].to_numpy()
    sheet["stratum_size"] = sheet["stratum"].map(sizes).astype("int64")
    sheet["sample_id"] = [f"s{k + 1:04d}" for k in range(len(sheet))]
    if "field" not in sheet.columns:
        sheet["field"] = ""
    for col in ("correct", "missed", "comment"):
        sheet[col] = ""
    sheet = sheet[CODING_COLUMNS].reset_index(drop=True)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        sheet.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return sheet


def read_coding(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a coding sheet (CSV: ``,``, ``;`` or tab separated; UTF-8 with or without BOM).

    Every cell is read as text, blanks as ``""``.

    Raises
    ------
    CodingSheetError
        If the file does not exist or cannot be read as CSV.
    """
    path = Path(path)
    if not path.is_file():
        raise CodingSheetError(f"{path}: no such coding sheet.")
    try:
        with path.open(encoding="utf-8-sig") as fh:
            header = fh.readline()
        sep = max((",", ";", "\t"), key=header.count)
        return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise CodingSheetError(f"{path}: cannot be read as a CSV coding sheet ({exc}).") from None


def _code(value: Any, where: str) -> float:
    """1.0 / 0.0 / NaN (blank) from a ``correct`` cell."""
    text = str(value).strip().lower()
    if text in ("", "nan", "none", "<na>"):
        return np.nan
    if text.endswith(".0"):
        text = text[:-2]
    if text in _YES:
        return 1.0
    if text in _NO:
        return 0.0
    raise CodingSheetError(
        f"{where}: correct={value!r} is not a code; write 1 (yes) or 0 (no), or leave it blank."
    )


def _count(value: Any, where: str) -> float:
    """A non-negative whole number, or NaN (blank), from a ``missed`` cell."""
    text = str(value).strip()
    if text in ("", "nan", "None", "<NA>"):
        return np.nan
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = -1.0
    if number < 0 or number != int(number):
        raise CodingSheetError(f"{where}: missed={value!r} must be a whole number >= 0, or blank.")
    return number


def score_coding(
    path_or_df: str | os.PathLike[str] | pd.DataFrame, *, by: str = "family"
) -> pd.DataFrame:
    """Precision (and recall where noted) of a coded sheet, per family or per variant.

    See the module docstring for the sheet format and the formulas.

    Parameters
    ----------
    path_or_df : path or pandas.DataFrame
        The coded sheet (as written by :func:`sample_for_coding` and filled in).
    by : {"family", "variant"}
        Score each family (``variant`` is ``"*"``) or each variant. Recall is a family
        measure (a missed mention belongs to no variant): with ``by="variant"``,
        ``n_missed`` and ``recall`` are NaN.

    Returns
    -------
    pandas.DataFrame
        :data:`SCORE_COLUMNS`: ``family, variant, n_coded`` (rows coded 0 or 1),
        ``n_correct``, ``precision``, ``ci_low``/``ci_high`` (95 % Wilson), ``n_missed``,
        ``recall`` (NaN where the coder noted no miss check), ``n_uncoded``. Sorted by
        family (then variant).

    Raises
    ------
    CodingSheetError
        If the sheet lacks a column, or a ``correct``/``missed`` cell is not a valid code
        (the message names the line of the sheet).
    OptionError
        If ``by`` is not allowed.

    Warns
    -----
    UserWarning
        When some sampled rows are not coded yet.

    Examples
    --------
    >>> sheet = pd.DataFrame({"sample_id": ["s1", "s2", "s3", ""], "family": ["f", "f", "f", "f"],
    ...                       "variant": ["a", "a", "b", "seen by coder"], "correct": ["1", "0", "1", ""],
    ...                       "missed": ["0", "", "", ""]})
    >>> score_coding(sheet)[["family", "n_coded", "n_correct", "precision", "n_missed", "recall"]].values.tolist()
    [['f', 3, 2, 0.6666666666666666, 1.0, 0.6666666666666666]]
    """
    check_choice("by", by, ("family", "variant"))
    if isinstance(path_or_df, pd.DataFrame):
        sheet, name, offset = path_or_df.copy(), "the coding sheet", 0
    elif isinstance(path_or_df, str | os.PathLike):
        sheet, name, offset = read_coding(path_or_df), str(path_or_df), 2
    else:
        raise InputTypeError(
            f"path_or_df must be the path of a coding sheet or a DataFrame; received {type(path_or_df).__name__}."
        )
    missing = [c for c in ("sample_id", "family", "variant", "correct") if c not in sheet.columns]
    if missing:
        raise CodingSheetError(
            f"{name} lacks the column(s) {', '.join(missing)}; score a sheet written by "
            "analysis.validation.sample_for_coding()."
        )
    sheet = sheet.reset_index(drop=True)
    if "missed" not in sheet.columns:
        sheet["missed"] = ""

    def where(k: int) -> str:
        return f"{name}, line {k + offset}" if offset else f"{name}, row {k}"

    sample_id = sheet["sample_id"].fillna("").astype(str).str.strip()
    family = sheet["family"].fillna("").astype(str).str.strip()
    added = (sample_id == "").to_numpy()
    for k in np.flatnonzero(added & (family == "").to_numpy()):
        raise CodingSheetError(f"{where(k)}: an added row (blank sample_id) needs its family.")
    correct = np.array(
        [_code(v, where(k)) if not added[k] else np.nan for k, v in enumerate(sheet["correct"])]
    )
    missed = np.array([_count(v, where(k)) for k, v in enumerate(sheet["missed"])])
    # An added row is one missed mention unless it says how many.
    missed = np.where(added & np.isnan(missed), 1.0, missed)
    frame = pd.DataFrame(
        {
            "family": family,
            "variant": _ALL
            if by == "family"
            else sheet["variant"].fillna("").astype(str).str.strip(),
            "added": added,
            "correct": correct,
            "missed": missed,
        }
    )
    uncoded = int((~added & np.isnan(correct)).sum())
    if uncoded:
        warnings.warn(
            f"{uncoded} sampled row(s) of {name} are not coded yet (blank 'correct'); they are "
            "left out of the scores.",
            UserWarning,
            stacklevel=2,
        )
    keys = ["family", "variant"]
    sampled = frame[~frame["added"]]
    rows = []
    for (fam, var), part in sampled.groupby(keys, sort=True):
        coded = part["correct"].dropna()
        n_coded, n_correct = int(len(coded)), int(coded.sum())
        if n_coded:
            ci = binomtest(n_correct, n_coded).proportion_ci(0.95, method="wilson")
            precision, low, high = n_correct / n_coded, float(ci.low), float(ci.high)
        else:
            precision = low = high = np.nan
        if by == "family":
            fam_rows = frame[frame["family"] == fam]
            noted = fam_rows["missed"].notna()
            n_missed = float(fam_rows.loc[noted, "missed"].sum()) if noted.any() else np.nan
            recall = (
                n_correct / (n_correct + n_missed)
                if noted.any() and n_correct + n_missed > 0
                else np.nan
            )
        else:
            n_missed = recall = np.nan
        rows.append(
            (
                fam,
                var,
                n_coded,
                n_correct,
                precision,
                low,
                high,
                n_missed,
                recall,
                int(part["correct"].isna().sum()),
            )
        )
    if by == "family":
        # Families met only in added rows: nothing sampled, everything missed.
        for fam in sorted(set(frame.loc[frame["added"], "family"]) - set(sampled["family"])):
            n_missed = float(frame.loc[frame["family"] == fam, "missed"].sum())
            rows.append((fam, _ALL, 0, 0, np.nan, np.nan, np.nan, n_missed, 0.0, 0))
    out = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    out = out.sort_values(keys, kind="mergesort").reset_index(drop=True)
    return out.astype({"n_coded": "int64", "n_correct": "int64", "n_uncoded": "int64"})
