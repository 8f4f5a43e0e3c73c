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

import bisect
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import pandas as pd
from analysis.progress import progress_bar

from analysis.errors import InputTypeError, check_choice

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

# Thousands-separated numbers first (27 000, 1.500.000, 10'000, with an optional decimal
# comma), then plain numbers with decimals, then ordinals; then words (letters first,
# inner digits allowed, joined by hyphens or apostrophes).
_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:[ '.]\d{3})+(?:,\d+)?(?![\d])"
    r"|\d+(?:[.,]\d+)*(?:(?:er|re|ère|e|ème|eme|nd|nde|è)\b)?)"
    r"|(?P<word>[^\W\d_][\w]*(?:[-'][\w]+)*'?)",
)
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
    return text.translate(_TRANSLATE)


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
        if m.lastgroup == "num":
            raw = m.group()
            form = _number_form(raw)
            forms.append(form)
            lowers.append(form.lower())
            starts.append(m.start())
            ends.append(m.end())
            numbers.append(True)
            continue
        for piece, s, e in _split_word(m.group(), m.start(), language):
            forms.append(piece)
            lowers.append(piece.lower())
            starts.append(s)
            ends.append(e)
            numbers.append(False)

    sentence = [bisect.bisect_right(breaks, s) for s in starts]

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

    tokens: list[str] = []
    is_stop: list[bool] = []
    prev_sentence = -1
    for form, low, num, sent in zip(forms, lowers, numbers, sentence):
        first = sent != prev_sentence
        prev_sentence = sent
        canon = single.get(low, low)
        is_stop.append(canon in stop)
        if num:
            tokens.append(canon)
            continue
        if lemmatize and not low.endswith("'") and canon not in stop:
            capital = form[:1].isupper()
            if not (
                canon in protected
                or (capital and not first)
                or (capital and first and not _known(canon, language))
            ):
                canon = _lemma(canon, language)
            tokens.append(canon)
            continue
        if canon != low or lowercase:
            tokens.append(canon)
        else:
            tokens.append(form)
    return TokenStream(tokens, starts, ends, sentence, is_stop, numbers)


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
