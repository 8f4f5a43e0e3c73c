# %% [markdown]
# # 06 — Naming and time: which names the text gives the actors of the conflict, and when
#
# **Question.** How does the text name the Israeli state and its army, the armed groups of Palestine, Iraq,
# Lebanon and Yemen, the United States, Iran, Jerusalem, the occupied territories, the 7 October attack, the war,
# its violence and its dead — with which variants, in what proportions, per outlet (per article when there is one
# outlet)? How does the attention given to a referent move over time?
#
# **Inputs.** The corpus chosen in the parameters cell (default `data/raw`); the naming lexicon `LEXICON`, a
# versioned TOML file (`analysis/resources/lexicon_conflict_fr.toml`; give a path to use your own).
#
# **Figures.** `06_lexicon_rates`, `06_naming_shares`, `06_naming_profile`, `06_attention_timeline` (CSV beside
# each).
#
# Method (see `analysis.lexicons`): patterns are matched on the token stream of the article body, longest match
# first, so a word is counted once ("régime israélien" is not also "Israël"). Rates are per 10,000 running words,
# stop words included, with a 95 % bootstrap interval over articles. A share is a variant's part of all the
# mentions of its family. Articles without a date cannot be placed in time: they are counted and reported.

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path()
LEXICON = "conflict_fr"  # a shipped lexicon, or the path of your own .toml file
FAMILY = "israel"  # the family compared across groups and followed over time
FREQ = "week"  # "day", "week" or "month"

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots
from analysis.lexicons import lexicon_counts, lexicon_dtm, lexicon_matches, load_lexicon, naming_shares
from analysis.timeline import attention, lexicon_rates
from analysis.validation import sample_for_coding

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path(), cache=True)
corpus

# %%
lexicon = load_lexicon(LEXICON)
lexicon.summary()

# %% [markdown]
# Articles are compared by outlet when the corpus has several, else one by one. The corpus is matched once; every
# table below is computed from that matrix (articles × variants).

# %%
GROUP = "outlet" if corpus.articles["outlet"].nunique() > 1 else "article_id"
matrix = lexicon_dtm(corpus, lexicon)

# %% [markdown]
# ## Which variants, how often

# %%
counts = lexicon_counts(matrix)
counts[counts["count"] > 0]

# %%
ax = plots.lexicon_rate_bars(counts, top=20, title=plots.corpus_title(f"Naming variants per 10,000 words ({lexicon.name} {lexicon.version})", len(corpus), corpus.articles["outlet"].nunique(), config.corpus_name()))

# %%
_ = figures.save(ax, "06_lexicon_rates", data=counts, notebook="06_naming_and_time.ipynb", parameters={"lexicon": lexicon.name, "version": lexicon.version, "field": "body", "by": None, "n_boot": 1000, "seed": config.RANDOM_SEED}, corpus=corpus)

# %% [markdown]
# ## How one referent is named, group by group

# %%
shares = naming_shares(matrix, by=GROUP)
shares[(shares["family"] == FAMILY) & (shares["count"] > 0)]

# %%
ax = plots.naming_share_bars(shares, family=FAMILY, title=plots.corpus_title(f"How {FAMILY!r} is named, by {GROUP}", len(corpus), corpus.articles["outlet"].nunique(), config.corpus_name()))

# %%
_ = figures.save(ax, "06_naming_shares", data=shares[shares["family"] == FAMILY], notebook="06_naming_and_time.ipynb", parameters={"lexicon": lexicon.name, "version": lexicon.version, "family": FAMILY, "by": GROUP}, corpus=corpus)

# %% [markdown]
# ## Every referent, over the whole corpus

# %%
profile = naming_shares(matrix)

# %%
ax = plots.naming_share_bars(profile, title=plots.corpus_title("How each referent is named", len(corpus), corpus.articles["outlet"].nunique(), config.corpus_name()))

# %%
_ = figures.save(ax, "06_naming_profile", data=profile, notebook="06_naming_and_time.ipynb", parameters={"lexicon": lexicon.name, "version": lexicon.version, "by": None}, corpus=corpus)

# %% [markdown]
# ## Attention over time
# The share of each group's articles, per period, that name the family at least once. Undated articles are left out
# of the timeline; how many is printed below and written in the chart's title.

# %%
timeline = attention(matrix, by=GROUP, freq=FREQ, query=FAMILY)
print(f"{timeline.attrs['undated']} of {len(corpus)} articles have no date and are left out of the timeline.")

# %%
ax = plots.time_lines(timeline, title=plots.corpus_title(f"Articles naming {FAMILY!r}, per {FREQ} ({timeline.attrs['undated']} undated left out)", len(corpus), corpus.articles["outlet"].nunique(), config.corpus_name()))

# %%
_ = figures.save(ax, "06_attention_timeline", data=timeline, notebook="06_naming_and_time.ipynb", parameters={"lexicon": lexicon.name, "version": lexicon.version, "query": FAMILY, "by": GROUP, "freq": FREQ, "undated": timeline.attrs["undated"]}, corpus=corpus)

# %%
rates = lexicon_rates(matrix, by=None, freq="month")
rates[rates["count"] > 0]

# %% [markdown]
# ## Checking the matches by hand
# Counts are only as good as the matches. `sample_for_coding(matches, n=20, path="…/sheet.csv")` writes a
# stratified coding sheet (a few matches of every family, in context); once a coder has filled its `correct` (and,
# optionally, `missed`) column, `analysis.validation.score_coding("…/sheet.csv")` reports precision and recall per
# family. The sheet quotes the articles, so write it outside the repository.

# %%
matches = lexicon_matches(corpus, lexicon)
sample_for_coding(matches, n=2)[["stratum", "left", "text", "right"]]

# %% [markdown]
# **Reading.** In the shipped article's body the Israeli state is named seven times and five ways: "Israël" twice,
# "le régime israélien" twice, "le régime occupant" (of Qods) once, "Tel-Aviv" once as a metonym, and "les occupants
# sionistes" once — inside the quoted communiqué. "Le régime sioniste" does not occur in the body; it is in the
# article's own photo caption. The Iraqi groups are named by their own name, "la Résistance islamique en Irak" (three
# times), by "la Résistance irakienne" with a capital R (twice) and once by the descriptive "forces de résistance
# irakiennes"; none of the wire-agency wordings ("milices pro-iraniennes", "groupes armés") occurs. The war is "la
# guerre contre Gaza" and "la guerre de Gaza"; the 7 October attack is named by its date and as "Tempête d'Al-Aqsa".
# On one article the intervals have no width and the timeline is one point (the article is dated; none is left
# out): these figures describe one text. Comparing outlets needs several, and the shares are worth reading only next
# to a coded sample of their matches (precision per family) — "Tel-Aviv", "Washington" and "la Résistance" in
# particular also name other things.
