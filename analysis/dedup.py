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
Two independent candidate generators, then an exact check:

1. **MinHash banding for resemblance** (Broder 1997; Leskovec, Rajaraman & Ullman, ch. 3).
   Each token gets a 64-bit BLAKE2b hash keyed by ``seed``, each shingle a 64-bit mix of
   its tokens' hashes; ``num_perm`` hash functions :math:`h_i(x) = a_i x + b_i \bmod 2^{32}`
   (:math:`a_i` odd, drawn with ``seed``) of the shingle hash's low 32 bits give the
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

Every candidate pair is then **verified**: first on the hashed sets (a pair more than 0.01
below both thresholds there is dropped; hashes of 47 bits or more at 100,000 texts, so this
can only err if hashes collide, probability about :math:`10^{-8}` per pair), then on the
exact shingle sets (tuples of token ids, one to one with token strings), which decide: a
flag is never a false positive. The exact sets are not built as Python sets (4–5 GB for
100,000 texts): both texts' shingles are sorted by a 64-bit hash, the token ids of every two
positions sharing a hash are compared, and when no two different shingles share one the
distinct hashes are counted — the sets of token tuples decide only if they do. A pair
missed by both generators is a false negative; the tests and
``benchmarks/bench_dedup.py`` measure how many.

Parallelism: from 20,000 texts on, texts are normalised and tokenised in two forked worker
processes (Linux); hashing and sketching run in two threads (numpy releases the GIL); from
20,000 candidate pairs on, two forked workers verify them. The result depends on none of
it.

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
import math
import re
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import CorpusError, InputTypeError, OptionError, check_positive_int
from analysis.parallel import available_cores, map_chunks
from analysis.progress import progress_bar

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
#: Pairs this far below both thresholds on the hashed sets are not compared exactly.
_PREFILTER_MARGIN = 0.01
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
#: From this many texts on, chunks are read by forked worker processes (on Linux).
_PARALLEL_MIN_TEXTS = 20_000
#: Candidate pairs per verification task, and from how many on two workers verify them.
_VERIFY_CHUNK = 20_000
_PARALLEL_MIN_PAIRS = 20_000
_WORD = re.compile(r"\w+")
_NON_WORD_RE2 = r"[^\p{L}\p{N}_]+"
_APOSTROPHES = ("’", "‘", "ʼ")


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
    """What a worker returns for a range of texts."""

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


def _release_arrow_memory() -> None:
    """Hand the pages Arrow's memory pool holds unused back to the system."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def _read_range(
    data: tuple[pd.Series, np.ndarray | None], start: int, stop: int, near: bool
) -> _Chunk:
    part, _ = _take_texts(data, start, stop)
    chunk = _read_texts(part.tolist(), near)
    _release_arrow_memory()  # each worker would otherwise keep ~0.3 GB of freed pages
    return chunk


def _take_texts(data: tuple[pd.Series, np.ndarray | None], start: int, stop: int) -> tuple:
    """Texts ``start:stop`` in priority order, as ``(part, None)`` (data for a spawned worker)."""
    texts, order = data
    return (texts.iloc[start:stop] if order is None else texts.iloc[order[start:stop]]), None


def _read_chunks(texts: pd.Series, order: np.ndarray | None, near: bool) -> Iterator[_Chunk]:
    """:func:`_read_texts` of every chunk of texts, in order; in two worker processes for
    many texts (:func:`analysis.parallel.map_chunks`).

    The result does not depend on the chunking: token hashes are computed from the token
    strings (see :meth:`_Tokens.token_hashes`), not from the ids.
    """
    bounds = [(a, min(a + _CHUNK_TEXTS, len(texts))) for a in range(0, len(texts), _CHUNK_TEXTS)]
    n_jobs = min(available_cores(), 2) if len(texts) >= _PARALLEL_MIN_TEXTS else 1
    finished: dict[int, _Chunk] = {}
    following = 0
    # The texts are read a chunk at a time (an Arrow-backed Series is never turned into
    # one list of Python strings); forked workers read them in place.
    data = (texts, order)
    for k, chunk in map_chunks(_read_range, data, bounds, n_jobs, (near,), take=_take_texts):
        finished[k] = chunk
        while following in finished:  # hand the chunks on in text order
            yield finished.pop(following)
            following += 1


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
    """What the candidate generators need, for the ``n`` compared texts."""

    doc_bits: int  # bits of a text number in a packed key
    sizes: np.ndarray  # (n,) distinct shingles per text (hash-distinct, see _shingle_keys)
    keys: np.ndarray  # sorted (text << hash_bits) | hash of every distinct shingle
    signatures: np.ndarray  # (n, num_perm) uint32; all-ones for a text without shingles
    token_hashes: np.ndarray  # 64-bit hash of each token id
    mult: np.ndarray  # (k,) odd multipliers combining token hashes into a shingle hash
    starts: np.ndarray = field(init=False)  # where each text's keys start in ``keys``

    def __post_init__(self) -> None:
        self.starts = np.r_[0, np.cumsum(self.sizes)].tolist()
        self._mask = np.uint64((1 << (64 - self.doc_bits)) - 1)

    def hashes(self, i: int) -> np.ndarray:
        """Sorted shingle hashes of text ``i`` (its keys without the text number)."""
        return self.keys[self.starts[i] : self.starts[i + 1]] & self._mask

    def similarity(self, i: int, j: int) -> tuple[float, float]:
        """(Jaccard, containment) on the hashed sets: exact unless two shingles' hashes
        collide (probability about |A||B| 2^(doc_bits-64), ~10^-8 at 100,000 texts)."""
        a, b = self.hashes(i), self.hashes(j)
        if len(a) > len(b):
            a, b = b, a
        if not len(a):
            return 0.0, 0.0
        at = np.searchsorted(b, a)
        at[at == len(b)] = len(b) - 1
        inter = int(np.count_nonzero(b[at] == a))
        return inter / (len(a) + len(b) - inter), inter / len(a)


def _shingle_hashes(flat: np.ndarray, start: np.ndarray, mult: np.ndarray) -> np.ndarray:
    """64-bit hash of the shingle of ``len(mult)`` tokens starting at each index of
    ``start`` in ``flat`` (the token hashes): :math:`\\mathrm{mix}(\\sum_j m_j t_{s+j})`
    modulo :math:`2^{64}`."""
    h = flat[start] * mult[0]
    for j in range(1, len(mult)):
        h += flat[start + j] * mult[j]
    return _mix64(h)


def _shingle_keys(
    ids: list[np.ndarray],
    docs: range,
    token_hashes: np.ndarray,
    k: int,
    mult: np.ndarray,
    doc_bits: int,
) -> np.ndarray:
    """Sorted distinct packed keys ``text << (64-doc_bits) | shingle hash`` of some texts.

    The shingle hash keeps the top ``64 - doc_bits`` bits of a 64-bit hash (47 bits at
    100,000 texts): two different shingles share one with probability ~2^-47, which can
    only add a candidate pair (pairs are verified on the exact sets) or hide one shingle.
    """
    lengths = np.fromiter((len(ids[d]) for d in docs), np.int64, len(docs))
    n_sh = np.maximum(lengths - k + 1, 0)
    if n_sh.sum() == 0:
        return np.empty(0, np.uint64)
    flat = token_hashes[np.concatenate([ids[d] for d in docs])]
    offsets = np.zeros(len(docs), np.int64)
    np.cumsum(lengths[:-1], out=offsets[1:])
    sh_offsets = np.cumsum(n_sh) - n_sh
    start = np.repeat(offsets - sh_offsets, n_sh) + np.arange(n_sh.sum())
    hash_bits = 64 - doc_bits
    h = _shingle_hashes(flat, start, mult) >> np.uint64(doc_bits)
    text = np.repeat(np.arange(docs.start, docs.stop, dtype=np.uint64), n_sh)
    keys = np.sort((text << np.uint64(hash_bits)) | h)
    return keys[np.r_[True, keys[1:] != keys[:-1]]]


def _signature_block(keys: np.ndarray, hash_bits: int, a: np.ndarray, b: np.ndarray):
    """MinHash of the texts in ``keys`` (sorted packed keys): (texts, (n, num_perm) uint32)."""
    text = keys >> np.uint64(hash_bits)
    starts = np.flatnonzero(np.r_[True, text[1:] != text[:-1]])
    x = keys.astype(np.uint32)  # the low 32 bits of the shingle hash
    values = a[:, None] * x[None, :]  # uint32 arithmetic: h_i(x) = a_i x + b_i mod 2^32
    values += b[:, None]
    return text[starts].astype(np.int64), np.minimum.reduceat(values, starts, axis=1).T


def _sketches(
    tokens: _Tokens, *, k: int, num_perm: int, seed: int, progress: bool | None
) -> _Sketches:
    rng = np.random.default_rng(seed)
    a = (rng.integers(0, 1 << 31, num_perm, dtype=np.uint32) << np.uint32(1)) | np.uint32(1)
    b = rng.integers(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    mult = (rng.integers(0, 1 << 63, k, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
    token_hashes = tokens.token_hashes(seed)
    n = len(tokens.ids)
    doc_bits = max(1, (n - 1).bit_length())
    hash_bits = 64 - doc_bits
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
        keys = _shingle_keys(tokens.ids, docs, token_hashes, k, mult, doc_bits)
        start = slot_start[docs.start]
        buffer[start : start + len(keys)] = keys
        sizes[docs.start : docs.stop] = np.bincount(
            (keys >> np.uint64(hash_bits)).astype(np.int64) - docs.start, minlength=len(docs)
        )
        # Sub-blocks of ~8k shingles keep the (num_perm × shingles) table in cache.
        text = keys >> np.uint64(hash_bits)
        cut = np.r_[np.flatnonzero(np.r_[True, text[1:] != text[:-1]]), len(keys)]
        edges = np.unique(
            np.r_[cut[np.searchsorted(cut, np.arange(0, len(keys), 8192))], len(keys)]
        )
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            rows, sig = _signature_block(keys[lo:hi], hash_bits, a, b)
            signatures[rows] = sig
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
    keys = buffer[:end]
    return _Sketches(doc_bits, sizes, keys, signatures, token_hashes, mult)


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


def _key_blocks(sk: _Sketches) -> list[tuple[int, int, int]]:
    """``(first text, key start, key stop)`` of blocks of whole texts, ~_SCAN_KEYS keys each."""
    starts = np.asarray(sk.starts)
    cuts = np.searchsorted(starts, np.arange(0, starts[-1], _SCAN_KEYS), side="right") - 1
    texts = np.unique(np.r_[cuts, len(starts) - 1])
    return [
        (int(t0), int(starts[t0]), int(starts[t1]))
        for t0, t1 in zip(texts[:-1], texts[1:], strict=True)
        if starts[t1] > starts[t0]
    ]


def _containment_pairs(sk: _Sketches, *, containment: float) -> np.ndarray:
    """Pairs where the larger text holds enough of the smaller one's bottom-k sample.

    The keys are read in blocks of whole texts (three passes), so that the temporary
    arrays stay a few tens of MB whatever the corpus size.
    """
    n = len(sk.sizes)
    keys = sk.keys
    if np.count_nonzero(sk.sizes) < 2:
        return np.empty(0, np.int64)
    hash_bits = 64 - sk.doc_bits
    hmask = np.uint64((1 << hash_bits) - 1)
    low24 = np.uint64((1 << 24) - 1)
    blocks = _key_blocks(sk)

    def cells(lo: int, hi: int) -> np.ndarray:
        return (keys[lo:hi] & low24).astype(np.intp)

    # Approximate document frequency of each shingle (a count table of 2^24 cells: it
    # can only over-count), to leave furniture shingles out of the samples.
    counts = np.zeros(1 << 24, np.int64)
    for _, lo, hi in blocks:
        counts += np.bincount(cells(lo, hi), minlength=1 << 24)
    frequent = counts > _MAX_POSTINGS
    del counts
    # Bottom-k of each text's rare shingles: keys are sorted by text then hash, so they
    # are the first k rare ones of each text.
    taken = np.zeros(n, np.int64)
    q_parts, sample_parts = [], []
    for t0, lo, hi in blocks:
        rare = np.flatnonzero(~frequent[cells(lo, hi)])
        text = (keys[lo:hi][rare] >> np.uint64(hash_bits)).astype(np.int64)
        per_text = np.bincount(text - t0)
        first = np.cumsum(per_text) - per_text
        block_taken = np.minimum(per_text, _SAMPLE_SIZE)
        picked = rare[
            np.repeat(first - (np.cumsum(block_taken) - block_taken), block_taken)
            + np.arange(block_taken.sum())
        ]
        taken[t0 : t0 + len(block_taken)] = block_taken
        q_parts.append((keys[lo:hi][picked] >> np.uint64(hash_bits)).astype(np.int64))
        sample_parts.append(keys[lo:hi][picked] & hmask)
    del frequent
    q, sample = np.concatenate(q_parts), np.concatenate(sample_parts)
    k_of = taken
    # Postings of the sampled shingles only.
    wanted = np.unique(sample)
    if not len(wanted):
        return np.empty(0, np.int64)
    # A 2^24-cell table on the low hash bits passes the sampled shingles and a few others
    # (a random gather, cheap); the exact test then runs on those few only.
    table = np.zeros(1 << 24, bool)
    table[(wanted & low24).astype(np.int64)] = True
    post_parts = []
    for _, lo, hi in blocks:
        holds = np.flatnonzero(table[cells(lo, hi)])
        h = keys[lo:hi][holds] & hmask
        at = np.searchsorted(wanted, h).clip(0, len(wanted) - 1)
        ok = wanted[at] == h
        text = keys[lo:hi][holds[ok]] >> np.uint64(hash_bits)
        post_parts.append((h[ok] << np.uint64(sk.doc_bits)) | text)
    del table
    post = np.concatenate(post_parts)
    del post_parts
    post.sort()
    post_text = (post & np.uint64((1 << sk.doc_bits) - 1)).astype(np.int32)
    post >>= np.uint64(sk.doc_bits)  # in place: the postings' shingle hashes
    post_h = post
    del post
    lo = np.searchsorted(post_h, sample, side="left")
    lens = np.searchsorted(post_h, sample, side="right") - lo
    del post_h
    need = np.array([0] + [_min_found(m, containment) for m in range(1, _SAMPLE_SIZE + 1)])
    # Texts in batches whose samples have at most _EXPAND_BATCH postings in all: a shingle
    # in many texts (a sentence every composed article reuses, a wire paragraph) would
    # otherwise make the (sample, text holding it) table too large for memory.
    first_sample = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
    before = np.r_[0, np.cumsum(lens)][first_sample]
    steps = np.arange(0, int(lens.sum()), _EXPAND_BATCH)
    cuts = np.unique(np.r_[first_sample[np.searchsorted(before, steps, side="right") - 1], len(q)])
    found_pairs = []
    for start, stop in zip(cuts[:-1], cuts[1:], strict=True):
        b_lo, b_len, b_q = lo[start:stop], lens[start:stop], q[start:stop]
        rep_q = np.repeat(b_q, b_len)
        idx = np.repeat(b_lo - (np.cumsum(b_len) - b_len), b_len) + np.arange(int(b_len.sum()))
        other = post_text[idx].astype(np.int64)
        keep = other != rep_q
        pair, found = np.unique(rep_q[keep] * n + other[keep], return_counts=True)
        qi, oj = pair // n, pair % n
        # The query must be the smaller text (containment is taken from the smaller side).
        ok = (found >= need[k_of[qi]]) & (sk.sizes[qi] <= sk.sizes[oj])
        found_pairs.append(np.minimum(qi[ok], oj[ok]) << 32 | np.maximum(qi[ok], oj[ok]))
    return np.unique(np.concatenate(found_pairs)) if found_pairs else np.empty(0, np.int64)


# -------------------------------------------------------------------------------------------
# Exact verification
def _shingle_set(ids: np.ndarray, k: int) -> set[tuple[int, ...]]:
    # Token ids stand one-to-one for token strings: these sets are the shingle sets exactly.
    seq = ids.tolist()
    return set(zip(*(seq[j:] for j in range(k)), strict=False))


def _similarity(a: set, b: set) -> tuple[float, float]:
    """Exact (Jaccard, containment) of two shingle sets; (1, 1) when both are empty."""
    if not a and not b:
        return 1.0, 1.0
    inter = len(a & b) if len(a) <= len(b) else len(b & a)
    union = len(a) + len(b) - inter
    smaller = min(len(a), len(b))
    return inter / union, (inter / smaller if smaller else 0.0)


def _position_hashes(ids: np.ndarray, sk: _Sketches) -> np.ndarray:
    """The 64-bit hash of the shingle starting at each position of a text (token ids)."""
    n = len(ids) - len(sk.mult) + 1
    if n <= 0:
        return np.empty(0, np.uint64)
    return _shingle_hashes(sk.token_hashes[ids], np.arange(n), sk.mult)


def _distinct_sorted(x: np.ndarray) -> int:
    """Distinct values of a sorted array (``len(np.unique(x))``, 40 times faster here)."""
    return int(np.count_nonzero(x[1:] != x[:-1])) + 1 if len(x) else 0


def _exact_similarity(a: np.ndarray, b: np.ndarray, sk: _Sketches) -> tuple[float, float]:
    """Exact (Jaccard, containment) of the shingle sets of two texts (token ids).

    The shingles of both texts are sorted by their 64-bit hash; wherever two positions
    share a hash, their ``k`` token ids are compared. If every such pair is the same
    shingle, the hash is one-to-one on these shingles and counting distinct hashes counts
    distinct shingles exactly; otherwise (two different shingles, one hash: about
    :math:`10^{-13}` per pair) the sets of token tuples decide. Same values as
    :func:`_similarity` on :func:`_shingle_set`, without building Python sets.
    """
    k = len(sk.mult)
    ha, hb = _position_hashes(a, sk), _position_hashes(b, sk)
    if not len(ha) or not len(hb):
        return _similarity(_shingle_set(a, k), _shingle_set(b, k))
    both = np.concatenate([ha, hb])
    order = np.argsort(both)
    ranked = both[order]
    same = np.flatnonzero(ranked[1:] == ranked[:-1])
    if len(same):
        # where each position's shingle starts in the token ids of a then b
        tokens = np.concatenate([a, b])
        start = np.where(order < len(ha), order, order - len(ha) + len(a))
        p, q = start[same], start[same + 1]
        for j in range(k):
            if not np.array_equal(tokens[p + j], tokens[q + j]):
                return _similarity(_shingle_set(a, k), _shingle_set(b, k))
    # distinct hashes: in both texts together, and in each (a group of equal hashes
    # counts for a text when one of its positions is in it)
    group = np.r_[0, np.cumsum(ranked[1:] != ranked[:-1])]
    union = int(group[-1]) + 1
    from_a = order < len(ha)
    na, nb = _distinct_sorted(group[from_a]), _distinct_sorted(group[~from_a])
    inter = na + nb - union
    return inter / union, inter / min(na, nb)


def _verify_range(
    state: tuple[np.ndarray, _Sketches, list[np.ndarray]],
    start: int,
    stop: int,
    jaccard: float,
    containment: float,
) -> np.ndarray:
    """The candidate pairs ``start:stop`` that are near copies on the exact shingle sets."""
    candidates, sk, ids = state
    out = []
    for key in candidates[start:stop].tolist():
        i, j = key >> 32, key & 0xFFFFFFFF
        # A quick look on the hashed sets first; only pairs near or above a threshold are
        # compared on the exact sets, which decide.
        jac, con = sk.similarity(i, j)
        if jac < jaccard - _PREFILTER_MARGIN and con < containment - _PREFILTER_MARGIN:
            continue
        jac, con = _exact_similarity(ids[i], ids[j], sk)
        if jac >= jaccard or con >= containment:
            out.append(key)
    return np.array(out, np.int64)


def _take_pairs(state: tuple, start: int, stop: int) -> tuple:
    candidates, sk, ids = state
    return candidates[start:stop], sk, ids


def _verified(
    candidates: np.ndarray,
    sk: _Sketches,
    ids: list[np.ndarray],
    *,
    jaccard: float,
    containment: float,
    progress: bool | None,
) -> np.ndarray:
    """The verified pairs among ``candidates`` (sorted ``i << 32 | j`` keys), in their
    order; in two forked worker processes for many candidates
    (:func:`analysis.parallel.map_chunks`)."""
    n = len(candidates)
    n_jobs = min(available_cores(), 2) if n >= _PARALLEL_MIN_PAIRS else 1
    size = max(1, min(_VERIFY_CHUNK, math.ceil(n / (4 * n_jobs))))
    bounds = [(a, min(a + size, n)) for a in range(0, n, size)]
    parts: list[np.ndarray] = [np.empty(0, np.int64)] * len(bounds)
    done = map_chunks(
        _verify_range, (candidates, sk, ids), bounds, n_jobs, (jaccard, containment),
        take=_take_pairs,
    )  # fmt: skip
    for c, pairs in progress_bar(
        done, desc="verify", unit="chunk", total=len(bounds), enabled=progress
    ):
        parts[c] = pairs
    return np.concatenate(parts) if parts else np.empty(0, np.int64)


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
            exact values on the shingle sets against the kept article (1.0 for
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
    Flags are exact (every candidate pair is verified on the shingle sets); a near
    duplicate that neither candidate generator proposes is missed. At the default
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
    for chunk in progress_bar(
        _read_chunks(texts, order, near),
        desc="normalise",
        unit="chunk",
        total=math.ceil(n / _CHUNK_TEXTS),
        enabled=show,
    ):
        # Local token ids of the chunk → ids of this call's vocabulary.
        remap = np.fromiter(map(tokens.vocab.__getitem__, chunk.vocab), np.int32, len(chunk.vocab))
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
    _release_arrow_memory()
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
        sk = _sketches(tokens, k=shingle_size, num_perm=num_perm, seed=seed, progress=show)
        candidates = np.union1d(
            _lsh_pairs(sk, num_perm=num_perm, jaccard=jaccard),
            _containment_pairs(sk, containment=containment),
        )
        for key in _verified(
            candidates, sk, tokens.ids, jaccard=jaccard, containment=containment, progress=show
        ).tolist():
            i, j = key >> 32, key & 0xFFFFFFFF
            lo, hi = (i, j) if compared[i] < compared[j] else (j, i)
            earlier[hi].append(lo)

    local_of = {pos: local for local, pos in enumerate(compared)}
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
                a, b = tokens.ids[local_of[rep[pos]]], tokens.ids[local_of[root]]
                jac_col[pos], con_col[pos] = _exact_similarity(a, b, sk)
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
