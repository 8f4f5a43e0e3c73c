# %% [markdown]
# # 04 — Keyness: what the text says more than ordinary French, and more than its other parts
#
# **Question.** Which words does the text use far more than general French does? Which words belong to the
# outlet's own narration rather than to the communiqué it quotes? Which words distinguish each group?
#
# **Inputs.** The corpus chosen in the parameters cell (default `data/raw`); wordfreq's French frequencies
# as general language (shipped in the wordfreq package, no download).
#
# **Figures.** `04_keyness_general_french`, `04_keyness_narration_vs_quotes`, `04_keyness_groups`
# (CSV beside each).
#
# Measures (see `analysis.keyness`): log ratio = log2 of the ratio of relative frequencies (Hardie 2014),
# G² = 2 Σ O ln(O/E) over the 2 × 2 table (Dunning 1993). Positive = more in the target.

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path()
TOP = 12

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots
from analysis.dtm import comparison_groups
from analysis.voices import split_voices

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path())
corpus

# %% [markdown]
# ## Against general French
# wordfreq gives relative frequencies, not counts, so the log ratio is used directly; a G² would need a
# notional reference size (`general_reference("fr", size=…)`), and its p-value would rest on that choice.
# Words seen once are left out (`min_count=2`): the log ratio would otherwise rank rare verb forms first.

# %%
general = analysis.keyness(corpus, reference=analysis.general_reference("fr"), measure="log_ratio", min_count=2, top=TOP)
general.head(TOP)

# %%
n_outlets = corpus.articles["outlet"].nunique()
ax = plots.keyness_bars(general, top=TOP, title=plots.corpus_title("Body words against general French (log ratio)", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_general_french", data=general, notebook="04_keyness.ipynb", parameters={"measure": "log_ratio", "reference": "wordfreq:fr", "min_count": 2, "top": TOP}, corpus=corpus)

# %% [markdown]
# ## The outlet's narration against the words it quotes
# Body paragraphs are cut at « guillemets »: what is inside is quotation, the rest narration.

# %%
voices = analysis.dtm(split_voices(corpus), unit="segment")
voices.docs.groupby("voice")["n_tokens"].sum()

# %%
narration = analysis.keyness(voices, by="voice", target="narration", measure="g2", top=TOP)
narration.head(2 * TOP)

# %%
ax = plots.keyness_bars(narration, top=TOP, title=plots.corpus_title("Narration against quotation (G²)", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_narration_vs_quotes", data=narration, notebook="04_keyness.ipynb", parameters={"by": "voice", "target": "narration", "measure": "g2", "top": TOP}, corpus=corpus)

# %% [markdown]
# ## Each group against the rest (G²)
# Outlets when the corpus has several; for one article, each paragraph against the others.

# %%
paragraphs = analysis.dtm(corpus, unit="segment")
group = comparison_groups(paragraphs)
groups = analysis.keyness(paragraphs, by=group, measure="g2", top=3)
groups.head(30)

# %%
first = groups[groups["target"] == groups["target"].iloc[0]]
ax = plots.keyness_bars(first, top=3, title=plots.corpus_title(f"G² keyness, {group} {first['target'].iloc[0]} against the rest", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_groups", data=groups, notebook="04_keyness.ipynb", parameters={"by": group, "measure": "g2", "top": 3}, corpus=corpus)

# %% [markdown]
# **Reading.** Against ordinary French the article over-uses the names of the conflict — *haïfa*, *gaza*,
# *résistance*, *irak*, *islamique* — and its vocabulary of hostility: *régime* (in "régime israélien",
# "régime occupant"), *agression*, *occupants*, *sionistes*. The quoted communiqué carries "occupants sionistes"
# and "destruction complète des bastions ennemis"; the narration itself speaks of "régime israélien" and
# "Résistance islamique en Irak" ("régime sioniste" appears only in a caption). On one article every
# p-value is fragile: these are descriptions of one text, and statements about an outlet need several outlets
# and `min_docs` above 1.
