# %% [markdown]
# # 02 — Term frequencies and n-grams
#
# **Question.** Which words and phrases does the text use most, and do captions, titles and body text
# differ in what they stress?
#
# **Inputs.** The corpus chosen in the parameters cell (default `data/raw`). Tokens are French-aware:
# ’ and ' are one apostrophe, elided articles (l', d', qu'…) and stop words are dropped, `Tel-Aviv` and
# `cessez-le-feu` stay whole, numbers are dropped. Rates are per 10,000 running words, stop words included.
#
# **Figures.** `02_top_terms` (body words), `02_top_bigrams`, `02_terms_by_role` (CSV beside each).

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path()
TOP = 20

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path(), cache=True)
corpus

# %%
counts = analysis.dtm(corpus)
counts

# %%
terms = analysis.term_frequencies(counts, top=TOP)
terms.head(TOP)

# %%
title = plots.corpus_title("Most frequent words (body)", len(corpus), corpus.articles["outlet"].nunique(), config.corpus_name())
ax = plots.top_terms(terms, value="per_10k", top=TOP, title=title)

# %%
_ = figures.save(ax, "02_top_terms", data=terms, notebook="02_term_frequencies.ipynb", parameters={"top": TOP}, corpus=corpus)

# %% [markdown]
# N-grams are built on the full token stream (so "bande de Gaza" is found), never cross a sentence, and are
# dropped when a stop word stands at either edge.

# %%
bigrams = analysis.term_frequencies(corpus, ngram=2, top=TOP)
bigrams.head(TOP)

# %%
ax = plots.top_terms(bigrams, value="count", top=TOP, title=title.replace("words", "two-word phrases"))

# %%
_ = figures.save(ax, "02_top_bigrams", data=bigrams, notebook="02_term_frequencies.ipynb", parameters={"ngram": 2, "top": TOP}, corpus=corpus)

# %%
analysis.term_frequencies(corpus, ngram=3, top=10)

# %% [markdown]
# Segment by segment: each title, caption and body paragraph is a document with its `role`.

# %%
by_role = analysis.term_frequencies(analysis.dtm(corpus, field="all", unit="segment"), by="role", top=8)
by_role

# %%
ax = plots.top_terms(by_role[by_role["group"] == "caption"], value="count", top=8, title=title.replace("(body)", "(captions on the story)"))

# %%
_ = figures.save(ax, "02_terms_by_role", data=by_role, notebook="02_term_frequencies.ipynb", parameters={"unit": "segment", "by": "role"}, corpus=corpus)

# %% [markdown]
# **Reading.** In the shipped article the body is dominated by the actors and places of the story: *gaza*,
# *résistance*, *haïfa*, *régime*, *israélien*, *irak*, *islamique*; its recurrent phrases name them —
# "résistance islamique", "régime israélien", "bande de gaza". The counts on one article describe one text:
# which of these words are typical of an *outlet* needs several outlets (`make figures CORPUS=…`).
