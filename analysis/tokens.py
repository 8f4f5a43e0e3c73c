"""French-aware (and English) tokenisation: normalisation, elisions, stop words, lemmas, n-grams.

Rules (French)
--------------
* ’ ‘ ʼ ` ´ and ' are one apostrophe (ASCII ``'`` in tokens); no-break (U+00A0), narrow
  no-break (U+202F), thin and figure spaces are spaces. The mapping is one character to
  one character, so token offsets point into the original text.
* Punctuation, « » “ ” and quotes are never tokens.
* Elisions are split: ``l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu'``
  (``l'attaque`` → ``l'`` + ``attaque``); the elided word is a stop word, so it is only
  seen with ``stopwords=False``. Lexicalised forms stay whole: aujourd'hui, quelqu'un,
  quelqu'une, presqu'île, prud'hommes …
* Hyphenated names and compounds stay whole (Tel-Aviv, Al-Aqsa, États-Unis,
  jordano-syrienne, cessez-le-feu); inverted subject pronouns and the linking ``-t-`` are
  split off (a-t-il → a + il, dit-il → dit + il, estime-t-on → estime + on, dis-moi →
  dis + moi), except in lexicalised compounds (rendez-vous, vis-à-vis …).
* Numbers, with any thousands separator (space, no-break space, U+202F, ``'`` or ``.``)
  and a decimal comma, are one token (``27 000`` → ``27000``); ordinals (``1er``,
  ``2e``, ``XXe`` is a word) count as numbers. Numbers are dropped unless
  ``keep_numbers=True``.
* Accents are kept; tokens are lower-cased by default.
* Spelling variants are unified by a documented table (:func:`spelling_variants`):
  ``Tel Aviv`` / ``Tel-Aviv`` → ``tel-aviv``, ``Etat`` → ``état`` …
* Stop words: a curated French list (:func:`stopword_set`): stopwordsiso's 691 words minus
  content words news needs (``état``, ``force``, ``personnes`` … in
  ``resources/stopwords_fr_removed.txt``), plus the elided forms, plus a news-furniture
  list (``lire``, ``partager``, ``afp`` … in ``resources/news_furniture_fr.txt``).

English: possessive ``'s`` is split off (a stop word); other contractions (don't,
they're, it's) stay whole and are stop words (stopwordsiso's English list holds them).

Sentences end at ``. ! ? …`` followed by a space (not after an abbreviation such as
``M.``, ``Mme``, ``etc.`` or an initial), and at every line break.
"""

from __future__ import annotations

import csv
import os
import re
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputTypeError, check_choice
from analysis.progress import progress_bar

__all__ = [
    "LANGUAGES",
    "TokenStream",
    "normalize",
    "scan",
    "tokenize",
    "tokenize_many",
    "ngrams",
    "stopword_set",
    "spelling_variants",
]

LANGUAGES = ("fr", "en")

_APOSTROPHES = "’‘ʼ`´′"
_SPACES = "\u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003\u2004\u2005\u2006\u205f\u3000"
_TRANSLATE = str.maketrans({**{c: "'" for c in _APOSTROPHES}, **{c: " " for c in _SPACES}})
# The same mapping as (source, replacement) pairs for normalize().
_REPLACEMENTS = tuple((c, "'") for c in _APOSTROPHES) + tuple((c, " ") for c in _SPACES)

# Thousands-separated numbers first (27 000, 1.500.000, 10'000, with an optional decimal
# comma), then plain numbers with decimals, then ordinals; then words (letters first,
# inner digits allowed, joined by hyphens or apostrophes).
_NUMBER = (
    r"\d{1,3}(?:[ '.]\d{3})+(?:,\d+)?(?![\d])"
    r"|\d+(?:[.,]\d+)*(?:(?:er|re|ère|e|ème|eme|nd|nde|è)\b)?"
)
_WORD = r"[^\W\d_][\w]*(?:[-'][\w]+)*'?"
_TOKEN = re.compile(rf"(?P<num>{_NUMBER})|(?P<word>{_WORD})")
# The same matches without groups: findall then returns plain strings. A match is a
# number exactly when it starts with a digit (a word starts with a letter).
_TOKEN_TEXT = re.compile(rf"{_NUMBER}|{_WORD}")
_STARTS_WITH_DIGIT = re.compile(r"\d")
_ELISION = re.compile(r"(?:qu|jusqu|lorsqu|puisqu|quoiqu|[ldjmnstc])'(?=\w)", re.IGNORECASE)
_LEXICALISED = frozenset(
    {
        "aujourd'hui",
        "c'est-à-dire",
        "quelqu'un",
        "quelqu'une",
        "presqu'île",
        "presqu'îles",
        "prud'hommes",
        "prud'homme",
        "prud'homal",
        "prud'homale",
        "entr'acte",
        "grand'mère",
        "grand'rue",
    }
)
_PRONOUNS = "je|tu|il|elle|on|nous|vous|ils|elles|moi|toi|le|la|les|lui|leur|leurs|y|en|ce"
_INVERSION = re.compile(rf"^(?P<verb>.+?)(?:-t)?(?P<rest>(?:-(?:{_PRONOUNS}))+)$", re.IGNORECASE)
_INVERSION_KEEP = frozenset(
    {"rendez-vous", "vis-à-vis", "garde-à-vous", "chez-soi", "chez-moi", "chez-nous", "sans-le-sou",
     "va-t-en-guerre", "m'as-tu-vu", "qu'en-dira-t-on", "sauve-qui-peut", "peut-être"}
)  # fmt: skip
_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "etc", "cf", "av",
     "apr", "env", "vol", "p", "pp", "n", "no", "art", "fig", "éd", "ed", "mr", "mrs", "ms",
     "jr", "sr", "vs", "gen", "gén", "col", "lt", "cpt", "sgt", "boul", "bd"}
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?…]+|\n")


def normalize(text: str) -> str:
    """Map every apostrophe to ``'`` and every special space to a space, one character each.

    The result has the same length as ``text``, so offsets found in it are offsets in ``text``.
    """
    # Equal to text.translate(_TRANSLATE). The only ASCII character concerned is the
    # backtick, so ASCII text (a flag, checked in constant time) needs at most one replace.
    # str.translate with a dict looks every character up (0.7 s on 18 MB of press): fine
    # for a word, while a long text is faster with one str.replace (in C) per character it
    # holds (0.015 s).
    if text.isascii():
        return text.replace("`", "'") if "`" in text else text
    if len(text) < 32:
        return text.translate(_TRANSLATE)
    for source, replacement in _REPLACEMENTS:
        if source in text:
            text = text.replace(source, replacement)
    return text


# -------------------------------------------------------------------------------------------
# Resources
def _resource_lines(name: str) -> list[str]:
    text = resources.files("analysis.resources").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            out.append(normalize(word).lower())
    return out


@cache
def _spelling_table() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Single-token and multi-token variants → canonical form."""
    single: dict[str, str] = {}
    multi: dict[tuple[str, ...], str] = {}
    for row in spelling_variants().itertuples(index=False):
        parts = tuple(row.variant.split())
        if len(parts) == 1:
            single[parts[0]] = row.canonical
        else:
            multi[parts] = row.canonical
    return single, multi


@cache
def _multi_by_first() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Multi-word variants indexed by their first word, longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for parts, canon in sorted(_spelling_table()[1].items(), key=lambda kv: -len(kv[0])):
        out.setdefault(parts[0], []).append((parts, canon))
    return out


@cache
def spelling_variants() -> pd.DataFrame:
    """The spelling unification table: ``variant, canonical, note`` (lower-case forms).

    Edit ``analysis/resources/spelling_variants.csv`` to extend it.
    """
    path = resources.files("analysis.resources").joinpath("spelling_variants.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [
            {k: normalize(v).strip().lower() if k != "note" else v for k, v in row.items()}
            for row in csv.DictReader(fh)
        ]
    return pd.DataFrame(rows, columns=["variant", "canonical", "note"])


_ELIDED = ("l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'")


@cache
def _base_stopwords(language: str, furniture: bool) -> frozenset[str]:
    import stopwordsiso

    words = {normalize(w).lower() for w in stopwordsiso.stopwords(language)}
    if language == "fr":
        words -= set(_resource_lines("stopwords_fr_removed.txt"))
        words |= set(_ELIDED) | {"c'est-à-dire"}
        if furniture:
            words |= set(_resource_lines("news_furniture_fr.txt"))
    else:
        words |= {"'s"}
    return frozenset(words)


def stopword_set(
    language: str = "fr",
    *,
    extra: Iterable[str] = (),
    keep: Iterable[str] = (),
    furniture: bool = True,
) -> frozenset[str]:
    """The stop list used by :func:`tokenize`.

    French: stopwordsiso minus ``resources/stopwords_fr_removed.txt`` (content words such
    as ``état``, ``force``), plus the elided forms (``l'``, ``qu'`` …), plus — when
    ``furniture`` — ``resources/news_furniture_fr.txt``. English: stopwordsiso plus ``'s``.

    Parameters
    ----------
    language : {"fr", "en"}
    extra : iterable of str
        Words to add.
    keep : iterable of str
        Words to remove from the list (so they are counted).
    furniture : bool
        Include the news-furniture list (French only).
    """
    check_choice("language", language, LANGUAGES)
    base = _base_stopwords(language, bool(furniture))
    extra = {normalize(w).lower() for w in extra}
    keep = {normalize(w).lower() for w in keep}
    return (base | extra) - keep if (extra or keep) else base


@cache
def _protected() -> frozenset[str]:
    return frozenset(_resource_lines("protected_names.txt"))


# -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TokenStream:
    """Every token of a text, stop words included, with offsets and sentence numbers."""

    tokens: list[str]
    starts: list[int]
    ends: list[int]
    sentence: list[int]
    is_stop: list[bool]
    is_number: list[bool]

    def __len__(self) -> int:
        return len(self.tokens)


def _sentence_breaks(text: str) -> list[int]:
    """Offsets where a new sentence starts (sorted)."""
    breaks = []
    n = len(text)
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group() != "\n":
            # a sentence mark must be followed by a space/closing mark, or end the text
            j = end
            while j < n and text[j] in "\"»”)]'":
                j += 1
            if j < n and not text[j].isspace():
                continue
            if m.group() == ".":
                k = m.start()
                i = k
                while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "-"):
                    i -= 1
                word = text[i:k].lower()
                if word in _ABBREVIATIONS or (len(word) == 1 and text[i : k].isupper()):
                    continue
            end = j
        breaks.append(end)
    return breaks


def _split_word(word: str, start: int, language: str) -> list[tuple[str, int, int]]:
    """Split one regex word into tokens (elisions, inverted pronouns, possessive 's)."""
    if word.endswith("'"):
        word = word[:-1]
    if "'" not in word and "-" not in word:
        return [(word, start, start + len(word))]
    out: list[tuple[str, int, int]] = []
    lower = word.lower()
    if language == "fr":
        pos = 0
        while "'" in lower[pos:] and lower[pos:] not in _LEXICALISED:
            m = _ELISION.match(lower, pos)
            if not m:
                break
            out.append((word[pos : m.end()], start + pos, start + m.end()))
            pos = m.end()
        rest, rest_lower = word[pos:], lower[pos:]
        if "-" in rest and rest_lower not in _INVERSION_KEEP:
            m = _INVERSION.match(rest)
            if m:
                verb = m.group("verb")
                out.append((verb, start + pos, start + pos + len(verb)))
                offset = start + pos + m.start("rest")
                for piece in m.group("rest").split("-")[1:]:
                    offset += 1
                    out.append((piece, offset, offset + len(piece)))
                    offset += len(piece)
                return out
        if "'" in rest and rest_lower not in _LEXICALISED:
            # not an elision nor a lexicalised word (O'Neill): the apostrophe separates words
            offset = start + pos
            for piece in rest.split("'"):
                if piece:
                    out.append((piece, offset, offset + len(piece)))
                offset += len(piece) + 1
            return out
        if rest:
            out.append((rest, start + pos, start + len(word)))
        return out
    # English: split a possessive 's unless the whole form is a known contraction
    if lower.endswith("'s") and lower not in _base_stopwords("en", True):
        stem = word[:-2]
        return [(stem, start, start + len(stem)), (word[-2:], start + len(stem), start + len(word))]
    return [(word, start, start + len(word))]


_ORDINAL = re.compile(r"(\d+)(?:er|re|ère|e|ème|eme|nd|nde|è)$")


def _number_form(raw: str) -> str:
    m = _ORDINAL.match(raw)
    if m:
        return raw.lower()
    if re.fullmatch(r"\d{1,3}(?:[ '.]\d{3})+(?:,\d+)?", raw):
        return re.sub(r"[ '.]", "", raw)
    return raw


@lru_cache(maxsize=200_000)
def _lemma(lower: str, language: str) -> str:
    import simplemma

    return simplemma.lemmatize(lower, lang=language).lower()


@lru_cache(maxsize=200_000)
def _known(lower: str, language: str) -> bool:
    import simplemma

    return simplemma.is_known(lower, lang=language)


def scan(
    text: str,
    language: str = "fr",
    *,
    lowercase: bool = True,
    lemmatize: bool = False,
    stopwords: frozenset[str] | None = None,
) -> TokenStream:
    """Every token of ``text`` with offsets, sentence numbers and stop/number flags.

    Parameters
    ----------
    text : str
    language : {"fr", "en"}
    lowercase : bool
        Lower-case the token forms (stop words are always matched lower-cased).
    lemmatize : bool
        Replace each word by its simplemma lemma, except proper nouns: a word capitalised
        inside a sentence, a word of ``resources/protected_names.txt``, or a capitalised
        sentence-initial word simplemma does not know.
    stopwords : frozenset or None
        The stop list for ``is_stop``; default :func:`stopword_set` of ``language``.

    Returns
    -------
    TokenStream
        ``starts``/``ends`` index the original ``text``.
    """
    if not isinstance(text, str):
        raise InputTypeError(
            f"expected a string, got {type(text).__name__}; for several texts use tokenize_many."
        )
    check_choice("language", language, LANGUAGES)
    stop = stopword_set(language) if stopwords is None else stopwords
    return _scan(text, language, stop, lowercase, (bool(lemmatize),))[0]


def _scan_plain_and_lemmas(text: str, language: str) -> tuple[TokenStream, TokenStream]:
    """``scan(text, language)`` and ``scan(text, language, lemmatize=True)``, tokenised once."""
    plain, lemmas = _scan(text, language, stopword_set(language), True, (False, True))
    return plain, lemmas


def _scan(
    text: str, language: str, stop: frozenset[str], lowercase: bool, modes: tuple[bool, ...]
) -> list[TokenStream]:
    """The body of :func:`scan`: one stream per ``lemmatize`` value of ``modes``, which
    share their offsets, sentence numbers and flags."""
    lemmatize = any(modes)
    norm = normalize(text)
    breaks = _sentence_breaks(norm)
    single = _spelling_table()[0]
    protected = _protected() if lemmatize else frozenset()

    forms: list[str] = []
    lowers: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    numbers: list[bool] = []
    for m in _TOKEN.finditer(norm):
        raw = m.group()
        if m.lastgroup == "num":
            form = _number_form(raw)
            forms.append(form)
            lowers.append(form.lower())
            starts.append(m.start())
            ends.append(m.end())
            numbers.append(True)
        elif "'" not in raw and "-" not in raw:
            # most words need no splitting: skip _split_word (same result, one piece)
            forms.append(raw)
            lowers.append(raw.lower())
            start = m.start()
            starts.append(start)
            ends.append(start + len(raw))
            numbers.append(False)
        else:
            for piece, s, e in _split_word(raw, m.start(), language):
                forms.append(piece)
                lowers.append(piece.lower())
                starts.append(s)
                ends.append(e)
                numbers.append(False)

    # bisect_right of every start among the breaks, in one vectorised call
    sentence = np.searchsorted(np.asarray(breaks, dtype=np.int64), starts, side="right").tolist()

    # Multi-word spelling variants ("Tel Aviv") become one token spanning both words.
    firsts = _multi_by_first()
    merged_at: list[tuple[int, int, str]] = []
    if firsts and not firsts.keys().isdisjoint(lowers):
        i = 0
        n = len(lowers)
        while i < n:
            for parts, canon in firsts.get(lowers[i], ()):
                k = len(parts)
                if tuple(lowers[i : i + k]) == parts and sentence[i] == sentence[i + k - 1]:
                    merged_at.append((i, k, canon))
                    i += k - 1
                    break
            i += 1
        for i, k, canon in reversed(merged_at):
            forms[i : i + k] = [canon]
            lowers[i : i + k] = [canon]
            ends[i : i + k] = [ends[i + k - 1]]
            starts[i : i + k] = [starts[i]]
            numbers[i : i + k] = [False]
            sentence[i : i + k] = [sentence[i]]

    canons = [single.get(low, low) for low in lowers]
    is_stop = [canon in stop for canon in canons]
    out = []
    for lemmas in modes:
        if not lemmas:
            # a number's form is already lower-case, so one rule covers words and numbers
            if lowercase:
                tokens = canons
            else:
                tokens = [
                    c if c != low else f for f, low, c in zip(forms, lowers, canons, strict=True)
                ]
        else:
            tokens = _lemma_tokens(
                forms, lowers, canons, numbers, sentence, stop, protected, language, lowercase
            )
        out.append(TokenStream(tokens, starts, ends, sentence, is_stop, numbers))
    return out


def _lemma_tokens(
    forms: list[str],
    lowers: list[str],
    canons: list[str],
    numbers: list[bool],
    sentence: list[int],
    stop: frozenset[str],
    protected: frozenset[str],
    language: str,
    lowercase: bool,
) -> list[str]:
    """The tokens of ``scan(..., lemmatize=True)``, from the pieces ``_scan`` found."""
    tokens = []
    prev_sentence = -1
    for form, low, canon, num, sent in zip(forms, lowers, canons, numbers, sentence, strict=True):
        first = sent != prev_sentence
        prev_sentence = sent
        if num:
            tokens.append(canon)
            continue
        if not low.endswith("'") and canon not in stop:
            capital = form[:1].isupper()
            if not (
                canon in protected
                or (capital and not first)
                or (capital and first and not _known(canon, language))
            ):
                canon = _lemma(canon, language)
            tokens.append(canon)
        elif canon != low or lowercase:
            tokens.append(canon)
        else:
            tokens.append(form)
    return tokens


# -------------------------------------------------------------------------------------------
# Lean counting: the terms and the number of tokens of a text, without offsets.
#
# scan() must keep offsets and sentence numbers; counting needs neither. French press
# repeats itself: 5,028 articles hold 2.8 M whitespace-delimited chunks ("l'armée,",
# "(AFP)") but only 157,000 distinct ones. So texts are cut into chunks and each distinct
# chunk is tokenised once, by the very rules of scan(), into "pieces" (lower-case token,
# is-number); a text then costs one lookup per chunk. Many texts at once are cut and
# looked up in Arrow (C++, _Lexicon.units_many); one text, in Python (str.split and a dict).
#
# Cutting is exact because no token spans a cut: a token is made of letters, digits,
# hyphens and apostrophes, plus — inside numbers only — a space, a dot or a comma between
# digits ("27 000", "1.500", "3,5"). A space after a digit is therefore first replaced by
# NUL, which the cut keeps inside the chunk, and put back before the chunk is tokenised
# (a text that already holds NUL is cut by the regular expression instead); other
# whitespace is a cut. Multi-word spelling
# variants ("Tel Aviv", within one sentence) need the sentence breaks: a text where one
# may occur is handed to scan() instead.

_NUMBER_SPACE = re.compile(r"\d \d")
_NUMBER_SPACES = re.compile(r"(?<=\d) (?=\d)")
_KEEP_SPACE = "\x00"
# Characters that are never part of a token (not letters, digits, hyphens or apostrophes).
_PUNCTUATION = ".,;:!?()[]{}«»“”\"…/*+=<>|%€$£#@&"
# Above this many chunks and tokens in one language, the tables are emptied before the next
# batch (a memory bound for very large, very varied corpora; results do not change).
_MAX_UNITS = 2_000_000
_TABLE_LOCK = threading.RLock()


def _new_lock_in_child() -> None:
    # a forked worker must not inherit the lock in the state another thread left it
    global _TABLE_LOCK
    _TABLE_LOCK = threading.RLock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)


class _Lookup(dict):
    """``str -> int`` whose misses are computed (and stored) by ``make``."""

    __slots__ = ("_make",)

    def __init__(self, make: Any) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> int:
        value = self[key] = self._make(key)
        return value


class _Lexicon:
    """Per-language tables: a chunk or a regex match → its pieces, computed once each.

    A *unit* is a distinct whitespace chunk or regex match; its pieces are what scan()
    makes of it (elisions and inverted pronouns split off, numbers normalised), each a
    ``(lower-case form, is_number)`` pair with an integer id.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.single = _spelling_table()[0]
        self.firsts = _multi_by_first()
        self.piece_index: dict[tuple[str, bool], int] = {}
        self.piece_lower: list[str] = []
        self.piece_canon: list[str] = []  # after the single-word spelling table
        self.piece_number: list[bool] = []
        self.unit_pieces: list[tuple[int, ...]] = []
        self.unit_first: list[bool] = []  # a piece may open a multi-word variant
        self.by_match = _Lookup(self._new_match)
        self.by_chunk = _Lookup(self._new_chunk)
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        # the chunks cut by Arrow so far, and their units (see units_many)
        self._known_keys: Any = None
        self._known_units = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.unit_pieces)

    def _piece(self, lower: str, number: bool) -> int:
        key = (lower, number)
        pid = self.piece_index.get(key)
        if pid is None:
            pid = self.piece_index[key] = len(self.piece_lower)
            self.piece_lower.append(lower)
            self.piece_canon.append(self.single.get(lower, lower))
            self.piece_number.append(number)
        return pid

    def _unit(self, pieces: tuple[int, ...]) -> int:
        self.unit_pieces.append(pieces)
        first = False
        for p in pieces:
            if self.piece_lower[p] in self.firsts:
                first = True
                break
        self.unit_first.append(first)
        return len(self.unit_pieces) - 1

    def _new_match(self, match: str) -> int:
        if _STARTS_WITH_DIGIT.match(match):
            return self._unit((self._piece(_number_form(match).lower(), True),))
        if "'" not in match and "-" not in match:
            return self._unit((self._piece(match.lower(), False),))
        return self._unit(
            tuple(self._piece(p.lower(), False) for p, _, _ in _split_word(match, 0, self.language))
        )

    def _new_chunk(self, chunk: str) -> int:
        # Chunks cut by Arrow are not normalised yet (those cut in Python are: no change).
        chunk = normalize(chunk)
        # A chunk of letters between punctuation ("(Paris),") is one word: the regular
        # expression would find exactly the letters, so skip it.
        word = chunk.strip(_PUNCTUATION)
        if word.isalpha():
            uid = self.by_match.get(word)
            if uid is None:
                uid = self.by_match[word] = self._unit((self._piece(word.lower(), False),))
            return uid
        matches = _TOKEN_TEXT.findall(chunk.replace(_KEEP_SPACE, " "))
        if len(matches) == 1:
            return self.by_match[matches[0]]
        by_match, unit_pieces = self.by_match, self.unit_pieces
        return self._unit(tuple(p for m in matches for p in unit_pieces[by_match[m]]))

    def units(self, text: str) -> Iterator[int]:
        """The unit ids of ``text``, in order."""
        norm = normalize(text)
        if _KEEP_SPACE in norm:
            return map(self.by_match.__getitem__, _TOKEN_TEXT.findall(norm))
        if _NUMBER_SPACE.search(norm):
            norm = _NUMBER_SPACES.sub(_KEEP_SPACE, norm)
        return map(self.by_chunk.__getitem__, norm.split())

    def units_many(self, texts: Sequence[str] | Any) -> tuple[np.ndarray, np.ndarray]:
        """Unit ids of many texts: ``(units, doc_ptr)``, text ``i`` being
        ``units[doc_ptr[i]:doc_ptr[i+1]]``.

        ``texts`` is a sequence of str or a pyarrow string array. The texts are cut in
        Arrow (C++) when they can be: every space after a digit is kept (replaced by NUL,
        so that "27 000" stays one chunk), then the texts are cut at ASCII whitespace, and
        the chunks are looked up among the chunks already seen (``pyarrow.compute.index_in``);
        only new chunks are tokenised in Python. Texts holding NUL, or not encodable as
        UTF-8 (lone surrogates), are cut in Python (:meth:`units`). Both cuts give the same
        pieces: every chunk is normalised and tokenised whole, and no token spans a cut.
        """
        arr = _arrow_texts(texts)
        if arr is None:
            flat = array("q")
            ends = array("q")
            for text in _python_texts(texts):
                flat.extend(self.units(text))
                ends.append(len(flat))
            doc_ptr = np.zeros(len(ends) + 1, dtype=np.int64)
            if ends:
                doc_ptr[1:] = np.frombuffer(ends, dtype=np.int64)
            units = np.frombuffer(flat, dtype=np.int64) if flat else np.zeros(0, dtype=np.int64)
            return units, doc_ptr
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pc.replace_substring_regex(arr, r"(\p{Nd}) ", "\\1" + _KEEP_SPACE)
        parts = pc.ascii_split_whitespace(arr)
        doc_ptr = parts.offsets.to_numpy().astype(np.int64)
        doc_ptr -= doc_ptr[0]
        chunks = parts.flatten()
        if self._known_keys is None:
            self._known_keys = pa.array([], type=pa.large_string())
            self._known_units = np.zeros(0, dtype=np.int64)
        if len(self._known_keys):
            position = pc.fill_null(pc.index_in(chunks, value_set=self._known_keys), -1)
            position = position.to_numpy(zero_copy_only=False).astype(np.int64)
        else:
            position = np.full(len(chunks), -1, dtype=np.int64)
        missing = position < 0
        if missing.any():
            unseen = chunks.filter(pa.array(missing))
            keys = pc.unique(unseen)
            units = np.fromiter(
                map(self.by_chunk.__getitem__, keys.to_pylist()), dtype=np.int64, count=len(keys)
            )
            base = len(self._known_keys)
            position[missing] = base + pc.index_in(unseen, value_set=keys).to_numpy()
            self._known_keys = pa.concat_arrays([self._known_keys, keys])
            self._known_units = np.concatenate([self._known_units, units])
        return self._known_units[position], doc_ptr

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(n_pieces, may_open_variant)`` per unit, as arrays (extended as units are added)."""
        n = len(self.unit_pieces)
        if self._arrays is None or len(self._arrays[0]) != n:
            old = 0 if self._arrays is None else len(self._arrays[0])
            lengths = np.fromiter(map(len, self.unit_pieces[old:]), dtype=np.int64, count=n - old)
            first = np.fromiter(self.unit_first[old:], dtype=bool, count=n - old)
            if self._arrays is not None:
                lengths = np.concatenate([self._arrays[0], lengths])
                first = np.concatenate([self._arrays[1], first])
            self._arrays = (lengths, first)
        return self._arrays

    def may_merge(self, units: Sequence[int], positions: Iterable[int] | None = None) -> bool:
        """Whether scan() could join words of these units into a multi-word variant.

        True when the piece sequence holds a whole multi-word variant, in any sentence:
        scan() may then merge it, so only scan() can say. ``positions``: where in ``units``
        the units that may open a variant are (default: look at every unit).
        """
        lower, unit_pieces, firsts, unit_first = (
            self.piece_lower, self.unit_pieces, self.firsts, self.unit_first
        )  # fmt: skip
        longest = max((len(parts) for v in firsts.values() for parts, _ in v), default=1)
        n = len(units)
        for j in (range(n) if positions is None else positions):
            if not unit_first[units[j]]:
                continue
            # the pieces of this unit and enough of the following ones for any variant
            own = len(unit_pieces[units[j]])
            lowers: list[str] = []
            k = j
            while k < n and len(lowers) < own + longest - 1:
                lowers.extend(lower[p] for p in unit_pieces[units[k]])
                k += 1
            for i in range(own):
                for parts, _ in firsts.get(lowers[i], ()):
                    if tuple(lowers[i : i + len(parts)]) == parts:
                        return True
        return False


class _TermTable:
    """Which pieces are terms, for one language, stop list and number rule.

    Term ids index :attr:`terms`; they are this process's own and only meaningful
    together with this table.
    """

    def __init__(self, lexicon: _Lexicon, stop: frozenset[str], keep_numbers: bool) -> None:
        self.lexicon = lexicon
        self.stop = stop
        self.keep_numbers = keep_numbers
        self.terms: list[str] = []
        self.index: dict[str, int] = {}
        self.piece_term: list[int] = []  # -1: a stop word or a dropped number
        self.unit_terms: list[tuple[int, ...]] = []
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None

    def term_id(self, term: str) -> int:
        tid = self.index.get(term)
        if tid is None:
            tid = self.index[term] = len(self.terms)
            self.terms.append(term)
        return tid

    def sync(self) -> None:
        """Extend the piece and unit tables to the units the lexicon has gained."""
        lex = self.lexicon
        stop, keep_numbers = self.stop, self.keep_numbers
        for pid in range(len(self.piece_term), len(lex.piece_lower)):
            canon = lex.piece_canon[pid]
            dropped = canon in stop or (lex.piece_number[pid] and not keep_numbers)
            self.piece_term.append(-1 if dropped else self.term_id(canon))
        piece_term = self.piece_term
        for uid in range(len(self.unit_terms), len(lex.unit_pieces)):
            self.unit_terms.append(
                tuple(t for p in lex.unit_pieces[uid] if (t := piece_term[p]) >= 0)
            )

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(indptr, term ids)``: the terms of unit ``u`` are ``ids[indptr[u]:indptr[u+1]]``."""
        n = len(self.unit_terms)
        if self._arrays is None or len(self._arrays[0]) != n + 1:
            old = 0 if self._arrays is None else len(self._arrays[0]) - 1
            new = self.unit_terms[old:]
            lengths = np.fromiter(map(len, new), dtype=np.int64, count=len(new))
            ids = np.fromiter(chain.from_iterable(new), dtype=np.int64, count=int(lengths.sum()))
            if self._arrays is None:
                indptr = np.zeros(n + 1, dtype=np.int64)
                np.cumsum(lengths, out=indptr[1:])
                self._arrays = (indptr, ids)
            else:
                indptr0, ids0 = self._arrays
                self._arrays = (
                    np.concatenate([indptr0, indptr0[-1] + np.cumsum(lengths)]),
                    np.concatenate([ids0, ids]),
                )
        return self._arrays

    def scanned(self, text: str) -> tuple[list[int], int]:
        """Term ids and token count of ``text`` by scan() itself (the exact, slow path)."""
        stream = scan(text, self.lexicon.language)
        stop, keep_numbers = self.stop, self.keep_numbers
        ids = [
            self.term_id(t)
            for t, n in zip(stream.tokens, stream.is_number, strict=True)
            if not (t in stop or (n and not keep_numbers))
        ]
        return ids, len(stream.tokens)

    def count(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term ids of many texts.

        Returns
        -------
        indptr : ndarray of int64, shape (n_texts + 1,)
        ids : ndarray of int64
            The term ids of text ``i`` are ``ids[indptr[i]:indptr[i+1]]``, in text order.
        n_tokens : ndarray of int64, shape (n_texts,)
            Every token, stop words and numbers included.
        """
        lex = self.lexicon
        units, doc_ptr = lex.units_many(texts)
        self.sync()
        n_pieces, may_open = lex.arrays()
        unit_ptr, unit_ids = self.arrays()
        # tokens per text: prefix sums of the pieces of each unit
        pieces = np.zeros(len(units) + 1, dtype=np.int64)
        np.cumsum(n_pieces[units], out=pieces[1:])
        n_tokens = pieces[doc_ptr[1:]] - pieces[doc_ptr[:-1]]
        # terms: expand every unit to its term ids
        per_unit = unit_ptr[1:][units] - unit_ptr[:-1][units]
        offsets = np.zeros(len(units) + 1, dtype=np.int64)
        np.cumsum(per_unit, out=offsets[1:])
        gather = np.repeat(unit_ptr[:-1][units] - offsets[:-1], per_unit)
        gather += np.arange(len(gather), dtype=np.int64)
        ids = unit_ids[gather]
        indptr = offsets[doc_ptr]
        # texts where a multi-word variant may stand go through scan()
        opening = np.flatnonzero(may_open[units])
        opening_doc = np.searchsorted(doc_ptr, opening, side="right") - 1
        redo = {}
        for i in np.unique(opening_doc).tolist():
            a, b = int(doc_ptr[i]), int(doc_ptr[i + 1])
            where = (opening[opening_doc == i] - a).tolist()
            if lex.may_merge(units[a:b].tolist(), where):
                redo[i] = self.scanned(_text_at(texts, i))
        if redo:
            parts = []
            for i in range(len(texts)):
                if i in redo:
                    row, n_tokens[i] = redo[i]
                    parts.append(np.asarray(row, dtype=np.int64))
                else:
                    parts.append(ids[indptr[i] : indptr[i + 1]])
            lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
            indptr = np.zeros(len(texts) + 1, dtype=np.int64)
            np.cumsum(lengths, out=indptr[1:])
            ids = np.concatenate(parts) if parts else ids[:0]
        return indptr, ids, n_tokens

    def terms_of_text(self, text: str) -> tuple[list[str], int]:
        """Terms (strings) and token count of one text."""
        lex = self.lexicon
        units = list(lex.units(text))
        if any(map(lex.unit_first.__getitem__, units)) and lex.may_merge(units):
            ids, n_tokens = self.scanned(text)
            return [self.terms[t] for t in ids], n_tokens
        self.sync()
        terms, unit_pieces = self.terms, lex.unit_pieces
        n_tokens = sum(len(unit_pieces[u]) for u in units)
        ids = chain.from_iterable(map(self.unit_terms.__getitem__, units))
        return [terms[t] for t in ids], n_tokens


def _arrow_texts(texts: Sequence[str] | Any) -> Any:
    """``texts`` as a pyarrow string array without nulls, or None where Arrow cannot cut them."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if isinstance(texts, pa.Array):
        arr = texts
    else:
        if not all(isinstance(t, str) for t in texts):
            return None
        try:
            arr = pa.array(texts, type=pa.large_string())
        except (pa.ArrowException, UnicodeError):
            return None  # e.g. a lone surrogate, which UTF-8 cannot hold
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)) or arr.null_count:
        return None
    if pa.types.is_string(arr.type):
        arr = arr.cast(pa.large_string())
    if len(arr):
        # any NUL byte in these texts' UTF-8? (a NUL byte is only ever the NUL character)
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)
        offsets = offsets[arr.offset : arr.offset + len(arr) + 1]
        data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        if np.count_nonzero(data) < len(data):
            return None
    return arr


def _python_texts(texts: Sequence[str] | Any) -> list[str]:
    """``texts`` as a list of str (pyarrow arrays converted; nulls become ``""``)."""
    if hasattr(texts, "to_pylist"):
        return ["" if t is None else t for t in texts.to_pylist()]
    return list(texts)


def _text_at(texts: Sequence[str] | Any, i: int) -> str:
    if hasattr(texts, "to_pylist"):
        value = texts[i].as_py()
        return "" if value is None else value
    return texts[i]


_LEXICONS: dict[str, _Lexicon] = {}
_TERM_TABLES: dict[tuple[str, frozenset[str], bool], _TermTable] = {}


def _term_table(language: str, stop: frozenset[str], keep_numbers: bool) -> _TermTable:
    """The process's table for this language, stop list and number rule (made on first use)."""
    lexicon = _LEXICONS.get(language)
    if lexicon is None or len(lexicon) > _MAX_UNITS:
        if lexicon is not None:
            for key in [k for k in _TERM_TABLES if k[0] == language]:
                del _TERM_TABLES[key]
        lexicon = _LEXICONS[language] = _Lexicon(language)
    key = (language, stop, bool(keep_numbers))
    table = _TERM_TABLES.get(key)
    if table is None:
        if len(_TERM_TABLES) >= 16:  # a bound on stop lists tried in one session
            _TERM_TABLES.clear()
        table = _TERM_TABLES[key] = _TermTable(lexicon, stop, bool(keep_numbers))
    return table


def _lean_terms(
    text: str, language: str, *, stop: frozenset[str], keep_numbers: bool = False
) -> tuple[list[str], int]:
    """The unigram terms of ``text`` and its number of tokens, without offsets.

    Used by :func:`tokenize`. Equal to ``[t for t, n in zip(s.tokens, s.is_number) if not
    (t in stop or (n and not keep_numbers))]`` and ``len(s.tokens)`` for
    ``s = scan(text, language)`` (lower-cased, no lemmas), several times faster: see the
    comment above :class:`_Lexicon`.
    """
    with _TABLE_LOCK:
        return _term_table(language, stop, keep_numbers).terms_of_text(text)


def _lean_count(
    texts: Sequence[str] | Any,
    language: str,
    *,
    stop: frozenset[str],
    keep_numbers: bool = False,
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_lean_terms` of many texts as integer codes.

    Parameters
    ----------
    texts : sequence of str, or pyarrow string array
    language : {"fr", "en"}
    stop : frozenset of str
        Tokens that are not terms.
    keep_numbers : bool
        Count numbers as terms.

    Returns
    -------
    terms : list of str
        The distinct terms of these texts, sorted.
    indptr, indices : ndarray of int64
        The terms of text ``i`` are ``terms[j]`` for ``j`` in ``indices[indptr[i]:indptr[i+1]]``,
        in text order.
    n_tokens : ndarray of int64
        ``len(scan(text).tokens)`` of each text.
    """
    with _TABLE_LOCK:
        table = _term_table(language, stop, keep_numbers)
        indptr, ids, n_tokens = table.count(texts)
        # keep only the terms of these texts, numbered 0..k-1
        used = np.flatnonzero(np.bincount(ids, minlength=len(table.terms))).tolist()
        terms = [table.terms[i] for i in used]
    # number them in sorted order, so that merged vocabularies keep each row sorted
    order = _sorted_order(terms)
    recode = np.full(len(table.terms), -1, dtype=np.int64)
    recode[np.asarray(used, dtype=np.int64)[order]] = np.arange(len(order), dtype=np.int64)
    return [terms[i] for i in order.tolist()], indptr, recode[ids], n_tokens


def _sorted_order(terms: list[str]) -> np.ndarray:
    """The permutation that sorts ``terms`` (code-point order, as ``sorted``)."""
    if not terms:
        return np.zeros(0, dtype=np.int64)
    # numpy compares fixed-width code points like Python compares str; terms hold no NUL
    return np.argsort(np.array(terms, dtype=str), kind="stable")


def tokenize(
    text: str,
    language: str = "fr",
    *,
    lemmatize: bool = False,
    stopwords: bool = True,
    keep_numbers: bool = False,
    lowercase: bool = True,
) -> list[str]:
    """The tokens of one text, by the rules in this module's docstring.

    Parameters
    ----------
    text : str
    language : {"fr", "en"}
    lemmatize : bool
        simplemma lemmas with proper nouns protected (Gaza stays ``gaza``).
    stopwords : bool
        Drop stop words (:func:`stopword_set`), including elided forms such as ``l'``.
    keep_numbers : bool
        Keep numbers (``27 000`` → ``27000``).
    lowercase : bool

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("L’armée a-t-elle frappé Tel Aviv ? Selon l'AFP, 27 000 morts.")
    ['armée', 'frappé', 'tel-aviv', 'morts']
    >>> tokenize("l’attaque d’aujourd’hui", stopwords=False)
    ["l'", 'attaque', "d'", "aujourd'hui"]
    """
    if lowercase and not lemmatize:
        if not isinstance(text, str):
            raise InputTypeError(
                f"expected a string, got {type(text).__name__}; "
                "for several texts use tokenize_many."
            )
        check_choice("language", language, LANGUAGES)
        stop = stopword_set(language) if stopwords else frozenset()
        return _lean_terms(text, language, stop=stop, keep_numbers=bool(keep_numbers))[0]
    stream = scan(text, language, lowercase=lowercase, lemmatize=lemmatize)
    return [
        t
        for t, s, n in zip(stream.tokens, stream.is_stop, stream.is_number)
        if not (stopwords and s) and (keep_numbers or not n)
    ]


def tokenize_many(
    texts: Iterable[str],
    language: str = "fr",
    *,
    progress: bool | None = None,
    **options: Any,
) -> list[list[str]]:
    """:func:`tokenize` over many texts, with a progress bar (``TQDM_DISABLE=1`` silences it)."""
    if isinstance(texts, str):
        raise InputTypeError("tokenize_many expects an iterable of texts, string object received; use tokenize.")
    check_choice("language", language, LANGUAGES)
    bar = progress_bar(texts, desc="tokenising", enabled=progress)
    return [tokenize(t, language, **options) for t in bar]


def ngrams(
    text: str,
    n: int = 2,
    language: str = "fr",
    *,
    lowercase: bool = True,
    lemmatize: bool = False,
    keep_numbers: bool = False,
) -> list[str]:
    """N-grams of the full token stream, within sentences, without a stop word at either edge.

    Built before stop words are removed (so ``bande de gaza`` exists), joined by one space;
    an n-gram whose first or last token is a stop word (or a number, unless
    ``keep_numbers``) is dropped.

    Examples
    --------
    >>> ngrams("Le régime israélien mène la guerre. Gaza résiste.")
    ['régime israélien', 'israélien mène', 'gaza résiste']
    """
    from analysis.errors import check_positive_int

    check_positive_int("n", n)
    stream = scan(text, language, lowercase=lowercase, lemmatize=lemmatize)
    from analysis.dtm import terms_of

    return terms_of(stream, ngram=(n, n), keep_numbers=keep_numbers)
