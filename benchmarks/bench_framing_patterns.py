"""Framing features on real French press: time to read lexicons, sourcing, claims, agency.

Run: ``.venv/bin/python benchmarks/bench_framing_patterns.py``. Reads
../shared/corpora/fr-press-gilets-jaunes.jsonl in place (never copied) — with
``load_corpus`` when :data:`analysis.corpus.READERS` has a ``.jsonl`` reader, else with
``pandas.read_json(lines=True)`` and ``Corpus.from_frames`` — and times over all 5,028
articles

* ``lexicon_dtm(corpus, "conflict_fr")`` — the naming lexicon, matched once;
* ``attributions(corpus)`` — reported speech and sources;
* ``quoted_sources(corpus, by="outlet", table=…)`` — who is quoted per outlet;
* ``numeric_claims(corpus)``;
* ``agency(corpus)`` and ``voice_counts(corpus, by="outlet", table=…)``;
* ``caption_audit(corpus)`` — the flattened corpus has no caption segments, so this times
  the empty path only.

Prints the times, their total and what was found; a benchmark, not a test: nothing here
asserts a time. Without the corpus it prints why and exits 0.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import analysis  # noqa: E402
from analysis.agency import agency, voice_counts  # noqa: E402
from analysis.captions import caption_audit  # noqa: E402
from analysis.claims import numeric_claims  # noqa: E402
from analysis.config import SHARED_CORPORA  # noqa: E402
from analysis.corpus import READERS  # noqa: E402
from analysis.lexicons import lexicon_dtm, load_lexicon  # noqa: E402
from analysis.sourcing import attributions, quoted_sources  # noqa: E402

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


TIMES: dict[str, float] = {}


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    TIMES[label] = time.perf_counter() - start
    print(f"{label:52} {TIMES[label]:8.2f} s")
    return result


def load():
    if ".jsonl" in READERS:
        # every article, copies included: the loader's default would drop near-duplicates
        return analysis.load_corpus(CORPUS, dedup="none")
    columns = ["id", "outlet", "date", "title", "text", "language"]
    return analysis.Corpus.from_frames(pd.read_json(CORPUS, lines=True)[columns])


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the benchmark needs ../shared/corpora)")
        return 0
    how = "load_corpus" if ".jsonl" in READERS else "pandas.read_json + Corpus.from_frames"
    corpus = timed(f"load ({how})", load)
    n_words = int(corpus.articles["text"].str.split().str.len().sum())
    print(
        f"{len(corpus)} articles, {n_words:,} words, {corpus.articles['outlet'].nunique()} "
        f"outlets; Python {platform.python_version()} on {platform.machine()}"
    )
    lexicon = load_lexicon("conflict_fr")
    matrix = timed("lexicon_dtm(corpus, conflict_fr)", lexicon_dtm, corpus, lexicon)
    print(f"{'':52} {int(matrix.counts.sum())} lexicon matches")
    table = timed("attributions(corpus)", attributions, corpus)
    print(
        f"{'':52} {len(table)} attributions: "
        + ", ".join(f"{k} {v}" for k, v in table["kind"].value_counts().sort_index().items())
        + f"; {int(table['hedged'].sum())} hedged"
    )
    sources = timed(
        "  quoted_sources(corpus, by='outlet', table=…)",
        quoted_sources,
        corpus,
        by="outlet",
        table=table,
    )
    print(f"{'':52} {len(sources)} (outlet, source) pairs")
    claims = timed("numeric_claims(corpus)", numeric_claims, corpus)
    print(
        f"{'':52} {len(claims)} claims: "
        + ", ".join(f"{k} {v}" for k, v in claims["kind"].value_counts().sort_index().items())
        + f"; {int(claims['qualifier'].notna().sum())} qualified"
    )
    clauses = timed("agency(corpus)", agency, corpus)
    print(
        f"{'':52} {len(clauses)} clauses: "
        + ", ".join(f"{k} {v}" for k, v in clauses["voice"].value_counts().sort_index().items())
    )
    timed(
        "  voice_counts(corpus, by='outlet', table=…)",
        voice_counts,
        corpus,
        by="outlet",
        table=clauses,
    )
    audit = timed("caption_audit(corpus)", caption_audit, corpus)
    print(f"{'':52} {len(audit)} captions")
    total = sum(t for label, t in TIMES.items() if not label.startswith("load"))
    print(f"{'total (without loading)':52} {total:8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
