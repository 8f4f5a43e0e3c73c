"""An on-disk cache of loaded corpora and document-term matrices, so notebooks do not re-parse.

Re-running a notebook re-reads every article and re-tokenises every text. This module keeps
the results in a cache folder (default ``output/cache/``, git-ignored) under a *key*: a
SHA-256 hash of everything the result depends on —

* for :func:`cached_load_corpus`: every input file (resolved path, size and modification
  time; or its bytes with ``fingerprint="content"``), the options given to
  :func:`analysis.load_corpus`, and the package (its version and a hash of its source and
  resource files, so that editing a loader rule or the stop list invalidates the cache);
* for :func:`cached_dtm`: the corpus itself (a hash of its ``articles`` table, and of its
  ``segments`` table when the matrix reads segments), the options given to
  :func:`analysis.dtm` with their defaults filled in, and the package.

A change to any of them gives another key, hence a fresh computation; nothing is ever
served stale. An entry is one folder holding Parquet tables (and, for a matrix, the sparse
counts as ``.npz``) plus ``meta.json``; it is written to a temporary folder and renamed into
place, so a crash never leaves half an entry. Deleting the cache folder — or any entry in
it — is always safe: the next call recomputes. ``cache=False`` bypasses the cache (nothing
read, nothing written).

Examples
--------
>>> corpus = cached_load_corpus("data/raw")            # doctest: +SKIP
>>> m = cached_dtm(corpus, ngram=(1, 2))                # doctest: +SKIP
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import os
import shutil
import uuid
import warnings
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.errors import InputTypeError, OptionError, check_choice

__all__ = [
    "CACHE_VERSION",
    "FINGERPRINTS",
    "cache_key_corpus",
    "cache_key_dtm",
    "cached_dtm",
    "cached_load_corpus",
    "clear_cache",
    "resolve_cache_dir",
]

#: Bumped when the layout of an entry changes: older entries are then ignored.
CACHE_VERSION = 1
#: How input files are identified in a corpus key.
FINGERPRINTS = ("stat", "content")
#: dtm options that do not change the matrix and so are not part of its key.
_DTM_NEUTRAL = frozenset({"progress", "n_jobs"})
_TABLES = ("articles", "segments", "report", "duplicates")


# -------------------------------------------------------------------------------------------
# Keys
def resolve_cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: ``path`` if given, else ``output/cache`` under the project root.

    Read from :data:`analysis.config.OUTPUT_DIR` at each call.
    """
    if path is not None:
        if not isinstance(path, str | os.PathLike) or isinstance(path, bytes):
            raise InputTypeError(
                "cache_dir must be a folder path (str or pathlib.Path); "
                f"received {type(path).__name__}."
            )
        return Path(path)
    from analysis import config

    return Path(config.OUTPUT_DIR) / "cache"


@cache
def _package_fingerprint() -> str:
    """The package version and a hash of its source and resource files."""
    import analysis

    digest = hashlib.sha256(str(getattr(analysis, "__version__", "")).encode())
    root = resources.files("analysis")
    files = []
    for folder in (root, root.joinpath("resources")):
        for entry in folder.iterdir():
            if entry.is_file() and (entry.name.endswith(".py") or folder is not root):
                files.append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        digest.update(str(entry.name).encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()


def _files(paths: Iterable[Path]) -> list[Path]:
    """Every file under ``paths`` (folders walked, symbolic links not followed), sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                out.extend(Path(folder) / n for n in sorted(names))
        else:
            out.append(path)
    return out


def _file_id(path: Path, fingerprint: str) -> list[Any]:
    stat = path.stat()
    if fingerprint == "content":
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return [str(path.resolve()), stat.st_size, digest.hexdigest()]
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]


def _canonical(value: Any) -> Any:
    """A JSON-able, order-independent form of an option value (for hashing)."""
    if isinstance(value, Mapping):
        return {"__mapping__": sorted((str(k), _canonical(v)) for k, v in value.items())}
    if isinstance(value, set | frozenset):
        return {"__set__": sorted(repr(_canonical(v)) for v in value)}
    if isinstance(value, tuple):
        return {"__tuple__": [_canonical(v) for v in value]}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, os.PathLike):
        return {"__path__": str(Path(value).resolve())}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return {"__repr__": repr(value)}


def _hash(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _as_path_list(path: Any) -> list[Path]:
    if isinstance(path, str | os.PathLike) and not isinstance(path, bytes):
        return [Path(path)]
    if isinstance(path, Sequence) and not isinstance(path, str | bytes):
        return [Path(p) for p in path]
    raise InputTypeError(
        "path must be a file or folder path (str or pathlib.Path) or a list of them; "
        f"received {type(path).__name__}."
    )


def _check_options(func: Any, options: Mapping[str, Any], what: str) -> dict[str, Any]:
    """Options of ``func`` with its defaults filled in; unknown names raise OptionError."""
    params = inspect.signature(func).parameters
    allowed = [n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise OptionError(
            f"{what} has no option {', '.join(map(repr, unknown))}; "
            f"its options are {', '.join(map(repr, allowed))}."
        )
    return {n: options.get(n, params[n].default) for n in allowed}


def cache_key_corpus(path: Any, *, fingerprint: str = "stat", **load_options: Any) -> str:
    """The key under which :func:`cached_load_corpus` stores this corpus (a hex SHA-256).

    Raises
    ------
    OptionError
        If a load option is unknown or ``fingerprint`` is not one of :data:`FINGERPRINTS`.
    FileNotFoundError
        If a path does not exist.
    """
    from analysis.corpus import load_corpus

    check_choice("fingerprint", fingerprint, FINGERPRINTS)
    options = _check_options(load_corpus, load_options, "load_corpus")
    paths = _as_path_list(path)
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"no such file or folder: {p}")
    files = [_file_id(f, fingerprint) for f in _files(paths)]
    return _hash(
        {
            "kind": "corpus",
            "cache_version": CACHE_VERSION,
            "package": _package_fingerprint(),
            "paths": [str(p.resolve()) for p in paths],
            "files": files,
            "options": _canonical(options),
        }
    )


def _frame_digest(frame: pd.DataFrame) -> str:
    """A hash of a table's values, index, column names and dtypes."""
    digest = hashlib.sha256()
    digest.update(json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode())
    digest.update(json.dumps([str(frame.index.name), str(frame.index.dtype)]).encode())
    if len(frame):
        rows = pd.util.hash_pandas_object(frame, index=True, categorize=False)
        digest.update(rows.to_numpy().tobytes())
    return digest.hexdigest()


def cache_key_dtm(corpus: Any, **dtm_options: Any) -> str:
    """The key under which :func:`cached_dtm` stores the matrix of ``corpus`` (a hex SHA-256).

    Raises
    ------
    InputTypeError
        If ``corpus`` is not a Corpus.
    OptionError
        If a dtm option is unknown.
    """
    from analysis.dtm import _check_corpus, dtm

    _check_corpus(corpus)
    options = _check_options(dtm, dtm_options, "dtm")
    tables = {"articles": _frame_digest(corpus.articles)}
    # segments are read for segment units and for the caption fields
    if options["unit"] == "segment" or options["field"] in ("captions", "all"):
        tables["segments"] = _frame_digest(corpus.segments)
    return _hash(
        {
            "kind": "dtm",
            "cache_version": CACHE_VERSION,
            "package": _package_fingerprint(),
            "tables": tables,
            "options": _canonical({k: v for k, v in options.items() if k not in _DTM_NEUTRAL}),
        }
    )


# -------------------------------------------------------------------------------------------
# Entries
def _entry(root: Path, kind: str, key: str) -> Path:
    return root / f"{kind}-{key[:32]}"


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(c): str(t) for c, t in frame.dtypes.items()}


def _restore(frame: pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Cast columns back to the dtypes they had when written, where Parquet changed them."""
    for col, dtype in dtypes.items():
        if col in frame.columns and str(frame[col].dtype) != dtype:
            if dtype == "object":
                values = frame[col].astype(object)
                frame[col] = values.where(values.notna(), None)
            else:
                frame[col] = frame[col].astype(dtype)
    return frame


def _write_entry(root: Path, kind: str, key: str, write: Any, meta: dict[str, Any]) -> None:
    """Write an entry into a temporary folder, then rename it into place (atomic)."""
    root.mkdir(parents=True, exist_ok=True)
    final = _entry(root, kind, key)
    tmp = root / f".tmp-{kind}-{key[:12]}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        write(tmp)
        meta = {"kind": kind, "key": key, "cache_version": CACHE_VERSION, **meta}
        (tmp / "meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        try:
            os.rename(tmp, final)
        except OSError:
            # another process wrote the same entry first: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _read_meta(entry: Path, kind: str, key: str) -> dict[str, Any] | None:
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = meta.get("kind") == kind and meta.get("key") == key
    return meta if ok and meta.get("cache_version") == CACHE_VERSION else None


def _unreadable(entry: Path, exc: BaseException) -> None:
    warnings.warn(
        f"cache entry {entry} could not be read ({exc}); it is removed and the result recomputed.",
        UserWarning,
        stacklevel=3,
    )
    shutil.rmtree(entry, ignore_errors=True)


def _check_cache_flag(cache: Any) -> bool:
    if not isinstance(cache, bool):
        raise OptionError(f"cache must be True or False; received {cache!r}.")
    return cache


# -------------------------------------------------------------------------------------------
# Corpus
def _write_corpus(corpus: Any) -> Any:
    def write(folder: Path) -> None:
        for name in _TABLES:
            getattr(corpus, name).to_parquet(folder / f"{name}.parquet", index=False)

    return write


def _read_table(entry: Path, meta: Mapping[str, Any], name: str) -> pd.DataFrame:
    return _restore(pd.read_parquet(entry / f"{name}.parquet"), meta["dtypes"][name])


def _read_corpus(entry: Path, meta: Mapping[str, Any]) -> Any:
    from analysis.corpus import Corpus

    tables = {name: _read_table(entry, meta, name) for name in _TABLES}
    return Corpus(tables["articles"], tables["segments"], tables["report"], tables["duplicates"])


#: Rows compared at once when a written corpus is checked against the loaded one.
_VERIFY_ROWS = 20_000


def _verify_corpus(corpus: Any) -> Any:
    """Read each table of a written entry back and compare it with ``corpus``'s, one table
    at a time and in slices of rows: the check never holds a second corpus (1.5 GB for
    100,000 articles), nor a whole table's strings as Python objects."""

    def verify(entry: Path, meta: Mapping[str, Any]) -> None:
        for name in _TABLES:
            again, frame = _read_table(entry, meta, name), getattr(corpus, name)
            pd.testing.assert_index_equal(again.columns, frame.columns, exact=True)
            if len(again) != len(frame):
                raise ValueError(f"{name}: {len(again)} rows read back, {len(frame)} written")
            for start in range(0, len(frame), _VERIFY_ROWS):
                rows = slice(start, start + _VERIFY_ROWS)
                pd.testing.assert_frame_equal(again.iloc[rows], frame.iloc[rows], check_exact=True)
            del again

    return verify


def cached_load_corpus(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    fingerprint: str = "stat",
    **load_options: Any,
) -> Any:
    """:func:`analysis.load_corpus`, read from the cache when the inputs have not changed.

    Parameters
    ----------
    path : str, path, or list of them
        Files and folders, as for :func:`analysis.load_corpus`.
    cache_dir : str or path, optional
        The cache folder; default ``output/cache`` (:func:`resolve_cache_dir`).
    cache : bool, default True
        False bypasses the cache: the corpus is loaded, nothing is read or written.
    fingerprint : {"stat", "content"}, default "stat"
        How input files are recognised: by resolved path, size and modification time
        (fast), or by a SHA-256 of their bytes (survives ``touch`` and copies; reads every
        byte).
    **load_options
        Keyword options of :func:`analysis.load_corpus` (``language``, ``outlet``,
        ``recursive``, ``aliases`` …); they are part of the key.

    Returns
    -------
    Corpus
        Equal, table by table, to ``load_corpus(path, **load_options)``.

    Raises
    ------
    OptionError
        If an option is unknown or outside its allowed values.
    CorpusError, InputTypeError
        As :func:`analysis.load_corpus`.

    Notes
    -----
    Warnings that loading raised (unreadable files …) are not repeated when the corpus comes
    from the cache; ``corpus.report`` keeps every record's status and reason.
    """
    from analysis.corpus import load_corpus

    _check_cache_flag(cache)
    check_choice("fingerprint", fingerprint, FINGERPRINTS)
    _check_options(load_corpus, load_options, "load_corpus")
    if not cache:
        return load_corpus(path, **load_options)
    try:
        key = cache_key_corpus(path, fingerprint=fingerprint, **load_options)
    except FileNotFoundError:
        return load_corpus(path, **load_options)  # raises the loader's own error
    root = resolve_cache_dir(cache_dir)
    entry = _entry(root, "corpus", key)
    meta = _read_meta(entry, "corpus", key)
    if meta is not None:
        try:
            return _read_corpus(entry, meta)
        except Exception as exc:  # a damaged entry is recomputed, never trusted
            _unreadable(entry, exc)
    corpus = load_corpus(path, **load_options)
    meta = {
        "dtypes": {name: _dtypes(getattr(corpus, name)) for name in _TABLES},
        "inputs": [str(p) for p in _as_path_list(path)],
    }
    _store(root, "corpus", key, _write_corpus(corpus), _verify_corpus(corpus), meta)
    return corpus


def _store(root: Path, kind: str, key: str, write: Any, verify: Any, meta: dict[str, Any]) -> None:
    """Write an entry, then read it back and compare it with the result.

    An entry that cannot be written (disk full, a value Parquet cannot hold) or that does
    not read back equal (a metadata column Parquet changes) is dropped with a warning: the
    cache never serves a result that differs from the computed one.
    """
    try:
        _write_entry(root, kind, key, write, meta)
        entry = _entry(root, kind, key)
        verify(entry, _read_meta(entry, kind, key))
    except Exception as exc:  # pyarrow raises its own types (ArrowInvalid …)
        shutil.rmtree(_entry(root, kind, key), ignore_errors=True)
        warnings.warn(
            f"the {kind} could not be cached in {root} ({type(exc).__name__}: {exc}); "
            "the result is correct but will be recomputed next time.",
            UserWarning,
            stacklevel=3,
        )


# -------------------------------------------------------------------------------------------
# Document-term matrix
def _write_dtm(m: Any) -> Any:
    def write(folder: Path) -> None:
        sp.save_npz(folder / "counts.npz", m.counts.tocsr(), compressed=False)
        m.docs.to_parquet(folder / "docs.parquet", index=True)
        pd.DataFrame({"term": m.terms.to_numpy()}).to_parquet(folder / "terms.parquet", index=False)

    return write


def _read_dtm(entry: Path, meta: Mapping[str, Any]) -> Any:
    from analysis.dtm import DTM

    counts = sp.load_npz(entry / "counts.npz").tocsr()
    if meta.get("counts_dtype"):
        counts = sp.csr_matrix(
            (
                counts.data.astype(meta["counts_dtype"]["data"], copy=False),
                counts.indices.astype(meta["counts_dtype"]["indices"], copy=False),
                counts.indptr.astype(meta["counts_dtype"]["indptr"], copy=False),
            ),
            shape=counts.shape,
        )
    docs = _restore(pd.read_parquet(entry / "docs.parquet"), meta["dtypes"]["docs"])
    terms_frame = pd.read_parquet(entry / "terms.parquet")
    terms = pd.Index(terms_frame["term"].to_numpy(), name="term", dtype=meta["dtypes"]["terms"])
    options = ast.literal_eval(meta["options"])
    return DTM(counts=counts, docs=docs, terms=terms, weighting=meta["weighting"], options=options)


def cached_dtm(
    corpus: Any,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    **dtm_options: Any,
) -> Any:
    """:func:`analysis.dtm`, read from the cache when the corpus and the options are unchanged.

    Parameters
    ----------
    corpus : Corpus
    cache_dir : str or path, optional
        The cache folder; default ``output/cache`` (:func:`resolve_cache_dir`).
    cache : bool, default True
        False bypasses the cache: the matrix is built, nothing is read or written.
    **dtm_options
        Keyword options of :func:`analysis.dtm`. All but ``progress`` and ``n_jobs``
        (which do not change the result) are part of the key, with defaults filled in, so
        ``cached_dtm(c)`` and ``cached_dtm(c, ngram=1)`` share an entry.

    Returns
    -------
    DTM
        Equal to ``analysis.dtm(corpus, **dtm_options)``: same counts (values and index
        dtypes), terms, document table and options.

    Raises
    ------
    InputTypeError
        If ``corpus`` is not a Corpus.
    OptionError
        If an option is unknown or outside its allowed values.
    EmptyVocabularyError
        As :func:`analysis.dtm`.

    Notes
    -----
    The key hashes the corpus tables themselves (about 0.4 s per 100 MB of text), so a
    corpus changed in memory after loading is never matched with an old matrix.
    """
    from analysis.dtm import dtm

    _check_cache_flag(cache)
    _check_options(dtm, dtm_options, "dtm")
    if not cache:
        return dtm(corpus, **dtm_options)
    key = cache_key_dtm(corpus, **dtm_options)
    root = resolve_cache_dir(cache_dir)
    entry = _entry(root, "dtm", key)
    meta = _read_meta(entry, "dtm", key)
    if meta is not None:
        try:
            return _read_dtm(entry, meta)
        except Exception as exc:  # a damaged entry is recomputed, never trusted
            _unreadable(entry, exc)
    m = dtm(corpus, **dtm_options)

    def verify(entry: Path, meta: Mapping[str, Any]) -> None:
        again = _read_dtm(entry, meta)
        pd.testing.assert_frame_equal(again.docs, m.docs, check_exact=True)
        pd.testing.assert_index_equal(again.terms, m.terms, exact=True)
        if again.options != m.options or again.weighting != m.weighting:
            raise ValueError("options or weighting read back differently")
        a, b = again.counts, m.counts
        if not (
            a.shape == b.shape
            and all(
                getattr(a, n).dtype == getattr(b, n).dtype for n in ("data", "indices", "indptr")
            )
            and all(
                np.array_equal(getattr(a, n), getattr(b, n)) for n in ("data", "indices", "indptr")
            )
        ):
            raise ValueError("counts read back differently")

    _store(
        root,
        "dtm",
        key,
        _write_dtm(m),
        verify,
        {
            "dtypes": {"docs": _dtypes(m.docs), "terms": str(m.terms.dtype)},
            "counts_dtype": {
                "data": str(m.counts.data.dtype),
                "indices": str(m.counts.indices.dtype),
                "indptr": str(m.counts.indptr.dtype),
            },
            "weighting": m.weighting,
            "options": repr(m.options),
            "shape": list(m.shape),
        },
    )
    return m


def clear_cache(cache_dir: str | os.PathLike[str] | None = None) -> int:
    """Delete every entry of the cache folder; return how many there were.

    Only folders this module writes (``corpus-…``, ``dtm-…`` and unfinished ``.tmp-…``) are
    removed; anything else in the folder is left alone.
    """
    root = resolve_cache_dir(cache_dir)
    if not root.is_dir():
        return 0
    n = 0
    for entry in root.iterdir():
        if entry.is_dir() and entry.name.startswith(("corpus-", "dtm-", ".tmp-")):
            shutil.rmtree(entry, ignore_errors=True)
            n += not entry.name.startswith(".tmp-")
    return n
