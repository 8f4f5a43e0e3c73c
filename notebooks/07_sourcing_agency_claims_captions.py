# %% [markdown]
# # 07 — Framing features: who is quoted, which numbers, who is made the agent, and whose photo
#
# **Question.** Whom does the text give the floor to, and how (quotation, reported speech, "selon", conditional)?
# Which figures does it assert, and how does it qualify them? When it reports violence, does it name who acted
# ("X a tué Y"), hide it ("Y ont été tués"), have no place for it ("Y sont morts") or give an event as the actor
# ("les attaques ont fait trois morts")? Do the photo captions belong to the article?
#
# **Inputs.** The corpus chosen in the parameters cell (default `data/raw`). The body is read (captions and
# related links are not body); captions are read by the caption audit only. No model and no network: the
# patterns are closed lists of French and English verbs (`analysis.sourcing`, `analysis.agency`); spaCy's
# parser is optional (`agency(..., method="spacy")`) and no model is installed here.
#
# **Figures.** `07_who_is_quoted`, `07_agency_voices`, `07_agency_by_side`, `07_caption_scores` (CSV beside each).
#
# Method: attributions are found by five pattern families (quotation + incise, speaker + verb + colon, speaker +
# verb + `que`, a participle `affirmant que`, `selon`/`according to`) plus a conditional with no source
# (*conditionnel journalistique*, flagged `hedged`). Claims are numbers with the noun they count; dates,
# ordinals, years, clock times and identifiers are not claims, percentages are (kind `percent`). The caption
# score is a weighted mean of four or five mismatch signs, flagged from 0.5 (see `analysis.captions`).

# %% tags=["parameters"]
CORPUS = None  # None: analysis.config.corpus_path()
TOP = 15

# %%
%matplotlib inline
import analysis
from analysis import config, figures, plots
from analysis.agency import agency, side_counts, voice_counts
from analysis.captions import FLAG_THRESHOLD, caption_audit
from analysis.claims import numeric_claims
from analysis.sourcing import attributions, quoted_sources

# %%
corpus = analysis.load_corpus(CORPUS or config.corpus_path(), cache=True)
corpus

# %% [markdown]
# Sources and voices are compared by outlet when the corpus has several, else article by article.

# %%
GROUP = "outlet" if corpus.articles["outlet"].nunique() > 1 else "article_id"
N_OUTLETS = corpus.articles["outlet"].nunique()

# %% [markdown]
# ## Who is given the floor
# One row per attribution: `source` is who speaks (a communiqué or a pronoun resolved to its author),
# `verb` the speech verb as written, `quote` what is attributed, `position` the character offset in the body.

# %%
sources = attributions(corpus)
sources[["id", "source", "verb", "quote", "position", "hedged", "kind"]].head(TOP)

# %%
sources["kind"].value_counts()

# %%
who = quoted_sources(corpus, by=GROUP, table=sources)
who.head(TOP)

# %%
ax = plots.source_bars(who, top=TOP, title=plots.corpus_title("Who is quoted", len(corpus), N_OUTLETS, config.corpus_name()))

# %%
_ = figures.save(ax, "07_who_is_quoted", data=who, notebook="07_sourcing_agency_claims_captions.ipynb", parameters={"field": "body", "by": GROUP, "top": TOP}, corpus=corpus)

# %% [markdown]
# ## Which figures the text asserts
# `value` is the number (the lower bound of a range, the order of magnitude of "des milliers"), `noun` what it
# counts, `qualifier` how it is hedged or bounded ("plus de", "au moins", "des milliers").

# %%
claims = numeric_claims(corpus)
claims[["id", "value", "noun", "qualifier", "complement", "kind", "context"]].head(TOP)

# %%
claims.groupby("kind").agg(n=("value", "size"), qualified=("qualifier", "count"))

# %% [markdown]
# ## Who is made the agent of violence
# One row per clause built on a casualty or attack verb, with its voice (active, passive with or without its
# agent, agentless) and the agent's type (a person or group, an event, unknown).

# %%
clauses = agency(corpus)
clauses[["id", "verb", "voice", "agent", "agent_type", "patient", "form", "hedged"]].head(TOP)

# %%
voices = voice_counts(corpus, by=GROUP, table=clauses)
voices[voices["n"] > 0]

# %%
ax = plots.agency_bars(voices, title=plots.corpus_title(f"Who is made the agent of violence, by {GROUP}", len(corpus), N_OUTLETS, config.corpus_name()))

# %%
_ = figures.save(ax, "07_agency_voices", data=voices, notebook="07_sourcing_agency_claims_captions.ipynb", parameters={"field": "body", "by": GROUP, "method": "patterns"}, corpus=corpus)

# %% [markdown]
# ### Per side
# Whose deaths and wounds are told how? Each clause is placed on the side its patient names (the dead, the
# wounded, the target: `analysis.agency.DEFAULT_SIDES`, a short list of word stems to adapt to the corpus), then
# its voices are counted side by side. Set `role="agent"` to place clauses by who acts instead.

# %%
sides = side_counts(corpus, role="patient", table=clauses)
sides[sides["n"] > 0]

# %%
ax = plots.agency_bars(sides.drop(columns="group").rename(columns={"side": "group"}), title=plots.corpus_title("How violence is voiced, by the side of its victims or targets", len(corpus), N_OUTLETS, config.corpus_name()))

# %%
_ = figures.save(ax, "07_agency_by_side", data=sides, notebook="07_sourcing_agency_claims_captions.ipynb", parameters={"field": "body", "role": "patient", "by": None, "sides": "DEFAULT_SIDES"}, corpus=corpus)

# %% [markdown]
# ## Do the captions belong to their articles?
# Each caption's components: the share of its content words found in the title and body (`similarity`), the
# share of its named entities found there (`entity_overlap`, listed in `shared_entities`), the days between a
# date it gives and the article's (`date_gap_days`), an "archives" marker, and, with several articles, whether
# it fits its own body at least as well as any other (`fits_own_body_best`, the body-swap test).

# %%
audit = caption_audit(corpus)
audit[["id", "caption", "score", "flagged", "similarity", "entity_overlap", "shared_entities", "date_gap_days", "archive_marker", "fits_own_body_best"]]

# %%
ax = plots.caption_scores(audit, top=TOP, title=plots.corpus_title("Do the captions belong to their articles?", len(corpus), N_OUTLETS, config.corpus_name()))

# %%
_ = figures.save(ax, "07_caption_scores", data=audit, notebook="07_sourcing_agency_claims_captions.ipynb", parameters={"threshold": FLAG_THRESHOLD, "top": TOP}, corpus=corpus)

# %% [markdown]
# **Reading.** The shipped article gives the floor four times and to three sources: twice to "la Résistance
# islamique en Irak" (a participle, "affirmant que …", and its communiqué quoted in « guillemets », "indique le
# communiqué"), once to "la Résistance irakienne" ("en annonçant qu'elle …"), and once, for its death toll, to
# "le dernier décompte du ministère de la Santé de Gaza". None is hedged: the conditionals of the article
# ("continueraient", "multiplierait") are inside the reported words. It asserts four figures — six military bases,
# three dead among the US soldiers, more than 27,000 Palestinians, thousands of arms shipments — and no date,
# ordinal or year among them. Of its six casualty or attack clauses, all active, the Iraqi groups are the agent
# four times ("a mené une attaque", "cible", "a effectué des attaques", and "nos avons mené" inside the quote),
# Israël once ("a tué plus de 27 000 Palestiniens"), and the three US deaths are given an event as their agent:
# "attaques qui ont fait trois morts". By the side of the victims or targets: Haifa (Israel) three times, the US
# soldiers once, with an event as agent, and the Palestinians once, with Israël named as the agent. Of the two
# photo captions, the AFP caption of Ilhan Omar and Nancy Pelosi
# in 2019 shares one name with the article, "Washington", and is flagged; the Getty caption of Haifa is the
# article's own story and is not. One article shows the tools, not a pattern: outlets are compared on a corpus.
