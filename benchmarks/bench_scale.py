"""Scale benchmark: the whole pipeline on 10k, 50k and 100k articles, beside scikit-learn.

Run: ``.venv/bin/python benchmarks/bench_scale.py`` (about 10 minutes on 2 cores; ``--sizes``
to choose others, ``--profile`` to add cProfile tables, ``--update-readme`` to write the table
into benchmarks/README.md). A benchmark, not a test: nothing here asserts a time.

Corpora
-------
Built from the real articles of ../shared/corpora/fr-press-gilets-jaunes.jsonl, read where
it lies (never copied into the repository); the generated files go to the git-ignored
``output/bench/``. A plain copy of an article would be an exact duplicate, so each synthetic
article is *composed*: with a seeded ``numpy.random.default_rng(seed)``, drawn in order,

1. a source article is drawn uniformly; the new article keeps its outlet, country, subset,
   date, language and title (``source_id`` records it);
2. lines are added, each one random line of a different article of the *same outlet*
   (articles drawn in a random order, without repetition; a line that would make the text
   more than 10 % longer than the source is passed over), until the text has at least 90 %
   of the source's length and 2 lines: the sizes follow the real ones, no two
   synthetic articles share more than a line or two by chance, and an outlet's habits
   (’ or ', its furniture) stay with it;
3. lines are joined with ``\\n`` as in the source; a text already produced is redrawn.

Article ``i`` depends only on the seed and ``i``, so the 10k corpus is the first 10,000
articles of the 50k and 100k ones. Caveat: the vocabulary of these corpora is bounded by
that of the 5,028 source articles; a real corpus of 100k articles has more distinct words,
which costs every tool more (more distinct chunks to tokenise once, a larger vocabulary).

Measures
--------
Each corpus size runs in fresh processes, cold (no cache; the OS file cache is warm):

* pipeline process: load (``analysis.load_corpus`` when a ``.jsonl`` reader is
  registered, else ``Corpus.from_frames(pandas.read_json(path, lines=True,
  engine="pyarrow"))``), tokenise+count (``analysis.dtm``, default ``n_jobs``: both cores),
  TF-IDF (``analysis.tfidf_terms(m, by="outlet")``), keyness (``analysis.keyness(m,
  by="outlet")``: every outlet against the rest), then the corpus cache (write, read);
* serial process: load, then ``analysis.dtm(n_jobs=1)``;
* baseline process: the texts as a list of str, ``CountVectorizer().fit_transform(texts)``
  and the single-core floor ``re.findall(r"\\w+", t.lower())`` over every text (the token
  lists are counted, not kept: keeping 56 M token strings would need some 3 GB).

Peak memory is sampled every 50 ms by a thread (psutil) over the process and all its
children: ``RSS`` is the sum of their resident sets — forked workers share the parent's
pages copy-on-write and each reports them again, so this over-counts — and ``PSS`` (sampled
every 0.5 s) shares each page among the processes mapping it: the physical memory used.

A ``probe`` (a dict-counting loop in one process, then in two at once) records how much
throughput the second core gives at the time of the run: on a shared virtual machine it
varies.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import inspect
import json
import logging
import os
import platform
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.config import OUTPUT_DIR, SHARED_CORPORA  # noqa: E402

SOURCE = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
RESULTS = Path(__file__).resolve().parent / "results"
README = Path(__file__).resolve().parent / "README.md"
WORKDIR = OUTPUT_DIR / "bench"
GENERATOR_VERSION = 4
DEFAULT_SIZES = (10_000, 50_000, 100_000)
DEFAULT_SEED = 20240201


# -------------------------------------------------------------------------------------------
# Synthetic corpora
def _source_fingerprint() -> str:
    st = SOURCE.stat()
    return f"{SOURCE.name}:{st.st_size}:{st.st_mtime_ns}"


def generate(n: int, seed: int, workdir: Path = WORKDIR) -> Path:
    """Write (once) the synthetic corpus of ``n`` articles; return its path."""
    import numpy as np

    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"synthetic-{n}-seed{seed}.jsonl"
    manifest = path.with_suffix(".json")
    want = {"n": n, "seed": seed, "generator": GENERATOR_VERSION, "source": _source_fingerprint()}
    if path.exists() and manifest.exists():
        with contextlib.suppress(ValueError):
            if json.loads(manifest.read_text())["params"] == want:
                return path
    rows = [json.loads(line) for line in SOURCE.open(encoding="utf-8")]
    lines = [[ln for ln in r["text"].split("\n") if ln.strip()] or [r["text"]] for r in rows]
    by_outlet: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_outlet.setdefault(r["outlet"], []).append(i)
    pools = {k: np.array(v) for k, v in by_outlet.items()}
    rng = np.random.default_rng(seed)
    seen: set[bytes] = set()
    tmp = path.with_suffix(".tmp")
    redrawn = 0
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(n):
            while True:
                s = int(rng.integers(len(rows)))
                src = rows[s]
                pool = pools[src["outlet"]]
                target = len(src["text"])
                text_lines: list[str] = []
                size = 0
                for a in rng.permutation(pool):
                    cand = lines[int(a)]
                    line = cand[int(rng.integers(len(cand)))]
                    if len(text_lines) >= 2 and size + len(line) > 1.1 * target:
                        continue  # too long: try a line of the next article
                    text_lines.append(line)
                    size += len(line) + 1
                    if size >= 0.9 * target and len(text_lines) >= 2:
                        break
                text = "\n".join(text_lines)
                digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
                if digest not in seen:
                    seen.add(digest)
                    break
                redrawn += 1
            record = {
                "id": f"synth-{seed}-{i:06d}",
                "outlet": src["outlet"],
                "country": src.get("country"),
                "subset": src.get("subset"),
                "date": src.get("date"),
                "title": src.get("title"),
                "url": None,
                "language": src.get("language") or "fr",
                "text": text,
                "source_file": "synthetic",
                "source_id": src["id"],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
    manifest.write_text(
        json.dumps({"params": want, "bytes": path.stat().st_size, "redrawn": redrawn}, indent=1)
    )
    return path


# -------------------------------------------------------------------------------------------
# Measuring
class MemorySampler:
    """Peak RSS (sum over the process tree, every ``interval``) and PSS (every ``pss_every``)."""

    def __init__(self, interval: float = 0.05, pss_every: float = 0.5) -> None:
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.pss_every = pss_every
        self.peak_rss = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> list[Any]:
        try:
            return [self.proc, *self.proc.children(recursive=True)]
        except Exception:
            return [self.proc]

    def sample(self, pss: bool) -> None:
        rss = total_pss = 0
        for p in self._tree():
            with contextlib.suppress(Exception):
                if pss:
                    info = p.memory_full_info()
                    rss += info.rss
                    total_pss += info.pss
                else:
                    rss += p.memory_info().rss
        self.peak_rss = max(self.peak_rss, rss)
        if pss:
            self.peak_pss = max(self.peak_pss, total_pss)

    def _run(self) -> None:
        last_pss = 0.0
        while not self._stop.is_set():
            now = time.perf_counter()
            pss = now - last_pss >= self.pss_every
            if pss:
                last_pss = now
            self.sample(pss)
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self.sample(True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.sample(True)


def stage(results: dict[str, Any], name: str, fn: Any) -> Any:
    """Run ``fn()``, recording seconds and peak memory (MB) under ``name``."""
    with MemorySampler() as mem:
        start = time.perf_counter()
        out = fn()
        seconds = time.perf_counter() - start
    results[name] = {
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(mem.peak_rss / 1e6, 1),
        "peak_pss_mb": round(mem.peak_pss / 1e6, 1),
    }
    print(f"    {name:22} {seconds:8.2f} s  RSS {mem.peak_rss / 1e9:5.2f} GB  "
          f"PSS {mem.peak_pss / 1e9:5.2f} GB", file=sys.stderr, flush=True)  # fmt: skip
    return out


def load(path: Path) -> tuple[Any, str]:
    """The corpus, by ``load_corpus`` when it reads .jsonl, else from a DataFrame."""
    import pandas as pd

    import analysis
    from analysis.corpus import READERS

    if ".jsonl" in READERS:
        return analysis.load_corpus(path), 'analysis.load_corpus(path) (dedup="near", the default)'
    frame = pd.read_json(path, lines=True, engine="pyarrow")
    return analysis.Corpus.from_frames(frame), (
        'Corpus.from_frames(pandas.read_json(path, lines=True, engine="pyarrow")) '
        "— load_corpus has no .jsonl reader yet"
    )


def run_pipeline(path: Path, profile: bool) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.compute as pc

    import analysis
    from analysis.cache import cached_dtm, cached_load_corpus, clear_cache
    from analysis.corpus import READERS

    res: dict[str, Any] = {}
    steps = _DedupSteps() if profile else None
    corpus, how = stage(res, "load", lambda: load(path))
    if steps is not None:
        res["dedup_steps"] = steps.close()
    res["load_how"] = how
    res["articles"] = len(corpus)
    text = pa.array(corpus.articles["text"].array)
    res["text_mb"] = round(pc.sum(pc.binary_length(text)).as_py() / 1e6, 1)
    del text
    m = stage(res, "tokenise+count", lambda: analysis.dtm(corpus))
    res["n_terms"] = int(m.shape[1])
    stage(res, "tfidf", lambda: analysis.tfidf_terms(m, by="outlet"))
    stage(res, "keyness", lambda: analysis.keyness(m, by="outlet"))
    params = inspect.signature(analysis.load_corpus).parameters
    res["dedup"] = (
        "on in 'load'" if "dedup" in params else "not available (load_corpus has no dedup=)"
    )
    if "dedup" in params and ".jsonl" in READERS:
        res["duplicates_dropped"] = int((corpus.report["status"] != "loaded").sum())
        stage(res, "load (dedup off)", lambda: analysis.load_corpus(path, dedup="none"))
    # the cache, warm: write once, then read
    cache = WORKDIR / "cache" / path.stem
    clear_cache(cache)
    stage(res, "cached_dtm (write)", lambda: cached_dtm(corpus, cache_dir=cache))
    stage(res, "cached_dtm (read)", lambda: cached_dtm(corpus, cache_dir=cache))
    if ".jsonl" in READERS:
        stage(res, "cached_load (write)", lambda: cached_load_corpus(path, cache_dir=cache))
        stage(res, "cached_load (read)", lambda: cached_load_corpus(path, cache_dir=cache))
    clear_cache(cache)
    if profile:
        res["profile"] = profile_pipeline(corpus)
    return res


class _DedupSteps(logging.Handler):
    """Collects the step times that ``analysis.dedup.find_duplicates`` logs at DEBUG."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.rows: list[str] = []
        self.logger = logging.getLogger("analysis.dedup")
        self.level_before = self.logger.level
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.rows.append(record.getMessage().removeprefix("find_duplicates: "))

    def close(self) -> list[str]:  # type: ignore[override]
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level_before)
        super().close()
        return self.rows


def profile_pipeline(corpus: Any, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """cProfile top functions (by own time) of each computing stage, counted serially."""
    import cProfile
    import io
    import pstats

    import analysis

    out: dict[str, list[dict[str, Any]]] = {}

    def profiled(name: str, call: Any) -> Any:
        prof = cProfile.Profile()
        prof.enable()
        result = call()
        prof.disable()
        stats = pstats.Stats(prof, stream=io.StringIO())
        rows = [
            {
                "function": f"{Path(file).name}:{line}({func})",
                "calls": ncalls,
                "tottime": round(tottime, 3),
                "cumtime": round(cumtime, 3),
            }
            for (file, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items()  # type: ignore[attr-defined]
        ]
        out[name] = sorted(rows, key=lambda r: -r["tottime"])[:top]
        return result

    m = profiled("tokenise+count (n_jobs=1)", lambda: analysis.dtm(corpus, n_jobs=1))
    profiled("tfidf", lambda: analysis.tfidf_terms(m, by="outlet"))
    profiled("keyness", lambda: analysis.keyness(m, by="outlet"))
    return out


def run_serial(path: Path) -> dict[str, Any]:
    import analysis

    res: dict[str, Any] = {}
    corpus, _ = stage(res, "load", lambda: load(path))
    stage(res, "tokenise+count n_jobs=1", lambda: analysis.dtm(corpus, n_jobs=1))
    return res


def run_baseline(path: Path) -> dict[str, Any]:
    from sklearn.feature_extraction.text import CountVectorizer

    res: dict[str, Any] = {}
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]

    def cv() -> Any:
        return CountVectorizer().fit_transform(texts)

    def floor() -> int:
        pattern = re.compile(r"\w+")
        return sum(len(pattern.findall(t.lower())) for t in texts)

    x = stage(res, "CountVectorizer", cv)
    res["cv_terms"] = int(x.shape[1])
    res["floor_tokens"] = stage(res, "floor re.findall", floor)
    return res


def child(args: argparse.Namespace) -> int:
    path = Path(args.path)
    kind = args.child
    if kind == "pipeline":
        res = run_pipeline(path, args.profile)
    elif kind == "serial":
        res = run_serial(path)
    else:
        res = run_baseline(path)
    print(json.dumps(res))
    return 0


def spawn(kind: str, path: Path, profile: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, "--path", str(path)]
    if profile:
        cmd.append("--profile")
    env = {**os.environ, "TQDM_DISABLE": "1", "PYTHONHASHSEED": "0"}
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -------------------------------------------------------------------------------------------
# Machine, probe, report
def _probe_work(n: int) -> float:
    start = time.perf_counter()
    d: dict[int, int] = {}
    for i in range(n):
        d[i % 5003] = d.get(i % 5003, 0) + 1
    return time.perf_counter() - start


def probe(n: int = 4_000_000) -> dict[str, float]:
    """Throughput of two processes at once relative to one (2.0 = two full cores)."""
    one = min(_probe_work(n) for _ in range(2))
    with ProcessPoolExecutor(2) as ex:
        list(ex.map(_probe_work, [1000, 1000]))
        start = time.perf_counter()
        list(ex.map(_probe_work, [n, n]))
        two = time.perf_counter() - start
    return {"one_process_s": round(one, 3), "two_processes_s": round(two, 3),
            "throughput_x": round(2 * one / two, 2)}  # fmt: skip


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    import psutil

    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for pkg in ("numpy", "pandas", "scipy", "scikit-learn", "pyarrow", "psutil", "simplemma",
                "media-discourse-analysis"):  # fmt: skip
        with contextlib.suppress(md.PackageNotFoundError):
            versions[pkg] = md.version(pkg)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    dirty = bool(subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "analysis"],
                                capture_output=True, text=True).stdout.strip())  # fmt: skip
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else None,
        "ram_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "commit": commit + ("+uncommitted analysis/ changes" if dirty else ""),
    }


def ratios(size: dict[str, Any]) -> dict[str, float]:
    cv = size["baseline"]["CountVectorizer"]["seconds"]
    p = size["pipeline"]
    pipeline = sum(p[k]["seconds"] for k in ("load", "tokenise+count", "tfidf", "keyness"))
    return {
        "tokenise+count / CV": round(p["tokenise+count"]["seconds"] / cv, 2),
        "tokenise+count n_jobs=1 / CV": round(
            size["serial"]["tokenise+count n_jobs=1"]["seconds"] / cv, 2
        ),
        "pipeline / CV": round(pipeline / cv, 2),
        "pipeline_seconds": round(pipeline, 2),
    }


PIPELINE = ("load", "tokenise+count", "tfidf", "keyness")
ROWS = [
    ("load (JSONL, near-duplicate removal on)", "pipeline", "load"),
    ("tokenise+count: dtm, both cores", "pipeline", "tokenise+count"),
    ("tokenise+count: dtm, n_jobs=1", "serial", "tokenise+count n_jobs=1"),
    ("TF-IDF by outlet", "pipeline", "tfidf"),
    ("keyness, every outlet vs the rest", "pipeline", "keyness"),
    ("scikit-learn CountVectorizer()", "baseline", "CountVectorizer"),
    ("floor: re.findall(r'\\w+', t.lower())", "baseline", "floor re.findall"),
    ("cached_dtm, 1st call (count + write)", "pipeline", "cached_dtm (write)"),
    ("cached_dtm, 2nd call (read)", "pipeline", "cached_dtm (read)"),
    ("cached_load_corpus, 1st call", "pipeline", "cached_load (write)"),
    ("cached_load_corpus, 2nd call", "pipeline", "cached_load (read)"),
    ("load with dedup off", "pipeline", "load (dedup off)"),
]


def _gb(mb: float) -> str:
    return f"{mb / 1000:.2f}"


def table(report: dict[str, Any]) -> str:
    """Markdown: one row per stage; per size, seconds, ratio to CountVectorizer, peak memory."""
    sizes = report["sizes"]
    head = ["stage"]
    for s in sizes:
        mb = s["pipeline"].get("text_mb", "?")
        head.append(f"{s['articles']:,} articles ({mb} MB text): s · × CV · RSS / PSS GB")
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for label, proc, key in ROWS:
        if not any(key in s[proc] for s in sizes):
            continue
        cells = [label]
        for s in sizes:
            cv = s["baseline"]["CountVectorizer"]["seconds"]
            e = s[proc].get(key)
            cells.append(
                "—"
                if e is None
                else f"{e['seconds']:.2f} · {e['seconds'] / cv:.2f} · "
                f"{_gb(e['peak_rss_mb'])} / {_gb(e['peak_pss_mb'])}"
            )
        lines.append("| " + " | ".join(cells) + " |")
    cells = ["**pipeline**: load + count + TF-IDF + keyness"]
    for s in sizes:
        seconds = s["ratios"]["pipeline_seconds"]
        rss = max(s["pipeline"][k]["peak_rss_mb"] for k in PIPELINE)
        pss = max(s["pipeline"][k]["peak_pss_mb"] for k in PIPELINE)
        cells.append(
            f"**{seconds:.2f} · {s['ratios']['pipeline / CV']:.2f}** · {_gb(rss)} / {_gb(pss)}"
        )
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def targets(report: dict[str, Any]) -> list[str]:
    """The issue's targets, each with its measurement and verdict."""
    sizes = report["sizes"]
    big = max(sizes, key=lambda s: s["articles"])
    small = min(sizes, key=lambda s: s["articles"])
    count = [s["ratios"]["tokenise+count / CV"] for s in sizes]
    out = [
        f"tokenise+count ≤ 0.6 × CountVectorizer, both cores: "
        f"{', '.join(f'{r:.2f}' for r in count)} — {_verdict(max(count) <= 0.6)}"
    ]
    r = big["ratios"]["pipeline / CV"]
    out.append(
        f"whole pipeline at {big['articles']:,} ≤ 1.0 × CountVectorizer: {r:.2f} — "
        f"{_verdict(r <= 1.0)}"
    )
    rss = max(big["pipeline"][k]["peak_rss_mb"] for k in PIPELINE) / 1000
    pss = max(big["pipeline"][k]["peak_pss_mb"] for k in PIPELINE) / 1000
    out.append(
        f"peak memory at {big['articles']:,} ≤ 3 GB: RSS summed over processes {rss:.2f} GB "
        f"({_verdict(rss <= 3)}), PSS {pss:.2f} GB ({_verdict(pss <= 3)})"
    )
    if big is not small:
        cost = big["ratios"]["pipeline_seconds"] / small["ratios"]["pipeline_seconds"]
        dtm_cost = (
            big["pipeline"]["tokenise+count"]["seconds"]
            / small["pipeline"]["tokenise+count"]["seconds"]
        )
        n = big["articles"] / small["articles"]
        out.append(
            f"{small['articles']:,} → {big['articles']:,} articles ({n:.0f}×) cost ratio ≤ 11: "
            f"pipeline {cost:.1f}, tokenise+count {dtm_cost:.1f} — {_verdict(cost <= 11)}"
        )
    return out


def profile_text(report: dict[str, Any]) -> str:
    """The cProfile tables of the run, as Markdown lists."""
    lines = []
    for s in report["sizes"]:
        if s["pipeline"].get("dedup_steps"):
            lines.append(
                f"*load, {s['articles']:,} articles: the steps of near-duplicate removal* "
                "(wall time, from `analysis.dedup`'s DEBUG log):"
            )
            lines += [f"  - {row}" for row in s["pipeline"]["dedup_steps"]]
        for stage_name, rows in s["pipeline"].get("profile", {}).items():
            lines.append(f"*{stage_name}, {s['articles']:,} articles* (own time, s):")
            lines += [f"  - {r['tottime']:.2f} {r['function']} ×{r['calls']}" for r in rows[:8]]
    return "\n".join(lines)


def update_readme(report: dict[str, Any]) -> None:
    """Replace the table between the scale-table markers of benchmarks/README.md."""
    start, end = "<!-- scale-table:start -->", "<!-- scale-table:end -->"
    m = report["machine"]
    probe_text = (
        f"×{report['probe_before']['throughput_x']} before, "
        f"×{report['probe_after']['throughput_x']} after"
    )
    body = [
        start,
        f"Run {report['date']}: `{report['command']}` on {m['cpu']}, {m['cores']} cores, "
        f"{m['ram_gb']} GB RAM, Python {m['python']}, commit {m['commit']}. Probe, the "
        f"throughput of two processes relative to one: {probe_text}. Raw numbers: "
        f"`benchmarks/results/{report['file']}`.",
        "",
        table(report),
        "",
        *[f"- {t}" for t in targets(report)],
    ]
    if profile_text(report):
        body += ["", profile_text(report)]
    body.append(end)
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    if start in text and end in text:
        text = text[: text.index(start)] + "\n".join(body) + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + "\n".join(body) + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--profile", action="store_true", help="add cProfile tables (largest size)")
    parser.add_argument(
        "--update-readme", action="store_true", help="write the table into benchmarks/README.md"
    )
    parser.add_argument(
        "--child", choices=["pipeline", "serial", "baseline"], help=argparse.SUPPRESS
    )
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    if not SOURCE.exists():
        print(f"skipped: {SOURCE} not found (the benchmark needs ../shared/corpora)")
        return 0
    command = ".venv/bin/python benchmarks/bench_scale.py" + " ".join(
        ["", *(["--sizes", *map(str, args.sizes)] if args.sizes != list(DEFAULT_SIZES) else []),
         *(["--seed", str(args.seed)] if args.seed != DEFAULT_SEED else []),
         *(["--profile"] if args.profile else [])]
    )  # fmt: skip
    report: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": command,
        "seed": args.seed,
        "machine": machine(),
    }
    print(f"machine: {report['machine']}", file=sys.stderr)
    report["probe_before"] = probe()
    print(f"probe: {report['probe_before']}", file=sys.stderr)
    report["sizes"] = []
    for n in sorted(args.sizes):
        path = generate(n, args.seed)
        print(
            f"{n} articles: {path} ({path.stat().st_size / 1e6:.0f} MB)",
            file=sys.stderr,
            flush=True,
        )
        entry: dict[str, Any] = {"articles": n, "file_mb": round(path.stat().st_size / 1e6, 1)}
        entry["baseline"] = spawn("baseline", path)
        entry["pipeline"] = spawn("pipeline", path, profile=args.profile and n == max(args.sizes))
        entry["serial"] = spawn("serial", path)
        entry["ratios"] = ratios(entry)
        print(f"  ratios: {entry['ratios']}", file=sys.stderr, flush=True)
        report["sizes"].append(entry)
    report["probe_after"] = probe()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report["file"] = f"scale-{stamp}.json"
    (RESULTS / report["file"]).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(table(report))
    print()
    for t in targets(report):
        print("-", t)
    if profile_text(report):
        print()
        print(profile_text(report))
    if args.update_readme:
        update_readme(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
