"""Coding sheets: a stratified, seeded sample out; precision (Wilson) and relative recall back."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import lexicons as L
from analysis import validation as V
from analysis.config import RAW_DIR
from analysis.errors import InputTypeError, OptionError
from analysis.validation import CodingSheetError


@pytest.fixture(scope="module")
def matches():
    return L.lexicon_matches(analysis.load_corpus(RAW_DIR))


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson (1927) score interval, written out as an independent oracle."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_sample_is_stratified_and_seeded(matches):
    sheet = V.sample_for_coding(matches, n=2)
    assert list(sheet.columns) == V.CODING_COLUMNS
    per_family = matches["family"].value_counts()
    got = sheet["stratum"].value_counts()
    assert got.to_dict() == {f: min(2, k) for f, k in per_family.items()}
    assert (sheet["stratum_size"] == sheet["stratum"].map(per_family)).all()
    assert sheet["sample_id"].tolist() == [f"s{k:04d}" for k in range(1, len(sheet) + 1)]
    assert (sheet[["correct", "missed", "comment"]] == "").all().all()
    assert sheet["stratum"].is_monotonic_increasing
    pd.testing.assert_frame_equal(sheet, V.sample_for_coding(matches, n=2))
    others = [V.sample_for_coding(matches, n=2, seed=s)["start"].tolist() for s in range(5)]
    assert len({tuple(o) for o in others}) > 1


def test_sample_by_variant_covers_every_variant(matches):
    sheet = V.sample_for_coding(matches, n=1, by="variant")
    assert len(sheet) == matches[["family", "variant"]].drop_duplicates().shape[0]
    assert (sheet["stratum"] == sheet["family"] + ":" + sheet["variant"]).all()


def test_sheet_is_written_once_and_read_back(matches, tmp_path):
    path = tmp_path / "coding" / "sheet.csv"
    sheet = V.sample_for_coding(matches, n=1, path=path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    back = V.read_coding(path)
    assert back["text"].tolist() == sheet["text"].tolist()
    with pytest.raises(OptionError, match=r"exists: a coding sheet is not overwritten"):
        V.sample_for_coding(matches, n=1, path=path)
    V.sample_for_coding(matches, n=1, path=path, overwrite=True)


def test_precision_recall_by_hand(matches, tmp_path):
    sheet = V.sample_for_coding(matches, n=3)
    israel = sheet.index[sheet["family"] == "israel"]
    violence = sheet.index[sheet["family"] == "violence"]
    sheet.loc[israel, "correct"] = ["1", "oui", "0"]
    sheet.loc[israel[0], "missed"] = "2"  # two other mentions of Israel in that context
    sheet.loc[violence, "correct"] = ["1", "y", "1"]  # no miss check: recall unknown
    added = {c: "" for c in V.CODING_COLUMNS} | {"family": "israel", "variant": "l'entité"}
    sheet = pd.concat([sheet, pd.DataFrame([added])], ignore_index=True)  # one more missed mention
    path = tmp_path / "coded.csv"
    sheet.to_csv(path, index=False, sep=";", encoding="utf-8-sig")  # a French spreadsheet's CSV
    with pytest.warns(UserWarning, match=r"sampled row\(s\) of .* are not coded yet"):
        scores = V.score_coding(path)
    assert list(scores.columns) == V.SCORE_COLUMNS
    row = scores.set_index("family").loc["israel"]
    assert (row["n_coded"], row["n_correct"], row["n_missed"]) == (3, 2, 3)
    assert row["precision"] == pytest.approx(2 / 3)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(_wilson(2, 3))
    assert row["recall"] == pytest.approx(2 / (2 + 3))
    v = scores.set_index("family").loc["violence"]
    assert v["precision"] == 1.0 and np.isnan(v["recall"]) and v["ci_high"] == pytest.approx(1.0)
    assert (scores["variant"] == "*").all()
    assert scores.set_index("family").loc["iraqi_groups", "n_uncoded"] == 3


def test_scores_per_variant(matches):
    sheet = V.sample_for_coding(matches, n=5, by="variant")
    sheet["correct"] = "1"
    sheet.loc[sheet["variant"] == "opération", "correct"] = "0"
    scores = V.score_coding(sheet, by="variant")
    op = scores[(scores["family"] == "violence") & (scores["variant"] == "opération")].iloc[0]
    assert op["precision"] == 0.0 and np.isnan(op["recall"]) and np.isnan(op["n_missed"])
    assert scores.loc[scores["variant"] != "opération", "precision"].eq(1.0).all()


def test_a_family_only_missed(matches):
    sheet = V.sample_for_coding(matches, n=1)
    sheet["correct"] = "1"
    added = {c: "" for c in V.CODING_COLUMNS} | {"family": "iran", "missed": "4"}
    scores = V.score_coding(pd.concat([sheet, pd.DataFrame([added])], ignore_index=True))
    iran = scores.set_index("family").loc["iran"]
    assert (iran["n_coded"], iran["n_missed"], iran["recall"]) == (0, 4, 0.0)


def test_coding_errors_name_the_line(matches, tmp_path):
    sheet = V.sample_for_coding(matches, n=1)
    sheet["correct"] = "1"
    sheet.loc[2, "correct"] = "maybe"
    path = tmp_path / "bad.csv"
    sheet.to_csv(path, index=False)
    with pytest.raises(CodingSheetError, match=r"bad\.csv, line 4: correct='maybe' is not a code"):
        V.score_coding(path)
    sheet.loc[2, "correct"] = "0"
    sheet.loc[1, "missed"] = "-1"
    with pytest.raises(CodingSheetError, match=r"row 1: missed='-1' must be a whole number >= 0"):
        V.score_coding(sheet)
    sheet.loc[1, "missed"] = ""
    added = {c: "" for c in V.CODING_COLUMNS}
    with pytest.raises(
        CodingSheetError, match=r"an added row \(blank sample_id\) needs its family"
    ):
        V.score_coding(pd.concat([sheet, pd.DataFrame([added])], ignore_index=True))
    with pytest.raises(CodingSheetError, match=r"lacks the column\(s\) correct"):
        V.score_coding(sheet.drop(columns="correct"))
    with pytest.raises(CodingSheetError, match=r"no such coding sheet"):
        V.score_coding(tmp_path / "missing.csv")


def test_wrong_inputs_are_explained(matches):
    with pytest.raises(InputTypeError, match=r"lexicon_matches"):
        V.sample_for_coding(matches.drop(columns="left"))
    with pytest.raises(InputTypeError, match=r"received list"):
        V.sample_for_coding([1, 2])
    with pytest.raises(OptionError, match=r"n must be an integer >= 1; received 0"):
        V.sample_for_coding(matches, n=0)
    with pytest.raises(
        OptionError, match=r"by='outlet' is not allowed; choose one of 'family', 'variant'"
    ):
        V.sample_for_coding(matches, by="outlet")
    with pytest.raises(
        OptionError, match=r"by='sentence' is not allowed; choose one of 'family', 'variant'"
    ):
        V.score_coding(matches, by="sentence")
    with pytest.raises(InputTypeError, match=r"received int"):
        V.score_coding(3)
