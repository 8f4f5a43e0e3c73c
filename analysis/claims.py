"""Numeric claims: the numbers an article asserts, with what they count and how hedged.

:func:`numeric_claims` finds every quantity stated in the text — casualty figures, crowd
sizes, sums, shares — and the noun it counts, so that outlets can be compared on which
figures they report and how they qualify them (``plus de 27 000 Palestiniens``, ``au moins
trois morts``, ``des milliers de lots d'armes``).

What is a number
----------------
* digits, with a space (or no-break space), a dot or an apostrophe as thousands separator
  and a decimal comma in French (``27 000``, ``1,5``), a comma separator and a decimal
  point in English (``27,000``, ``1.5``), optionally followed by ``million(s)``,
  ``milliard(s)``, ``billion``, ``thousand``;
* French and English number words from two upwards, compounds included (``trois``,
  ``vingt-trois``, ``quatre-vingt-dix``, ``deux mille``, ``one hundred and twenty``);
  ``un``/``une``/``one``/``a`` alone are articles, not claims;
* approximations: ``une dizaine``, ``une centaine``, ``un millier``, ``a dozen``
  (value 10, 100, 1,000, 12);
* vague quantities: ``des dizaines``, ``des centaines``, ``des milliers``, ``des
  millions``, ``des dizaines de milliers``, ``plusieurs centaines``, ``dozens of``,
  ``hundreds of``, ``thousands of``: ``value`` is the order of magnitude (10, 100,
  1,000 …) and ``qualifier`` holds the phrase, so the value is never read alone;
* ranges ``entre 20 et 30``, ``20 à 30``, ``deux ou trois``, ``20-30``, ``between 20 and
  30``: ``value`` is the lower bound, ``upper`` the upper one.

What is not a claim
-------------------
Dates and parts of dates (``7 octobre``, ``1er février``, ``March 08, 2019``, found with
:func:`analysis.dates.find_dates` and :func:`analysis.dates.find_partial_dates`, and any
number next to a month name), years (a four-digit number from 1000 to 2100 without a
separator, unless a plural noun or a currency follows it or the upper bound of its range
— ``2000 manifestants``, ``de 1000 euros``, ``entre 1000 et 6500 euros`` are counts — and
no ``en``/``depuis``/``in``/``since`` … precedes it), ordinals (``1er``, ``2e``, ``4th``,
``quatrième``), times (``10h30``, ``10 h``, ``14:00``, ``à 14 heures``), numbers in
identifiers (``F-16``, ``COVID-19``, ``H.R. 1``, ``résolution 2728``, ``Acte 10``), and a
number word after a definite determiner (``les deux pays``, ``ses trois enfants``).

What is counted
---------------
``noun`` is the noun after the number (after ``de``/``d'``/``of`` for millions and vague
quantities) with up to two relational adjectives (``bases militaires``, ``soldats
américains``) and a bare ``de`` complement (``lots d'armes``). ``complement`` is the group
the count is taken from: ``trois morts parmi les soldats américains`` → ``soldats
américains`` (``parmi``, ``dont``, ``d'entre``, ``among``, ``of whom``, and for a percentage
``de``/``des``). ``kind`` is ``percent`` (``%``, ``pour cent``, ``percent``), ``money``
(``dollars``, ``euros``, ``$``, ``€`` …), ``duration`` (``jours``, ``ans``, ``years`` …)
or ``count``.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from analysis.dates import ENGLISH_MONTHS, FRENCH_MONTHS, find_dates, find_partial_dates
from analysis.dtm import _check_corpus
from analysis.parallel import map_documents, resolve_n_jobs
from analysis.sourcing import (
    _TOK,
    CaseFree,
    Doc,
    Tok,
    _alt,
    _strip_elision,
    check_field,
    check_progress,
    clean,
    corpus_texts,
    lowered,
    np_forward,
    tokens_between,
)

__all__ = ["CLAIM_COLUMNS", "CLAIM_KINDS", "numeric_claims", "parse_number_words"]

#: Columns of :func:`numeric_claims`, in order.
CLAIM_COLUMNS: tuple[str, ...] = (
    "id", "value", "noun", "qualifier", "context",
    "number", "upper", "complement", "kind", "position", "paragraph", "sentence",
)  # fmt: skip

#: Values of the ``kind`` column.
CLAIM_KINDS: tuple[str, ...] = ("count", "percent", "money", "duration")

_FR_UNITS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
}  # fmt: skip
_EN_UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip
_ONES = {"un": 1, "une": 1, "one": 1}
_MULTIPLIERS = {
    "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "billion": 1e9,
    "billions": 1e9, "thousand": 1e3,
}  # fmt: skip
_APPROX = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
    "millier": 1000, "dozen": 12,
}  # fmt: skip
_VAGUE = {
    "dizaines": 10, "centaines": 100, "milliers": 1000, "millions": 1e6, "milliards": 1e9,
    "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000,
}  # fmt: skip
_QUALIFIERS = (
    "un peu plus de", "un peu plus d'", "un peu moins de", "un peu moins d'", "pas moins de",
    "pas moins d'", "pas plus de", "plus de", "plus d'", "moins de", "moins d'", "au moins",
    "au minimum", "près de", "près d'", "environ", "quelque", "presque", "jusqu'à", "au-delà de",
    "autour de", "approximativement", "quasiment", "à peine", "entre", "more than", "over",
    "at least", "nearly", "almost", "about", "around", "some", "up to", "fewer than",
    "less than", "roughly", "approximately", "an estimated", "as many as", "no fewer than",
    "no less than", "upwards of", "between",
)  # fmt: skip
_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds"}
# "livres" is left out: in French it is as often books as pounds.
_MONEY = frozenset(
    """dollar dollars euro euros shekel shekels dinar dinars rial rials riyal riyals
    franc francs pound pounds yuan roubles rouble dirham dirhams""".split()
)
_DURATION = frozenset(
    """jour jours semaine semaines mois an ans année années heure heures minute minutes siècle
    siècles décennie décennies day days week weeks month months year years hour hours minutes
    decade decades century centuries""".split()
)
_PERCENT = frozenset({"%", "pour cent", "percent", "per cent", "pourcent"})
# Words after which a number is a label, not a quantity.
_LABELS = frozenset(
    """article articles résolution résolutions loi chapitre page pages numéro n° no nº tome
    volume section point niveau phase saison épisode route alinéa paragraphe acte actes
    catégorie classe groupe ligne étape version modèle vol resolution chapter act number
    level stage season episode item""".split()
)
_YEAR_CONTEXT = frozenset(
    """en depuis de d' dès jusqu'en avant après année an fin début mi été hiver printemps automne
    in since of year from until by before after early late mid""".split()
)
_UNMARKED_PLURALS = frozenset("people children men women police personnel".split())
# Words after which a four-digit number is a year whatever follows it.
_STRONG_YEAR_CONTEXT = _YEAR_CONTEXT - {"de", "d'", "of", "from"}
_DEFINITE = frozenset("les ces ses leurs nos vos mes tes the these those its their".split())
_ADJECTIVE = re.compile(
    r"(?:ien|ienne|iens|iennes|ain|aine|ains|aines|ais|aise|aises|ois|oise|oises|ique|iques|aire|"
    r"aires|al|ale|aux|ales|el|elle|els|elles|if|ive|ifs|ives|éen|éenne|éens|éennes|an|ane|ans|anes|"
    r"ese|ish|ian|ic|ary)$"
)
_NOT_NOUN = frozenset(
    """de d' du des le la les l' un une et ou à au aux en dans sur par pour avec contre entre
    parmi dont qui que qu' selon depuis the a an of and or to in on at by for with from among
    who that which fois times""".split()
) - {"fois", "times"}
_TIME_UNIT = frozenset(
    {"h", "heures", "heure", "hours", "hour", "p.m", "a.m", "pm", "am", "gmt", "utc"}
)

_FR_WORDS = _alt(_FR_UNITS)
_EN_WORDS = _alt(_EN_UNITS)
_FR_PHRASE = rf"(?:{_FR_WORDS})(?:(?:-|\s+)(?:et(?:-|\s+)(?:un|une|onze)|{_FR_WORDS}))*"
_EN_PHRASE = (
    rf"(?:(?:one|a)\s+(?=hundred|thousand))?(?:{_EN_WORDS})"
    rf"(?:(?:-|\s+|\s+and\s+(?=(?:{_EN_WORDS})))(?:{_EN_WORDS}|one))*"
)
_QUAL = _alt(q.replace(" ", "_") for q in _QUALIFIERS)
_MULT = r"(?:millions?|milliards?|billions?|thousand)"
_DIGITS = {
    "fr": r"(?<![\d.,])\d{1,3}(?:[ .']\d{3})+(?:,\d+)?(?![\d])|(?<![\d.,])\d+(?:,\d+)?(?![\d])",
    "en": r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])",
}


def _pattern(lang: str) -> CaseFree:
    return CaseFree(
        rf"(?<![\w'-])(?:(?P<qual>(?i:{_QUAL}))\s*)?"
        rf"(?:(?P<vague>(?i:(?:des|plusieurs|quelques|de\s+nombreuses|de\s+nombreux)\s+"
        rf"(?:dizaines|centaines|milliers|millions|milliards)(?:\s+de\s+(?:milliers|millions))?"
        rf"|(?:dozens|scores|hundreds|thousands|millions|tens\s+of\s+thousands|hundreds\s+of\s+"
        rf"thousands)(?=\s+of\b)))"
        rf"|(?P<approx>(?i:(?:une|un|a)\s+(?:{'|'.join(_APPROX)})))"
        rf"|(?P<cur>[$€£])?\s?(?P<num>{_DIGITS[lang]})(?:\s*(?P<mult>(?i:{_MULT}))\b)?"
        rf"|(?P<words>(?i:{_FR_PHRASE}|{_EN_PHRASE}))(?:\s+(?P<wmult>(?i:{_MULT}))\b)?)"
        rf"(?![\w-])"
    )


_PATTERNS = {lang: _pattern(lang) for lang in ("fr", "en")}
_RANGE = {
    lang: re.compile(
        rf"(?:\s*[-–]\s*|\s+(?:à|ou|to|or|et|and)\s+)(?P<upper>{_DIGITS[lang]}|(?i:{_FR_PHRASE}|"
        rf"{_EN_PHRASE}))(?![\w-])"
    )
    for lang in ("fr", "en")
}
_ANY_NUMBER = re.compile(
    rf"\d|(?i:\b(?:{_FR_WORDS}|{_EN_WORDS}|dizaine|centaine|millier|dizaines|centaines|milliers|"
    rf"millions|douzaine|quinzaine|vingtaine|trentaine|cinquantaine|dozen|dozens|hundreds|"
    rf"thousands)\b)"
)
_MONTH_WORD = re.compile(
    rf"(?<![\w-])(?:{_alt(set(FRENCH_MONTHS) | set(ENGLISH_MONTHS))})(?!\w)", re.IGNORECASE
)
# Both start with a digit class and nothing else (the look-behind comes after the first
# digit): re then jumps from digit to digit instead of trying every position.
_NUMERIC_DATE = re.compile(r"\d(?<![\d/.-]\d)\d{0,3}[/.-]\d{1,2}[/.-]\d{1,4}(?![\d/.-])")
_DIGIT_TIME = re.compile(r"\d\d?(?:\s?[hH]\s?\d{0,2}\b|:\d{2})")


def parse_number_words(phrase: str) -> float | None:
    """The value of a French or English number-word phrase, or None if it is not one.

    Examples
    --------
    >>> [parse_number_words(p) for p in ("trois", "vingt-trois", "quatre-vingt-dix",
    ...                                  "deux mille cinq cents", "one hundred and twenty")]
    [3.0, 23.0, 90.0, 2500.0, 120.0]
    """
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w not in {"et", "and"}]
    if not words:
        return None
    total, current, prev = 0.0, 0.0, ""
    for w in words:
        if w in ("cent", "cents", "hundred"):
            current = max(current, 1) * 100
        elif w in ("mille", "thousand"):
            total += max(current, 1) * 1000
            current = 0
        elif w in ("vingt", "vingts") and prev == "quatre":
            current += 80 - 4
        elif w in _FR_UNITS:
            current += _FR_UNITS[w]
        elif w in _EN_UNITS:
            current += _EN_UNITS[w]
        elif w in _ONES or w == "a":
            current += 1
        else:
            return None
        prev = w
    return float(total + current)


def _date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the dates of ``text`` (:func:`analysis.dates.find_dates` and
    :func:`~analysis.dates.find_partial_dates`), looked for only around month names — a
    date has one within a few words — plus numeric dates (``01/02/2024``, ``2024-02-01``).

    Searching windows instead of the whole text gives the same dates several times faster.
    """
    windows: list[list[int]] = []
    for m in _MONTH_WORD.finditer(text):
        start = max(0, m.start() - 32)
        while start > 0 and not text[start - 1].isspace() and m.start() - start < 48:
            start -= 1
        end = min(len(text), m.end() + 14)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    spans = []
    for start, end in windows:
        chunk = text[start:end]
        for d in find_dates(chunk) + find_partial_dates(chunk):
            spans.append((start + d.start, start + d.end))
    spans.extend((m.start(), m.end()) for m in _NUMERIC_DATE.finditer(text))
    return spans


def _digits_value(raw: str, lang: str) -> float:
    if lang == "en":
        return float(raw.replace(",", ""))
    return float(re.sub(r"[ .']", "", raw).replace(",", "."))


def _qualifier(raw: str | None) -> str | None:
    if not raw:
        return None
    q = clean(raw).lower()
    return q[:-2] + "de" if q.endswith(" d'") else q


def _noun_after(doc: Doc, pos: int, end: int, *, after_de: bool) -> tuple[str | None, int]:
    """The counted noun starting at ``pos`` and where it ends."""
    text = doc.text
    toks = tokens_between(text, pos, min(end, pos + 120))
    i = 0
    if after_de and toks and toks[0].low in {"de", "d'", "of"}:
        i = 1
    elif after_de and toks and toks[0].low.startswith("d'"):
        # "d'habitants" is one token: split the elision off
        t = toks[0]
        head = t.low[2:]
        if head and head not in _NOT_NOUN:
            return _extend(doc, toks, 0, t.start + 2, end)
    if i >= len(toks) or not toks[i].word:
        # a percent sign is a mark, not a word
        if i < len(toks) and toks[i].low == "%":
            return "%", toks[i].end
        return None, pos
    t = toks[i]
    if t.low in _NOT_NOUN or t.low.isdigit():
        return None, pos
    return _extend(doc, toks, i, t.start, end)


def _extend(doc: Doc, toks: list[Any], i: int, start: int, end: int) -> tuple[str, int]:
    """Head noun at ``toks[i]`` (from ``start``), then adjectives and a bare ``de`` noun."""
    stop = toks[i].end
    j = i + 1
    n_adj = 0
    while (
        j < len(toks)
        and n_adj < 2
        and toks[j].word
        and _ADJECTIVE.search(toks[j].low)
        and toks[j].low not in _NOT_NOUN
        and not doc.text[toks[j].start].isupper()
    ):
        stop, j, n_adj = toks[j].end, j + 1, n_adj + 1
    # a bare "de" complement: "lots d'armes", "tonnes de nourriture" (no article after de)
    if j < len(toks) and toks[j].word:
        low = toks[j].low
        if low.startswith("d'") and len(low) > 2 and low[2:] not in _NOT_NOUN:
            stop = toks[j].end
        elif (
            low == "de"
            and j + 1 < len(toks)
            and toks[j + 1].word
            and toks[j + 1].low not in _NOT_NOUN
            and not toks[j + 1].low.isdigit()
        ):
            stop = toks[j + 1].end
    return doc.norm(start, stop), stop


_COMPLEMENT = re.compile(r"\s*,?\s*(?P<prep>parmi|dont|d'entre|among|of\s+whom|of\s+them)\s+", re.I)
_PCT_COMPLEMENT = re.compile(r"\s*(?P<prep>de\s+la|de\s+l'|des|du|de|d'|of)\s*", re.I)


def _complement(doc: Doc, pos: int, end: int, *, percent: bool) -> str | None:
    m = _COMPLEMENT.match(doc.text, pos)
    if m is None and percent:
        m = _PCT_COMPLEMENT.match(doc.text, pos)
    if m is None:
        return None
    span = np_forward(doc.text, m.end(), end, max_tokens=6)
    if span is None or doc.text[span[0] : span[1]].split()[0].lower() in {
        "plus",
        "moins",
        "more",
        "less",
    }:
        return None
    out = doc.out(*span)
    for det in ("les ", "la ", "le ", "l'", "l’", "the "):
        if out.lower().startswith(det):
            out = out[len(det) :]
            break
    return out or None


def _kind(noun: str | None, currency: bool) -> str:
    if currency:
        return "money"
    if noun is None:
        return "count"
    low = noun.lower()
    head = low.split()[0] if low.split() else low
    if low in _PERCENT or head == "%":
        return "percent"
    if head in _MONEY:
        return "money"
    if head in _DURATION:
        return "duration"
    return "count"


def _is_year(doc: Doc, end: int, s_end: int, prev_low: str, rng: Any) -> bool:
    """Is the four-digit number (1000 to 2100) ending at ``end`` a year rather than a count?

    A count only when a plural noun follows it (``2000 manifestants``, ``de 1000 euros``,
    ``1500 postes``), or the upper bound of a range does (``entre 1000 et 6500 euros``),
    and no ``en``/``depuis``/``in``/``since``… precedes it; else a year (``en 1789``, ``la
    révolution de 1789``, ``1794 était``, ``de 2015 à 2019``).
    """
    if prev_low in _STRONG_YEAR_CONTEXT:
        return True
    after = rng.end() if rng is not None else end
    noun, _ = _noun_after(doc, after, s_end, after_de=False)
    if noun is None:
        return True
    head = noun.split()[0].lower()
    plural = head.endswith(("s", "x")) or head in _MONEY or head in _UNMARKED_PLURALS
    return head in _NOT_NOUN or not plural


def _prev_token(doc: Doc, pos: int, floor: int) -> Any:
    """The last of ``tokens_between(text, max(floor, pos - 40), pos)``, built alone."""
    last = None
    for last in _TOK.finditer(doc.text, max(floor, pos - 40), pos):  # noqa: B007
        pass
    return None if last is None else Tok(last.group().lower(), last.start(), last.end())


def _next_token(doc: Doc, pos: int) -> Any:
    """The first of ``tokens_between(text, pos, pos + 30)``, built alone."""
    m = _TOK.search(doc.text, pos, min(len(doc.text), pos + 30))
    return None if m is None else Tok(m.group().lower(), m.start(), m.end())


def _article_claims(doc_id: Any, raw: str, lang: str) -> list[tuple[Any, ...]]:
    if not _ANY_NUMBER.search(raw):
        return []
    doc = Doc(raw, lang)
    text = doc.text
    dialect = "en" if lang == "en" else "fr"
    pattern, ranges = _PATTERNS[dialect], _RANGE[dialect]
    date_spans = _date_spans(text)
    times = [(m.start(), m.end()) for m in _DIGIT_TIME.finditer(text)]
    rows = []
    consumed = -1  # end of the last range read: its upper bound is not a claim of its own
    for m in pattern.finditer(text, lowered(text)):
        if m.start() < consumed:
            continue
        if m.group("qual") and not (
            m.group("vague") or m.group("approx") or m.group("num") or m.group("words")
        ):
            continue
        core = next(g for g in ("vague", "approx", "num", "words") if m.group(g))
        cs, ce = m.start(core), m.end(core)
        if any(s <= cs < e or s < ce <= e for s, e in date_spans):
            continue
        sent = doc.sentence_no(cs)
        s_start, s_end = doc.sentence_span(sent)
        prev = _prev_token(doc, m.start(), s_start)
        nxt = _next_token(doc, m.end())
        prev_low = prev.low if prev is not None else ""
        nxt_low = nxt.low if nxt is not None else ""
        if (
            nxt_low.strip(".-") in FRENCH_MONTHS
            or nxt_low.strip(".-") in ENGLISH_MONTHS
            and nxt is not None
            and text[nxt.start].isupper()
        ):
            continue  # a day of a month
        if prev is not None and (
            prev_low.rstrip(".") in ENGLISH_MONTHS and text[prev.start].isupper()
        ):
            continue  # "March 8"
        upper = None
        end = m.end()
        qual = _qualifier(m.group("qual"))
        if core == "num":
            if (
                any(s <= cs < e for s, e in times)
                or nxt_low in _TIME_UNIT
                and prev_low in {"à", "vers", "dès", "at", "by", "around"}
            ):
                continue
            if nxt_low in {"h"} or (
                nxt_low in _TIME_UNIT and prev_low in {"à", "vers", "dès", "at", "by"}
            ):
                continue
            if cs > 0 and text[cs - 1] == "-" and cs > 1 and text[cs - 2].isalpha():
                continue  # F-16, COVID-19
            if ce < len(text) - 1 and text[ce] == "-" and text[ce + 1].isalpha():
                continue
            if (
                _strip_elision(prev_low).rstrip(".") in _LABELS
                or prev_low in {"h.r", "n°"}
                or (
                    prev is not None
                    and text[prev.start].isupper()
                    and prev.end == cs - 1
                    and not m.group("qual")
                    and prev.start > s_start
                    and not m.group("cur")
                )
            ):
                continue  # "résolution 2728", "H.R. 1", "Boeing 737"
            raw_num = m.group("num")
            value = _digits_value(raw_num, dialect)
            if m.group("mult"):
                value *= _MULTIPLIERS[m.group("mult").lower()]
            elif (
                re.fullmatch(r"\d{4}", raw_num)
                and 1000 <= value <= 2100
                and not m.group("cur")
                and _is_year(doc, m.end(), s_end, prev_low, ranges.match(text, m.end()))
            ):
                continue
            after_de = bool(m.group("mult"))
        elif core == "words":
            value = parse_number_words(m.group("words"))
            if value is None or value < 2 and not m.group("wmult"):
                continue
            if prev_low in _DEFINITE:
                continue  # "les deux pays"
            if m.group("wmult"):
                value *= _MULTIPLIERS[m.group("wmult").lower()]
            after_de = bool(m.group("wmult"))
        elif core == "approx":
            word = m.group("approx").split()[-1].lower()
            value = float(_APPROX[word])
            qual = qual or clean(m.group("approx")).lower()
            after_de = True
        else:
            words = clean(m.group("vague")).lower().split()
            value = 1.0
            for w in words:
                if w in _VAGUE:
                    value *= _VAGUE[w]
                elif w == "tens":
                    value *= 10
            vague = clean(m.group("vague")).lower()
            qual = f"{qual} {vague}" if qual else vague
            after_de = True
        r = ranges.match(text, end)
        if r is not None and core in ("num", "words"):
            sep = text[end : r.start("upper")].strip().lower()
            up_raw = r.group("upper")
            up = (
                _digits_value(up_raw, dialect)
                if up_raw[0].isdigit()
                else parse_number_words(up_raw)
            )
            if (
                up is not None
                and up > value
                and (sep not in {"et", "and"} or qual in {"entre", "between"})
            ):
                upper, end = float(up), r.end()
                consumed = end
        noun, noun_end = _noun_after(doc, end, s_end, after_de=after_de)
        if (
            noun is not None
            and noun.split()[0].lower() in _TIME_UNIT | {"h"}
            and prev_low in {"à", "vers", "dès", "at", "by", "around", "about"}
        ):
            continue
        kind = _kind(noun, bool(m.group("cur")))
        if m.group("cur") and noun is None:
            noun = _CURRENCY[m.group("cur")]
        if noun in _PERCENT:
            noun = "%"
        complement = _complement(doc, noun_end if noun else end, s_end, percent=kind == "percent")
        number = doc.out(m.start(core), end)
        rows.append(
            (doc_id, float(value), noun, qual, doc.out(s_start, s_end), number, upper, complement,
             kind, m.start(), doc.paragraph_no(m.start()), sent)
        )  # fmt: skip
    return rows


def numeric_claims(
    x: Any,
    *,
    field: str = "body",
    progress: bool | None = None,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Every numeric claim of every article: the value, what it counts, how it is qualified.

    Parameters
    ----------
    x : Corpus
    field : {"body", "title", "captions", "all"}, default "body"
        Which text of each article is read.
    progress : bool or None
        Progress bar (``None``: only on a terminal).
    n_jobs : int or None
        Worker processes (see :func:`analysis.parallel.map_documents`): ``None`` uses every
        core from :data:`analysis.parallel.PARALLEL_MIN_DOCS` articles on, ``-1`` every
        core, ``1`` this process only. The rows do not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in corpus then text order, columns :data:`CLAIM_COLUMNS`:
        ``id``; ``value`` (float: the number, the lower bound of a range, or the order of
        magnitude of a vague quantity); ``noun`` (what is counted, or missing); ``qualifier``
        (``plus de``, ``au moins``, ``environ``, ``des milliers``, ``une dizaine`` …, or
        missing); ``context`` (the sentence); ``number`` (as written); ``upper`` (upper
        bound of a range, else NaN); ``complement`` (the group counted from: ``parmi
        les soldats américains`` → ``soldats américains``); ``kind`` (one of
        :data:`CLAIM_KINDS`); ``position`` (character offset of the claim, qualifier
        included, in the ``field`` text); ``paragraph``, ``sentence`` (0-based numbers, as
        in :func:`analysis.sourcing.attributions`). See the module docstring for the
        rules.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus.
    OptionError
        If ``field`` or ``progress`` is not allowed.

    Examples
    --------
    >>> import pandas as pd, analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": [
    ...     "Le 7 octobre, au moins trois mille personnes ont manifesté."]}))
    >>> numeric_claims(c)[["value", "noun", "qualifier", "number"]].values.tolist()
    [[3000.0, 'personnes', 'au moins', 'trois mille']]
    """
    field = check_field(field)
    progress = check_progress(progress)
    _check_corpus(x)
    ids, texts, langs = corpus_texts(x, field)
    items = [item for item in zip(ids, texts, langs, strict=True) if item[1]]
    jobs = resolve_n_jobs(n_jobs, len(items))
    rows = map_documents(
        _article_claims, items, n_jobs=jobs, progress=progress, desc="numeric claims"
    )
    out = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    return out.astype(
        {"value": "float64", "upper": "float64", "position": "int64", "paragraph": "int64",
         "sentence": "int64"}
    )  # fmt: skip
