# %% [markdown]
# # 04 — Keyness: what the text says more than ordinary French, and more than its other parts
#
# **Question.** Which words does the text use far more than general French does? Which words belong to the
# outlet's own narration rather than to the communiqué it quotes? Which words distinguish each group?
#
# **Inputs.** The corpus chosen in the parameters cell (default `data/raw`); wordfreq's French frequencies
# as general language (shipped in the wordfreq package, no download).
#
# **Figures.** `04_keyness_general_french`, `04_keyness_narration_vs_quotes`, `04_keyness_groups`,
# `04_keyness_specificities`, `04_keyness_head_to_head` (CSV beside each).
#
# Measures (see `analysis.keyness`): log ratio = log2 of the ratio of relative frequencies (Hardie 2014),
# G² = 2 Σ O ln(O/E) over the 2 × 2 table (Dunning 1993), Lafon's specificities (−log10 of a hypergeometric
# tail), Fightin' Words (log-odds with an informative Dirichlet prior, Monroe et al. 2008). Positive = more in
# the target. A term counts as key only if it occurs in `MIN_DOCS` documents of the target: 3 by default, 1 on
# the shipped corpus, which is a single article. Each row carries its dispersion (`range_target`, Gries' DP).

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path()
TOP = 12

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots
from analysis.dtm import comparison_groups
from analysis.keyness import groups_of
from analysis.voices import split_voices

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path(), cache=True)
corpus

# %%
MIN_DOCS = 1 if len(corpus) == 1 else 3  # one article cannot spread a word over three

# %% [markdown]
# ## Against general French
# wordfreq gives relative frequencies, not counts, so the log ratio is used directly; a G² would need a
# notional reference size (`general_reference("fr", size=…)`), and its p-value would rest on that choice.
# Words seen once are left out (`min_count=2`): the log ratio would otherwise rank rare verb forms first.

# %%
general = analysis.keyness(corpus, reference=analysis.general_reference("fr"), measure="log_ratio", min_count=2, min_docs=MIN_DOCS, top=TOP)
general.head(TOP)

# %%
n_outlets = corpus.articles["outlet"].nunique()
ax = plots.keyness_bars(general, top=TOP, title=plots.corpus_title("Body words against general French (log ratio)", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_general_french", data=general, notebook="04_keyness.ipynb", parameters={"measure": "log_ratio", "reference": "wordfreq:fr", "min_count": 2, "min_docs": MIN_DOCS, "top": TOP}, corpus=corpus)

# %% [markdown]
# ## The outlet's narration against the words it quotes
# Body paragraphs are cut at « guillemets »: what is inside is quotation, the rest narration.

# %%
voices = analysis.dtm(split_voices(corpus), unit="segment")
voices.docs.groupby("voice")["n_tokens"].sum()

# %%
narration = analysis.keyness(voices, by="voice", target="narration", measure="g2", min_docs=MIN_DOCS, top=TOP)
narration.head(2 * TOP)

# %%
ax = plots.keyness_bars(narration, top=TOP, title=plots.corpus_title("Narration against quotation (G²)", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_narration_vs_quotes", data=narration, notebook="04_keyness.ipynb", parameters={"by": "voice", "target": "narration", "measure": "g2", "min_docs": MIN_DOCS, "top": TOP}, corpus=corpus)

# %% [markdown]
# ## Each group against the rest (G²)
# Outlets when the corpus has several; for one article, each paragraph against the others. From here on each
# outlet's own name, its site furniture ("Lire aussi …", rubric labels) and bylines are masked (`mask=True`,
# `analysis.masking`): otherwise *figaro* or *scan* would top Le Figaro's list.

# %%
paragraphs = analysis.dtm(corpus, unit="segment", mask=True)
group = comparison_groups(paragraphs)
target = groups_of(paragraphs, group)[0]
(group, target)

# %%
groups = analysis.keyness(paragraphs, by=group, measure="g2", min_docs=MIN_DOCS, top=3)
groups.head(30)

# %%
first = groups[groups["target"] == target]
ax = plots.keyness_bars(first, top=3, title=plots.corpus_title(f"G² keyness, {group} {target} against the rest", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_groups", data=groups, notebook="04_keyness.ipynb", parameters={"by": group, "measure": "g2", "min_docs": MIN_DOCS, "top": 3}, corpus=corpus)

# %% [markdown]
# ## Specificities and Fightin' Words, with dispersion
# Lafon's specificities report −log10 p directly, so a strong effect never underflows to "p = 0"; Fightin' Words
# shrink rare words towards the corpus rate before comparing. `range_target` is the share of the target's
# documents that use the term and `dp_target` Gries' DP (0 = spread evenly, 1 = all in one place).

# %%
specific = analysis.keyness(paragraphs, by=group, target=target, measure="specificities", min_docs=MIN_DOCS, top=5)
specific[["term", "target", "stat", "p_adj", "n_target", "n_reference", "range_target", "dp_target", "significant"]]

# %%
ax = plots.keyness_bars(specific, top=5, title=plots.corpus_title(f"Specificities, {group} {target} against the rest", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_specificities", data=specific, notebook="04_keyness.ipynb", parameters={"by": group, "measure": "specificities", "min_docs": MIN_DOCS, "top": 5}, corpus=corpus)

# %%
analysis.keyness(paragraphs, by=group, target=target, measure="fightin_words", min_docs=MIN_DOCS, top=5)[["term", "stat", "p", "log_ratio", "n_target", "n_reference", "dp_target"]]

# %% [markdown]
# ## Two outlets head to head
# The two outlets with the most articles, article by article, masking on. With a single outlet there is nothing
# to compare and the table is empty.

# %%
by_outlet = analysis.dtm(corpus, mask=True)
PAIR = corpus.articles["outlet"].value_counts().index[:2].tolist()
PAIR

# %%
head_to_head = analysis.keyness(by_outlet, by="outlet", target=PAIR[0], reference=PAIR[1], measure="g2", min_docs=MIN_DOCS, top=TOP) if len(PAIR) == 2 else general.iloc[0:0]
head_to_head[["term", "target", "stat", "p_adj", "log_ratio", "n_target", "n_reference", "range_target", "dp_target"]]

# %%
ax = plots.keyness_bars(head_to_head, top=TOP, title=plots.corpus_title(" against ".join(PAIR) + " (G², masked)", len(corpus), n_outlets, config.corpus_name()))

# %%
_ = figures.save(ax, "04_keyness_head_to_head", data=head_to_head, notebook="04_keyness.ipynb", parameters={"by": "outlet", "pair": PAIR, "measure": "g2", "mask": True, "min_docs": MIN_DOCS, "top": TOP}, corpus=corpus)

# %% [markdown]
# **Reading.** Against ordinary French the article over-uses the names of the conflict — *haïfa*, *gaza*,
# *résistance*, *irak*, *islamique* — and its vocabulary of hostility: *régime* (in "régime israélien",
# "régime occupant"), *agression*, *occupants*, *sionistes*. The quoted communiqué carries "occupants sionistes"
# and "destruction complète des bastions ennemis"; the narration itself speaks of "régime israélien" and
# "Résistance islamique en Irak" ("régime sioniste" appears only in a caption). On one article every
# p-value is fragile: on one article nothing survives the Benjamini–Hochberg correction (`significant` is
# False throughout), so these are descriptions of one text; statements about an outlet need several outlets,
# `min_docs` of 3 or more, and preferably a document-level test (`test="welch"` or `"mannwhitney"`).
