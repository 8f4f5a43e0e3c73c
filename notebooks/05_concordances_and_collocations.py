# %% [markdown]
# # 05 — Concordances and collocations: how the actors are named and surrounded
#
# **Question.** In which words do the texts name the actors — *Israël*, the *Résistance*, the *régime* — and what
# company does a node keep: which words stand near *Gaza*, and does that company change from one group (outlet)
# to another?
#
# **Inputs.** The corpus chosen in the parameters cell (default `data/raw`).
#
# **Figures.** `05_collocates` (collocates of the node) and `05_collocates_by_group` (the same node's collocates
# in each group), CSV beside each.
#
# Concordances (`analysis.kwic.kwic`) show every occurrence of a word, a phrase, a glob (`régime*`) or a lemma with
# `WINDOW` tokens on each side, as printed; texts are HTML-escaped in the display. Collocations
# (`analysis.collocations.collocations`) count the words within `WINDOW` tokens of the node (stop words count in
# the window but are not reported) and score them: logDice = 14 + log2(2·O11/(f_node + f_collocate))
# (Rychlý 2008), MI = log2(O11/E11), t = (O11 − E11)/√O11 and signed G² of the 2 × 2 table, with
# E11 = (tokens in the node's windows) · f_collocate / N (Evert 2008). Each row keeps its raw counts.

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path()
NODE = "gaza"
WINDOW = 5
TOP = 12

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots
from analysis.collocations import collocation_matrix, collocations
from analysis.kwic import kwic, kwic_for

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path(), cache=True)
corpus

# %%
MIN_COUNT = 1 if len(corpus) == 1 else 3  # one article repeats few words three times

# %% [markdown]
# ## The actors in context
# A word is matched case-insensitively, with both apostrophes, as the tokenizer reads it; a glob such as `régime*`
# matches one whole token (*régime*, *régimes*).

# %%
kwic(corpus, "Israël", window=8)

# %%
kwic(corpus, "Résistance", window=8)

# %%
kwic(corpus, "régime*", window=6, sentence=True)

# %% [markdown]
# Concordances search the body by default; `field="all"` adds the title and the captions.

# %%
kwic(corpus, "régime sioniste", field="all", window=6)

# %% [markdown]
# With `lemma=True` a word finds its inflected forms: *attaque* finds *attaques* too.

# %%
kwic(corpus, "attaque", lemma=True, window=6)

# %% [markdown]
# ## Collocates of the node
# Bars are logDice; their labels are the raw counts, co-occurrences in the node's windows / occurrences anywhere.

# %%
colls = collocations(corpus, NODE, window=WINDOW, min_count=MIN_COUNT)
colls.head(TOP)

# %%
n_outlets = corpus.articles["outlet"].nunique()
ax = plots.collocate_bars(colls, top=TOP, title=plots.corpus_title(f"Collocates of «{NODE}» (±{WINDOW} tokens, logDice)", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "05_collocates", data=colls, notebook="05_concordances_and_collocations.ipynb", parameters={"node": NODE, "window": WINDOW, "min_count": MIN_COUNT, "measure": "log_dice"}, corpus=corpus)

# %% [markdown]
# The lines behind the strongest collocate: the node's occurrences that have it in their window.

# %%
kwic_for(colls.iloc[0], corpus) if len(colls) else "no collocate above min_count"

# %% [markdown]
# ## The same node in each group
# Outlets when the corpus has several (else languages, else the whole corpus as one group). Each group's counts,
# N and collocate frequencies are its own; a blank cell means the word is not a collocate there.

# %%
GROUP = next((c for c in ("outlet", "language") if corpus.articles[c].nunique() >= 2), None)
GROUP

# %%
by_group = collocations(corpus, NODE, by=GROUP, window=WINDOW, min_count=MIN_COUNT, top=TOP)
collocation_matrix(by_group, top=5) if len(by_group) else "no collocate above min_count"

# %%
ax = plots.collocate_heatmap(by_group, top=5, title=plots.corpus_title(f"Collocates of «{NODE}» by {GROUP or 'corpus'} (logDice)", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "05_collocates_by_group", data=by_group, notebook="05_concordances_and_collocations.ipynb", parameters={"node": NODE, "by": GROUP, "window": WINDOW, "min_count": MIN_COUNT, "top": TOP, "measure": "log_dice"}, corpus=corpus)

# %% [markdown]
# ## From a result table to its concordance
# Any row of a keyness or frequency table opens on its lines: here the word the text uses most above ordinary French
# (as in notebook 04) and the most frequent bigram.

# %%
key = analysis.keyness(corpus, reference=analysis.general_reference("fr"), measure="log_ratio", min_count=2, min_docs=1, top=3)
key[["term", "stat", "n_target"]]

# %%
kwic_for(key.iloc[0], corpus, window=6) if len(key) else "no key word"

# %%
bigrams = analysis.term_frequencies(corpus, ngram=2, top=3)
bigrams

# %%
kwic_for(bigrams.iloc[0], corpus, window=6) if len(bigrams) else "no bigram"

# %% [markdown]
# **Reading.** In the shipped article *Israël* is named twice, both times in the outlet's narration of facts
# ("Israël a tué plus de 27 000 Palestiniens", "l'allié traditionnel d'Israël"); otherwise the state is *le régime*:
# "régime israélien" twice, "régime occupant de Qods", "la guerre brutale menée par le régime", and "régime
# sioniste" only in a photo caption (found with `field="all"`). *Résistance* is capitalised as a proper name five
# times ("la Résistance irakienne", "la Résistance islamique en Irak") and lower-case twice ("les forces de
# résistance", "nos efforts de résistance", the second inside the quoted communiqué). *Gaza* keeps the company of
# *bande* and *peuple* ("bande de Gaza", "peuple de Gaza", each twice), *guerre* and *assiégée*. On one article
# every collocate rests on one or two co-occurrences: the largest G² (6.5, p ≈ 0.01) comes before any correction
# for the dozens of collocates tested, so the scores describe this text only.
# With several outlets, the by-group table puts each outlet's collocates of the same node side by side.
