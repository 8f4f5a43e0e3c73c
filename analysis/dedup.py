"""Wire copy: exact and near-duplicate articles, clustered, with the outlets that ran them.

Agencies (AFP, Belga, ATS, La Presse canadienne) send one dispatch that many outlets print
with small edits: a new title, a sentence cut, a paragraph added. Counted as separate
articles, one dispatch weighs as much as the number of outlets that bought it.
:func:`find_duplicates` finds those copies, and :func:`cross_outlet_copies` lists which
outlets ran the same text.

Comparison
----------
Every text is first *normalised*: Unicode NFC; the apostrophes ``’ ‘ ʼ`` become ``'``;
``str.casefold``; every run of white space (no-break and narrow no-break spaces included)
becomes one space, and the ends are stripped.

* **Exact duplicates** have equal normalised texts (compared through a 128-bit BLAKE2b
  digest of it; two different texts share one with probability about
  :math:`n^2/2^{129}`).
* **Near duplicates** are compared on their sets of *w-shingles* (Broder 1997): the word
  tokens are ``re.findall(r"\\w+", normalised)`` (so ``l'état`` gives ``l``, ``état``), and
  the shingles of a text are its runs of ``shingle_size`` consecutive tokens, as a set. For
  the shingle sets :math:`A, B` of two texts

  .. math::

     J(A, B) = \\frac{|A \\cap B|}{|A \\cup B|} \\qquad
     C(A, B) = \\frac{|A \\cap B|}{\\min(|A|, |B|)}

  are the *resemblance* (Jaccard) and the *containment* of the smaller in the larger
  (Broder's containment :math:`|A \\cap B|/|A|` taken from the side of the smaller set, so
  that :math:`C \\ge J` and it is symmetric). A pair is flagged when
  :math:`J \\ge` ``jaccard`` **or** :math:`C \\ge` ``containment``. A text with fewer than
  ``shingle_size`` tokens has no shingle: it is only compared exactly.

Finding the pairs without comparing all :math:`n(n-1)/2` of them
-------------------------------------------------------------------
Two independent candidate generators, then a check on the whole shingle sets:

1. **MinHash banding for resemblance** (Broder 1997; Leskovec, Rajaraman & Ullman, ch. 3).
   Each token gets a 64-bit BLAKE2b hash keyed by ``seed``, each shingle a 62-bit hash
   (the top bits of a 64-bit mix of its tokens' hashes); ``num_perm`` hash functions
   :math:`h_i(x) = a_i x + b_i \bmod 2^{32}` (:math:`a_i` odd, drawn with ``seed``) of
   the shingle hash's low 32 bits give the
   signature :math:`s_i(A) = \\min_{x \\in A} h_i(x)`, with
   :math:`P[s_i(A) = s_i(B)] \approx J(A, B)` (the tests check the estimate). The signature
   is cut into :math:`b` bands of :math:`r` rows; two texts are candidates when one band is
   equal, with probability :math:`1-(1-J^r)^b`. :math:`r` is the largest such that this is
   at least 0.999 at :math:`J=` ``jaccard``: :math:`b=25, r=5` for the defaults, which finds
   a pair at :math:`J = 0.8` with probability 0.99995, at 0.7 with 0.990, at 0.5 with 0.55.
   The buckets are those of ``datasketch.MinHashLSH(params=(b, r))`` (a test checks it),
   computed with numpy sorts: datasketch's per-text Python insert and query took about
   1 ms per text here, some 100 s for 100,000 texts.
2. **Sampled shingles for containment.** Banding on resemblance misses a short text
   copied inside a long one: a dispatch of 100 shingles inside an article of 400 has
   :math:`C = 1` but :math:`J = 0.25`. So each text also gives a *sample*: its ``k = 32``
   shingles of smallest hash (a bottom-k sketch, Broder 1997). If :math:`C(A, B) \\ge c`
   with :math:`|A| \\le |B|`, each sampled shingle of :math:`A` is in :math:`B` with
   probability at least :math:`c`, so the number of them found in :math:`B` is at least
   binomial :math:`(k, c)` (hypergeometric, in fact, which is tighter); a pair is a candidate
   when :math:`B` holds at least :math:`m` of the sample of :math:`A`, :math:`m` the largest
   count with :math:`P[\\mathrm{Bin}(k, c) \\ge m] \\ge 0.999` (:math:`m=23` of 32 at
   :math:`c = 0.9`; a pair at :math:`C = 0.8` is then proposed with probability 0.91, at
   0.5 with 0.01). A text of at most 32 shingles is sampled whole, so its count is exact.
   Membership is looked up exactly in an index of every shingle of every text.
   *Furniture*: shingles in more than ``_MAX_POSTINGS`` = 200 texts (counted in a table
   that can only over-count) are left out of the samples, which then describe the rest of
   the text; a text made only of such shingles has no sample and relies on generator 1.

Every candidate pair is then **verified** on the two texts' whole shingle sets, each
shingle standing as a 62-bit hash (``mix`` of the tokens' 64-bit hashes, below): the
intersection is a merge of the two sorted hash lists (scipy's sparse row product), and
:math:`J` and :math:`C` follow. Hashes are one-to-one on the shingles of two texts unless
two different shingles share one, probability at most :math:`|A||B|/2^{62}`
(:math:`2 \times 10^{-13}` for two 1,000-word texts, about :math:`10^{-8}` over the
500,000 candidate pairs of 100,000 articles): only then can a value be off, by
:math:`1/|A \\cup B|` or so. Earlier versions compared the token ids wherever two hashes
met; at 100,000 articles that took 60 s for a risk of that size. A pair missed by both
generators is a false negative; the tests and ``benchmarks/bench_dedup.py`` measure how
many.

Parallelism: from 4,000 texts on, texts are normalised and tokenised in two threads
(Arrow's splitting and BLAKE2b release the GIL); hashing, sketching and verification run
in two threads (numpy and scipy's sparse kernels release it). No worker process: the
texts are neither copied nor pickled. The result depends on none of it.

Clusters
--------
Texts are taken in the order of ``texts`` (the caller decides the priority). A text that
is a verified near copy of one or more texts already *kept* joins the first of them;
otherwise it is kept itself, and its ``cluster_id`` is its own id. Exact duplicates follow
the first text with the same normalised body. So every ``near_duplicate`` row is a
verified pair with its kept article — its ``jaccard`` or ``containment`` is at or above the
threshold — and there is no chaining: with A ~ B and B ~ C but A and C unrelated, C is not
put with A (single-link clustering did that on real press: a 991-word article on Macron's
announcements ended as a "copy" of an unrelated 295-word one, through a round-up holding
both). The price: C stays apart from B when B is itself a copy of A.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents. *Compression and
Complexity of Sequences 1997*, IEEE, 21–29.
Leskovec, J., Rajaraman, A. & Ullman, J. D. (2020). *Mining of Massive Datasets*, 3rd ed.,
ch. 3 "Finding similar items" (shingling, MinHash, LSH banding). Cambridge University Press.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import stats

from analysis.errors import CorpusError, InputTypeError, OptionError, check_positive_int
from analysis.parallel import available_cores
from analysis.progress import progress_bar
from analysis.tables import release_arrow_memory

__all__ = [
    "DEDUP_COLUMNS",
    "CROSS_OUTLET_COLUMNS",
    "STATUSES",
    "find_duplicates",
    "cross_outlet_copies",
    "normalise_for_dedup",
    "shingles",
]

DEDUP_COLUMNS = ("id", "cluster_id", "status", "duplicate_of", "jaccard", "containment")
CROSS_OUTLET_COLUMNS = ("cluster_id", "n_articles", "n_outlets", "outlets", "ids")
STATUSES = ("unique", "kept", "duplicate", "near_duplicate")

#: Probability with which each candidate generator must find a pair at the threshold.
_TARGET_RECALL = 0.999
#: Postings expanded at once by the containment generator (bounds its memory, ~50 MB each).
_EXPAND_BATCH = 2_000_000
#: Size of the bottom-k sample of each text for the containment generator.
_SAMPLE_SIZE = 32
#: A shingle in more texts than this is furniture: not sampled when a text has enough others.
_MAX_POSTINGS = 200
#: From this many texts on, ``progress=None`` shows a bar (on a terminal).
_PROGRESS_MIN_TEXTS = 5_000
#: Keys per block read at once by the containment generator (~100 MB of temporaries).
_SCAN_KEYS = 4_000_000
#: Tokens per block of texts hashed and sketched together (a few MB of arrays each).
_BLOCK_TOKENS = 1 << 17
#: Texts per chunk read (normalised, hashed, tokenised) at once.
_CHUNK_TEXTS = 2_000
#: From this many texts on, chunks are read in two threads.
_PARALLEL_MIN_TEXTS = 4_000
#: Shingles of both texts of the pairs verified in one batch (~0.1 GB of temporaries).
_VERIFY_KEYS = 4_000_000
_WORD = re.compile(r"\w+")
_NON_WORD_RE2 = r"[^\p{L}\p{N}_]+"
_APOSTROPHES = ("’", "‘", "ʼ")


#: Each step of :func:`find_duplicates` logs its wall time here at DEBUG level:
#: ``logging.getLogger("analysis.dedup").setLevel(logging.DEBUG)`` (and a handler) shows
#: where the time goes.
logger = logging.getLogger(__name__)


@contextmanager
def _step(name: str, n: int) -> Iterator[None]:
    start = time.perf_counter()
    yield
    logger.debug("find_duplicates: %s: %.2f s (%d texts)", name, time.perf_counter() - start, n)


# -------------------------------------------------------------------------------------------
# Normalisation and shingles (the definitions; the fast path below computes the same sets)
def normalise_for_dedup(text: str) -> str:
    """The text as compared: NFC, ``’ ‘ ʼ`` → ``'``, casefolded, white space collapsed.

    >>> normalise_for_dedup("L’Élysée\\u00a0 a  DIT")
    "l'élysée a dit"
    """
    text = unicodedata.normalize("NFC", text)
    for apostrophe in _APOSTROPHES:
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    return " ".join(text.casefold().split())


def shingles(text: str, *, shingle_size: int = 5) -> set[tuple[str, ...]]:
    """The set of ``shingle_size``-word shingles of ``text`` after :func:`normalise_for_dedup`.

    Empty when the text has fewer than ``shingle_size`` word tokens.

    >>> sorted(shingles("L’État a dit non", shingle_size=3))
    [('a', 'dit', 'non'), ('l', 'état', 'a'), ('état', 'a', 'dit')]
    """
    check_positive_int("shingle_size", shingle_size)
    tokens = _WORD.findall(normalise_for_dedup(text))
    return set(zip(*(tokens[i:] for i in range(shingle_size)), strict=False))


# -------------------------------------------------------------------------------------------
# Validation
def _check_fraction(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise OptionError(f"{name} must be a number in (0, 1]; received {value!r}.")
    return float(value)


def _check_texts(texts: object) -> pd.Series:
    if not isinstance(texts, pd.Series):
        raise InputTypeError(
            "texts must be a pandas Series of article bodies indexed by article id; "
            f"received {type(texts).__name__}. Try corpus.articles.set_index('id')['text']."
        )
    if not texts.index.is_unique:
        repeated = texts.index[texts.index.duplicated()].unique()
        shown = ", ".join(repr(i) for i in repeated[:5]) + (" …" if len(repeated) > 5 else "")
        raise CorpusError(
            f"texts must have unique ids in its index; {len(repeated)} ids repeat: {shown}."
        )
    if isinstance(texts.dtype, pd.StringDtype):  # str values or missing ones
        bad = texts.index[texts.isna().to_numpy()].tolist()
    else:
        bad = [i for i, t in texts.items() if not isinstance(t, str)]
    if bad:
        raise InputTypeError(
            f"every text must be a str; {len(bad)} are not, e.g. id {bad[0]!r} holds "
            f"{type(texts[bad[0]]).__name__}. Fill missing bodies with '' first."
        )
    return texts


def _check_priority(priority: object, n: int) -> np.ndarray:
    try:
        order = np.asarray(priority)
    except (TypeError, ValueError):
        order = np.empty(0, object)
    ok = order.ndim == 1 and len(order) == n and (n == 0 or np.issubdtype(order.dtype, np.integer))
    if ok and n:
        in_range = order.min() >= 0 and order.max() < n
        ok = bool(in_range and (np.bincount(order, minlength=n) == 1).all())
    if not ok:
        raise OptionError(
            f"priority must be a permutation of range({n}) (the positions of texts in "
            f"priority order), or None; received {type(priority).__name__} "
            f"{str(priority)[:60]}."
        )
    return order.astype(np.int64)


# -------------------------------------------------------------------------------------------
# Fast path: tokens as ids, shingles as 64-bit hashes, everything else in numpy blocks
class _Vocab(dict):
    """Token → id, a new id for each new token (first-seen order)."""

    def __missing__(self, token: str) -> int:
        self[token] = len(self)
        return self[token]


@dataclass
class _Chunk:
    """What reading a chunk of texts gives."""

    digests: list[bytes]  # BLAKE2b-128 of each normalised text (b"" when empty)
    lengths: np.ndarray  # tokens of each text; -1 when empty after normalisation
    ids: np.ndarray  # token ids (local to the chunk) of every text, concatenated
    vocab: list[str]  # the chunk's tokens, by local id


def _read_texts(texts: list[str], near: bool) -> _Chunk:
    digests, lengths, norms = [], [], []
    for text in texts:
        norm = normalise_for_dedup(text)
        if not norm:
            digests.append(b"")
            lengths.append(-1)
            continue
        digests.append(hashlib.blake2b(norm.encode("utf-8"), digest_size=16).digest())
        lengths.append(0)
        norms.append(norm)
    lengths = np.array(lengths, np.int64)
    if not near or not norms:
        return _Chunk(digests, lengths, np.empty(0, np.int32), [])
    import pyarrow as pa
    import pyarrow.compute as pc

    # Tokens in C++: the text split on runs of non-word characters. [\p{L}\p{N}_] is
    # exactly Python's \w on every character Python's Unicode tables know (checked on all
    # code points); RE2's newer tables add only characters unassigned in them.
    pieces = pc.split_pattern_regex(pa.array(norms, pa.large_string()), _NON_WORD_RE2)
    encoded = pc.dictionary_encode(pieces.flatten())
    ids = np.asarray(encoded.indices).astype(np.int32)
    vocab = encoded.dictionary.to_pylist()
    offsets = np.asarray(pieces.offsets)
    # Splitting leaves an empty piece where a text starts or ends with a non-word character.
    keep = np.ones(len(ids), bool)
    if "" in vocab:
        keep = ids != vocab.index("")
    per_text = np.add.reduceat(np.r_[keep, False].astype(np.int64), offsets[:-1])
    per_text[offsets[:-1] == offsets[1:]] = 0
    lengths[lengths >= 0] = per_text
    return _Chunk(digests, lengths, ids[keep], vocab)


def _take(texts: pd.Series, positions: slice | np.ndarray) -> list[str]:
    """``texts.iloc[positions].tolist()``; for an Arrow-backed Series of several chunks,
    taken chunk by chunk: Arrow's take on a chunked array first concatenates every chunk
    (0.4 GB and 0.2 s for each 2,000 texts taken from 100,000)."""
    if isinstance(positions, slice) or not hasattr(texts.array, "__arrow_array__"):
        return texts.iloc[positions].tolist()
    arrow = pa.array(texts.array)
    if not isinstance(arrow, pa.ChunkedArray):
        return texts.iloc[positions].tolist()
    starts = np.cumsum([0] + [len(c) for c in arrow.chunks])
    which = np.searchsorted(starts, positions, side="right") - 1
    by_chunk = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[by_chunk], np.arange(arrow.num_chunks + 1))
    taken: list[str] = []
    for c, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        if hi > lo:
            local = positions[by_chunk[lo:hi]] - starts[c]
            taken += arrow.chunk(c).take(pa.array(local)).to_pylist()
    out = np.empty(len(positions), object)
    out[by_chunk] = taken
    return out.tolist()


def _read_chunks(texts: pd.Series, order: np.ndarray | None, near: bool) -> Iterator[_Chunk]:
    """:func:`_read_texts` of every chunk of texts, in order; in two threads for many texts.

    Threads, not processes: Arrow's splitting and dictionary encoding and BLAKE2b of long
    texts release the GIL, so two threads keep both cores about as busy as two processes
    did, and the texts are neither copied nor pickled (a forked worker's RSS counts every
    page it shares with this process). The texts are taken a chunk at a time: an
    Arrow-backed Series is never turned into one list of Python strings. The result does
    not depend on the chunking: token hashes are computed from the token strings (see
    :meth:`_Tokens.token_hashes`), not from the ids.
    """
    bounds = [(a, min(a + _CHUNK_TEXTS, len(texts))) for a in range(0, len(texts), _CHUNK_TEXTS)]

    def read(bound: tuple[int, int]) -> _Chunk:
        lo, hi = bound
        chunk = _read_texts(_take(texts, slice(lo, hi) if order is None else order[lo:hi]), near)
        release_arrow_memory()  # Arrow's pool would otherwise keep ~0.5 GB of freed pages
        return chunk

    if len(texts) < _PARALLEL_MIN_TEXTS:
        yield from map(read, bounds)
        return
    with ThreadPoolExecutor(max_workers=min(available_cores(), 2)) as pool:
        # at most four chunks read ahead of the one handed on
        pending = [pool.submit(read, b) for b in bounds[:4]]
        for k in range(len(bounds)):
            chunk = pending.pop(0).result()
            if k + 4 < len(bounds):
                pending.append(pool.submit(read, bounds[k + 4]))
            yield chunk


@dataclass
class _Tokens:
    """Token ids of the texts compared (exact duplicates and empty texts left out)."""

    ids: list[np.ndarray] = field(default_factory=list)
    vocab: _Vocab = field(default_factory=_Vocab)

    def add(self, norm: str) -> None:
        """Add one (normalised) text: for tests and small inputs."""
        words = _WORD.findall(norm)
        self.ids.append(np.fromiter(map(self.vocab.__getitem__, words), np.int32, len(words)))

    def token_hashes(self, seed: int) -> np.ndarray:
        # BLAKE2b of the token itself, keyed by the seed: a text's hashes do not depend on
        # which other texts came before it.
        key = seed.to_bytes(8, "little")
        out = np.empty(len(self.vocab), np.uint64)
        for token, i in self.vocab.items():
            out[i] = int.from_bytes(
                hashlib.blake2b(token.encode("utf-8"), digest_size=8, key=key).digest(), "little"
            )
        return out


def _mix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, in place: spreads every input bit over the output."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


@dataclass
class _Sketches:
    """What the candidate generators and the verification need, for the ``n`` compared texts."""

    sizes: np.ndarray  # (n,) distinct shingles per text (hash-distinct, see _shingle_keys)
    keys: np.ndarray  # each text's distinct 62-bit shingle hashes, sorted; text after text
    signatures: np.ndarray  # (n, num_perm) uint32; all-ones for a text without shingles
    starts: np.ndarray = field(init=False)  # (n + 1,) where each text's keys start in ``keys``

    def __post_init__(self) -> None:
        self.starts = np.r_[0, np.cumsum(self.sizes)].astype(np.int64)

    @property
    def doc_bits(self) -> int:
        """Bits of a text number."""
        return max(1, (len(self.sizes) - 1).bit_length())

    def text_of(self, lo: int, hi: int) -> np.ndarray:
        """The text number of each of ``keys[lo:hi]`` (``lo``, ``hi`` at text boundaries)."""
        t0, t1 = np.searchsorted(self.starts, [lo, hi], side="right") - 1
        return np.repeat(np.arange(t0, t1, dtype=np.int64), self.sizes[t0:t1])

    def matrix(self) -> Any:
        """The shingle sets as a 0/1 ``scipy.sparse.csr_array`` (texts × 2^62 hash values)
        over ``keys``, without copying them: rows sorted and distinct, as scipy's merge of
        two rows needs."""
        from scipy import sparse

        return sparse.csr_array(
            (np.ones(len(self.keys), np.int8), self.keys.view(np.int64), self.starts),
            shape=(len(self.sizes), 1 << 62),
            copy=False,
        )


def _shingle_hashes(flat: np.ndarray, start: np.ndarray, mult: np.ndarray) -> np.ndarray:
    """62-bit hash of the shingle of ``len(mult)`` tokens starting at each index of
    ``start`` in ``flat`` (the token hashes): :math:`\\mathrm{mix}(\\sum_j m_j t_{s+j})`
    modulo :math:`2^{64}`, its top 62 bits (a column number scipy.sparse accepts)."""
    h = flat[start] * mult[0]
    for j in range(1, len(mult)):
        h += flat[start + j] * mult[j]
    return _mix64(h) >> np.uint64(2)


def _shingle_keys(
    ids: list[np.ndarray], docs: range, token_hashes: np.ndarray, mult: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(keys, sizes)`` of some texts: each text's distinct shingle hashes, sorted, text
    after text, and how many each has.

    Two different shingles share a 62-bit hash with probability 2^-62: that can only add
    a candidate pair or, at verification, move a pair's values (see the module docstring).
    """
    k = len(mult)
    lengths = np.fromiter((len(ids[d]) for d in docs), np.int64, len(docs))
    n_sh = np.maximum(lengths - k + 1, 0)
    if n_sh.sum() == 0:
        return np.empty(0, np.uint64), np.zeros(len(docs), np.int64)
    flat = token_hashes[np.concatenate([ids[d] for d in docs])]
    offsets = np.zeros(len(docs), np.int64)
    np.cumsum(lengths[:-1], out=offsets[1:])
    sh_offsets = np.cumsum(n_sh) - n_sh
    start = np.repeat(offsets - sh_offsets, n_sh) + np.arange(n_sh.sum())
    h = _shingle_hashes(flat, start, mult)
    text = np.repeat(np.arange(len(docs), dtype=np.uint64), n_sh)
    return _distinct_per_text(h, text, len(docs))


def _distinct_per_text(h: np.ndarray, text: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct values of ``h`` (62-bit), sorted, text after text, and how many
    each text has; ``text`` (uint64, non-decreasing, below ``n``) gives the text of each.

    One 64-bit sort key: the text number on top, as many hash bits as fit below. Hashes
    that share those bits keep their order of position, so when such a run is out of
    order (rare) a full (text, hash) sort puts it right.
    """
    if not len(h):
        return h, np.zeros(n, np.int64)
    text_bits = max(1, (n - 1).bit_length())
    order = np.argsort(
        (text << np.uint64(64 - text_bits)) | (h >> np.uint64(max(0, text_bits - 2)))
    )
    h, text = h[order], text[order]
    if np.any((h[1:] < h[:-1]) & (text[1:] == text[:-1])):
        order = np.lexsort((h, text))
        h, text = h[order], text[order]
    first = np.r_[True, (h[1:] != h[:-1]) | (text[1:] != text[:-1])]
    return h[first], np.bincount(text[first].astype(np.int64), minlength=n)


def _signature_block(keys: np.ndarray, sizes: np.ndarray, a: np.ndarray, b: np.ndarray):
    """MinHash of texts with ``sizes`` (> 0) keys each in ``keys``: (n, num_perm) uint32."""
    starts = np.r_[0, np.cumsum(sizes[:-1])]
    x = keys.astype(np.uint32)  # the low 32 bits of the shingle hash
    values = a[:, None] * x[None, :]  # uint32 arithmetic: h_i(x) = a_i x + b_i mod 2^32
    values += b[:, None]
    return np.minimum.reduceat(values, starts, axis=1).T


def _sketches(
    tokens: _Tokens, *, k: int, num_perm: int, seed: int, progress: bool | None
) -> _Sketches:
    rng = np.random.default_rng(seed)
    a = (rng.integers(0, 1 << 31, num_perm, dtype=np.uint32) << np.uint32(1)) | np.uint32(1)
    b = rng.integers(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    mult = (rng.integers(0, 1 << 63, k, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
    token_hashes = tokens.token_hashes(seed)
    n = len(tokens.ids)
    # Blocks of whole texts of about _BLOCK_TOKENS tokens.
    lengths = np.fromiter((len(x) for x in tokens.ids), np.int64, n)
    cuts = np.searchsorted(
        np.cumsum(lengths), np.arange(1, lengths.sum() // _BLOCK_TOKENS + 1) * _BLOCK_TOKENS
    )
    bounds = np.unique(np.r_[0, cuts + 1, n].clip(0, n))
    blocks = [
        range(int(lo), int(hi)) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True) if hi > lo
    ]
    signatures = np.full((n, num_perm), np.iinfo(np.uint32).max, np.uint32)
    # One buffer for every block's keys: a block's distinct keys are at most its shingle
    # positions, so each block gets that many slots, and the blocks are then moved down
    # end to end (concatenating the blocks' arrays would hold every key twice at once).
    slots = np.maximum(lengths - k + 1, 0)
    slot_start = (np.cumsum(slots) - slots).tolist()
    buffer = np.empty(int(slots.sum()), np.uint64)
    sizes = np.zeros(n, np.int64)

    def run(docs: range) -> int:
        keys, block_sizes = _shingle_keys(tokens.ids, docs, token_hashes, mult)
        start = slot_start[docs.start]
        buffer[start : start + len(keys)] = keys
        sizes[docs.start : docs.stop] = block_sizes
        # Sub-blocks of ~8k shingles keep the (num_perm × shingles) table in cache.
        has = np.flatnonzero(block_sizes)
        ends = np.cumsum(block_sizes[has])
        cut = np.unique(np.r_[0, np.searchsorted(ends, np.arange(8192, len(keys), 8192)), len(has)])
        for lo, hi in zip(cut[:-1], cut[1:], strict=True):
            first = int(ends[lo - 1]) if lo else 0
            signatures[docs.start + has[lo:hi]] = _signature_block(
                keys[first : int(ends[hi - 1])], block_sizes[has[lo:hi]], a, b
            )
        return len(keys)

    # numpy releases the GIL in these sorts and ufuncs: two threads use two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        written = list(
            progress_bar(
                pool.map(run, blocks),
                desc="MinHash",
                unit="block",
                total=len(blocks),
                enabled=progress,
            )
        )
    end = 0
    for docs, count in zip(blocks, written, strict=True):
        start = slot_start[docs.start]
        if start != end:  # a move towards the start: source and target may overlap
            buffer[end : end + count] = buffer[start : start + count].copy()
        end += count
    return _Sketches(sizes, buffer[:end], signatures)


# -------------------------------------------------------------------------------------------
# Candidate generators
def _bands(num_perm: int, jaccard: float) -> tuple[int, int]:
    """(b, r): the largest r whose banding finds a pair at ``jaccard`` with prob ≥ 0.999."""
    best = (num_perm, 1)
    for r in range(1, num_perm + 1):
        b = num_perm // r
        if 1 - (1 - jaccard**r) ** b >= _TARGET_RECALL:
            best = (b, r)
    return best


def _pairs_in_groups(members: np.ndarray, group_starts: np.ndarray) -> np.ndarray:
    """Every pair (i < j) inside each group of ``members`` (as int64 keys i * 2^32 + j)."""
    sizes = np.diff(np.r_[group_starts, len(members)])
    out = []
    for start, size in zip(
        group_starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True
    ):
        group = np.sort(members[start : start + size])
        i, j = np.triu_indices(size, 1)
        out.append(group[i].astype(np.int64) << 32 | group[j])
    return np.concatenate(out) if out else np.empty(0, np.int64)


def _lsh_pairs(sk: _Sketches, *, num_perm: int, jaccard: float) -> np.ndarray:
    """Candidate pairs of the MinHash banding (same buckets as ``datasketch.MinHashLSH``)."""
    b, r = _bands(num_perm, jaccard)
    members = np.flatnonzero(sk.sizes).astype(np.int64)
    if len(members) < 2:
        return np.empty(0, np.int64)
    sig = sk.signatures[members].astype(np.uint64)
    rng = np.random.default_rng(0)
    mult = (rng.integers(0, 1 << 63, r, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
    found = []
    for band in range(b):
        rows = sig[:, band * r : (band + 1) * r]
        # Two texts share a bucket when the r values are equal; the 64-bit bucket hash
        # can only merge buckets (an extra candidate, verified later), never split one.
        h = _mix64((rows * mult).sum(axis=1, dtype=np.uint64) + np.uint64(band))
        order = np.argsort(h, kind="stable")
        hs = h[order]
        starts = np.flatnonzero(np.r_[True, hs[1:] != hs[:-1]])
        found.append(_pairs_in_groups(members[order], starts))
    return np.unique(np.concatenate(found))


def _min_found(k: int, containment: float) -> int:
    """Largest m with P[Bin(k, containment) >= m] >= 0.999 (at least 1)."""
    ok = [m for m in range(1, k + 1) if stats.binom.sf(m - 1, k, containment) >= _TARGET_RECALL]
    return max(ok) if ok else 1


def _key_blocks(sk: _Sketches) -> list[tuple[int, int]]:
    """``(key start, key stop)`` of blocks of whole texts, ~_SCAN_KEYS keys each."""
    starts = sk.starts
    cuts = np.searchsorted(starts, np.arange(0, starts[-1], _SCAN_KEYS), side="right") - 1
    texts = np.unique(np.r_[cuts, len(starts) - 1])
    return [
        (int(starts[t0]), int(starts[t1]))
        for t0, t1 in zip(texts[:-1], texts[1:], strict=True)
        if starts[t1] > starts[t0]
    ]


def _containment_pairs(sk: _Sketches, *, containment: float) -> np.ndarray:
    """Pairs where the larger text holds enough of the smaller one's bottom-k sample.

    The keys are read in blocks of whole texts (three passes), so that the temporary
    arrays stay a few tens of MB whatever the corpus size.
    """
    n = len(sk.sizes)
    if np.count_nonzero(sk.sizes) < 2:
        return np.empty(0, np.int64)
    low24 = np.uint64((1 << 24) - 1)
    blocks = _key_blocks(sk)

    def cells(h: np.ndarray) -> np.ndarray:
        return (h & low24).astype(np.intp)

    # Approximate document frequency of each shingle (a count table of 2^24 cells: it
    # can only over-count), to leave furniture shingles out of the samples.
    counts = np.zeros(1 << 24, np.int64)
    for lo, hi in blocks:
        counts += np.bincount(cells(sk.keys[lo:hi]), minlength=1 << 24)
    frequent = counts > _MAX_POSTINGS
    del counts
    # Bottom-k of each text's rare shingles: each text's keys are sorted by hash, so they
    # are its first k rare ones.
    taken = np.zeros(n, np.int64)
    q_parts, sample_parts = [], []
    for lo, hi in blocks:
        h = sk.keys[lo:hi]
        rare = np.flatnonzero(~frequent[cells(h)])
        text = sk.text_of(lo, hi)
        t0 = int(text[0])
        per_text = np.bincount(text[rare] - t0)
        first = np.cumsum(per_text) - per_text
        block_taken = np.minimum(per_text, _SAMPLE_SIZE)
        picked = rare[
            np.repeat(first - (np.cumsum(block_taken) - block_taken), block_taken)
            + np.arange(block_taken.sum())
        ]
        taken[t0 : t0 + len(block_taken)] = block_taken
        q_parts.append(text[picked])
        sample_parts.append(h[picked])
    del frequent
    q, sample = np.concatenate(q_parts), np.concatenate(sample_parts)
    k_of = taken
    # Postings of the sampled shingles only, as (number of the shingle in ``wanted``, text).
    wanted, sample_at = np.unique(sample, return_inverse=True)
    if not len(wanted):
        return np.empty(0, np.int64)
    # A 2^24-cell table on the low hash bits passes the sampled shingles and a few others
    # (a random gather, cheap); the exact test then runs on those few only.
    table = np.zeros(1 << 24, bool)
    table[cells(wanted)] = True
    post_parts = []
    for lo, hi in blocks:
        h = sk.keys[lo:hi]
        holds = np.flatnonzero(table[cells(h)])
        h = h[holds]
        at = np.searchsorted(wanted, h).clip(0, len(wanted) - 1)
        ok = wanted[at] == h
        text = sk.text_of(lo, hi)[holds[ok]].astype(np.uint64)
        post_parts.append((at[ok].astype(np.uint64) << np.uint64(sk.doc_bits)) | text)
    del table
    post = np.concatenate(post_parts)
    del post_parts
    post.sort()
    post_text = (post & np.uint64((1 << sk.doc_bits) - 1)).astype(np.int32)
    post >>= np.uint64(sk.doc_bits)  # in place: the postings' shingle numbers
    per_shingle = np.bincount(post.astype(np.int64), minlength=len(wanted))
    del post
    lens = per_shingle[sample_at]
    lo = (np.cumsum(per_shingle) - per_shingle)[sample_at]
    need = np.array([0] + [_min_found(m, containment) for m in range(1, _SAMPLE_SIZE + 1)])
    # Texts in batches whose samples have at most _EXPAND_BATCH postings in all: a shingle
    # in many texts (a sentence every composed article reuses, a wire paragraph) would
    # otherwise make the (sample, text holding it) table too large for memory.
    first_sample = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
    before = np.r_[0, np.cumsum(lens)][first_sample]
    steps = np.arange(0, int(lens.sum()), _EXPAND_BATCH)
    cuts = np.unique(np.r_[first_sample[np.searchsorted(before, steps, side="right") - 1], len(q)])

    def expand(bound: tuple[int, int]) -> np.ndarray:
        start, stop = bound
        b_lo, b_len, b_q = lo[start:stop], lens[start:stop], q[start:stop]
        rep_q = np.repeat(b_q, b_len)
        idx = np.repeat(b_lo - (np.cumsum(b_len) - b_len), b_len) + np.arange(int(b_len.sum()))
        other = post_text[idx].astype(np.int64)
        # The query must be the smaller text (containment is taken from the smaller side):
        # the other postings cannot make a pair, and are left out before counting.
        keep = (other != rep_q) & (sk.sizes[other] >= sk.sizes[rep_q])
        pair = rep_q[keep] * n + other[keep]
        if not len(pair):
            return pair
        pair.sort()  # nearly sorted already: by query, then by text within each sample
        first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
        found = np.diff(np.r_[first, len(pair)])
        pair = pair[first]
        qi, oj = pair // n, pair % n
        ok = found >= need[k_of[qi]]
        return np.minimum(qi[ok], oj[ok]) << 32 | np.maximum(qi[ok], oj[ok])

    # numpy releases the GIL in these operations on large arrays: two threads, two cores.
    with ThreadPoolExecutor(max_workers=min(available_cores(), 2)) as pool:
        found_pairs = list(
            pool.map(expand, zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True))
        )
    return np.unique(np.concatenate(found_pairs)) if found_pairs else np.empty(0, np.int64)


# -------------------------------------------------------------------------------------------
# Verification
def _pair_similarity(
    sk: _Sketches, matrix: Any, i: np.ndarray, j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(Jaccard, containment) of the shingle-hash sets of the texts ``i[p]``, ``j[p]``.

    :math:`|A \\cap B|` comes from scipy's merge of the two sorted rows (the product of
    two 0/1 rows has a stored entry where both have one); a text without shingles has
    containment 0.
    """
    inter = np.diff(matrix[i].multiply(matrix[j]).indptr).astype(np.float64)
    a, b = sk.sizes[i], sk.sizes[j]
    union = a + b - inter
    smaller = np.minimum(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / union, 1.0)
        con = np.where(smaller > 0, inter / smaller, np.where(union > 0, 0.0, 1.0))
    return jac, con


def _verified(
    candidates: np.ndarray,
    sk: _Sketches,
    *,
    jaccard: float,
    containment: float,
    progress: bool | None,
) -> np.ndarray:
    """The candidate pairs (sorted ``i << 32 | j`` keys) whose shingle sets are at or
    above a threshold, in their order; batches of pairs in two threads (scipy's sparse
    kernels release the GIL)."""
    n = len(candidates)
    if not n:
        return np.empty(0, np.int64)
    matrix = sk.matrix()
    i, j = candidates >> 32, candidates & 0xFFFFFFFF
    # batches of about _VERIFY_KEYS keys of both texts together
    work = np.cumsum(sk.sizes[i] + sk.sizes[j])
    cuts = np.unique(
        np.r_[0, np.searchsorted(work, np.arange(_VERIFY_KEYS, work[-1], _VERIFY_KEYS)), n]
    )
    bounds = list(zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True))

    def run(bound: tuple[int, int]) -> np.ndarray:
        lo, hi = bound
        jac, con = _pair_similarity(sk, matrix, i[lo:hi], j[lo:hi])
        return candidates[lo:hi][(jac >= jaccard) | (con >= containment)]

    with ThreadPoolExecutor(max_workers=min(available_cores(), 2)) as pool:
        parts = list(
            progress_bar(
                pool.map(run, bounds), desc="verify", unit="batch", total=len(bounds),
                enabled=progress,
            )
        )  # fmt: skip
    return np.concatenate(parts)


# -------------------------------------------------------------------------------------------
# Public API
def find_duplicates(
    texts: pd.Series,
    *,
    shingle_size: int = 5,
    jaccard: float = 0.8,
    containment: float = 0.9,
    num_perm: int = 128,
    seed: int = 1,
    near: bool = True,
    priority: Sequence[int] | np.ndarray | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Flag exact and near-duplicate texts and group them in clusters.

    See the module docstring for the normalisation, the formulas and the search.

    Parameters
    ----------
    texts : pandas.Series of str
        Article bodies indexed by unique article id, in **priority order**: the first
        article of a cluster in this order is the one kept.
    shingle_size : int, default 5
        Words per shingle (:math:`w` of Broder's *w*-shingling).
    jaccard : float in (0, 1], default 0.8
        A pair is a near duplicate when the Jaccard resemblance of its shingle sets
        :math:`|A \\cap B|/|A \\cup B|` is at least this…
    containment : float in (0, 1], default 0.9
        …or when the containment of the smaller set in the larger,
        :math:`|A \\cap B|/\\min(|A|, |B|)`, is at least this.
    num_perm : int >= 16, default 128
        Length of the MinHash signatures (more: better recall, slower).
    seed : int >= 0, default 1
        Seed of every hash function: the result does not depend on anything else.
    near : bool, default True
        False: exact duplicates only (no shingles, no MinHash).
    priority : sequence of int, optional
        The positions of ``texts`` in priority order (a permutation of
        ``range(len(texts))``), as if ``texts.iloc[priority]`` had been passed; saves
        reordering the texts themselves (0.4 GB of text for 100,000 articles). Default:
        the order of ``texts``.
    progress : bool or None, default None
        Show progress bars; None shows them on a terminal from 5,000 texts on.

    Returns
    -------
    pandas.DataFrame
        One row per text, in priority order (that of ``texts`` unless ``priority`` is
        given), columns :data:`DEDUP_COLUMNS`:

        ``id``
            the index label of the text;
        ``cluster_id`` (str)
            ``str`` of the id of the kept article of its cluster (its own id when unique);
        ``status``
            ``"unique"`` (no copy), ``"kept"`` (first of a cluster of two or more),
            ``"duplicate"`` (same normalised text as the kept one) or ``"near_duplicate"``;
        ``duplicate_of``
            the id of the kept article, None for unique and kept ones;
        ``jaccard``, ``containment`` (float)
            values on the shingle sets against the kept article (1.0 for
            duplicates, including texts too short to have shingles); NaN for unique and
            kept articles. A near duplicate's values are those of a verified pair: one
            of them is at or above its threshold.

    Raises
    ------
    InputTypeError
        ``texts`` is not a Series, or holds something other than str.
    CorpusError
        Ids repeat in the index of ``texts``.
    OptionError
        An option is outside its allowed range.

    Warns
    -----
    UserWarning
        Texts empty after normalisation are never flagged (nothing to compare).

    Notes
    -----
    Every candidate pair is verified on the whole shingle sets (hashed to 62 bits: a
    value can be off only if two different shingles of the pair share a hash, about
    :math:`10^{-13}` per pair); a near duplicate that neither candidate generator
    proposes is missed. At the default
    thresholds each generator finds a pair at the threshold with probability ≥ 0.999.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents. *SEQUENCES '97*.
    Leskovec, J., Rajaraman, A. & Ullman, J. D. *Mining of Massive Datasets*, ch. 3.

    Examples
    --------
    >>> texts = pd.Series({"a": "Le gouvernement annonce une taxe.",
    ...                    "b": "le gouvernement  annonce une TAXE.",
    ...                    "c": "Autre chose."})
    >>> find_duplicates(texts)[["id", "status", "duplicate_of"]]
      id     status duplicate_of
    0  a       kept         None
    1  b  duplicate            a
    2  c     unique         None
    """
    texts = _check_texts(texts)
    shingle_size = check_positive_int("shingle_size", shingle_size)
    jaccard = _check_fraction("jaccard", jaccard)
    containment = _check_fraction("containment", containment)
    num_perm = check_positive_int("num_perm", num_perm, minimum=16)
    seed = check_positive_int("seed", seed, minimum=0)
    if not isinstance(near, bool):
        raise OptionError(f"near must be True or False; received {near!r}.")
    if progress is not None and not isinstance(progress, bool):
        raise OptionError(f"progress must be True, False or None; received {progress!r}.")
    order = None if priority is None else _check_priority(priority, len(texts))
    n = len(texts)
    show = progress if progress is not None else (None if n >= _PROGRESS_MIN_TEXTS else False)

    ids = list(texts.index if order is None else texts.index[order])
    digests: list[bytes] = []
    first_of: dict[bytes, int] = {}
    rep = list(range(n))  # position of the first text with the same normalised body
    tokens = _Tokens()
    compared: list[int] = []  # positions whose shingles are compared
    empty = 0
    pos = 0
    with _step("read (normalise, digest, tokens)", n):
        for chunk in progress_bar(
            _read_chunks(texts, order, near),
            desc="normalise",
            unit="chunk",
            total=math.ceil(n / _CHUNK_TEXTS),
            enabled=show,
        ):
            # Local token ids of the chunk → ids of this call's vocabulary.
            remap = np.fromiter(
                map(tokens.vocab.__getitem__, chunk.vocab), np.int32, len(chunk.vocab)
            )
            chunk_ids = remap[chunk.ids]
            offset = 0
            for digest, length in zip(chunk.digests, chunk.lengths.tolist(), strict=True):
                digests.append(digest)
                if length < 0:
                    empty += 1
                else:
                    first = first_of.setdefault(digest, pos)
                    rep[pos] = first
                    if first == pos and near:
                        compared.append(pos)
                        tokens.ids.append(chunk_ids[offset : offset + length])
                    offset += max(length, 0)
                pos += 1
        # Arrow's allocator keeps the pages the reading freed for reuse (~0.45 GB after
        # 100,000 texts); the sketches below are numpy arrays and cannot use them.
        release_arrow_memory()
    if empty:
        warnings.warn(
            f"{empty} of {n} texts are empty after normalisation; they are reported as unique.",
            UserWarning,
            stacklevel=2,
        )

    # earlier[local] = the compared texts before it (in priority order) it is a verified
    # near copy of
    earlier: dict[int, list[int]] = defaultdict(list)
    sk = None
    if near and len(compared) > 1:
        m = len(compared)
        with _step("MinHash sketches", m):
            sk = _sketches(tokens, k=shingle_size, num_perm=num_perm, seed=seed, progress=show)
        del tokens  # the token ids are in the sketches now: ~0.3 GB for 100,000 texts
        with _step("LSH banding candidates", m):
            banded = _lsh_pairs(sk, num_perm=num_perm, jaccard=jaccard)
        with _step("containment candidates", m):
            contained = _containment_pairs(sk, containment=containment)
        candidates = np.union1d(banded, contained)
        with _step(f"verification of {len(candidates)} candidate pairs", m):
            verified = _verified(
                candidates, sk, jaccard=jaccard, containment=containment, progress=show
            )
        for key in verified.tolist():
            i, j = key >> 32, key & 0xFFFFFFFF
            lo, hi = (i, j) if compared[i] < compared[j] else (j, i)
            earlier[hi].append(lo)

    # Leaders in priority order: a text joins the first kept text it copies, else leads.
    leader = list(range(n))
    for local, pos in enumerate(compared):  # compared is in increasing position
        kept = [compared[e] for e in earlier.get(local, ()) if leader[compared[e]] == compared[e]]
        if kept:
            leader[pos] = min(kept)
    for pos in range(n):
        if rep[pos] != pos:
            leader[pos] = leader[rep[pos]]
    roots = leader
    size = np.bincount(np.asarray(roots, np.int64), minlength=n)
    cluster_id, status, dup_of = [], [], []
    jac_col = np.full(n, np.nan)
    con_col = np.full(n, np.nan)
    for pos, root in enumerate(roots):
        cluster_id.append(str(ids[root]))
        if size[root] == 1:
            status.append("unique")
            dup_of.append(None)
        elif pos == root:
            status.append("kept")
            dup_of.append(None)
        else:
            dup_of.append(ids[root])
            if digests[pos] == digests[root]:
                status.append("duplicate")
                jac_col[pos] = con_col[pos] = 1.0
            else:
                status.append("near_duplicate")
    near_rows = np.flatnonzero(np.asarray(status, object) == "near_duplicate")
    if len(near_rows):
        local_of = {pos: local for local, pos in enumerate(compared)}
        a = np.array([local_of[rep[pos]] for pos in near_rows.tolist()], np.int64)
        b = np.array([local_of[roots[pos]] for pos in near_rows.tolist()], np.int64)
        jac_col[near_rows], con_col[near_rows] = _pair_similarity(sk, sk.matrix(), a, b)
    return pd.DataFrame(
        {
            "id": ids,
            "cluster_id": cluster_id,
            "status": status,
            "duplicate_of": pd.Series(dup_of, dtype=object),
            "jaccard": jac_col,
            "containment": con_col,
        },
        columns=list(DEDUP_COLUMNS),
    )


def cross_outlet_copies(dups: pd.DataFrame, outlets: pd.Series) -> pd.DataFrame:
    """The clusters printed by two or more outlets: which outlets ran the same dispatch.

    Parameters
    ----------
    dups : pandas.DataFrame
        The result of :func:`find_duplicates` (columns :data:`DEDUP_COLUMNS`).
    outlets : pandas.Series
        The outlet of each article, indexed by the same ids as ``dups["id"]``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CROSS_OUTLET_COLUMNS`: ``cluster_id``; ``n_articles`` in the
        cluster; ``n_outlets``, the distinct outlets among them; ``outlets``, those outlets
        sorted and joined by ``"; "``; ``ids``, the article ids in the order of ``dups``
        joined by ``"; "``. Only clusters with at least two outlets, sorted by
        ``n_outlets`` then ``n_articles`` (both descending) then ``cluster_id``.

    Raises
    ------
    InputTypeError
        ``dups`` is not a DataFrame with the columns of :data:`DEDUP_COLUMNS`, or
        ``outlets`` is not a Series.
    CorpusError
        An id of ``dups`` has no outlet in ``outlets``.

    Examples
    --------
    >>> texts = pd.Series({"a": "Même dépêche.", "b": "même  dépêche.", "c": "Autre."})
    >>> dups = find_duplicates(texts)
    >>> cross_outlet_copies(dups, pd.Series({"a": "Le Temps", "b": "La Presse", "c": "Le Devoir"}))
      cluster_id  n_articles  n_outlets              outlets   ids
    0          a           2          2  La Presse; Le Temps  a; b
    """
    if not isinstance(dups, pd.DataFrame) or not set(DEDUP_COLUMNS) <= set(dups.columns):
        raise InputTypeError(
            "dups must be the DataFrame returned by find_duplicates (columns "
            f"{', '.join(DEDUP_COLUMNS)}); received {type(dups).__name__}."
        )
    if not isinstance(outlets, pd.Series):
        raise InputTypeError(
            f"outlets must be a pandas Series of outlet names indexed by article id; "
            f"received {type(outlets).__name__}."
        )
    missing = pd.Index(dups["id"]).difference(outlets.index)
    if len(missing):
        raise CorpusError(
            f"outlets has no entry for {len(missing)} ids of dups, e.g. {missing[0]!r}; "
            "pass the outlet of every article (corpus.articles.set_index('id')['outlet'])."
        )
    if not outlets.index.is_unique:
        raise CorpusError("outlets must have unique ids in its index.")
    frame = pd.DataFrame(
        {
            "cluster_id": dups["cluster_id"].to_numpy(),
            "id": dups["id"].to_numpy(),
            "outlet": outlets.reindex(dups["id"]).fillna("(unknown)").astype(str).to_numpy(),
        }
    )
    rows = []
    for cid, group in frame.groupby("cluster_id", sort=False):
        names = sorted(set(group["outlet"]))
        if len(names) < 2:
            continue
        rows.append(
            (cid, len(group), len(names), "; ".join(names), "; ".join(map(str, group["id"])))
        )
    out = pd.DataFrame(rows, columns=list(CROSS_OUTLET_COLUMNS))
    out = out.astype({"n_articles": "int64", "n_outlets": "int64"})
    out = out.sort_values(
        ["n_outlets", "n_articles", "cluster_id"], ascending=[False, False, True], kind="stable"
    )
    return out.reset_index(drop=True)
