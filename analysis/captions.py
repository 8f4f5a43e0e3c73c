"""Caption audit: does each photo caption belong to the article it illustrates?

Sites reuse photos, and with them captions written for other stories — the seed page
carries a 2019 AFP caption about Ilhan Omar and Nancy Pelosi above an article on an
Iraqi drone attack on Haifa. :func:`caption_audit` scores every caption of every article
on four signs of a mismatch, and on a fifth when the corpus has several articles:

``similarity``
    share of the caption's content words (:func:`analysis.patterns.content_words`) that
    occur in the article's title and body — the share
    :func:`analysis.patterns.caption_overlap` computes, and that
    :func:`analysis.patterns.caption_on_story` compares with its threshold when the corpus
    is loaded (that decision is kept in ``on_story``); NaN for a caption without content
    words;
``entity_overlap``
    share of the caption's named entities (:func:`caption_entities`: capitalised words and
    multi-word names, without sentence-initial function words, months, weekdays or credit
    words) that occur in the title and body; NaN when the caption names none.
    ``shared_entities`` lists them;
``date_gap_days``
    days between the dates in the caption (:func:`analysis.dates.find_dates`; failing
    that, a bare year, at its day nearest the article's date) and the article's date,
    the smallest gap if there are several; NaN when either is missing;
``archive_marker``
    the caption says the photo is an archive or an illustration (``archives``, ``photo
    d'illustration``, ``file photo`` …);
``fits_own_body_best``
    the *body-swap test*: is the caption's similarity with its own article at least its
    similarity with every other article of the corpus? ``<NA>`` when the corpus has a
    single article or the caption has no content word.

Score
-----
Each sign becomes a mismatch in [0, 1]: ``1 − similarity``, ``1 − entity_overlap``,
``min(date_gap_days, 365) / 365``, ``archive_marker`` (0 or 1), and ``not
fits_own_body_best`` (0 or 1). ``score`` is their weighted mean over the signs available
for that caption, with weights :data:`WEIGHTS` (1 for similarity, entities and date;
0.5 for the archive marker, which also marks honest file photos of the right place, and
for the body swap, which a generic caption can lose to an article on the same topic).
``flagged`` is ``score >= threshold`` (:data:`FLAG_THRESHOLD` = 0.5 by default): a
caption is flagged when, on average, its signs point more to another story than to this
one. A caption with neither content words nor named entities has nothing to compare:
its score is NaN and it is not flagged.

On the seed page the AFP caption scores 0.82 (similarity 0.06, one entity of eleven shared —
*Washington* —, 1,791 days between 8 March 2019 and 1 February 2024) and is flagged; the
Getty caption scores 0.17 (ten of eleven content words shared, both entities, same day;
only its ``archives`` credit counts against it) and is not.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.dates import (
    ENGLISH_MONTHS,
    ENGLISH_WEEKDAYS,
    FRENCH_MONTHS,
    FRENCH_WEEKDAYS,
    find_dates,
)
from analysis.dtm import _check_corpus
from analysis.errors import OptionError
from analysis.patterns import _CREDIT_WORDS, content_words
from analysis.tokens import normalize, stopword_set

__all__ = [
    "CAPTION_COLUMNS",
    "WEIGHTS",
    "FLAG_THRESHOLD",
    "DATE_SCALE_DAYS",
    "caption_audit",
    "caption_entities",
]

#: Columns of :func:`caption_audit`, in order.
CAPTION_COLUMNS: tuple[str, ...] = (
    "id", "position", "caption", "score", "flagged", "similarity", "entity_overlap",
    "shared_entities", "date_gap_days", "archive_marker", "fits_own_body_best",
    "entities", "caption_date", "article_date", "on_story",
)  # fmt: skip

#: Weight of each sign in the score.
WEIGHTS: dict[str, float] = {
    "similarity": 1.0,
    "entities": 1.0,
    "date": 1.0,
    "archive": 0.5,
    "swap": 0.5,
}
#: Default score from which a caption is flagged.
FLAG_THRESHOLD = 0.5
#: A date gap of this many days or more counts as a full mismatch.
DATE_SCALE_DAYS = 365

_ARCHIVE = re.compile(
    r"\barchives?\b|\billustration\b|\bfile\s+(?:photo|picture|image)\b|\(file\)|"
    r"\bstock\s+(?:photo|image)\b|\bimage\s+d['’]archives?\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_][\w'.-]*\w|[^\W\d_]")
_CONNECTORS = frozenset("de du des d' la le of the al el bin ben von van y".split())
_NOT_ENTITIES = (
    frozenset(FRENCH_MONTHS) | frozenset(ENGLISH_MONTHS) | frozenset(FRENCH_WEEKDAYS)
    | frozenset(ENGLISH_WEEKDAYS) | _CREDIT_WORDS
)  # fmt: skip
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/.-])")


def _function_words() -> frozenset[str]:
    return stopword_set("fr") | stopword_set("en")


def caption_entities(text: str) -> list[str]:
    """The named entities of a caption (or any text), in order of first appearance.

    An entity is a run of capitalised words (hyphens, inner dots and apostrophes kept:
    ``D-MN``, ``H.R``, ``Tel-Aviv``), joined across lower-case connectors between two
    capitalised words (``Speaker of the House``, ``Conseil de sécurité`` is two
    entities since ``sécurité`` is lower-case). An elided article is dropped
    (``l'Irak`` → ``Irak``). Left out: sentence-initial function words (``La``,
    ``The``), month and weekday names, credit words (``AFP``, ``Getty``, ``Images``),
    single letters and numbers.

    Examples
    --------
    >>> caption_entities("La Résistance irakienne frappe Haïfa, le 1er février. ©Getty Images")
    ['Résistance', 'Haïfa']
    >>> caption_entities("Speaker of the House Nancy Pelosi in Washington, DC. (AFP photo)")
    ['Speaker of the House Nancy Pelosi', 'Washington', 'DC']
    """
    norm = normalize(text)
    function_words = _function_words()
    words = []
    for m in _WORD.finditer(norm):
        w, start = m.group(), m.start()
        for prefix in ("l'", "d'", "L'", "D'", "qu'"):
            if w.startswith(prefix) and len(w) > len(prefix):
                w, start = w[len(prefix) :], start + len(prefix)
                break
        words.append((w, start, m.end()))
    entities: list[str] = []
    current: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []

    def close() -> None:
        if current:
            name = norm[current[0][1] : current[-1][2]]
            name = " ".join(name.split())
            if name not in entities:
                entities.append(name)
        current.clear()
        pending.clear()

    prev_end = 0
    for w, start, end in words:
        gap = norm[prev_end:start]
        prev_end = end
        low = w.lower()
        before = norm[max(0, start - 40) : start].rstrip()
        initial = not before and start < 40 or before[-1:] in (".", "!", "?")
        capital = w[0].isupper()
        # an initial function word is dropped ("La", "The"), an acronym is not ("US")
        function = initial and low in function_words and not (w.isupper() and len(w) > 1)
        if capital and (low in _NOT_ENTITIES or len(w) < 2 or w[0].isdigit() or function):
            close()
            continue
        if capital:
            joined = pending and all(
                not norm[a:b].strip() for a, b in _gaps(current, pending, start)
            )
            if current and (not gap.strip() or joined):
                current.extend(pending)
                current.append((w, start, end))
                pending.clear()
            else:
                close()
                current.append((w, start, end))
            continue
        if current and low in _CONNECTORS and gap.strip() == "" and len(pending) < 2:
            pending.append((w, start, end))
            continue
        close()
    close()
    return entities


def _gaps(
    current: list[tuple[str, int, int]], pending: list[tuple[str, int, int]], start: int
) -> list[tuple[int, int]]:
    """Spans between the last entity word, the pending connectors and the next word."""
    points = [current[-1][2]] + [p for _, s, e in pending for p in (s, e)] + [start]
    return [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]


def _occurs(entity: str, story: str, story_words: set[str]) -> bool:
    if re.search(rf"(?<!\w){re.escape(entity)}(?!\w)", story):
        return True
    parts = [p for p in re.split(r"\s+", entity) if p[:1].isupper()]
    return len(parts) > 1 and all(p in story_words for p in parts)


def _date_gap(caption: str, article_date: Any) -> tuple[float, Any]:
    if article_date is None or pd.isna(article_date):
        return math.nan, pd.NaT
    article_date = pd.Timestamp(article_date).normalize()
    found = find_dates(caption)
    candidates = [d.date for d in found]
    if not candidates:
        taken = [(d.start, d.end) for d in found]
        for m in _YEAR.finditer(caption):
            if any(s <= m.start() < e for s, e in taken):
                continue
            year = int(m.group())
            if year == article_date.year:
                candidates.append(article_date)
            elif year < article_date.year:
                candidates.append(pd.Timestamp(year=year, month=12, day=31))
            else:
                candidates.append(pd.Timestamp(year=year, month=1, day=1))
    if not candidates:
        return math.nan, pd.NaT
    best = min(candidates, key=lambda d: abs((d - article_date).days))
    return float(abs((best - article_date).days)), best


def _check_threshold(threshold: Any) -> float:
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not (0 < threshold <= 1)
    ):
        raise OptionError(
            f"threshold must be a number in (0, 1]; received {threshold!r} "
            f"(the default is {FLAG_THRESHOLD})."
        )
    return float(threshold)


def _swap_test(
    caption_words: list[set[str]], own: list[int], story_words: list[set[str]]
) -> list[Any]:
    """For each caption: is its share with its own story >= its share with every other?"""
    vocab: dict[str, int] = {}
    for words in caption_words:
        for w in words:
            vocab.setdefault(w, len(vocab))
    if not vocab:
        return [pd.NA] * len(caption_words)

    def matrix(sets: list[set[str]]) -> sp.csr_matrix:
        rows, cols = [], []
        for i, words in enumerate(sets):
            for w in words:
                j = vocab.get(w)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        data = np.ones(len(rows), dtype=np.int32)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(sets), len(vocab)))

    stories = matrix(story_words).T.tocsc()
    captions = matrix(caption_words)
    out: list[Any] = []
    for lo in range(0, len(caption_words), 1000):
        shared = (captions[lo : lo + 1000] @ stories).toarray()
        for i, row in enumerate(shared, start=lo):
            if not caption_words[i]:
                out.append(pd.NA)
                continue
            mine = row[own[i]]
            row = row.copy()
            row[own[i]] = -1
            out.append(bool(mine >= row.max()))
    return out


def caption_audit(x: Any, *, threshold: float = FLAG_THRESHOLD) -> pd.DataFrame:
    """Score every photo caption of every article on how well it fits its article.

    Parameters
    ----------
    x : Corpus
        Captions are the segments with role ``caption`` (on and off story alike).
    threshold : float in (0, 1], default FLAG_THRESHOLD
        Score from which a caption is flagged.

    Returns
    -------
    pandas.DataFrame
        One row per caption, in corpus then page order, columns :data:`CAPTION_COLUMNS`:
        ``id``, ``position`` (the segment's position), ``caption``, ``score``,
        ``flagged``, the components ``similarity``, ``entity_overlap``,
        ``shared_entities`` (``"; "``-joined), ``date_gap_days``, ``archive_marker``,
        ``fits_own_body_best`` (boolean with ``<NA>``), then ``entities`` (the caption's,
        ``"; "``-joined), ``caption_date`` (the date used for the gap), ``article_date``
        and ``on_story`` (the loader's decision, :func:`analysis.patterns.caption_on_story`).
        See the module docstring for the formula.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus.
    OptionError
        If ``threshold`` is not a number in (0, 1].

    Examples
    --------
    >>> from analysis import config, load_corpus
    >>> audit = caption_audit(load_corpus(config.RAW_DIR))
    >>> audit[["flagged", "shared_entities", "date_gap_days"]].values.tolist()
    [[True, 'Washington', 1791.0], [False, 'Résistance; Haïfa', 0.0]]
    """
    threshold = _check_threshold(threshold)
    _check_corpus(x)
    seg = x.segments
    arts = x.articles.reset_index(drop=True)
    index = {doc_id: i for i, doc_id in enumerate(arts["id"].tolist())}
    caps = seg[(seg["role"] == "caption") & seg["id"].isin(index)]
    if caps.empty:
        return _empty()
    # corpus order, then page order (not the order of the ids)
    caps = caps.assign(_order=caps["id"].map(index)).sort_values(
        ["_order", "position"], kind="stable"
    )
    titles = arts["title"].fillna("").astype(str).tolist()
    bodies = arts["text"].fillna("").astype(str).tolist()
    dates = arts["date"].tolist()
    needed = sorted({index[i] for i in caps["id"]})
    several = len(arts) >= 2
    story_text = {i: normalize(f"{titles[i]}\n{bodies[i]}") for i in needed}
    story_tokens = {i: set(_WORD.findall(t)) for i, t in story_text.items()}
    if several:
        all_words = [content_words(f"{t}\n{b}") for t, b in zip(titles, bodies, strict=True)]
    else:
        all_words = [content_words(f"{titles[0]}\n{bodies[0]}")]

    rows = []
    caption_words, own = [], []
    for rec in caps.to_dict("records"):
        i = index[rec["id"]]
        caption = str(rec["text"])
        cw = content_words(caption)
        caption_words.append(cw)
        own.append(i)
        similarity = len(cw & all_words[i]) / len(cw) if cw else math.nan
        entities = caption_entities(caption)
        shared = [e for e in entities if _occurs(normalize(e), story_text[i], story_tokens[i])]
        overlap = len(shared) / len(entities) if entities else math.nan
        gap, used = _date_gap(caption, dates[i])
        rows.append({
            "id": rec["id"], "position": int(rec["position"]), "caption": caption,
            "similarity": similarity, "entity_overlap": overlap,
            "shared_entities": "; ".join(shared), "date_gap_days": gap,
            "archive_marker": bool(_ARCHIVE.search(caption)), "entities": "; ".join(entities),
            "caption_date": used, "article_date": dates[i], "on_story": rec.get("on_story", pd.NA),
        })  # fmt: skip
    swaps = _swap_test(caption_words, own, all_words) if several else [pd.NA] * len(rows)
    for row, swap in zip(rows, swaps, strict=True):
        row["fits_own_body_best"] = swap
        row["score"] = _score(row, swap)
        row["flagged"] = bool(not math.isnan(row["score"]) and row["score"] >= threshold)
    out = pd.DataFrame(rows, columns=list(CAPTION_COLUMNS))
    return out.astype(
        {"position": "int64", "score": "float64", "flagged": "bool", "similarity": "float64",
         "entity_overlap": "float64", "date_gap_days": "float64", "archive_marker": "bool",
         "fits_own_body_best": "boolean", "caption_date": "datetime64[ns]",
         "article_date": "datetime64[ns]", "on_story": "boolean"}
    )  # fmt: skip


def _score(row: dict[str, Any], swap: Any) -> float:
    if math.isnan(row["similarity"]) and math.isnan(row["entity_overlap"]):
        return math.nan
    parts = []
    if not math.isnan(row["similarity"]):
        parts.append((WEIGHTS["similarity"], 1 - row["similarity"]))
    if not math.isnan(row["entity_overlap"]):
        parts.append((WEIGHTS["entities"], 1 - row["entity_overlap"]))
    if not math.isnan(row["date_gap_days"]):
        parts.append(
            (WEIGHTS["date"], min(row["date_gap_days"], DATE_SCALE_DAYS) / DATE_SCALE_DAYS)
        )
    parts.append((WEIGHTS["archive"], 1.0 if row["archive_marker"] else 0.0))
    if swap is not pd.NA:
        parts.append((WEIGHTS["swap"], 0.0 if swap else 1.0))
    return sum(w * v for w, v in parts) / sum(w for w, _ in parts)


def _empty() -> pd.DataFrame:
    dtypes = {
        "id": object, "position": "int64", "caption": object, "score": "float64",
        "flagged": "bool", "similarity": "float64", "entity_overlap": "float64",
        "shared_entities": object, "date_gap_days": "float64", "archive_marker": "bool",
        "fits_own_body_best": "boolean", "entities": object, "caption_date": "datetime64[ns]",
        "article_date": "datetime64[ns]", "on_story": "boolean",
    }  # fmt: skip
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in CAPTION_COLUMNS})
