# %% [markdown]
# # 01 — The corpus, and what the parser kept
#
# **Question.** What exactly are we studying? A page copied from a news site mixes the article with a logo,
# photo captions (sometimes of another story), links to other articles and share buttons. Before counting a
# single word we check how each page was taken apart, and that nothing was lost.
#
# **Inputs.** The corpus chosen in the parameters cell: `data/raw` by default (one Press TV article, see
# `data/README.md`), or any folder or file given with `make figures CORPUS=…`.
#
# **Figures.** `01_segment_roles` — words per segment role (PNG, SVG and the CSV behind it).

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path() — data/raw, or what `make figures CORPUS=…` gives

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path(), cache=True)
corpus

# %% [markdown]
# Every input record has a row in the load report: loaded, duplicate, skipped or error, with the reason.

# %%
corpus.report.groupby("status").size()

# %% [markdown]
# Copies are clustered: exact ones (same body once apostrophes and spaces are normalised) and near ones (Jaccard
# ≥ 0.8 or containment ≥ 0.9 on 5-word shingles, `analysis.dedup`). One article per cluster is analysed — the
# earliest dated, then the first loaded — so a dispatch run by five outlets is counted once; the others are in the
# report with `duplicate_of`. The clusters that ran in several outlets show who printed the same dispatch.

# %%
corpus.duplicates.groupby("status").size()

# %%
corpus.cross_outlet_copies().head(10)

# %%
corpus.articles[["id", "outlet", "date", "date_source", "language", "title"]].head(10)

# %% [markdown]
# Each line of each page is a segment with its role and the rule (from `analysis/patterns.py`) that decided
# it. Only **body** segments make the article's `text`; captions are kept apart, and a caption judged not to
# belong to the story (`on_story = False`) is never used as a date source nor counted by default.

# %%
roles = analysis.segment_summary(corpus)
roles

# %%
corpus.segments.query("role == 'caption'")[["id", "position", "rule", "on_story", "text"]].head(10)

# %%
corpus.segments.query("role in ['furniture', 'related']")[["id", "position", "role", "rule", "text"]].head(10)

# %%
title = plots.corpus_title("Words per segment role", len(corpus), corpus.articles["outlet"].nunique(), config.corpus_name())
ax = plots.segment_roles(corpus.segments, unit="words", title=title)

# %%
_ = figures.save(ax, "01_segment_roles", data=roles, notebook="01_corpus.ipynb", corpus=corpus)

# %% [markdown]
# **Reading.** On the shipped article the parser keeps the title, ten body paragraphs and two captions, and
# sets aside one related-article link and three pieces of site furniture (the `TV` logo remnant, the share
# button and the `SOURCE:` line). One caption — an English AFP caption about US Representatives from 2019 —
# belongs to another story: it is kept in the segments for inspection but is neither the article's date source
# nor part of the counted text. The article's date (1 February 2024) comes from the body's "ce jeudi 1er
# février" completed by the year of the on-story Getty caption.
