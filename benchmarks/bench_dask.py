"""The Dask backend on the whole real corpus: time against the in-memory path, and equality.

Run: ``.venv/bin/python benchmarks/bench_dask.py [--workers 2] [--files 8] [--threads]``.
Reads ../shared/corpora/fr-press-gilets-jaunes.jsonl in place and writes it, cut into
``--files`` Parquet files, to a temporary folder that is deleted afterwards (never into the
repository). Starts a LocalCluster of ``--workers`` processes (``--threads``: threads of this
process instead), then prints the time of

* the in-memory path: ``load`` (pandas + Corpus.from_frames), ``dtm`` (serial counting),
  ``keyness`` (g2, every outlet against the rest);
* the cluster path: ``dist.term_counts`` twice (cold workers, then warm) and
  ``dist.keyness`` (each call reads and counts again),

and checks that both give the same counts (exactly) and statistics (``assert_allclose``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import analysis  # noqa: E402
from analysis.config import SHARED_CORPORA  # noqa: E402

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
COLUMNS = ["id", "outlet", "date", "language", "title", "text"]


def _clock(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    print(f"  {label:34} {time.perf_counter() - start:7.1f} s")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--threads", action="store_true", help="threads instead of processes")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the benchmark needs ../shared/corpora)")
        return 0
    from analysis import distributed as dist

    F = importlib.import_module("analysis.frequency")
    K = importlib.import_module("analysis.keyness")
    frame = pd.read_json(CORPUS, lines=True, dtype=False)[COLUMNS]
    print(f"{len(frame)} articles, {frame.outlet.nunique()} outlets, {args.files} Parquet files")
    print("in memory (one process):")
    corpus = _clock("load (pandas, Corpus.from_frames)", analysis.Corpus.from_frames, frame)
    m = _clock("dtm", analysis.dtm, corpus, n_jobs=1)
    want_k = _clock("keyness g2 by outlet", K.keyness, m, by="outlet")
    with tempfile.TemporaryDirectory() as tmp:
        for k, rows in enumerate(np.array_split(np.arange(len(frame)), args.files)):
            frame.iloc[rows].to_parquet(Path(tmp) / f"part-{k:03d}.parquet", index=False)
        kind = "threads" if args.threads else "processes"
        print(f"dask ({args.workers} worker {kind}, 1 thread each):")
        client = _clock(
            "start LocalCluster", dist.connect, n_workers=args.workers, processes=not args.threads
        )
        try:
            articles = dist.read_articles(tmp)
            # the first call on fresh workers also loads simplemma and fills the tokeniser's
            # caches in every worker process; the second shows the steady cost
            _clock("term_counts by outlet (cold)", dist.term_counts, articles, by="outlet")
            got_c = _clock("term_counts by outlet (warm)", dist.term_counts, articles, by="outlet")
            got_k = _clock("keyness g2 by outlet", dist.keyness, articles, by="outlet")
        finally:
            client.close()
    groups, counts, docs, _ = F.group_counts(m, "outlet")
    g, t = np.nonzero(counts)
    assert got_c["group"].tolist() == groups[g].tolist()
    assert got_c["term"].tolist() == m.terms[t].tolist()
    assert got_c["count"].tolist() == counts[g, t].astype(np.int64).tolist()
    assert got_c["docs"].tolist() == docs[g, t].astype(np.int64).tolist()
    assert got_k[["term", "target", "n_target", "n_reference"]].equals(
        want_k[["term", "target", "n_target", "n_reference"]]
    )
    for col in ("stat", "p", "p_adj", "log_ratio", "dp_target"):
        np.testing.assert_allclose(got_k[col], want_k[col], rtol=1e-9, err_msg=col)
    print(f"equal: {len(got_c)} (group, term) counts exactly, {len(got_k)} keyness rows to 1e-9")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
