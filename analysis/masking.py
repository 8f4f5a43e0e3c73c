"""Mask each outlet's own name, site furniture and bylines before counting.

Compared with another outlet, an outlet's most "key" words are often itself: *figaro*,
*figarovox* and *scan* (its rubric "LE SCAN ÉCO -") top Le Figaro's keywords against
L'Humanité, and *huma* L'Humanité's. They say nothing about framing. With ``mask=True``
(:func:`analysis.dtm`) or :meth:`analysis.Corpus.masked`, these spans are removed from
each article's text before it is tokenised:

``name``
    an outlet naming itself or one of its brands — the canonical name and every spelling
    of it in :data:`analysis.outlets.OUTLET_ALIASES` (matched as written,
    case-sensitively, so *l'humanité* the noun is kept while *l'Humanité* the paper is
    masked; web domains case-insensitively), plus the patterns of
    ``resources/self_references.csv``. With ``names="corpus"`` (default) the names of
    **every outlet of the corpus** are masked in every article; with ``names="own"`` only
    the article's own. Why the default: masking only its own name removes *figaro* from
    Le Figaro's articles but not from L'Humanité's, so *figaro* becomes one of
    L'Humanité's top keywords against Le Figaro (measured on 5,028 articles: 6th) — an
    artefact of the masking, not a framing.
``furniture``
    site navigation and rubric labels of every outlet ("Lire aussi …" lines — their
    headline is another story —, "Partager cet article", "Publié le … Mis à jour le …"),
    and those of the article's outlet ("LE SCAN ÉCO -", "Regarder sur Figaro Live").
``byline``
    "Par Prénom Nom" lines and wire credits "(AFP)".

A masked span is replaced by a line break when it covered whole lines, else by a space,
so it counts neither as a term nor in the article's length (``n_tokens``), and no n-gram
is formed across it. :func:`masked_spans` lists what was masked, for checking.

The rules are data: ``resources/self_references.csv`` (outlet, kind, pattern, note).
Add your own with ``extra=[(outlet, kind, pattern), ...]``.

Examples
--------
>>> import pandas as pd
>>> texts = pd.Series(["LE SCAN ÉCO - Le Figaro a appris que la taxe baisse.\\nPar Jean Dupont"])
>>> mask_texts(texts, pd.Series(["Le Figaro"])).str.split().tolist()
[['a', 'appris', 'que', 'la', 'taxe', 'baisse.']]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import pandas as pd

from analysis.errors import InputTypeError, OptionError, check_choice
from analysis.outlets import _CANONICAL, _merged, normalise_outlet, outlet_key

__all__ = ["MASK_KINDS", "MASKED_SPAN_COLUMNS", "NAME_SCOPES", "mask_rules", "mask_texts", "masked_spans"]

#: What a rule masks.
MASK_KINDS: tuple[str, ...] = ("name", "furniture", "byline")
#: Whose names are masked: every outlet of the corpus, or each article's own.
NAME_SCOPES: tuple[str, ...] = ("corpus", "own")
#: Columns of :func:`masked_spans`.
MASKED_SPAN_COLUMNS: tuple[str, ...] = ("id", "outlet", "kind", "start", "end", "text")

_DOMAIN = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$")


class _Rule(NamedTuple):
    outlet: str  # canonical name, or "*"
    kind: str
    pattern: re.Pattern[str]
    source: str  # "table", "aliases" or "extra"
    hints: tuple[str, ...] = ()  # lower-case strings one of which every match contains
    left_bound: bool = False  # the match must not follow a word character (or a hyphen)
    line: bool = False  # mask the whole line holding a match


def _resource_rules() -> list[dict[str, str]]:
    text = resources.files("analysis.resources").joinpath("self_references.csv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def _alias_hint(spelling: str) -> str:
    """The longest word of a spelling, lower-cased: every match of its pattern holds it."""
    words = re.findall(r"\w+", spelling.lower())
    return max(words, key=len) if words else ""


def _alias_rule(outlet: str, spelling: str) -> _Rule:
    """A spelling from the alias table as a word-bounded rule (apostrophes and spaces
    flexible; domains case-insensitive, names as written)."""
    if _DOMAIN.match(spelling.lower()):
        pattern = rf"(?i)\b(?:www\.)?{re.escape(spelling)}\b"
    else:
        parts = [re.escape(p) for p in spelling.replace("’", "'").split()]
        body = r"\s+".join(parts).replace("'", "['’]")
        pattern = rf"\b{body}(?![\w-])"
    return _compile(outlet, "name", pattern, "aliases", _alias_hint(spelling))


_LEADING_B = re.compile(r"^(\(\?[aiLmsux]+\))?\\b")
_SCOPES = ("match", "line")


def _compile(
    outlet: str, kind: str, pattern: str, source: str, hint: str = "", scope: str = "match"
) -> _Rule:
    check_choice("kind", kind, MASK_KINDS)
    check_choice("scope", scope, _SCOPES)
    # Python's re only skips ahead quickly to a literal first character: a leading \b is
    # taken off the pattern and checked on each match instead.
    lead = _LEADING_B.match(pattern)
    left_bound = lead is not None
    if lead:
        pattern = (lead.group(1) or "") + pattern[lead.end() :]
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise OptionError(
            f"mask pattern {pattern!r} for {outlet!r} is not a valid regular expression: {exc}."
        ) from None
    hints = tuple(h for h in hint.lower().split("|") if h)
    return _Rule(outlet, kind, compiled, source, hints, left_bound, scope == "line")


@lru_cache(maxsize=8)
def _built_in() -> tuple[_Rule, ...]:
    rules = [
        _compile(r["outlet"], r["kind"], r["pattern"], "table", r["hint"], r["scope"])
        for r in _resource_rules()
    ]
    for canonical, spellings in _CANONICAL.items():
        for spelling in sorted({canonical, *spellings}):
            rules.append(_alias_rule(canonical, spelling))
    return tuple(rules)


def _rules(extra: Iterable[tuple[str, str, str]], aliases: Mapping[str, str] | None) -> list[_Rule]:
    rules = list(_built_in())
    if aliases:
        table = _merged(aliases)  # validates
        for spelling, canonical in aliases.items():
            rules.append(_alias_rule(table[outlet_key(spelling)], spelling))
    if isinstance(extra, str | bytes) or not isinstance(extra, Iterable):
        raise InputTypeError(
            f"extra must be a list of (outlet, kind, pattern) tuples; received {type(extra).__name__}."
        )
    for item in extra:
        if not (isinstance(item, tuple | list) and len(item) == 3 and all(isinstance(v, str) for v in item)):
            raise InputTypeError(f"each extra mask rule must be (outlet, kind, pattern) strings; received {item!r}.")
        outlet, kind, pattern = item
        outlet = "*" if outlet == "*" else (normalise_outlet(outlet, aliases) or outlet)
        rules.append(_compile(outlet, kind, pattern, "extra"))
    return rules


def mask_rules(*, extra: Iterable[tuple[str, str, str]] = (), aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The masking rules in force, as a table ``outlet, kind, pattern, source``.

    Parameters
    ----------
    extra : iterable of (outlet, kind, pattern)
        Your own rules; ``outlet`` may be ``"*"`` (every outlet), ``kind`` one of
        :data:`MASK_KINDS`.
    aliases : mapping of str to str, optional
        Extra outlet spellings (as in :func:`analysis.load_corpus`); each is masked for
        its outlet.

    Returns
    -------
    pandas.DataFrame
        Columns ``outlet, kind, pattern, scope, hint, source`` (``source``: ``table`` for
        ``resources/self_references.csv``, ``aliases`` for the outlet alias table,
        ``extra`` for yours).
    """
    rows = [
        (r.outlet, r.kind, ("\\b" if r.left_bound else "") + r.pattern.pattern, "line" if r.line else "match",
         "|".join(r.hints), r.source)
        for r in _rules(extra, aliases)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["outlet", "kind", "pattern", "scope", "hint", "source"])


class _Plan:
    """The rules that apply to each outlet's articles (cached per outlet)."""

    def __init__(self, rules: list[_Rule], outlets: Iterable[Any], names: str) -> None:
        self.rules = rules
        self.names = names
        present = {o for o in outlets if isinstance(o, str)}
        self.corpus_names = [r for r in rules if r.kind == "name" and r.outlet in present]
        self.cache: dict[Any, list[_Rule]] = {}

    def for_outlet(self, outlet: Any) -> list[_Rule]:
        own = outlet if isinstance(outlet, str) else None
        if own not in self.cache:
            chosen = [
                r for r in self.rules if r.outlet == "*" or (r.outlet == own and r.kind != "name")
            ]
            if self.names == "corpus":
                chosen += self.corpus_names
            else:
                chosen += [r for r in self.rules if r.kind == "name" and r.outlet == own]
            self.cache[own] = chosen
        return self.cache[own]


def _spans(text: str, rules: list[_Rule]) -> list[tuple[int, int, str]]:
    """Masked spans of one text, merged where they overlap: ``(start, end, kind)``.

    A rule with a hint only runs on texts that hold the hint (a substring test is two
    orders of magnitude faster than a regular expression that starts with ``\\b``)."""
    low = text.lower()
    found: list[tuple[int, int, str]] = []
    for rule in rules:
        if rule.hints and not any(h in low for h in rule.hints):
            continue
        for m in rule.pattern.finditer(text):
            start, end = m.start(), m.end()
            if end == start:
                continue
            if rule.left_bound and start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            if rule.line:
                start = text.rfind("\n", 0, start) + 1
                end = len(text) if (e := text.find("\n", end)) < 0 else e
            found.append((start, end, rule.kind))
    found.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if merged and start <= merged[-1][1]:
            s, e, k = merged[-1]
            merged[-1] = (s, max(e, end), k)
        else:
            merged.append((start, end, kind))
    return merged


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    if not spans:
        return text
    out, last = [], 0
    for start, end, _ in spans:
        out.append(text[last:start])
        whole_lines = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
        out.append("\n" if whole_lines and "\n" in text[start:end] else " ")
        last = end
    out.append(text[last:])
    return "".join(out)


def _check_series(name: str, values: Any) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise InputTypeError(f"{name} must be a pandas Series; received {type(values).__name__}.")
    return values


def mask_texts(
    texts: pd.Series,
    outlets: pd.Series,
    *,
    kinds: Iterable[str] = MASK_KINDS,
    names: str = "corpus",
    extra: Iterable[tuple[str, str, str]] = (),
    aliases: Mapping[str, str] | None = None,
) -> pd.Series:
    """Each text with its own outlet's name, site furniture and bylines removed.

    Parameters
    ----------
    texts : pandas.Series of str
        The texts (index kept).
    outlets : pandas.Series of str
        The canonical outlet of each text, aligned by position with ``texts``.
    kinds : iterable of {"name", "furniture", "byline"}
        Which kinds of span to mask (all by default).
    names : {"corpus", "own"}, default "corpus"
        Mask the names of every outlet in ``outlets`` in every text, or only each text's
        own outlet (see the module notes for why "corpus" is the default).
    extra, aliases
        As for :func:`mask_rules`.

    Returns
    -------
    pandas.Series of str
        Same index and name as ``texts``; a masked span becomes a line break (whole
        lines) or a space.

    Raises
    ------
    InputTypeError
        If ``texts`` or ``outlets`` is not a Series, or a rule is malformed.
    OptionError
        If a kind is not one of :data:`MASK_KINDS`, the two Series differ in length, or a
        pattern does not compile.
    """
    check_choice("names", names, NAME_SCOPES)
    rules = _select(kinds, extra, aliases)
    _check_series("texts", texts)
    _check_series("outlets", outlets)
    if len(texts) != len(outlets):
        raise OptionError(f"texts and outlets must have the same length; received {len(texts)} and {len(outlets)}.")
    outlet_list = outlets.tolist()
    plan = _Plan(rules, outlet_list, names)
    values = [
        _apply(t, _spans(t, plan.for_outlet(o))) if isinstance(t, str) else ("" if t is None or t != t else str(t))
        for t, o in zip(texts.tolist(), outlet_list, strict=True)
    ]
    return pd.Series(values, index=texts.index, name=texts.name, dtype=object)


def _select(kinds: Iterable[str], extra: Any, aliases: Any) -> list[_Rule]:
    if isinstance(kinds, str):
        kinds = (kinds,)
    kinds = tuple(kinds)
    for k in kinds:
        check_choice("kinds", k, MASK_KINDS)
    return [r for r in _rules(extra, aliases) if r.kind in kinds]


def masked_spans(
    corpus: Any,
    *,
    kinds: Iterable[str] = MASK_KINDS,
    names: str = "corpus",
    extra: Iterable[tuple[str, str, str]] = (),
    aliases: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """What masking removes from each article body, for checking the rules.

    Parameters
    ----------
    corpus : Corpus
    kinds, names, extra, aliases
        As for :func:`mask_texts`.

    Returns
    -------
    pandas.DataFrame
        One row per masked span: :data:`MASKED_SPAN_COLUMNS` (``start``/``end`` are
        character offsets in ``articles["text"]``).
    """
    from analysis.corpus import Corpus

    if not isinstance(corpus, Corpus):
        raise InputTypeError(f"a Corpus was expected, {type(corpus).__name__} object received.")
    check_choice("names", names, NAME_SCOPES)
    rules = _select(kinds, extra, aliases)
    rows = []
    art = corpus.articles
    plan = _Plan(rules, art["outlet"].tolist(), names)
    for art_id, outlet, text in zip(art["id"], art["outlet"], art["text"], strict=True):
        for start, end, kind in _spans(text, plan.for_outlet(outlet)):
            rows.append((art_id, outlet, kind, start, end, text[start:end]))
    return pd.DataFrame(rows, columns=list(MASKED_SPAN_COLUMNS))
