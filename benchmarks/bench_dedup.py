"""Wire-copy de-duplication benchmark: ``analysis.find_duplicates`` on real and composed press.

Run: ``.venv/bin/python benchmarks/bench_dedup.py`` (``--sizes 50000 100000`` to choose the
composed sizes, ``--plant 0.01`` for the share of planted copies). A benchmark, not a test:
it asserts nothing and writes nothing; it prints.

What it measures
----------------
1. The 5,028 real articles of ../shared/corpora/fr-press-gilets-jaunes.jsonl (read where
   they lie, never copied): wall time of ``find_duplicates``, the counts of each status and
   the number of cross-outlet clusters.
2. Composed corpora of ``--sizes`` articles. Each composed article has as many sentences
   as a real article drawn at random (3 to 60), each drawn at random from the pool of all
   the real sentences (split after . ! ? », at least 3 words), in paragraphs of three,
   with ``numpy.random.default_rng(seed)``: the texts are real French press and about as
   long as the real ones, but two composed articles share a sentence or two at most by
   chance (composing from whole paragraphs made many share most of their text: a few real
   articles are one long paragraph). Then ``--plant`` of the articles are replaced by a
   planted copy of another composed article, of one of four kinds (in turn):

   ``rewrap``   the same text upper-cased, with ’ for ' and no-break spaces: an exact duplicate;
   ``edit``     1 word in 100 to 1 in 40 replaced by a new word: Jaccard about 0.7-0.9;
   ``extend``   the text plus 3 to 11 other sentences: containment 1, Jaccard lower;
   ``excerpt``  a run of 40-80 % of its paragraphs: containment 1, Jaccard 0.4-0.8.

   Recall is the share of planted pairs whose exact resemblance/containment reaches the
   thresholds (computed with :func:`analysis.dedup.shingles`) that end up in one cluster.
   Every flag is verified on the two texts' whole shingle sets (62-bit hashes: a false
   positive needs two different shingles to share one), so none is counted; the clusters
   that are not exactly one planted pair are counted too (draws that happen to coincide,
   e.g. a short composed article whose few sentences another one also drew, or a planted
   copy chained to a third article).

CPU time (this process's threads and its workers) is printed beside the wall time: on a
shared, loaded machine it is the steadier of the two. Peak memory is the resident set of
this process (``ru_maxrss``) and of its largest worker process. The machine's load average
is printed before and after each run: on a shared machine it moves the times more than
anything else.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.config import SHARED_CORPORA  # noqa: E402
from analysis.dedup import cross_outlet_copies, find_duplicates, shingles  # noqa: E402

SOURCE = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
KINDS = ("rewrap", "edit", "extend", "excerpt")


def load_rows() -> list[dict]:
    with SOURCE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+")


def sentences_of(rows: list[dict]) -> tuple[list[str], list[int]]:
    """Every sentence of the real articles (a pool), and each article's sentence count."""
    pool, counts = [], []
    for r in rows:
        found = [s.strip() for s in _SENTENCE_END.split(r["text"]) if len(s.split()) >= 3]
        pool += found
        counts.append(len(found))
    return pool, counts


def compose(pool: list[str], counts: list[int], n: int, seed: int) -> list[str]:
    """``n`` articles, each as many sentences as a real article drawn at random (3 to 60),
    each sentence drawn from the pool at random, in paragraphs of 3 sentences."""
    rng = np.random.default_rng(seed)
    sizes = np.clip(np.array(counts)[rng.integers(len(counts), size=n)], 3, 60)
    out = []
    for k in sizes.tolist():
        picked = [pool[i] for i in rng.integers(len(pool), size=k).tolist()]
        out.append("\n".join(" ".join(picked[i : i + 3]) for i in range(0, k, 3)))
    return out


def plant(texts: list[str], pool: list[str], share: float, seed: int) -> list[tuple[int, int, str]]:
    """Replace ``share`` of the texts by copies of others; return (original, copy, kind)."""
    rng = np.random.default_rng(seed + 1)
    n = len(texts)
    n_plant = int(n * share)
    chosen = rng.choice(n, size=2 * n_plant, replace=False)
    originals, copies = chosen[:n_plant], chosen[n_plant:]
    planted = []
    for m, (o, c) in enumerate(zip(originals.tolist(), copies.tolist(), strict=True)):
        kind = KINDS[m % len(KINDS)]
        text = texts[o]
        if kind == "rewrap":
            copy = text.upper().replace("'", "\u2019").replace(" ", "\u00a0", 5)
        elif kind == "edit":
            words = text.split(" ")
            every = int(rng.integers(40, 101))
            for i in range(int(rng.integers(0, every)), len(words), every):
                words[i] = f"mot{rng.integers(10**6)}"
            copy = " ".join(words)
        elif kind == "extend":
            extra = [pool[i] for i in rng.integers(len(pool), size=int(rng.integers(3, 12)))]
            copy = "\n".join([text, *extra])
        else:
            lines = text.split("\n")
            keep = max(1, int(len(lines) * rng.uniform(0.4, 0.8)))
            start = int(rng.integers(0, len(lines) - keep + 1))
            copy = "\n".join(lines[start : start + keep])
        texts[c] = copy
        planted.append((o, c, kind))
    return planted


def peak_gb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6
    return own, children


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(texts: pd.Series) -> tuple[pd.DataFrame, float]:
    load = os.getloadavg()[0]
    cpu = cpu_seconds()
    start = time.perf_counter()
    out = find_duplicates(texts, progress=False)
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    own, children = peak_gb()
    print(
        f"  find_duplicates: {elapsed:.1f} s wall, {cpu:.1f} s CPU (load average {load:.1f} "
        f"before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores); peak RSS "
        f"{own:.2f} GB here, {children:.2f} GB largest worker"
    )
    return out, elapsed


def run_real(rows: list[dict]) -> None:
    texts = pd.Series({r["id"]: r["text"] for r in rows})
    outlets = pd.Series({r["id"]: r["outlet"] for r in rows})
    print(f"real: {len(texts):,} articles, {texts.str.len().sum() / 1e6:.1f} M characters")
    out, _ = timed(texts)
    counts = out["status"].value_counts().to_dict()
    table = cross_outlet_copies(out, outlets)
    near = out[out["status"] == "near_duplicate"]
    print(f"  status counts: {counts}")
    print(
        f"  clusters of 2+: {counts.get('kept', 0)}; cross-outlet clusters: {len(table)} "
        f"(articles in them: {int(table['n_articles'].sum())}); near duplicates below both "
        f"thresholds against the kept one (chained): "
        f"{int(((near['jaccard'] < 0.8) & (near['containment'] < 0.9)).sum())}"
    )
    print("  outlets most often in cross-outlet clusters:")
    per_outlet = table["outlets"].str.split("; ").explode().value_counts().head(8)
    for name, k in per_outlet.items():
        print(f"    {k:4d}  {name}")


def run_composed(pool: list[str], counts: list[int], n: int, share: float, seed: int) -> None:
    start = time.perf_counter()
    texts = compose(pool, counts, n, seed)
    planted = plant(texts, pool, share, seed)
    series = pd.Series(texts, index=[f"s{i:06d}" for i in range(n)])
    print(
        f"composed: {n:,} articles, {series.str.len().sum() / 1e6:.0f} M characters, "
        f"{len(planted)} planted copies (built in {time.perf_counter() - start:.0f} s)"
    )
    out, _ = timed(series)
    root = out["cluster_id"].to_numpy()
    position = {i: p for p, i in enumerate(series.index)}
    found: dict[str, list[bool]] = {k: [] for k in KINDS}
    below = dict.fromkeys(KINDS, 0)
    planted_pairs = set()
    for o, c, kind in planted:
        a, b = shingles(texts[o]), shingles(texts[c])
        inter = len(a & b)
        jac = inter / len(a | b) if a | b else 1.0
        con = inter / min(len(a), len(b)) if a and b else float(a == b)
        same = root[o] == root[c]
        planted_pairs.add(frozenset((o, c)))
        if kind == "rewrap" or jac >= 0.8 or con >= 0.9:
            found[kind].append(bool(same))
        else:
            below[kind] += 1
    for kind in KINDS:
        hits = found[kind]
        print(
            f"  recall, {kind:8s}: {sum(hits)}/{len(hits)} = {np.mean(hits):.4f}"
            f"  ({below[kind]} planted pairs below both thresholds, not counted)"
        )
    all_hits = [h for k in KINDS for h in found[k]]
    print(f"  recall, all: {sum(all_hits)}/{len(all_hits)} = {np.mean(all_hits):.4f}")
    clusters = out[out["status"] != "unique"].groupby("cluster_id")["id"].apply(list)
    other = [
        ids
        for ids in clusters
        if not (len(ids) == 2 and frozenset(position[i] for i in ids) in planted_pairs)
    ]
    print(f"  clusters other than exactly one planted pair: {len(other)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50_000, 100_000])
    parser.add_argument("--plant", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=20240201)
    parser.add_argument("--no-real", action="store_true")
    args = parser.parse_args()
    if not SOURCE.exists():
        print(f"skipped: {SOURCE} not found")
        return
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}"
    )
    rows = load_rows()
    if not args.no_real:
        run_real(rows)
    pool, counts = sentences_of(rows)
    for n in args.sizes:
        run_composed(pool, counts, n, args.plant, args.seed)


if __name__ == "__main__":
    main()
