"""analysis.plots: draw result tables, compute nothing, write nothing.

The tables below are hand-made fixtures with the fixed columns of the package's
result tables, small enough to read the expected bars off by eye.
"""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import plots  # noqa: E402
from analysis.errors import InputTypeError, OptionError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _no_files_written(tmp_path, monkeypatch):
    """Plot functions never write: run each test in an empty directory and check it stays empty."""
    monkeypatch.chdir(tmp_path)
    yield
    assert os.listdir(tmp_path) == []


@pytest.fixture
def freq() -> pd.DataFrame:
    """Term frequencies, two outlets plus 'all'; 'grève'/'police' tie on per_10k in 'all'."""
    rows = [
        # term, group, count, per_10k, doc_freq, rank
        ("police", "all", 30, 15.0, 9, 2),
        ("grève", "all", 30, 15.0, 8, 1),
        ("réforme", "all", 50, 25.0, 12, 3),
        ("retraite", "all", 10, 5.0, 4, 4),
        ("manifestation", "all", 20, 10.0, 6, 5),
        ("grève", "Le Monde", 20, 20.0, 5, 1),
        ("police", "Le Monde", 5, 5.0, 2, 2),
        ("police", "Le Figaro", 25, 25.0, 7, 1),
        ("grève", "Le Figaro", 10, 10.0, 3, 2),
    ]
    return pd.DataFrame(rows, columns=["term", "group", "count", "per_10k", "doc_freq", "rank"])


@pytest.fixture
def tfidf() -> pd.DataFrame:
    rows = [
        # term, group, tfidf, count, doc_freq
        ("casseurs", "Le Figaro", 0.40, 8, 3),
        ("ordre", "Le Figaro", 0.30, 6, 2),
        ("police", "Le Figaro", 0.10, 4, 2),
        ("précarité", "L'Humanité", 0.50, 9, 4),
        ("salaires", "L'Humanité", 0.20, 5, 3),
        ("police", "L'Humanité", 0.20, 3, 1),
    ]
    return pd.DataFrame(rows, columns=["term", "group", "tfidf", "count", "doc_freq"])


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
]


@pytest.fixture
def keyness() -> pd.DataFrame:
    """Le Figaro vs rest: 3 positive terms (two tied), 2 negative, 1 exactly zero."""
    terms = [
        # term, stat, n_target, n_reference
        ("casseurs", 12.0, 40, 3),
        ("ordre", 8.0, 20, 2),
        ("sécurité", 8.0, 25, 4),
        ("neutre", 0.0, 5, 5),
        ("précarité", -6.0, 1, 30),
        ("salaires", -9.5, 2, 45),
    ]
    rows = [
        (t, "Le Figaro", "rest", "G2", s, 0.01, 0.02, "G2", 1.0, a, b, 1.0, 1.0, 3)
        for t, s, a, b in terms
    ]
    return pd.DataFrame(rows, columns=KEYNESS_COLUMNS)


@pytest.fixture
def segments() -> pd.DataFrame:
    rows = [
        ("a1", 0, "title", "first-line", "Grève générale"),
        ("a1", 1, "lead", "first-paragraph", "Les syndicats appellent à la grève."),
        ("a1", 2, "body", "default", "Un deux trois quatre."),
        ("a1", 3, "body", "default", "Cinq six."),
        ("a2", 0, "title", "first-line", "Réforme"),
        ("a2", 1, "body", "default", "Sept huit neuf dix onze douze."),
        ("a2", 2, "boilerplate", "lire-aussi", "Lire aussi"),
    ]
    return pd.DataFrame(rows, columns=["id", "position", "role", "rule", "text"])


def _ylabels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def _bar_widths(ax) -> list[float]:
    return [p.get_width() for p in ax.patches]


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _top_to_bottom(ax) -> list[float]:
    """Bar widths ordered as they appear on screen, top first (y axis is inverted)."""
    bars = sorted(ax.patches, key=lambda p: p.get_y())
    assert ax.yaxis_inverted()
    return [p.get_width() for p in bars]


# ---------------------------------------------------------------- corpus_title


def test_corpus_title_states_corpus_and_counts():
    assert plots.corpus_title("Top terms", 120, 4, "data-raw") == (
        "Top terms\ndata-raw: 120 articles, 4 outlets"
    )
    assert plots.corpus_title("Keyness", 1, 1) == "Keyness\n1 article, 1 outlet"
    assert plots.corpus_title("Keyness", np.int64(3)) == "Keyness\n3 articles"


def test_corpus_title_refuses_bad_counts():
    with pytest.raises(OptionError, match="n_articles"):
        plots.corpus_title("x", -1)
    with pytest.raises(OptionError, match="n_outlets"):
        plots.corpus_title("x", 3, 2.5)
    with pytest.raises(InputTypeError, match="what"):
        plots.corpus_title(None, 3)


# ---------------------------------------------------------------- top_terms


def test_top_terms_orders_bars_highest_first_ties_by_term(freq):
    ax = plots.top_terms(freq)  # several groups but 'all' present: 'all' is drawn
    assert _ylabels(ax) == ["réforme", "grève", "police", "manifestation", "retraite"]
    assert _bar_widths(ax) == [25.0, 15.0, 15.0, 10.0, 5.0]
    assert _top_to_bottom(ax) == [25.0, 15.0, 15.0, 10.0, 5.0]
    assert _texts(ax) == ["50", "30", "30", "20", "10"]  # raw counts beside the bars


def test_top_terms_order_does_not_depend_on_row_order(freq):
    shuffled = freq.sample(frac=1.0, random_state=3)
    assert _ylabels(plots.top_terms(shuffled)) == _ylabels(plots.top_terms(freq))


def test_top_terms_top_group_value_and_title(freq):
    ax = plots.top_terms(freq, group="Le Figaro", value="count", top=1)
    assert len(ax.patches) == 1
    assert _ylabels(ax) == ["police"]
    assert "Le Figaro" in ax.get_title()
    ax = plots.top_terms(freq, group="Le Monde", title="Mon titre")
    assert ax.get_title() == "Mon titre"


def test_top_terms_draws_on_given_axes(freq):
    fig, (left, right) = plt.subplots(1, 2)
    returned = plots.top_terms(freq, ax=right, top=2)
    assert returned is right
    assert len(right.patches) == 2
    assert len(left.patches) == 0
    assert len(fig.axes) == 2


def test_top_terms_accepts_a_tfidf_table(tfidf):
    ax = plots.top_terms(tfidf, value="tfidf", group="L'Humanité")
    # police and salaires tie at 0.20: term order decides
    assert _ylabels(ax) == ["précarité", "police", "salaires"]
    assert _texts(ax) == ["9", "3", "5"]


def test_top_terms_needs_group_when_ambiguous(freq):
    no_all = freq[freq["group"] != "all"]
    with pytest.raises(OptionError, match="several groups.*'Le Figaro', 'Le Monde'"):
        plots.top_terms(no_all)
    with pytest.raises(OptionError, match="group='Libération' is not in the table"):
        plots.top_terms(freq, group="Libération")


def test_top_terms_single_group_needs_no_group(freq):
    ax = plots.top_terms(freq[freq["group"] == "Le Monde"])
    assert _ylabels(ax) == ["grève", "police"]


def test_top_terms_missing_column_names_it_and_the_producer(freq):
    with pytest.raises(InputTypeError, match=r"per_10k.*term_frequencies\(\)"):
        plots.top_terms(freq.drop(columns="per_10k"))
    with pytest.raises(InputTypeError, match=r"tfidf.*tfidf_terms\(\)"):
        plots.top_terms(freq, value="tfidf")


def test_top_terms_bad_options(freq):
    with pytest.raises(OptionError, match="value='zscore' is not allowed"):
        plots.top_terms(freq, value="zscore")
    with pytest.raises(OptionError, match="top must be an integer"):
        plots.top_terms(freq, top=0)
    with pytest.raises(InputTypeError, match="DataFrame"):
        plots.top_terms(freq.to_dict("records"))
    with pytest.raises(InputTypeError, match="Axes"):
        plots.top_terms(freq, ax="left")


# ---------------------------------------------------------------- keyness_bars


def test_keyness_bars_diverging_order_and_colours(keyness):
    ax = plots.keyness_bars(keyness)
    # positives, largest first (tie 8.0: 'ordre' < 'sécurité'), then negatives, most negative last
    assert _ylabels(ax) == ["casseurs", "ordre", "sécurité", "précarité", "salaires"]
    assert _bar_widths(ax) == [12.0, 8.0, 8.0, -6.0, -9.5]
    assert _top_to_bottom(ax) == [12.0, 8.0, 8.0, -6.0, -9.5]
    colours = {tuple(p.get_facecolor()) for p in ax.patches[:3]}
    assert len(colours) == 1
    assert tuple(ax.patches[3].get_facecolor()) != colours.pop()
    assert "neutre" not in _ylabels(ax)


def test_keyness_bars_writes_raw_counts_beside_bars(keyness):
    ax = plots.keyness_bars(keyness)
    assert _texts(ax) == ["40 / 3", "20 / 2", "25 / 4", "1 / 30", "2 / 45"]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["more in Le Figaro", "more in rest"]
    assert "Le Figaro" in ax.get_title() and "rest" in ax.get_title()
    assert ax.get_xlabel().startswith("G² ")


def test_keyness_bars_names_known_measures(keyness):
    ax = plots.keyness_bars(keyness.assign(measure="g2"))
    assert ax.get_xlabel().startswith("G² ")
    ax = plots.keyness_bars(keyness.assign(measure="log_ratio"))
    assert ax.get_xlabel().startswith("log ratio ")
    ax = plots.keyness_bars(keyness.assign(measure="custom"))
    assert ax.get_xlabel().startswith("custom ")


def test_keyness_bars_top_applies_to_each_side(keyness):
    ax = plots.keyness_bars(keyness, top=1, title="T")
    assert _ylabels(ax) == ["casseurs", "salaires"]
    assert ax.get_title() == "T"


def test_keyness_bars_one_sided(keyness):
    ax = plots.keyness_bars(keyness[keyness["stat"] > 0])
    assert _bar_widths(ax) == [12.0, 8.0, 8.0]


def test_keyness_bars_refuses_several_comparisons(keyness):
    other = keyness.assign(target="Le Monde")
    with pytest.raises(OptionError, match="holds 2.*Le Figaro vs rest.*Le Monde vs rest"):
        plots.keyness_bars(pd.concat([keyness, other]))


def test_keyness_bars_missing_columns(keyness):
    with pytest.raises(InputTypeError, match=r"n_reference, missing.*keyness\(\)"):
        plots.keyness_bars(keyness.drop(columns=["n_reference"]))


def test_keyness_bars_nothing_to_draw_says_why(keyness):
    # a small corpus may leave no key term: the notebook must still run, and the chart says so
    ax = plots.keyness_bars(keyness[keyness["stat"] == 0], title="t")
    assert "Nothing to draw" in ax.texts[0].get_text() and "non-zero" in ax.texts[0].get_text()
    assert not ax.patches and ax.get_title() == "t"
    ax = plots.keyness_bars(keyness.iloc[0:0])
    assert "min_docs" in ax.texts[0].get_text()
    ax = plots.tfidf_heatmap(pd.DataFrame({"term": [], "group": [], "tfidf": []}))
    assert "TF-IDF" in ax.texts[0].get_text()


# ---------------------------------------------------------------- tfidf_heatmap


def test_tfidf_heatmap_grid_order_and_annotations(tfidf):
    ax = plots.tfidf_heatmap(tfidf, top=2)
    # groups sorted; rows: L'Humanité's top 2 (tie at 0.20 -> 'police'), then Le Figaro's new ones
    assert [t.get_text() for t in ax.get_xticklabels()] == ["L'Humanité", "Le Figaro"]
    assert _ylabels(ax) == ["précarité", "police", "casseurs", "ordre"]
    grid = ax.images[0].get_array()
    assert grid.shape == (4, 2)
    assert grid[1, 0] == pytest.approx(0.20) and grid[1, 1] == pytest.approx(0.10)
    assert bool(np.ma.getmaskarray(grid)[0, 1])  # précarité absent from Le Figaro: blank
    assert sorted(_texts(ax)) == ["0.100", "0.200", "0.300", "0.400", "0.500"]


def test_tfidf_heatmap_annotations_share_decimals(tfidf):
    small = tfidf.assign(tfidf=tfidf["tfidf"] / 10 + [0.00123, 0, 0, 0, 0, 0])
    ax = plots.tfidf_heatmap(small, top=1)
    assert _texts(ax) == ["0.0500", "0.0412"]


def test_tfidf_heatmap_respects_categorical_group_order(tfidf):
    cat = tfidf.assign(
        group=pd.Categorical(tfidf["group"], categories=["Le Figaro", "L'Humanité", "Libé"])
    )
    ax = plots.tfidf_heatmap(cat, top=1)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Le Figaro", "L'Humanité"]
    assert _ylabels(ax) == ["casseurs", "précarité"]


def test_tfidf_heatmap_skips_annotations_on_big_grids(monkeypatch, tfidf):
    monkeypatch.setattr(plots, "MAX_ANNOTATED_CELLS", 3)
    ax = plots.tfidf_heatmap(tfidf)
    assert len(ax.texts) == 0


def test_tfidf_heatmap_errors(tfidf):
    with pytest.raises(InputTypeError, match=r"tfidf.*tfidf_terms\(\)"):
        plots.tfidf_heatmap(tfidf.rename(columns={"tfidf": "score"}))
    with pytest.raises(OptionError, match="top"):
        plots.tfidf_heatmap(tfidf, top=-1)


# ---------------------------------------------------------------- segment_roles


def test_segment_roles_counts_segments_per_role(segments):
    ax = plots.segment_roles(segments)
    assert _ylabels(ax) == ["body", "title", "boilerplate", "lead"]  # 3, 2, 1, 1 (tie by name)
    assert _bar_widths(ax) == [3.0, 2.0, 1.0, 1.0]
    assert _texts(ax) == ["3", "2", "1", "1"]
    assert "2 articles" in ax.get_title()


def test_segment_roles_counts_words(segments):
    ax = plots.segment_roles(segments, unit="words", title="Mots")
    # body 4+2+6, lead 6, title 2+1, boilerplate 2
    assert _ylabels(ax) == ["body", "lead", "title", "boilerplate"]
    assert _bar_widths(ax) == [12.0, 6.0, 3.0, 2.0]
    assert ax.get_title() == "Mots"


def test_segment_roles_errors(segments):
    with pytest.raises(InputTypeError, match=r"rule.*segments"):
        plots.segment_roles(segments.drop(columns="rule"))
    with pytest.raises(OptionError, match="unit='chars'"):
        plots.segment_roles(segments, unit="chars")
    with pytest.raises(OptionError, match="empty"):
        plots.segment_roles(segments.iloc[0:0])


# ---------------------------------------------------------------- purity


@pytest.mark.parametrize("func", ["top_terms", "keyness_bars", "tfidf_heatmap", "segment_roles"])
def test_plot_functions_do_not_modify_their_table(func, freq, keyness, tfidf, segments):
    table = {"top_terms": freq, "keyness_bars": keyness, "tfidf_heatmap": tfidf}.get(func, segments)
    before = table.copy()
    ax = getattr(plots, func)(table)
    assert isinstance(ax, matplotlib.axes.Axes)
    pd.testing.assert_frame_equal(table, before)


def test_top_terms_of_an_empty_table_draws_an_explanation():
    # Regression: a corpus without captions gave an empty by-role slice and top_terms raised
    # "the table holds several groups ()" in notebook 02.
    empty = pd.DataFrame(columns=["term", "group", "count", "per_10k", "doc_freq", "rank"])
    ax = plots.top_terms(empty, value="count")
    assert "Nothing to draw" in ax.texts[0].get_text() and "empty" in ax.texts[0].get_text()
    plt.close("all")
