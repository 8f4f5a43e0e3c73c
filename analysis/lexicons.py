"""Naming lexicons: how the press names the actors, places, events and dead of a conflict.

A lexicon is a versioned TOML file of *families* — one referent each (the Israeli state
and its army, an armed group, Jerusalem, the 7 October attack, the war, acts of violence,
the dead) — holding the *variants* that name it ("Israël", "l'entité sioniste",
"le régime occupant", "Tsahal" …). Two ship with the package (``conflict_fr``,
``conflict_en``, in ``analysis/resources/lexicon_<name>.toml``); users give their own
file by path. The file format is described at the top of the shipped files and checked
by :func:`load_lexicon`.

Matching
--------
Texts are tokenised once with :func:`analysis.tokens.scan` (so every match has character
offsets and a sentence number) and every variant is looked for:

``match = "surface"``
    the pattern's tokens (tokenised the same way: apostrophes, no-break spaces, spelling
    variants such as ``Tel Aviv``/``Tel-Aviv`` unified) equal consecutive tokens of the
    text, within one sentence;
``match = "lemma"``
    the same on simplemma lemmas (proper nouns protected), so ``attaque`` also finds
    ``attaques``;
``match = "regex"``
    a Python regular expression on the text with apostrophes and special spaces
    normalised (:func:`analysis.tokens.normalize`); a match must start and end on token
    boundaries, otherwise it is ignored.

``case_sensitive`` is declared by every variant. For surface and lemma patterns it
means *a word the pattern writes with a capital must start with a capital in the text*
(``Résistance`` the name, not ``résistance`` the common noun); for regexes, Python's
case rules.

Overlaps are resolved **longest match first**: candidates are taken by decreasing length
in tokens (then case-sensitive before case-insensitive, then leftmost, then the earlier
variant of the file), and a candidate is dropped if any of its tokens already belongs to
a match. So a token is counted at most once: "le régime israélien" counts for
``régime israélien`` and not also for anything inside it.

Counting
--------
:func:`lexicon_dtm` turns the matches of a corpus into a labelled
:class:`~analysis.dtm.DTM` (articles × variants, ``n_tokens`` = running words including
stop words, as in :mod:`analysis.frequency`); :func:`lexicon_counts`,
:func:`naming_shares` and :mod:`analysis.timeline` accept it (or a Corpus) so that a
corpus is matched once. :func:`lexicon_matches` lists every match with its context, for
concordances and for :mod:`analysis.validation`.

Examples
--------
>>> lex = load_lexicon("conflict_fr")
>>> match_text("Le régime israélien et Israël.", lex)[["family", "variant", "text"]].values.tolist()
[['israel', 'le régime israélien', 'régime israélien'], ['israel', 'Israël', 'Israël']]
"""

from __future__ import annotations

import bisect
import os
import re
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis import config
from analysis import tokens as _tokens
from analysis.dtm import DTM, FIELDS, _check_corpus
from analysis.errors import (
    AnalysisError,
    InputTypeError,
    OptionError,
    check_choice,
    check_positive_int,
)
from analysis.frequency import group_counts
from analysis.parallel import chunk_bounds, map_chunks, resolve_n_jobs
from analysis.progress import progress_bar

__all__ = [
    "MATCH_KINDS",
    "ALL_VARIANTS",
    "COUNT_COLUMNS",
    "SHARE_COLUMNS",
    "MATCH_COLUMNS",
    "LexiconError",
    "Variant",
    "Family",
    "Lexicon",
    "available_lexicons",
    "load_lexicon",
    "match_text",
    "lexicon_matches",
    "lexicon_dtm",
    "lexicon_counts",
    "naming_shares",
    "as_lexicon_dtm",
    "article_metadata",
    "check_by",
    "group_codes",
]

#: How a variant's pattern is matched.
MATCH_KINDS = ("surface", "lemma", "regex")
#: The ``variant`` value of rows that pool every variant of a family.
ALL_VARIANTS = "*"
#: Columns of :func:`lexicon_counts`.
COUNT_COLUMNS = [
    "family", "variant", "group", "count", "per_10k", "ci_low", "ci_high",
    "doc_freq", "n_articles", "n_tokens",
]  # fmt: skip
#: Columns of :func:`naming_shares`.
SHARE_COLUMNS = ["family", "variant", "group", "period", "count", "family_total", "share"]
#: Columns of :func:`lexicon_matches`.
MATCH_COLUMNS = [
    "id", "family", "variant", "start", "end", "text", "sentence", "left", "right", "field",
]  # fmt: skip

_RESOURCE_PREFIX = "lexicon_"
_DEFAULT = "conflict_fr"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_VERSION = re.compile(r"\d+\.\d+\.\d+")
_HEADER_KEYS = {"name", "version", "language", "description", "authors", "updated", "notes"}
_FAMILY_KEYS = {"label", "description", "variants"}
_VARIANT_KEYS = {"name", "pattern", "match", "case_sensitive", "note"}
_CONFIDENCE = 0.95


class LexiconError(AnalysisError, ValueError):
    """A lexicon file is missing, unreadable or invalid.

    The message names the file and, where it applies, the family and the variant.
    """


# -------------------------------------------------------------------------------------------
# The lexicon as data
@dataclass(frozen=True)
class Variant:
    """One way of naming a family's referent.

    Attributes
    ----------
    family : str
        The family's key (``israel``).
    name : str
        How the variant is shown (``le régime israélien``).
    pattern : str
        What is matched (``régime israélien``), read according to ``match``.
    match : {"surface", "lemma", "regex"}
    case_sensitive : bool
    note : str
        A neutral usage note.
    """

    family: str
    name: str
    pattern: str
    match: str
    case_sensitive: bool
    note: str


@dataclass(frozen=True)
class Family:
    """The variants naming one referent.

    Attributes
    ----------
    name : str
        Key, lower-case letters, digits and ``_`` (``israel``).
    label : str
        Human-readable label (``The Israeli state and its army``).
    description : str
    variants : tuple of Variant
        In file order.
    """

    name: str
    label: str
    description: str
    variants: tuple[Variant, ...]


@dataclass(frozen=True)
class Lexicon:
    """A validated naming lexicon (see :func:`load_lexicon`).

    Attributes
    ----------
    name, version, language, description : str
        From the file's ``[lexicon]`` header; ``language`` is ``"fr"`` or ``"en"`` and
        decides how texts and patterns are tokenised.
    families : tuple of Family
        In file order.
    source : str
        Where it was read from (a path, or ``analysis/resources/<file>``).
    """

    name: str
    version: str
    language: str
    description: str
    families: tuple[Family, ...]
    source: str = field(default="", compare=False)

    @property
    def variants(self) -> tuple[Variant, ...]:
        """Every variant, family by family, in file order."""
        return tuple(v for f in self.families for v in f.variants)

    @property
    def family_names(self) -> tuple[str, ...]:
        """The families' keys, in file order."""
        return tuple(f.name for f in self.families)

    def table(self) -> pd.DataFrame:
        """The variants as a table: ``family, variant, match, case_sensitive, pattern, note``."""
        rows = [
            (v.family, v.name, v.match, v.case_sensitive, v.pattern, v.note) for v in self.variants
        ]
        return pd.DataFrame(
            rows, columns=["family", "variant", "match", "case_sensitive", "pattern", "note"]
        )

    def summary(self) -> pd.DataFrame:
        """One row per family: ``family, label, variants`` (how many)."""
        return pd.DataFrame(
            [(f.name, f.label, len(f.variants)) for f in self.families],
            columns=["family", "label", "variants"],
        )

    def __repr__(self) -> str:
        return (
            f"<Lexicon {self.name} {self.version} ({self.language}): "
            f"{len(self.families)} families, {len(self.variants)} variants>"
        )


def available_lexicons() -> list[str]:
    """Names of the lexicons shipped in ``analysis/resources`` (``lexicon_<name>.toml``)."""
    folder = resources.files("analysis.resources")
    return sorted(
        p.name[len(_RESOURCE_PREFIX) : -len(".toml")]
        for p in folder.iterdir()
        if p.name.startswith(_RESOURCE_PREFIX) and p.name.endswith(".toml")
    )


def load_lexicon(path_or_name: str | os.PathLike[str] | Lexicon = _DEFAULT) -> Lexicon:
    """Read and validate a naming lexicon.

    Parameters
    ----------
    path_or_name : str, path or Lexicon
        The name of a shipped lexicon (:func:`available_lexicons`: ``"conflict_fr"``,
        ``"conflict_en"``) or the path of a TOML file of your own. A Lexicon is returned
        as it is.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        If the file does not exist or is not valid TOML, or breaks a rule of the format:
        a ``[lexicon]`` header with ``name``, ``version`` (``MAJOR.MINOR.PATCH``),
        ``language`` (``fr``/``en``) and ``description``; at least one family under
        ``[families.<key>]`` with a ``label`` and at least one ``[[families.<key>.variants]]``;
        every variant with ``name``, ``pattern``, ``match`` (``surface``/``lemma``/``regex``),
        ``case_sensitive`` (true/false, never implied) and a ``note``; no unknown keys, no
        regex that fails to compile or matches the empty string, no two variants with the
        same pattern. The message names the file, the family and the variant.
    InputTypeError
        If ``path_or_name`` is not a string, a path or a Lexicon.

    Examples
    --------
    >>> lex = load_lexicon("conflict_fr")
    >>> lex.language, "israel" in lex.family_names
    ('fr', True)
    """
    if isinstance(path_or_name, Lexicon):
        return path_or_name
    if isinstance(path_or_name, str) and not path_or_name.strip():
        raise LexiconError(
            "an empty string is not a lexicon; give a name such as 'conflict_fr' or a path."
        )
    if isinstance(path_or_name, str) and _NAME.fullmatch(path_or_name):
        resource = resources.files("analysis.resources").joinpath(
            f"{_RESOURCE_PREFIX}{path_or_name}.toml"
        )
        if not resource.is_file():
            shipped = ", ".join(repr(n) for n in available_lexicons())
            raise LexiconError(
                f"no lexicon named {path_or_name!r}; the shipped ones are {shipped}, "
                "or give the path of a .toml file of your own."
            )
        return _parse(resource.read_bytes(), f"analysis/resources/{resource.name}")
    if not isinstance(path_or_name, str | os.PathLike):
        raise InputTypeError(
            "path_or_name must be a lexicon name (str), the path of a .toml file or a Lexicon; "
            f"received {type(path_or_name).__name__}."
        )
    path = Path(path_or_name)
    if not path.is_file():
        raise LexiconError(f"{path}: no such lexicon file.")
    return _parse(path.read_bytes(), str(path))


def _parse(data: bytes, source: str) -> Lexicon:
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{source}: not UTF-8 text ({exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{source}: not valid TOML: {exc}.") from None

    def fail(message: str, family: str | None = None, variant: str | None = None) -> LexiconError:
        where = source
        if family is not None:
            where += f": family {family!r}"
        if variant is not None:
            where += f", variant {variant!r}"
        return LexiconError(f"{where}: {message}")

    def unknown(table: Mapping[str, Any], allowed: set[str], **where: Any) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise fail(
                f"unknown key(s) {', '.join(map(repr, extra))}; allowed: "
                f"{', '.join(sorted(allowed))}.",
                **where,
            )

    def text(table: Mapping[str, Any], key: str, **where: Any) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            got = "missing" if value is None else f"{value!r}"
            raise fail(f"{key!r} must be a non-empty string; {got}.", **where)
        return value.strip()

    header = raw.get("lexicon")
    if not isinstance(header, dict):
        raise fail("the [lexicon] header table (name, version, language, description) is missing.")
    unknown(header, _HEADER_KEYS)
    name = text(header, "name")
    version = text(header, "version")
    if not _VERSION.fullmatch(version):
        raise fail(f"version must be MAJOR.MINOR.PATCH such as '1.0.0'; received {version!r}.")
    language = text(header, "language")
    if language not in _tokens.LANGUAGES:
        shown = ", ".join(map(repr, _tokens.LANGUAGES))
        raise fail(f"language={language!r} is not supported; choose one of {shown}.")
    description = text(header, "description")
    unknown(raw, {"lexicon", "families"})

    table = raw.get("families")
    if not isinstance(table, dict) or not table:
        raise fail("no family: add at least one [families.<key>] table with its variants.")
    families = []
    seen_patterns: dict[tuple[Any, ...], tuple[str, str]] = {}
    for key, fam in table.items():
        if not _NAME.fullmatch(key):
            raise fail(
                "a family key must be lower-case letters, digits and '_' starting with a letter.",
                key,
            )
        if not isinstance(fam, dict):
            raise fail("must be a table ([families.<key>]).", key)
        unknown(fam, _FAMILY_KEYS, family=key)
        label = text(fam, "label", family=key)
        fam_description = fam.get("description", "")
        if not isinstance(fam_description, str):
            raise fail(f"'description' must be a string; received {fam_description!r}.", key)
        entries = fam.get("variants")
        if not isinstance(entries, list) or not entries:
            raise fail("no variant: add [[families.<key>.variants]] entries.", key)
        variants = []
        names: set[str] = set()
        for n, entry in enumerate(entries, 1):
            if not isinstance(entry, dict):
                raise fail(f"variant number {n} is not a table.", key)
            vname = entry.get("name")
            label_v = vname if isinstance(vname, str) and vname.strip() else f"number {n}"
            where = {"family": key, "variant": label_v}
            unknown(entry, _VARIANT_KEYS, **where)
            vname = text(entry, "name", **where)
            if vname in names:
                raise fail("the name is used twice in this family.", **where)
            names.add(vname)
            if ":" in vname:
                raise fail("a variant name cannot contain ':'.", **where)
            if vname == ALL_VARIANTS:
                raise fail(f"{ALL_VARIANTS!r} is reserved for rows pooling a family.", **where)
            pattern = text(entry, "pattern", **where)
            if "match" not in entry:
                raise fail("'match' must be declared: 'surface', 'lemma' or 'regex'.", **where)
            match = entry["match"]
            if match not in MATCH_KINDS:
                raise fail(
                    f"match={match!r} is not allowed; choose one of "
                    f"{', '.join(map(repr, MATCH_KINDS))}.",
                    **where,
                )
            if "case_sensitive" not in entry:
                raise fail("'case_sensitive' must be declared (true or false).", **where)
            cs = entry["case_sensitive"]
            if not isinstance(cs, bool):
                raise fail(f"case_sensitive must be true or false; received {cs!r}.", **where)
            note = text(entry, "note", **where)
            variant = Variant(key, vname, pattern, match, cs, note)
            try:
                compiled = _compile_variant(variant, language)
            except ValueError as exc:
                raise fail(str(exc), **where) from None
            signature = (match, cs, compiled.tokens or pattern, compiled.caps)
            if signature in seen_patterns:
                other_f, other_v = seen_patterns[signature]
                raise fail(
                    f"same pattern as family {other_f!r}, variant {other_v!r}: a match could "
                    "not be given to either. Keep one.",
                    **where,
                )
            seen_patterns[signature] = (key, vname)
            variants.append(variant)
        families.append(Family(key, label, fam_description.strip(), tuple(variants)))
    return Lexicon(name, version, language, description, tuple(families), source)


# -------------------------------------------------------------------------------------------
# Compiled patterns
@dataclass(frozen=True)
class _Compiled:
    index: int
    match: str
    case_sensitive: bool
    tokens: tuple[str, ...] = ()
    caps: tuple[int, ...] = ()  # positions of pattern words written with a capital
    regex: re.Pattern[str] | None = None
    # Lower-case strings of which one must occur in a text for the regex to match there;
    # None when the pattern gives no such guarantee. Only a shortcut: it never changes
    # what matches, it spares running the regex over texts that cannot match.
    needles: tuple[str, ...] | None = None


def _required_literals(pattern: str) -> tuple[str, ...] | None:
    """Strings (lower-cased) one of which every match of ``pattern`` contains, or None.

    Walks the parsed pattern: the longest run of literal characters of the top-level
    sequence, a group, a repeat of at least one, or a branch whose every alternative has
    one. Anything unexpected gives None (no shortcut), so this can only be too cautious.
    """
    try:
        from re import _constants as C  # noqa: N812
        from re import _parser

        parsed = _parser.parse(pattern, 0)
    except Exception:  # pragma: no cover - private API moved: simply no shortcut
        return None

    def score(alts: tuple[str, ...] | None) -> tuple[int, int]:
        return (min(map(len, alts)), -len(alts)) if alts else (0, 0)

    def walk(seq: Any) -> tuple[str, ...] | None:
        best: tuple[str, ...] | None = None
        run: list[str] = []

        def consider(alts: tuple[str, ...] | None) -> None:
            nonlocal best
            if alts and score(alts) > score(best):
                best = alts

        for op, av in seq:
            if op is C.LITERAL:
                run.append(chr(av))
                continue
            if run:
                consider(("".join(run).lower(),))
                run = []
            if op is C.SUBPATTERN:
                consider(walk(av[-1]))
            elif op is C.BRANCH:
                alts = [walk(b) for b in av[1]]
                if all(alts):
                    consider(tuple(sorted({a for alt in alts for a in alt})))  # type: ignore[union-attr]
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
                consider(walk(av[2]))
        if run:
            consider(("".join(run).lower(),))
        return best

    try:
        found = walk(parsed)
    except Exception:  # pragma: no cover
        return None
    return found if found and score(found)[0] >= 2 else None


def _compile_variant(v: Variant, language: str, index: int = -1) -> _Compiled:
    """Tokens (or regex) of one variant; ValueError with a readable reason if unusable."""
    if v.match == "regex":
        try:
            rx = re.compile(v.pattern, 0 if v.case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"the regex does not compile: {exc}.") from None
        if rx.fullmatch("") is not None:
            raise ValueError("the regex matches the empty string; it would match everywhere.")
        return _Compiled(
            index, "regex", v.case_sensitive, regex=rx, needles=_required_literals(v.pattern)
        )
    stream = _tokens.scan(v.pattern, language, lemmatize=v.match == "lemma")
    if not stream.tokens:
        raise ValueError(f"the pattern {v.pattern!r} holds no word once tokenised.")
    if len(set(stream.sentence)) > 1:
        raise ValueError(f"the pattern {v.pattern!r} spans two sentences.")
    norm = _tokens.normalize(v.pattern)
    caps = tuple(k for k, s in enumerate(stream.starts) if norm[s].isupper())
    return _Compiled(
        index, v.match, v.case_sensitive, tuple(stream.tokens), caps if v.case_sensitive else ()
    )


@dataclass(frozen=True)
class _Matcher:
    language: str
    variants: tuple[Variant, ...]
    surface: dict[str, list[_Compiled]]
    lemma: dict[str, list[_Compiled]]
    regexes: tuple[_Compiled, ...]


@lru_cache(maxsize=16)
def _matcher(lex: Lexicon) -> _Matcher:
    surface: dict[str, list[_Compiled]] = {}
    lemma: dict[str, list[_Compiled]] = {}
    regexes = []
    for i, v in enumerate(lex.variants):
        c = _compile_variant(v, lex.language, i)
        if c.match == "regex":
            regexes.append(c)
        else:
            (surface if c.match == "surface" else lemma).setdefault(c.tokens[0], []).append(c)
    return _Matcher(lex.language, lex.variants, surface, lemma, tuple(regexes))


def _candidates(texts: Sequence[str], m: _Matcher) -> tuple[np.ndarray, np.ndarray]:
    """Token counts of ``texts``, and which texts could hold a match at all.

    The lean counter (:func:`analysis.tokens._lean_count`, several times faster than
    :func:`analysis.tokens.scan`) gives every text's tokens — scan's lower-case tokens,
    stop words and numbers included, in order — and their number. A text can hold a
    match only if it has the whole token sequence of a surface variant, or a token that
    starts a lemma variant by itself or by its simplemma lemma (scan's lemma stream gives
    a token one of the two), or a match of a pattern variant in its normalised text. These
    are the conditions of :func:`_find` without its sentence, capital-letter and overlap
    checks, so they let through every text with a match. Only those texts are scanned
    with offsets; the others have none, and their token count is already known.
    """
    terms, indptr, ids, n_tokens = _tokens._lean_count(
        texts, m.language, stop=frozenset(), keep_numbers=True
    )
    index = {t: i for i, t in enumerate(terms)}
    # surface variants as term-id sequences, by first id (absent terms: cannot match here)
    sequences: dict[int, list[tuple[int, ...]]] = {}
    for variants in m.surface.values():
        for c in variants:
            seq = tuple(index.get(t, -1) for t in c.tokens)
            if -1 not in seq:
                sequences.setdefault(seq[0], []).append(seq)
    lemma = m.lemma.keys()
    opens_lemma = {
        i for i, t in enumerate(terms) if t in lemma or _tokens._lemma(t, m.language) in lemma
    } if lemma else set()  # fmt: skip
    maybe = np.zeros(len(texts), dtype=bool)
    firsts = np.fromiter(set(sequences) | opens_lemma, dtype=np.int64)
    at = np.flatnonzero(np.isin(ids, firsts))
    if len(at):
        docs = (np.searchsorted(indptr, at, side="right") - 1).tolist()
        ends = indptr[1:].tolist()
        seq_ids = ids.tolist()
        for p, d in zip(at.tolist(), docs, strict=True):
            if maybe[d]:
                continue
            t = seq_ids[p]
            if t in opens_lemma or any(
                tuple(seq_ids[p : p + len(seq)]) == seq and p + len(seq) <= ends[d]
                for seq in sequences.get(t, ())
            ):
                maybe[d] = True
    if m.regexes:
        for d in np.flatnonzero(~maybe).tolist():
            norm = _tokens.normalize(texts[d])
            low = norm.lower()
            maybe[d] = any(
                (c.needles is None or any(n in low for n in c.needles))
                and c.regex.search(norm) is not None  # type: ignore[union-attr]
                for c in m.regexes
            )
    return n_tokens, maybe


def _find(text: str, m: _Matcher) -> tuple[list[tuple[int, int, int]], _tokens.TokenStream]:
    """Matches ``(first token, last token + 1, variant index)`` in text order, and the stream."""
    firsts = m.lemma.keys()
    if firsts:
        # both streams from one tokenisation: they share offsets and sentence numbers
        stream, lemmas = _tokens._scan_plain_and_lemmas(text, m.language)
    else:
        stream = _tokens.scan(text, m.language)
    toks, sent, starts, ends = stream.tokens, stream.sentence, stream.starts, stream.ends
    n = len(toks)
    if n == 0:
        return [], stream
    candidates: list[tuple[int, int, int, bool]] = []

    def scan_tokens(seq: list[str], index: dict[str, list[_Compiled]]) -> None:
        keys = index.keys()
        for i, t in enumerate(seq):
            if t not in keys:
                continue
            for c in index[t]:
                k = len(c.tokens)
                j = i + k
                if j > n or sent[j - 1] != sent[i]:
                    continue
                if k > 1 and tuple(seq[i:j]) != c.tokens:
                    continue
                if c.caps and not all(text[starts[i + p]].isupper() for p in c.caps):
                    continue
                candidates.append((i, j, c.index, c.case_sensitive))

    if m.surface:
        scan_tokens(toks, m.surface)
    if firsts and not firsts.isdisjoint(lemmas.tokens):
        scan_tokens(lemmas.tokens, m.lemma)
    if m.regexes:
        norm = _tokens.normalize(text)
        low = norm.lower()
        for c in m.regexes:
            if c.needles is not None and not any(n in low for n in c.needles):
                continue
            for hit in c.regex.finditer(norm):  # type: ignore[union-attr]
                s, e = hit.span()
                if s == e:
                    continue
                i = bisect.bisect_left(starts, s)
                if i == n or starts[i] != s:
                    continue  # starts inside a word
                j = bisect.bisect_left(ends, e, lo=i)
                if j == n or ends[j] != e:
                    continue  # ends inside a word
                candidates.append((i, j + 1, c.index, c.case_sensitive))
    if not candidates:
        return [], stream
    # Longest first; at equal length case-sensitive, then leftmost, then file order.
    candidates.sort(key=lambda c: (c[0] - c[1], not c[3], c[0], c[2]))
    taken = bytearray(n)
    kept = []
    for i, j, v, _ in candidates:
        if not any(taken[i:j]):
            taken[i:j] = b"\x01" * (j - i)
            kept.append((i, j, v))
    kept.sort()
    return kept, stream


# -------------------------------------------------------------------------------------------
# Matching texts and corpora
def _resolve_lexicon(lexicon: Any) -> Lexicon:
    return load_lexicon(_DEFAULT if lexicon is None else lexicon)


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    left = " ".join(text[max(0, start - width) : start].split("\n"))
    right = " ".join(text[end : end + width].split("\n"))
    return left, right


def match_text(text: str, lexicon: str | os.PathLike[str] | Lexicon | None = None) -> pd.DataFrame:
    """Every match of a lexicon in one text.

    Parameters
    ----------
    text : str
    lexicon : name, path or Lexicon, optional
        Default ``"conflict_fr"``.

    Returns
    -------
    pandas.DataFrame
        ``family, variant, start, end, text, sentence`` in text order; ``start``/``end``
        index ``text``; matches with the same ``sentence`` number (from
        :func:`analysis.tokens.scan`) share a sentence.

    Raises
    ------
    InputTypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> match_text("La Résistance islamique en Irak et la résistance.")[["variant", "start", "end"]].values.tolist()
    [['la Résistance islamique en Irak', 3, 31]]
    """
    if not isinstance(text, str):
        raise InputTypeError(
            f"text must be a string; received {type(text).__name__}. For a corpus use lexicon_matches."
        )
    lex = _resolve_lexicon(lexicon)
    m = _matcher(lex)
    hits, stream = _find(text, m)
    rows = [
        (m.variants[v].family, m.variants[v].name, stream.starts[i], stream.ends[j - 1],
         text[stream.starts[i] : stream.ends[j - 1]], stream.sentence[i])
        for i, j, v in hits
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["family", "variant", "start", "end", "text", "sentence"])


@dataclass
class _CorpusMatches:
    texts: list[str]
    meta: pd.DataFrame
    n_tokens: np.ndarray
    hits: list[list[tuple[int, int, int, int, int]]]  # (variant, start, end, sentence, n_tok)


def _check_field(field: Any) -> str:
    return check_choice("field", field, FIELDS)


def _warn_language(meta: pd.DataFrame, lex: Lexicon) -> None:
    if "language" not in meta.columns:
        return
    langs = meta["language"].dropna().astype(str)
    other = int((langs != lex.language).sum())
    if other:
        warnings.warn(
            f"{other} of {len(meta)} articles are not in {lex.language!r} but are matched with "
            f"the {lex.language!r} lexicon {lex.name!r}; use a lexicon of their language or "
            "select the articles first.",
            UserWarning,
            stacklevel=4,  # _warn_language < _match_corpus < lexicon_dtm/lexicon_matches < caller
        )


def article_metadata(corpus: Any) -> pd.DataFrame:
    """The articles' metadata (every column but ``text``) as the ``docs`` of a matrix.

    Indexed by ``doc_id`` (the article id), with the id also in ``article_id`` (so that
    ``by="article_id"`` compares articles), as :func:`analysis.dtm.dtm` does for articles.
    """
    _check_corpus(corpus)
    meta = corpus.articles.drop(columns="text").rename(columns={"id": "article_id"})
    meta.index = pd.Index(meta["article_id"].astype(str), name="doc_id")
    return meta


# Articles per task when matching a corpus (see analysis.parallel): the first, matched here
# before the workers fork, compiles the lexicon for all of them.
_CHUNK_MIN = 100
_CHUNK_MAX = 1_000
_CHUNK_WARM_UP = 200


def _match_range(
    texts: Sequence[str], start: int, stop: int, lex: Lexicon
) -> tuple[np.ndarray, list[list[tuple[int, int, int, int, int]]]]:
    """Token counts and matches ``(variant, start, end, sentence, n_tok)`` of texts
    ``start:stop`` (here or in a worker process)."""
    m = _matcher(lex)
    part = texts[start:stop]
    n_tokens, maybe = _candidates(part, m)
    hits: list[list[tuple[int, int, int, int, int]]] = []
    for text, scan_it in zip(part, maybe.tolist(), strict=True):
        if not scan_it:
            hits.append([])
            continue
        found, stream = _find(text, m)
        hits.append(
            [
                (v, stream.starts[i], stream.ends[j - 1], stream.sentence[i], j - i)
                for i, j, v in found
            ]
        )
    return n_tokens, hits


def _match_corpus(
    corpus: Any,
    lex: Lexicon,
    field: str,
    include_off_story: bool,
    progress: bool | None,
    n_jobs: int | None,
) -> _CorpusMatches:
    meta = article_metadata(corpus)
    texts = [
        t if isinstance(t, str) else ""
        for t in corpus.texts(field, include_off_story=include_off_story)
    ]
    _warn_language(meta, lex)
    jobs = resolve_n_jobs(n_jobs, len(texts))
    bounds = chunk_bounds(
        len(texts), jobs, min_size=_CHUNK_MIN, max_size=_CHUNK_MAX, warm_up=_CHUNK_WARM_UP
    )
    parts: list[Any] = [None] * len(bounds)
    done = map_chunks(_match_range, texts, bounds, jobs, (lex,))
    bar = progress_bar(
        done, desc=f"matching {lex.name}", unit="chunk", total=len(bounds), enabled=progress
    )
    for k, part in bar:
        parts[k] = part
    n_tokens = np.zeros(len(texts), dtype=np.int64)
    hits: list[list[tuple[int, int, int, int, int]]] = []
    for (a, b), (counts, found) in zip(bounds, parts, strict=True):
        n_tokens[a:b] = counts
        hits.extend(found)
    return _CorpusMatches(texts, meta, n_tokens, hits)


def lexicon_matches(
    x: Any,
    lexicon: str | os.PathLike[str] | Lexicon | None = None,
    *,
    field: str = "body",
    include_off_story: bool = False,
    context: int = 60,
    progress: bool | None = None,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """One row per match of a lexicon in a corpus, with its context.

    Parameters
    ----------
    x : Corpus
    lexicon : name, path or Lexicon, optional
        Default ``"conflict_fr"``.
    field : {"body", "title", "captions", "all"}
        Which text of each article is searched (see :meth:`analysis.corpus.Corpus.texts`).
    include_off_story : bool
        Also search captions judged not to belong to their story.
    context : int
        Characters of context kept on each side (``left``, ``right``), line breaks as spaces.
    progress : bool or None
        Progress bar (``None``: only on a terminal).
    n_jobs : int or None
        Worker processes (see :func:`analysis.dtm`): ``None`` uses every core from
        :data:`analysis.parallel.PARALLEL_MIN_DOCS` articles on; the result does not depend
        on it.

    Returns
    -------
    pandas.DataFrame
        :data:`MATCH_COLUMNS`: ``id`` (article), ``family``, ``variant``, ``start`` and
        ``end`` (character offsets in the article's ``field`` text), ``text`` (as written),
        ``sentence`` (the sentence number of :func:`analysis.tokens.scan`: matches with the
        same number share a sentence), ``left``, ``right``, ``field``.
        In corpus order, then text order.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus.
    OptionError
        If an option is not allowed.
    LexiconError
        If the lexicon cannot be loaded.
    """
    field = _check_field(field)
    context = check_positive_int("context", context, minimum=0)
    lex = _resolve_lexicon(lexicon)
    cm = _match_corpus(x, lex, field, bool(include_off_story), progress, n_jobs)
    variants = lex.variants
    rows = []
    for doc_id, text, hits in zip(cm.meta["article_id"], cm.texts, cm.hits, strict=True):
        for v, s, e, sentence, _ in hits:
            left, right = _context(text, s, e, context)
            var = variants[v]
            rows.append(
                (doc_id, var.family, var.name, s, e, text[s:e], sentence, left, right, field)
            )
    out = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    return out.astype({"start": "int64", "end": "int64", "sentence": "int64"})


def _term(v: Variant) -> str:
    return f"{v.family}:{v.name}"


def lexicon_dtm(
    x: Any,
    lexicon: str | os.PathLike[str] | Lexicon | None = None,
    *,
    field: str = "body",
    include_off_story: bool = False,
    progress: bool | None = None,
    n_jobs: int | None = None,
) -> DTM:
    """Articles × lexicon variants: how many times each article uses each variant.

    Match a corpus once and pass the result to :func:`lexicon_counts`,
    :func:`naming_shares`, :func:`analysis.timeline.attention` and
    :func:`analysis.timeline.lexicon_rates`.

    Parameters
    ----------
    x : Corpus
    lexicon : name, path or Lexicon, optional
        Default ``"conflict_fr"``.
    field : {"body", "title", "captions", "all"}
    include_off_story : bool
        Also search captions judged not to belong to their story.
    progress : bool or None
    n_jobs : int or None
        Worker processes, as for :func:`lexicon_matches`.

    Returns
    -------
    DTM
        ``terms`` are ``"<family>:<variant>"`` in lexicon order; ``docs`` holds the
        articles' metadata, ``month``, ``n_tokens`` (running words including stop words)
        and ``n_terms`` (number of matches); ``options`` records the field and the
        Lexicon (``options["lexicon"]``).

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus.
    """
    field = _check_field(field)
    lex = _resolve_lexicon(lexicon)
    cm = _match_corpus(x, lex, field, bool(include_off_story), progress, n_jobs)
    n_var = len(lex.variants)
    indptr = [0]
    indices: list[int] = []
    for hits in cm.hits:
        indices.extend(h[0] for h in hits)
        indptr.append(len(indices))
    counts = sp.csr_matrix(
        (
            np.ones(len(indices), dtype=np.int64),
            np.asarray(indices, dtype=np.int64),
            np.asarray(indptr),
        ),
        shape=(len(cm.texts), n_var),
    )
    counts.sum_duplicates()
    counts.sort_indices()
    docs = cm.meta.copy()
    if "date" in docs.columns:
        dates = pd.to_datetime(docs["date"], errors="coerce")
        docs["month"] = dates.dt.strftime("%Y-%m").where(dates.notna(), None)
    docs["n_tokens"] = cm.n_tokens
    docs["n_terms"] = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)
    options = {
        "field": field,
        "unit": "article",
        "include_off_story": bool(include_off_story),
        "lexicon": lex,
        "lexicon_name": lex.name,
        "lexicon_version": lex.version,
    }
    terms = pd.Index([_term(v) for v in lex.variants], name="term")
    return DTM(counts=counts, docs=docs, terms=terms, weighting="count", options=options)


def as_lexicon_dtm(
    x: Any,
    lexicon: str | os.PathLike[str] | Lexicon | None = None,
    *,
    field: str | None = None,
) -> tuple[DTM, Lexicon]:
    """``x`` as a lexicon matrix and its Lexicon: matched now if ``x`` is a Corpus.

    A matrix from :func:`lexicon_dtm` is returned as it is, after checking that
    ``lexicon`` and ``field``, when given, are the ones it was built with.

    Raises
    ------
    OptionError
        If ``x`` is a DTM not built by :func:`lexicon_dtm`, or built with another lexicon
        or field.
    InputTypeError
        If ``x`` is neither a Corpus nor a DTM.
    """
    if isinstance(x, DTM):
        lex = x.options.get("lexicon")
        if not isinstance(lex, Lexicon):
            raise OptionError(
                "this DTM counts words, not lexicon variants; build one with "
                "analysis.lexicons.lexicon_dtm(corpus, lexicon) or pass the Corpus."
            )
        if lexicon is not None:
            asked = load_lexicon(lexicon)
            if asked != lex:
                raise OptionError(
                    f"lexicon {asked.name!r} {asked.version} differs from the matrix's "
                    f"{lex.name!r} {lex.version}; pass the Corpus or rebuild the matrix."
                )
        if field is not None and field != x.options.get("field"):
            raise OptionError(
                f"field={field!r} differs from the matrix's field={x.options.get('field')!r}; "
                "pass the Corpus or build the matrix with lexicon_dtm(corpus, field=...)."
            )
        return x, lex
    _check_corpus(x)
    lex = _resolve_lexicon(lexicon)
    return lexicon_dtm(x, lex, field="body" if field is None else field), lex


def check_by(x: Any, by: Any) -> str | None:
    """Check ``by`` names a metadata column of ``x`` *before* a corpus is matched.

    ``x`` is a Corpus (its article columns, ``article_id`` and ``month``) or a DTM (its
    ``docs`` columns).

    Raises
    ------
    OptionError
        Naming the allowed columns.
    """
    if by is None:
        return None
    if isinstance(x, DTM):
        columns = [c for c in x.docs.columns if c not in ("n_tokens", "n_terms")]
    elif hasattr(x, "articles"):
        columns = [
            "article_id",
            *[c for c in x.articles.columns if c not in ("id", "text")],
            "month",
        ]
    else:
        return by  # not a corpus: the type error comes next, from the matching
    if not isinstance(by, str) or by not in columns:
        allowed = ", ".join(repr(c) for c in columns)
        raise OptionError(f"by={by!r} is not a metadata column; choose one of {allowed}.")
    return by


def _warn_ungrouped(m: DTM, by: str | None, ind: sp.csr_matrix) -> None:
    if by is None:
        return
    missing = len(m) - int(ind.sum())
    if missing:
        warnings.warn(
            f"{missing} of {len(m)} articles have no {by!r} value and are left out.",
            UserWarning,
            stacklevel=3,
        )


def _bootstrap_rates(
    counts: np.ndarray, n_tokens: np.ndarray, n_boot: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of per-10k rates, resampling documents (rows) with replacement."""
    n_docs = counts.shape[0]
    weights = rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n_boot).astype(float)
    boot_counts = weights @ counts
    boot_tokens = weights @ n_tokens
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(boot_tokens[:, None] > 0, boot_counts / boot_tokens[:, None] * 10_000, 0.0)
    alpha = (1 - _CONFIDENCE) / 2
    low, high = np.quantile(rates, [alpha, 1 - alpha], axis=0)
    return low, high


def lexicon_counts(
    x: Any,
    lexicon: str | os.PathLike[str] | Lexicon | None = None,
    *,
    by: str | None = None,
    field: str | None = None,
    n_boot: int = 1000,
    seed: int = config.RANDOM_SEED,
) -> pd.DataFrame:
    """How often each variant is used, per group, with a bootstrap interval over articles.

    .. math:: \\mathrm{per\\_10k}(v, g) = 10\\,000 \\cdot \\frac{c_{v,g}}{N_g}

    where :math:`c_{v,g}` is the number of matches of variant *v* in group *g* and
    :math:`N_g` the group's running words **including stop words** (as in
    :func:`analysis.frequency.term_frequencies`).

    The 95 % interval is a percentile bootstrap over **articles**: the group's articles
    are drawn with replacement ``n_boot`` times and the rate recomputed as
    :math:`\\sum c / \\sum N` each time (Efron & Tibshirani 1993, ch. 13). It reflects
    how much the rate depends on which articles were collected — not the variation
    within an article: a group of one article gets an interval of zero width.

    Parameters
    ----------
    x : Corpus or DTM from :func:`lexicon_dtm`
    lexicon : name, path or Lexicon, optional
        Default ``"conflict_fr"`` for a Corpus, the matrix's own lexicon for a DTM.
    by : str or None
        Metadata column to group by (``outlet``, ``month``, ``article_id`` …); ``None``
        is one group ``"all"``. Articles without a value are left out, with a warning.
    field : {"body", "title", "captions", "all"} or None
        Which text of a Corpus is matched; default ``"body"``.
    n_boot : int
        Bootstrap resamples; 0 skips the interval (``ci_low``/``ci_high`` are NaN).
    seed : int
        Seed of the resampling (default :data:`analysis.config.RANDOM_SEED`); the same
        seed gives the same interval.

    Returns
    -------
    pandas.DataFrame
        :data:`COUNT_COLUMNS`: ``family, variant, group, count, per_10k, ci_low, ci_high``
        then ``doc_freq`` (articles of the group using the variant), ``n_articles`` and
        ``n_tokens`` (the group's articles and running words). One row per variant and
        group, zeros included, in group order then lexicon order.

    Raises
    ------
    OptionError
        If an option is not allowed.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
    """
    n_boot = check_positive_int("n_boot", n_boot, minimum=0)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise OptionError(f"seed must be an integer; received {seed!r}.")
    if field is not None:
        _check_field(field)
    check_by(x, by)
    m, lex = as_lexicon_dtm(x, lexicon, field=field)
    groups, ind = m.group_indicator(by)
    _warn_ungrouped(m, by, ind)
    _, counts, doc_freq, n_tokens = group_counts(m, by)
    sizes = np.asarray(ind.sum(axis=1)).ravel().astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_10k = np.where(n_tokens[:, None] > 0, counts / n_tokens[:, None] * 10_000, 0.0)
    n_var = len(lex.variants)
    low = np.full((len(groups), n_var), np.nan)
    high = np.full((len(groups), n_var), np.nan)
    if n_boot:
        doc_tokens = m.docs["n_tokens"].to_numpy(dtype=float)
        seeds = np.random.SeedSequence(int(seed)).spawn(len(groups))
        for g in range(len(groups)):
            docs = ind[g].indices
            if len(docs) == 0:
                continue
            rng = np.random.default_rng(seeds[g])
            low[g], high[g] = _bootstrap_rates(
                m.counts[docs].toarray().astype(float), doc_tokens[docs], n_boot, rng
            )
    fam = [v.family for v in lex.variants]
    var = [v.name for v in lex.variants]
    out = pd.DataFrame(
        {
            "family": np.tile(fam, len(groups)),
            "variant": np.tile(var, len(groups)),
            "group": np.repeat(groups.to_numpy(), n_var),
            "count": counts.astype(np.int64).ravel(),
            "per_10k": per_10k.ravel(),
            "ci_low": low.ravel(),
            "ci_high": high.ravel(),
            "doc_freq": doc_freq.astype(np.int64).ravel(),
            "n_articles": np.repeat(sizes, n_var),
            "n_tokens": np.repeat(n_tokens.astype(np.int64), n_var),
        }
    )
    return out[COUNT_COLUMNS]


def group_codes(m: DTM, by: str | None) -> tuple[pd.Index, np.ndarray]:
    """The groups of ``by`` and, for each document, the position of its group (−1: none).

    Groups and their order are those of :meth:`analysis.dtm.DTM.group_indicator`.
    """
    groups, ind = m.group_indicator(by)
    codes = np.full(len(m), -1, dtype=np.int64)
    rows, cols = ind.nonzero()
    codes[cols] = rows
    return groups, codes


def naming_shares(
    x: Any,
    lexicon: str | os.PathLike[str] | Lexicon | None = None,
    *,
    by: str | None = None,
    period: str | None = None,
    field: str | None = None,
) -> pd.DataFrame:
    """Each variant's share of its family's matches, per group (and per period).

    .. math:: \\mathrm{share}(v, g) = \\frac{c_{v,g}}{\\sum_{v' \\in F(v)} c_{v',g}}

    where :math:`F(v)` is the family of *v*: of all the times group *g* names the
    family's referent, the fraction that uses *v*. Shares of a family sum to 1 in every
    group that names it; they are NaN where the group never does (``family_total`` 0).

    Parameters
    ----------
    x : Corpus or DTM from :func:`lexicon_dtm`
    lexicon : name, path or Lexicon, optional
        Default ``"conflict_fr"`` for a Corpus, the matrix's own lexicon for a DTM.
    by : str or None
        Metadata column to group by; ``None`` is one group ``"all"``.
    period : {"day", "week", "month"} or None
        Also split by the period of each article's date (weeks start on Monday); undated
        articles are then left out, with a warning, and counted in ``attrs["undated"]``.
    field : {"body", "title", "captions", "all"} or None
        Which text of a Corpus is matched; default ``"body"``.

    Returns
    -------
    pandas.DataFrame
        :data:`SHARE_COLUMNS`: ``family, variant, group, period`` (the period's first
        day, ``NaT`` when ``period`` is None), ``count``, ``family_total``, ``share``.
        Every variant of every family for every group (and period that has articles), in
        group, period and lexicon order. ``attrs["undated"]`` counts the undated articles
        left out (0 without ``period``).

    Examples
    --------
    >>> import analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"text": ["Israël. Le régime israélien. Israël."]}))
    >>> s = naming_shares(c)
    >>> s[(s.family == "israel") & (s["count"] > 0)][["variant", "count", "share"]].values.tolist()
    [['Israël', 2, 0.6666666666666666], ['le régime israélien', 1, 0.3333333333333333]]
    """
    if period is not None:
        from analysis.timeline import PERIODS

        check_choice("period", period, PERIODS)
    if field is not None:
        _check_field(field)
    check_by(x, by)
    m, lex = as_lexicon_dtm(x, lexicon, field=field)
    groups, codes = group_codes(m, by)
    _warn_ungrouped(m, by, m.group_indicator(by)[1])
    undated = 0
    if period is None:
        p_values = pd.DatetimeIndex([pd.NaT])
        p_code = np.zeros(len(m), dtype=np.int64)
    else:
        from analysis.timeline import period_start

        dates = m.docs["date"] if "date" in m.docs else pd.Series(pd.NaT, index=m.docs.index)
        starts = period_start(dates, period)
        dated = starts.notna().to_numpy()
        undated = int(((codes >= 0) & ~dated).sum())
        if undated:
            warnings.warn(
                f"{undated} of {int((codes >= 0).sum())} articles have no date and are left out "
                "of the shares per period (attrs['undated']).",
                UserWarning,
                stacklevel=2,
            )
        codes = np.where(dated, codes, -1)
        p_code_raw, uniques = pd.factorize(starts, sort=True)
        p_values = pd.DatetimeIndex(uniques)
        p_code = np.asarray(p_code_raw, dtype=np.int64)
    keep = codes >= 0
    n_p = max(len(p_values), 1)
    keys, rows = np.unique(codes[keep] * n_p + p_code[keep], return_inverse=True)
    ind = sp.csr_matrix(
        (np.ones(len(rows)), (rows.ravel(), np.flatnonzero(keep))), shape=(len(keys), len(m))
    )
    counts = np.asarray((ind @ m.counts).todense()).astype(np.int64).reshape(len(keys), -1)
    g_of, p_of = keys // n_p, p_values[keys % n_p] if len(keys) else pd.DatetimeIndex([])
    fam = np.array([v.family for v in lex.variants], dtype=object)
    family_index = {f: k for k, f in enumerate(lex.family_names)}
    fam_code = np.array([family_index[f] for f in fam])
    # Sum each family's columns, then spread the totals back to its variants.
    onehot = np.zeros((len(fam), len(family_index)), dtype=np.int64)
    onehot[np.arange(len(fam)), fam_code] = 1
    family_total = (counts @ onehot)[:, fam_code]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(family_total > 0, counts / np.maximum(family_total, 1), np.nan)
    n_var = len(lex.variants)
    out = pd.DataFrame(
        {
            "family": np.tile(fam, len(counts)),
            "variant": np.tile([v.name for v in lex.variants], len(counts)),
            "group": np.repeat(groups.to_numpy()[g_of], n_var),
            "period": np.repeat(pd.DatetimeIndex(p_of).to_numpy(dtype="datetime64[ns]"), n_var),
            "count": counts.ravel(),
            "family_total": family_total.ravel(),
            "share": share.ravel(),
        }
    )
    out = out[SHARE_COLUMNS]
    out.attrs["undated"] = undated
    return out
