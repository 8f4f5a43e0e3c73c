# %% [markdown]
# # 03 — TF-IDF framing terms
#
# **Question.** Which words set each part of the corpus apart from the others? TF-IDF weighs a word up when
# it is frequent in a document and down when every document uses it.
#
# **Inputs.** The corpus chosen in the parameters cell (default `data/raw`). Groups are picked by
# `analysis.dtm.comparison_groups`: outlets when there are several, else months, else articles, else the
# paragraphs of a single article.
#
# **Figures.** `03_tfidf_heatmap` (terms × groups) with its CSV.
#
# Formula (see `analysis.frequency.tfidf_matrix`): tf = raw count, idf = ln((1 + n) / (1 + df)) + 1,
# each document l2-normalised; a group's score is the mean over its documents.

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path()
TOP = 4

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots
from analysis.dtm import comparison_groups

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path(), cache=True)
corpus

# %%
paragraphs = analysis.dtm(corpus, unit="segment")
paragraphs

# %%
group = comparison_groups(paragraphs)
group

# %%
framing = analysis.tfidf_terms(paragraphs, by=group, top=TOP)
framing.head(30)

# %%
title = plots.corpus_title(f"TF-IDF framing terms by {group}", len(corpus), corpus.articles["outlet"].nunique(), config.corpus_name())
ax = plots.tfidf_heatmap(framing, top=TOP, title=title)

# %%
_ = figures.save(ax, "03_tfidf_heatmap", data=framing, notebook="03_tfidf_framing_terms.ipynb", parameters={"by": group, "top": TOP, "unit": "document"}, corpus=corpus)

# %% [markdown]
# With `unit="group"` every group is summed into one document first, so idf counts groups, not documents.

# %%
analysis.tfidf_terms(paragraphs, by=group, unit="group", top=3).head(30)

# %% [markdown]
# **Reading.** On the one shipped article the groups are its paragraphs: each paragraph's framing terms are
# what it alone says — the drone strike on Haïfa, the communiqué and its "occupants sionistes", the attacks on
# US bases, the death toll from Gaza's health ministry, the US veto. Whether an *outlet* frames the war with
# "régime israélien" rather than "Israël" is a comparison between outlets, which this notebook makes as soon
# as the corpus holds several.
