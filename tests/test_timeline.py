"""Attention and lexicon rates over time, on hand-checkable fixtures; undated articles are reported."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import lexicons as L
from analysis import plots
from analysis import timeline as T
from analysis.config import RAW_DIR
from analysis.errors import InputTypeError, OptionError

# Fixture sentences written for these tests, not study data. 2024-02-01 is a Thursday,
# so its week starts on Monday 2024-01-29; 2024-02-13 is in the week of 2024-02-12.
FIXTURE = pd.DataFrame(
    {
        "id": ["a1", "a2", "a3", "b1", "b2"],
        "outlet": ["A", "A", "A", "B", "B"],
        "date": ["2024-02-01", "2024-02-02", "2024-02-13", "2024-02-01", None],
        "text": [
            "Israël frappe Gaza.",
            "Il pleut sur la ville.",
            "Tsahal avance. Le régime israélien se tait.",
            "L'entité sioniste et Israël.",
            "Israël encore, sans date.",
        ],
    }
)


@pytest.fixture(scope="module")
def corpus():
    return analysis.Corpus.from_frames(FIXTURE)


def test_period_start():
    dates = pd.Series(pd.to_datetime(["2024-02-04", "2024-02-05", "2024-02-29", None]))
    assert T.period_start(dates, "week").astype(str).tolist()[:3] == [
        "2024-01-29",
        "2024-02-05",
        "2024-02-26",
    ]
    assert T.period_start(dates, "month").astype(str).tolist()[:3] == ["2024-02-01"] * 3
    assert T.period_start(dates, "day").astype(str).tolist()[:3] == [
        "2024-02-04",
        "2024-02-05",
        "2024-02-29",
    ]
    assert T.period_start(dates, "week").isna().tolist() == [False, False, False, True]


def test_attention_by_hand(corpus):
    with pytest.warns(
        UserWarning, match=r"1 of 5 articles have no date and are left out of the timeline"
    ):
        t = T.attention(corpus, query="israel", lexicon="conflict_fr")
    assert list(t.columns) == T.ATTENTION_COLUMNS
    assert t.attrs["undated"] == 1 and t.attrs["query"] == "israel" and t.attrs["freq"] == "week"
    rows = {(g, str(p.date())): r for g, p, *r in t.itertuples(index=False)}
    # group, week: n_articles, n_matching, share, share_of_group, undated
    assert rows[("A", "2024-01-29")][:2] == [2, 1] and rows[("A", "2024-01-29")][2] == 0.5
    assert rows[("A", "2024-02-12")][:3] == [1, 1, 1.0]
    assert rows[("A", "2024-01-29")][3] == 0.5  # A's two matching articles, one per week
    assert rows[("B", "2024-01-29")][:3] == [1, 1, 1.0]
    assert np.isnan(rows[("B", "2024-02-05")][2])  # no article: a gap, not a zero share
    assert rows[("B", "2024-01-29")][4] == 1 and rows[("A", "2024-01-29")][4] == 0
    # every group gets every week from the first to the last dated article
    assert len(t) == 2 * 3


def test_attention_without_query_counts_articles(corpus):
    with pytest.warns(UserWarning, match="no date"):
        t = T.attention(corpus, by=None, freq="month")
    assert t[["group", "n_articles", "n_matching", "share"]].values.tolist() == [["all", 4, 4, 1.0]]
    assert t["share_of_group"].tolist() == [1.0]


def test_attention_phrase_query_and_term_query(corpus):
    with pytest.warns(UserWarning):
        phrase = T.attention(corpus, by=None, freq="month", query="entité sioniste")
    assert phrase["n_matching"].tolist() == [1]
    m = L.lexicon_dtm(corpus)
    with pytest.warns(UserWarning):
        term = T.attention(m, by=None, freq="month", query="israel:Tsahal")
    assert term["n_matching"].tolist() == [1]
    with pytest.warns(UserWarning):
        family = T.attention(m, by=None, freq="month", query="israel")
    assert family["n_matching"].tolist() == [3]


def test_attention_on_the_seed_has_no_undated_article():
    seed = analysis.load_corpus(RAW_DIR)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = T.attention(seed, query="iraqi_groups", lexicon="conflict_fr")
    assert t[["group", "n_articles", "n_matching", "undated"]].values.tolist() == [
        ["Press TV", 1, 1, 0]
    ]
    assert str(t["period"].iloc[0].date()) == "2024-01-29" and t.attrs["undated"] == 0


def test_lexicon_rates_by_hand(corpus):
    m = L.lexicon_dtm(corpus)
    with pytest.warns(
        UserWarning, match=r"1 of 5 articles have no date and are left out of the rates"
    ):
        r = T.lexicon_rates(m, by="outlet", freq="week")
    assert list(r.columns) == T.RATE_COLUMNS and r.attrs["undated"] == 1
    israel = (
        r[r["family"] == "israel"]
        .assign(week=lambda f: f["period"].astype(str))
        .set_index(["group", "week"])
    )
    # A, week of 29 Jan: "Israël frappe Gaza." + "Il pleut sur la ville." = 3 + 5 words, 1 match
    a = israel.loc[("A", "2024-01-29")]
    assert (a["count"], a["n_tokens"], a["n_articles"], a["variant"]) == (1, 8, 2, "*")
    assert a["per_10k"] == pytest.approx(1 / 8 * 10_000)
    assert israel.loc[("A", "2024-02-12"), "count"] == 2  # Tsahal, régime israélien
    assert np.isnan(israel.loc[("A", "2024-02-05"), "per_10k"])  # no article that week
    assert israel.loc[("B", "2024-01-29"), "count"] == 2  # entité sioniste, Israël
    assert israel.loc[("B", "2024-01-29"), "undated"] == 1


def test_lexicon_rates_per_variant_and_from_a_corpus(corpus):
    with pytest.warns(UserWarning):
        r = T.lexicon_rates(corpus, by=None, freq="month", level="variant")
    tsahal = r[r["variant"] == "Tsahal"]
    assert tsahal["count"].tolist() == [1]
    assert len(r) == len(L.load_lexicon().variants)


def test_options_are_checked_up_front(corpus):
    with pytest.raises(
        OptionError, match=r"freq='year' is not allowed; choose one of 'day', 'week', 'month'"
    ):
        T.attention(corpus, freq="year")
    with pytest.raises(
        OptionError, match=r"level='word' is not allowed; choose one of 'family', 'variant'"
    ):
        T.lexicon_rates(corpus, level="word")
    with pytest.raises(
        OptionError, match=r"query='nope' is neither a family of the lexicon 'conflict_fr'"
    ):
        T.attention(corpus, query="nope", lexicon="conflict_fr")
    with pytest.raises(OptionError, match=r"query must be a non-empty string"):
        T.attention(corpus, query="  ")
    with pytest.raises(OptionError, match=r"by='nope' is not a metadata column"):
        T.attention(corpus, by="nope")
    with pytest.raises(InputTypeError, match=r"load_corpus"):
        T.lexicon_rates("data/raw")
    with pytest.raises(OptionError, match=r"counts words, not lexicon variants"):
        T.lexicon_rates(analysis.dtm(corpus))


def test_no_dated_article_gives_an_empty_table_and_a_warning():
    c = analysis.Corpus.from_frames(pd.DataFrame({"outlet": ["A"], "text": ["Israël."]}))
    with pytest.warns(UserWarning, match=r"1 of 1 articles have no date"):
        t = T.attention(c)
    assert t.empty and list(t.columns) == T.ATTENTION_COLUMNS and t.attrs["undated"] == 1
    ax = plots.time_lines(t)
    assert "Nothing to draw: no dated article" in ax.texts[0].get_text()


def test_time_lines(corpus):
    with pytest.warns(UserWarning):
        t = T.attention(corpus, query="israel", lexicon="conflict_fr")
    ax = plots.time_lines(t)
    assert [line.get_label() for line in ax.get_lines()] == ["A", "B"]
    assert len(ax.get_lines()[0].get_xdata()) == 3
    with pytest.warns(UserWarning):
        r = T.lexicon_rates(corpus, by=None)
    ax = plots.time_lines(r, top=2)
    assert [line.get_label() for line in ax.get_lines()] == ["israel", "violence"]
    with pytest.warns(UserWarning):
        several = T.lexicon_rates(corpus, by="outlet")
    with pytest.raises(OptionError, match=r"several groups and several families"):
        plots.time_lines(several)
