"""KWIC concordances: every occurrence of a word, phrase, glob, regex or lemma in its context.

A pattern is matched against the token stream of :func:`analysis.tokens.scan` (the same
tokens every count of the package is made of), so a term of a frequency, keyness or
collocation table finds exactly the occurrences that were counted:

* **word** — ``"Israël"``: case-insensitive, apostrophes unified (’ and ' are one), spelling
  variants unified (``"Tel Aviv"`` finds *Tel-Aviv* too), because the pattern is tokenised
  by the same rules as the text;
* **phrase** — ``"régime israélien"``, ``"bande de gaza"``: consecutive tokens of the full
  stream (stop words included) inside one sentence, as n-gram terms are built;
* **glob** — ``"sionis*"``, ``"régime sion*"``: a part holding ``*``, ``?`` or ``[…]`` matches
  one whole (lower-cased) token by :mod:`fnmatch` rules;
* **regex** — a compiled :class:`re.Pattern` or a string with ``regex=True`` (compiled with
  :data:`re.IGNORECASE`), searched in the text after apostrophe/space normalisation; it may
  span several words. A match is **widened to the whole tokens it overlaps**, so ``sionis``
  shows *sionistes*;
* **lemma** — ``lemma=True``: tokens whose simplemma lemma (proper nouns protected, see
  :func:`analysis.tokens.scan`) equals the pattern's lemma, ``"attaque"`` finding *attaques*.

The window counts **tokens** (words, stop words included; punctuation is not a token), not
characters. The context strings are the original text between those tokens — punctuation,
case and apostrophes as printed — with every run of whitespace shown as one space.
``sentence=True`` clips the context at the sentence boundaries of :func:`analysis.tokens.scan`.

Texts that cannot contain a word, phrase or glob pattern (none of the surface forms its tokens
come from occurs in the lower-cased text) are skipped before tokenising, and of the others only
the lines around the matches are tokenised (every line break ends a sentence, so a run of lines
tokenises as it does inside the whole text). Both only save time: the tests compare them with
tokenising every whole text.
"""

from __future__ import annotations

import bisect
import fnmatch
import html
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from analysis import tokens as _tokens
from analysis.errors import InputTypeError, OptionError, check_choice, check_positive_int
from analysis.progress import progress_bar

__all__ = ["kwic", "kwic_for", "kwic_html", "Concordance", "KWIC_COLUMNS", "FIELDS"]

#: The columns of every concordance, in order. ``start``/``end`` are character offsets of
#: the match in the text of the chosen field (``Corpus.texts(field)``).
KWIC_COLUMNS = ("id", "outlet", "date", "left", "match", "right", "start", "end")
#: Which text of each article is searched (as :meth:`analysis.corpus.Corpus.texts`).
FIELDS = ("body", "title", "captions", "all")
_GLOB_CHARS = re.compile(r"[*?\[]")
# Tokenise only the lines around matches (see _Lines); False tokenises whole texts, which
# gives the same results, more slowly (the tests compare the two).
_LINEWISE = True
_NUMBER_START = re.compile(r"\d")


# -------------------------------------------------------------------------------------------
# Documents
@dataclass(frozen=True)
class _Docs:
    """The texts to search, with their ids, languages and article metadata."""

    ids: list[str]
    texts: list[str]
    languages: list[str]
    articles: pd.DataFrame  # one row per text, index = id


def _as_corpus(x: Any, func: str) -> Any:
    """A Corpus as given, or one made from a Series of texts indexed by id."""
    from analysis.corpus import Corpus

    if isinstance(x, pd.Series):
        bad = [v for v in x.tolist() if not (isinstance(v, str) or v is None or v != v)]
        if bad:
            raise InputTypeError(
                f"{func}() accepts a Series of texts (str) indexed by id; it holds "
                f"{type(bad[0]).__name__} values."
            )
        frame = pd.DataFrame(
            {
                "id": [str(i) for i in x.index],
                "text": ["" if not isinstance(v, str) else v for v in x],
            }
        )
        return Corpus.from_frames(frame)
    if isinstance(x, (str, bytes)) or hasattr(x, "__fspath__"):
        raise InputTypeError(
            f"{func}() expects a Corpus or a pandas Series of texts, {type(x).__name__} object "
            f"received; load the articles first: corpus = analysis.load_corpus({str(x)!r})."
        )
    if not (hasattr(x, "articles") and hasattr(x, "texts")):
        raise InputTypeError(
            f"{func}() expects a Corpus (from analysis.load_corpus) or a pandas Series of texts "
            f"indexed by id; {type(x).__name__} object received."
        )
    return x


def _documents(corpus: Any, field: str, language: str | None) -> _Docs:
    texts = corpus.texts(field)
    articles = corpus.articles.set_index("id", drop=False)
    articles.index = articles.index.astype(str)
    ids = [str(i) for i in texts.index]
    articles = articles.loc[ids]
    if language is None and "language" in articles.columns:
        langs = [
            lg if lg in _tokens.LANGUAGES else "fr" for lg in articles["language"].fillna("fr")
        ]
    else:
        langs = [language or "fr"] * len(ids)
    values = ["" if not isinstance(t, str) else t for t in texts.tolist()]
    return _Docs(ids, values, langs, articles)


def _check_common(func: str, window: Any, sentence: Any, field: Any, language: Any) -> None:
    check_positive_int("window", window, minimum=0)
    if not isinstance(sentence, bool):
        raise OptionError(f"sentence must be True or False; received {sentence!r}.")
    check_choice("field", field, FIELDS)
    if language is not None:
        check_choice("language", language, _tokens.LANGUAGES)


# -------------------------------------------------------------------------------------------
# Patterns
@cache
def _variants_of() -> dict[str, tuple[str, ...]]:
    """Canonical token → first words of the surface variants that become it."""
    out: dict[str, set[str]] = {}
    for row in _tokens.spelling_variants().itertuples(index=False):
        out.setdefault(row.canonical, set()).add(row.variant.split()[0])
    return {k: tuple(sorted(v)) for k, v in out.items()}


@dataclass(frozen=True)
class _Element:
    """One token position of a pattern: a form to equal, or a glob to match."""

    form: str | None = None
    glob: re.Pattern[str] | None = None
    source: str = ""

    def matches(self, token: str) -> bool:
        if self.form is not None:
            return token == self.form
        return self.glob.fullmatch(token) is not None  # type: ignore[union-attr]

    def anchors(self) -> tuple[str, ...] | None:
        """Strings one of which the lower-cased text must hold if this element matches.

        None when no such string is known (a number, which the tokenizer rewrites, or a
        glob starting with a wildcard).
        """
        variants = _variants_of()
        if self.form is not None:
            if _NUMBER_START.match(self.form):
                return None
            return (self.form, *variants.get(self.form, ()))
        prefix = _GLOB_CHARS.split(self.source, maxsplit=1)[0]
        if not prefix:
            return None
        extra = [v for canon, vs in variants.items() if self.matches(canon) for v in vs]
        return (prefix, *extra)


class _Matcher:
    """A pattern compiled for the token streams of one or more languages."""

    def __init__(
        self, pattern: str | re.Pattern[str], *, regex: bool, lemma: bool, literal: bool = False
    ):
        self.lemma = lemma
        self.regex: re.Pattern[str] | None = None
        if isinstance(pattern, re.Pattern):
            if lemma:
                raise OptionError(
                    "lemma=True cannot be combined with a regular expression; pass a word."
                )
            self.regex = re.compile(_tokens.normalize(pattern.pattern), pattern.flags)
            self.text = pattern.pattern
        elif regex:
            if lemma:
                raise OptionError("lemma=True cannot be combined with regex=True; pass a word.")
            try:
                self.regex = re.compile(_tokens.normalize(pattern), re.IGNORECASE)
            except re.error as err:
                raise OptionError(
                    f"pattern={pattern!r} is not a valid regular expression: {err}."
                ) from None
            self.text = pattern
        else:
            self.text = pattern
        self.literal = literal
        self._elements: dict[str, tuple[_Element, ...]] = {}

    @property
    def kind(self) -> str:
        if self.regex is not None:
            return "regex"
        if not self.literal and _GLOB_CHARS.search(self.text):
            return "glob"
        return "lemma" if self.lemma else "word"

    def elements(self, language: str) -> tuple[_Element, ...]:
        got = self._elements.get(language)
        if got is None:
            got = self._elements[language] = self._compile(language)
        return got

    def _compile(self, language: str) -> tuple[_Element, ...]:
        def literal(text: str) -> list[_Element]:
            stream = _tokens.scan(text, language, lemmatize=self.lemma)
            return [_Element(form=t, source=t) for t in stream.tokens]

        if self.literal:
            # a table's term: tokens joined by single spaces, an elided form keeping its
            # apostrophe ("tempête d' al-aqsa"), which the tokenizer would not read back alone
            out = []
            for part in self.text.split():
                if part.endswith(("'", "’")):
                    form = _tokens.normalize(part).lower()
                    out.append(_Element(form=form, source=form))
                else:
                    out.extend(literal(part))
        elif not _GLOB_CHARS.search(self.text):
            out = literal(self.text)
        else:
            out, run = [], []
            for part in self.text.split():
                if _GLOB_CHARS.search(part):
                    if run:
                        out.extend(literal(" ".join(run)))
                        run = []
                    source = _tokens.normalize(part).lower()
                    out.append(_Element(glob=re.compile(fnmatch.translate(source)), source=source))
                else:
                    run.append(part)
            if run:
                out.extend(literal(" ".join(run)))
        if not out:
            raise OptionError(
                f"pattern={self.text!r} holds no word the tokenizer keeps (punctuation only?); "
                "pass a word, a phrase, a glob such as 'sionis*' or a regex with regex=True."
            )
        return tuple(out)

    def may_occur(self, norm_lower: str, norm: str, language: str) -> bool:
        """False only when the text certainly holds no match (a cheap pre-filter)."""
        if self.regex is not None:
            return self.regex.search(norm) is not None
        if self.lemma:
            return True
        for element in self.elements(language):
            anchors = element.anchors()
            if anchors is not None and not any(a in norm_lower for a in anchors):
                return False
        return True

    def spans(self, stream: _tokens.TokenStream, norm: str, language: str) -> list[tuple[int, int]]:
        """``(first, last)`` token indices of every match, in text order."""
        if self.regex is not None:
            out: list[tuple[int, int]] = []
            for m in self.regex.finditer(norm):
                a, b = m.span()
                if a == b:
                    continue
                i = bisect.bisect_right(stream.ends, a)
                j = bisect.bisect_left(stream.starts, b) - 1
                if i <= j and (not out or out[-1] != (i, j)):
                    out.append((i, j))
            return out
        elements = self.elements(language)
        toks, sent = stream.tokens, stream.sentence
        m = len(elements)
        first = elements[0]
        out = []
        for i in range(len(toks) - m + 1):
            if not first.matches(toks[i]):
                continue
            j = i + m - 1
            if sent[i] != sent[j]:
                continue
            if all(elements[k].matches(toks[i + k]) for k in range(1, m)):
                out.append((i, j))
        return out


def _bounds(
    sentence_of: list[int], n: int, i: int, j: int, window: int, sentence: bool
) -> tuple[int, int]:
    """First and last token index of the context around the match ``i..j``."""
    lo = max(0, i - window)
    hi = min(n - 1, j + window)
    if sentence:
        while lo < i and sentence_of[lo] != sentence_of[i]:
            lo += 1
        while hi > j and sentence_of[hi] != sentence_of[j]:
            hi -= 1
    return lo, hi


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class _Hit:
    """One match in one document: the stream, the match and its context bounds."""

    doc: int
    text: str
    stream: _tokens.TokenStream
    i: int
    j: int
    lo: int
    hi: int


class _Lines:
    """The token stream of a text, tokenised line by line on demand.

    Every line break ends a sentence and no token spans one (see :mod:`analysis.tokens`),
    so the tokens of a text are the tokens of its lines, one after the other: a run of lines
    can be tokenised alone and give exactly the tokens (and offsets) a whole-text
    :func:`analysis.tokens.scan` gives there. Only the lines around matches are tokenised.
    """

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.bounds: list[tuple[int, int]] = []
        pos = 0
        for part in text.split("\n"):
            self.bounds.append((pos, pos + len(part)))
            pos += len(part) + 1
        self._cache: dict[int, _tokens.TokenStream] = {}

    def __len__(self) -> int:
        return len(self.bounds)

    def line(self, k: int) -> _tokens.TokenStream:
        got = self._cache.get(k)
        if got is None:
            a, b = self.bounds[k]
            s = _tokens.scan(self.text[a:b], self.language)
            got = self._cache[k] = _tokens.TokenStream(
                s.tokens, [x + a for x in s.starts], [x + a for x in s.ends], s.sentence,
                s.is_stop, s.is_number,
            )  # fmt: skip
        return got

    def stream(self, a: int, b: int) -> _tokens.TokenStream:
        """Lines ``a..b`` as one stream (offsets in the whole text; one sentence per line
        at least, as in the whole text)."""
        tokens: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        sentence: list[int] = []
        stop: list[bool] = []
        number: list[bool] = []
        base = 0
        for k in range(a, b + 1):
            s = self.line(k)
            tokens += s.tokens
            starts += s.starts
            ends += s.ends
            sentence += [base + x for x in s.sentence]
            stop += s.is_stop
            number += s.is_number
            base += (max(s.sentence) + 1 if s.sentence else 0) + 1
        return _tokens.TokenStream(tokens, starts, ends, sentence, stop, number)


def _runs(lines: set[int]) -> list[tuple[int, int]]:
    """Sorted line numbers as ``(first, last)`` runs of consecutive lines."""
    out: list[tuple[int, int]] = []
    for k in sorted(lines):
        if out and out[-1][1] == k - 1:
            out[-1] = (out[-1][0], k)
        else:
            out.append((k, k))
    return out


def _hits(
    docs: _Docs,
    matcher: _Matcher,
    *,
    window: int,
    sentence: bool,
    progress: bool | None,
    desc: str,
    rows: list[int] | None = None,
) -> Iterator[tuple[int, _tokens.TokenStream, list[tuple[int, int]]]]:
    """Every stretch of text holding a match: its document row, token stream and match spans.

    A stretch is a whole text (regex and lemma patterns, texts of one line) or a run of
    lines holding every match of those lines with ``window`` tokens of context on each side
    (or up to the text's edge): windows never reach beyond it, and stretches of one text
    share no line, so counts over stretches are counts over the text.
    """
    order = range(len(docs.ids)) if rows is None else rows
    for k in progress_bar(order, desc=desc, total=len(order), enabled=progress):
        text = docs.texts[k]
        if not text:
            continue
        language = docs.languages[k]
        norm = _tokens.normalize(text)
        if not matcher.may_occur(norm.lower(), norm, language):
            continue
        if not _LINEWISE or matcher.regex is not None or matcher.lemma or "\n" not in text:
            # a regex may span lines; lemmas depend on the position in the sentence only, but
            # every line may hold a lemma's form, so there is nothing to skip
            stream = _tokens.scan(text, language, lemmatize=matcher.lemma)
            spans = matcher.spans(stream, norm, language)
            if spans:
                yield k, stream, spans
            continue
        lines = _Lines(text, language)
        needed = {
            i
            for i, line in enumerate(norm.split("\n"))
            if line and matcher.may_occur(line.lower(), line, language)
        }
        grown = not sentence  # with sentence=True no window crosses a line break
        while grown:
            grown = False
            for a, b in _runs(needed):
                stream = lines.stream(a, b)
                spans = matcher.spans(stream, norm, language)
                if not spans:
                    continue
                if a > 0 and spans[0][0] < window:
                    needed.add(a - 1)
                    grown = True
                if b < len(lines) - 1 and len(stream.tokens) - 1 - spans[-1][1] < window:
                    needed.add(b + 1)
                    grown = True
        for a, b in _runs(needed):
            stream = lines.stream(a, b)
            spans = matcher.spans(stream, norm, language)
            if spans:
                yield k, stream, spans


# -------------------------------------------------------------------------------------------
# The concordance table
class Concordance(pd.DataFrame):
    """A concordance: a DataFrame with the columns :data:`KWIC_COLUMNS`.

    In a notebook it displays as a keyword-in-context table (left context right-aligned,
    the match in bold), every text HTML-escaped by :func:`kwic_html`. Everything else is a
    plain ``pandas.DataFrame``.
    """

    _metadata: list[str] = []

    @property
    def _constructor(self) -> type[Concordance]:
        return Concordance

    def _repr_html_(self) -> str | None:
        if all(c in self.columns for c in ("left", "match", "right")):
            return kwic_html(self)
        return super()._repr_html_()


def _table(docs: _Docs, rows: list[tuple[int, str, str, str, int, int]]) -> Concordance:
    arts = docs.articles
    idx = [r[0] for r in rows]
    outlet = arts["outlet"].iloc[idx].tolist() if "outlet" in arts.columns else [None] * len(idx)
    if "date" in arts.columns:
        date = arts["date"].iloc[idx].reset_index(drop=True)
    else:
        date = pd.Series([pd.NaT] * len(idx), dtype="datetime64[ns]")
    frame = pd.DataFrame(
        {
            "id": pd.Series([docs.ids[k] for k in idx], dtype=object),
            "outlet": pd.Series(outlet, dtype=object),
            "date": date,
            "left": pd.Series([r[1] for r in rows], dtype=object),
            "match": pd.Series([r[2] for r in rows], dtype=object),
            "right": pd.Series([r[3] for r in rows], dtype=object),
            "start": pd.Series([r[4] for r in rows], dtype="int64"),
            "end": pd.Series([r[5] for r in rows], dtype="int64"),
        }
    )
    return Concordance(frame[list(KWIC_COLUMNS)])


def _concordance(
    x: Any,
    matcher: _Matcher,
    *,
    window: int,
    sentence: bool,
    field: str,
    language: str | None,
    progress: bool | None,
    keep: Callable[[_tokens.TokenStream, int, int, int, int], bool] | None = None,
    func: str = "kwic",
) -> Concordance:
    corpus = _as_corpus(x, func)
    docs = _documents(corpus, field, language)
    rows = []
    for k, stream, spans in _hits(
        docs, matcher, window=window, sentence=sentence, progress=progress, desc=func
    ):
        text = docs.texts[k]
        n = len(stream.tokens)
        for i, j in spans:
            lo, hi = _bounds(stream.sentence, n, i, j, window, sentence)
            if keep is not None and not keep(stream, i, j, lo, hi):
                continue
            start, end = stream.starts[i], stream.ends[j]
            left = text[stream.starts[lo] : start] if lo < i else ""
            right = text[end : stream.ends[hi]] if hi > j else ""
            rows.append(
                (k, _one_line(left), _one_line(text[start:end]), _one_line(right), start, end)
            )
    table = _table(docs, rows)
    table.attrs["options"] = {
        "pattern": matcher.text,
        "kind": matcher.kind,
        "window": window,
        "sentence": sentence,
        "lemma": matcher.lemma,
        "field": field,
    }
    return table


def kwic(
    x: Any,
    pattern: str | re.Pattern[str],
    *,
    window: int = 5,
    sentence: bool = False,
    regex: bool = False,
    lemma: bool = False,
    field: str = "body",
    language: str | None = None,
    progress: bool | None = None,
) -> Concordance:
    """Keyword in context: every occurrence of ``pattern`` with the words around it.

    Parameters
    ----------
    x : Corpus or pandas.Series
        A Corpus (from :func:`analysis.load_corpus`), or texts indexed by id (outlet and
        date are then missing).
    pattern : str or re.Pattern
        A word (``"Israël"``), a phrase (``"régime israélien"``), a glob (``"sionis*"``:
        ``*``, ``?`` and ``[…]`` in a part make it match one token), a regular expression
        (a compiled pattern, or a string with ``regex=True``) or, with ``lemma=True``, a
        word whose lemma is sought. See the module docstring for the exact rules.
    window : int, default 5
        Context size in **tokens** on each side (stop words count; punctuation does not).
    sentence : bool, default False
        Clip the context at the match's sentence boundaries.
    regex : bool, default False
        Read a string ``pattern`` as a regular expression (case-insensitive).
    lemma : bool, default False
        Match tokens whose lemma equals the pattern's lemma (``"attaque"`` finds
        *attaques*); a phrase matches lemma by lemma.
    field : {"body", "title", "captions", "all"}, default "body"
        Which text of each article is searched; ``start``/``end`` index that text.
    language : {"fr", "en"} or None
        Tokenise every text in this language; None uses each article's ``language``
        (French where missing).
    progress : bool or None
        Progress bar over the articles (None: only on a terminal; ``TQDM_DISABLE=1``
        silences it).

    Returns
    -------
    Concordance
        A DataFrame with the columns :data:`KWIC_COLUMNS` — ``id, outlet, date, left,
        match, right, start, end`` — one row per occurrence, in corpus order then text
        order; ``match`` is the text as printed. Empty (same columns) when nothing matches.
        ``attrs["options"]`` records the pattern and options.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus or a Series of texts, or ``pattern`` is not a str or
        compiled regular expression.
    OptionError
        If an option is outside its allowed values, the regex does not compile, the
        pattern holds no word, or ``lemma`` is combined with a regex.

    Examples
    --------
    >>> import pandas as pd
    >>> texts = pd.Series({"a": "Le régime israélien frappe. L’armée sioniste recule."})
    >>> kwic(texts, "régime israélien", window=3)[["left", "match", "right"]].values.tolist()
    [['Le', 'régime israélien', 'frappe. L’armée']]
    >>> kwic(texts, "sionis*", window=1, sentence=True)[["left", "match", "right"]].values.tolist()
    [['armée', 'sioniste', 'recule']]
    """
    if not isinstance(pattern, (str, re.Pattern)):
        raise InputTypeError(
            "pattern must be a string or a compiled regular expression; "
            f"received {type(pattern).__name__}."
        )
    if isinstance(pattern, str) and not pattern.strip():
        raise OptionError(
            "pattern is empty; pass a word, a phrase, a glob or a regular expression."
        )
    if not isinstance(regex, bool) or not isinstance(lemma, bool):
        raise OptionError(
            f"regex and lemma must be True or False; received regex={regex!r}, lemma={lemma!r}."
        )
    _check_common("kwic", window, sentence, field, language)
    matcher = _Matcher(pattern, regex=regex, lemma=lemma)
    return _concordance(
        x,
        matcher,
        window=window,
        sentence=sentence,
        field=field,
        language=language,
        progress=progress,
    )


def kwic_for(
    row: pd.Series | str,
    x: Any,
    *,
    window: int | None = None,
    sentence: bool | None = None,
    lemma: bool | None = None,
    field: str | None = None,
    language: str | None = None,
    progress: bool | None = None,
) -> Concordance:
    """The concordance behind one row of a result table.

    * a keyness or frequency row (a Series with ``term``) — every occurrence of the term,
      read literally (an n-gram ``"bande de gaza"`` as a phrase; ``*`` is not a wildcard);
    * a collocation row (a Series with ``node`` and ``collocate``, from
      :func:`analysis.collocations.collocations`) — the occurrences of the node that have the
      collocate in their context, i.e. the co-occurrences counted in ``o11``;
    * a string — that term, read as tables write terms: tokens separated by spaces.

    Options left at None come from the table when it recorded them
    (``row.attrs["options"]``, set by :func:`analysis.collocations.collocations`), else
    default to ``window=5``, ``sentence=False``, ``lemma=False``, ``field="body"``. A
    keyness table does not record whether its matrix was lemmatised: pass ``lemma=True``
    for a table built with ``analysis.dtm(..., lemmatize=True)``.

    Parameters
    ----------
    row : pandas.Series or str
        One row of a table (e.g. ``table.iloc[0]``), or a term.
    x : Corpus or pandas.Series
        The texts the table was computed from.
    window, sentence, lemma, field, language, progress
        As for :func:`kwic`.

    Returns
    -------
    Concordance

    Raises
    ------
    InputTypeError
        If ``row`` is a whole table, or a Series with neither ``term`` nor ``collocate``.

    Warns
    -----
    UserWarning
        When nothing is found for a surface term (it may be a lemma).

    Examples
    --------
    >>> import pandas as pd
    >>> texts = pd.Series({"a": "La bande de Gaza est assiégée."})
    >>> kwic_for(pd.Series({"term": "bande de gaza", "stat": 3.2}), texts)["match"].tolist()
    ['bande de Gaza']
    """
    if isinstance(row, pd.DataFrame):
        raise InputTypeError(
            "kwic_for() takes one row of a table, a DataFrame was received; pass table.iloc[i] "
            "(or table.loc[label])."
        )
    options: dict[str, Any] = {}
    if isinstance(row, str):
        term, node, collocate = row, None, None
    elif isinstance(row, pd.Series):
        options = dict(row.attrs.get("options", {}))
        if "collocate" in row.index and "node" in row.index:
            term, node, collocate = None, str(row["node"]), str(row["collocate"])
        elif "term" in row.index:
            term, node, collocate = str(row["term"]), None, None
        else:
            raise InputTypeError(
                "kwic_for() needs a row with a 'term' column (keyness, frequency tables) or "
                "'node' and 'collocate' columns (collocations); "
                f"the row has {list(map(str, row.index))}."
            )
    else:
        raise InputTypeError(
            "kwic_for() takes a table row (pandas Series) or a term (str); "
            f"received {type(row).__name__}."
        )
    window = options.get("window", 5) if window is None else window
    sentence = options.get("sentence", False) if sentence is None else sentence
    lemma = bool(options.get("lemma", False)) if lemma is None else lemma
    field = options.get("field", "body") if field is None else field
    if language is None:
        language = options.get("language")
    if not isinstance(lemma, bool):
        raise OptionError(f"lemma must be True, False or None; received {lemma!r}.")
    _check_common("kwic_for", window, sentence, field, language)

    if collocate is None:
        matcher = _Matcher(term, regex=False, lemma=lemma, literal=True)
        table = _concordance(
            x, matcher, window=window, sentence=sentence, field=field, language=language,
            progress=progress, func="kwic_for",
        )  # fmt: skip
        if table.empty and not lemma:
            warnings.warn(
                f"no occurrence of {term!r} as a surface form; if the table was built with "
                "lemmatize=True, pass lemma=True.",
                UserWarning,
                stacklevel=2,
            )
        return table

    matcher = _Matcher(node, regex=bool(options.get("regex", False)), lemma=lemma)

    def holds_collocate(stream: _tokens.TokenStream, i: int, j: int, lo: int, hi: int) -> bool:
        toks = stream.tokens
        return any(toks[k] == collocate for k in range(lo, i)) or any(
            toks[k] == collocate for k in range(j + 1, hi + 1)
        )

    return _concordance(
        x, matcher, window=window, sentence=sentence, field=field, language=language,
        progress=progress, keep=holds_collocate, func="kwic_for",
    )  # fmt: skip


def kwic_html(table: pd.DataFrame, *, max_rows: int = 200) -> str:
    """A concordance as an HTML table, every value escaped.

    Left context right-aligned, the match in bold, right context left-aligned, so the
    matches line up in one column. ``<``, ``>``, ``&`` and quotes in the texts are escaped
    (:func:`html.escape`), so a text holding markup shows it instead of running it.

    Parameters
    ----------
    table : pandas.DataFrame
        A concordance (:func:`kwic`, :func:`kwic_for`): needs ``left``, ``match``, ``right``;
        ``id``, ``outlet`` and ``date`` are shown when present.
    max_rows : int, default 200
        Lines shown; a note says how many more there are.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> kwic_html(pd.DataFrame({"left": ["<b>"], "match": ["Gaza"], "right": ["&"]}))[:20]
    '<table class="kwic">'
    """
    if not isinstance(table, pd.DataFrame):
        raise InputTypeError(
            f"kwic_html() expects a concordance DataFrame; received {type(table).__name__}."
        )
    missing = [c for c in ("left", "match", "right") if c not in table.columns]
    if missing:
        raise InputTypeError(
            f"kwic_html() needs the column(s) {', '.join(missing)}; "
            "pass a table from analysis.kwic.kwic()."
        )
    check_positive_int("max_rows", max_rows)
    meta = [c for c in ("id", "outlet", "date") if c in table.columns]

    def shown(column: str, value: Any) -> str:
        if column == "date":
            return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        return html.escape(str(value), quote=True)

    right_al = 'style="text-align:right;white-space:nowrap"'
    left_al = 'style="text-align:left;white-space:nowrap"'
    parts = ['<table class="kwic">', "<thead><tr>"]
    parts += [f"<th>{c}</th>" for c in meta]
    parts += [
        f"<th {right_al}>left</th>",
        '<th style="text-align:center">match</th>',
        f"<th {left_al}>right</th>",
    ]
    parts.append("</tr></thead><tbody>")
    for rec in table.head(max_rows).to_dict("records"):
        parts.append("<tr>")
        parts += [f"<td>{shown(c, rec[c])}</td>" for c in meta]
        parts.append(f"<td {right_al}>{shown('left', rec['left'])}</td>")
        parts.append(f'<td style="text-align:center"><b>{shown("match", rec["match"])}</b></td>')
        parts.append(f"<td {left_al}>{shown('right', rec['right'])}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    n = len(table)
    if n > max_rows:
        parts.append(f"<p>{n - max_rows} more line(s) not shown ({n} in all).</p>")
    elif n == 0:
        parts.append("<p>No occurrence.</p>")
    return "".join(parts)
