"""Caption audit (analysis.captions).

Acceptance on the seed page (data/raw): it carries two captions above the body.

* the AFP caption "US Rep. Ilhan Omar (D-MN) (L) talks with Speaker of the House Nancy
  Pelosi … on March 08, 2019 in Washington, DC. (AFP photo)" belongs to another story:
  of its named entities only "Washington" occurs in the title or body (¶10 "Washington a
  également utilisé son droit de veto"), and its date, 8 March 2019, is years before the
  article's, 1 February 2024 → flagged;
* the Getty caption "La Résistance irakienne frappe la ville portuaire de Haïfa … le jeudi
  1er février 2024. ©Getty Images/archives" tells the article's own story on its own day;
  only its "archives" credit counts against it → not flagged.

The score formula is recomputed by hand here from the documented weights. The body-swap
test needs several articles: it is checked on FIXTURE articles written for the test.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

import analysis
from analysis.captions import (
    CAPTION_COLUMNS,
    DATE_SCALE_DAYS,
    FLAG_THRESHOLD,
    WEIGHTS,
    caption_audit,
    caption_entities,
)
from analysis.errors import InputTypeError, OptionError

SEED_ID = "presstv-fr-2024-02-01-haifa"


@pytest.fixture(scope="module")
def audit(seed):
    return caption_audit(seed)


def by_hand(similarity, overlap, gap_days, archive, swap=None) -> float:
    """The documented score: weighted mean of the mismatches that are available."""
    parts = [(WEIGHTS["similarity"], 1 - similarity), (WEIGHTS["entities"], 1 - overlap)]
    if gap_days is not None:  # a caption without a date has no date sign
        parts.append((WEIGHTS["date"], min(gap_days, DATE_SCALE_DAYS) / DATE_SCALE_DAYS))
    parts.append((WEIGHTS["archive"], float(archive)))
    if swap is not None:
        parts.append((WEIGHTS["swap"], 0.0 if swap else 1.0))
    return sum(w * v for w, v in parts) / sum(w for w, _ in parts)


# ----------------------------------------------------------------- acceptance (seed page)
def test_one_row_per_caption_with_its_components(audit):
    assert list(audit.columns) == list(CAPTION_COLUMNS)
    assert list(audit.columns[:5]) == ["id", "position", "caption", "score", "flagged"]
    assert audit["id"].tolist() == [SEED_ID, SEED_ID]
    assert audit["caption"].iloc[0].startswith("US Rep. Ilhan Omar")
    assert audit["caption"].iloc[1].startswith("La Résistance irakienne frappe")
    assert audit["flagged"].tolist() == [True, False]


def test_afp_caption_is_flagged_and_why(audit):
    afp = audit.iloc[0]
    assert afp["shared_entities"] == "Washington"
    entities = afp["entities"].split("; ")
    assert "Ilhan Omar" in entities and "Washington" in entities
    assert afp["entity_overlap"] == pytest.approx(1 / len(entities))
    # 2019-03-08 against 2024-02-01, counted with the standard library
    assert afp["caption_date"] == pd.Timestamp("2019-03-08")
    assert afp["article_date"] == pd.Timestamp("2024-02-01")
    assert afp["date_gap_days"] == (dt.date(2024, 2, 1) - dt.date(2019, 3, 8)).days
    assert not afp["archive_marker"]
    assert pd.isna(afp["fits_own_body_best"])  # a single article: no body swap
    assert afp["similarity"] < 0.1
    assert afp["score"] == pytest.approx(
        by_hand(afp["similarity"], afp["entity_overlap"], afp["date_gap_days"], False)
    )
    assert afp["score"] >= FLAG_THRESHOLD


def test_getty_caption_is_not_flagged(audit):
    getty = audit.iloc[1]
    assert getty["archive_marker"]  # "©Getty Images/archives"
    assert getty["date_gap_days"] == 0.0
    assert getty["entity_overlap"] == 1.0
    assert getty["similarity"] > 0.8
    assert getty["score"] == pytest.approx(by_hand(getty["similarity"], 1.0, 0.0, True))
    assert getty["score"] < FLAG_THRESHOLD


def test_afp_caption_entities_by_hand():
    caption = (
        "US Rep. Ilhan Omar (D-MN) (L) talks with Speaker of the House Nancy Pelosi (D-CA) "
        "during a rally in Washington, DC. (AFP photo)"
    )
    got = caption_entities(caption)
    assert "Ilhan Omar" in got and "Washington" in got
    assert "AFP" not in got  # credit words are not entities
    assert "L" not in got


def test_threshold_changes_the_flags_only(seed, audit):
    strict = caption_audit(seed, threshold=0.1)
    assert strict["flagged"].tolist() == [True, True]
    pd.testing.assert_series_equal(strict["score"], audit["score"])


# ----------------------------------------------------------------- body swap (fixtures)
def swap_corpus():
    """Two FIXTURE articles whose captions were swapped on publication."""
    articles = pd.DataFrame(
        {
            "id": ["floods", "budget"],
            "title": ["Crue de la Seine à Paris", "Budget voté à l'Assemblée"],
            "text": [
                "La Seine a débordé à Paris. Les quais sont inondés et la crue monte encore.",
                "L'Assemblée nationale a voté le budget. Les députés ont adopté le texte.",
            ],
            "date": ["2024-02-01", "2024-02-01"],
            "language": ["fr", "fr"],
        }
    )
    segments = pd.DataFrame(
        {
            "id": ["floods", "floods", "budget", "budget"],
            "role": ["caption", "body", "caption", "body"],
            "text": [
                "Les députés votent le budget à l'Assemblée nationale.",  # belongs to "budget"
                articles["text"][0],
                "Les quais de la Seine inondés par la crue à Paris.",  # belongs to "floods"
                articles["text"][1],
            ],
        }
    )
    return analysis.Corpus.from_frames(articles, segments)


def test_fixture_body_swap_catches_swapped_captions():
    t = caption_audit(swap_corpus())
    assert t["id"].tolist() == ["floods", "budget"]
    assert t["fits_own_body_best"].tolist() == [False, False]
    assert t["flagged"].tolist() == [True, True]
    assert t["date_gap_days"].isna().all()  # the captions give no date
    for _, row in t.iterrows():
        assert row["score"] == pytest.approx(
            by_hand(row["similarity"], row["entity_overlap"], None, False, swap=False)
        )


def test_fixture_body_swap_keeps_captions_that_fit():
    c = swap_corpus()
    seg = c.segments.copy()
    caps = seg["role"] == "caption"
    seg.loc[caps, "text"] = seg.loc[caps, "text"].tolist()[::-1]  # swap them back
    fixed = analysis.Corpus.from_frames(c.articles, seg)
    t = caption_audit(fixed)
    assert t["fits_own_body_best"].tolist() == [True, True]
    assert t["flagged"].tolist() == [False, False]


def test_no_captions_gives_an_empty_table():
    c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": ["Il pleut."]}))
    t = caption_audit(c)
    assert t.empty and list(t.columns) == list(CAPTION_COLUMNS)


def test_caption_without_content_words_or_names_is_not_scored():
    articles = pd.DataFrame({"id": ["a"], "text": ["Il pleut sur Paris."]})
    segments = pd.DataFrame({"id": ["a", "a"], "role": ["caption", "body"],
                             "text": ["(AFP)", "Il pleut sur Paris."]})  # fmt: skip
    t = caption_audit(analysis.Corpus.from_frames(articles, segments))
    assert len(t) == 1 and math.isnan(t["score"].iloc[0]) and not t["flagged"].iloc[0]


# ----------------------------------------------------------------- friendly errors
@pytest.mark.parametrize("bad", [0, 1.5, -0.2, "0.5", True])
def test_error_threshold(seed, bad):
    with pytest.raises(OptionError, match=r"threshold must be a number in \(0, 1\]"):
        caption_audit(seed, threshold=bad)


def test_error_not_a_corpus():
    with pytest.raises(InputTypeError):
        caption_audit(pd.DataFrame({"text": ["x"]}))
