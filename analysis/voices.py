"""Who speaks: the outlet's own narration apart from the words it quotes.

A press article mixes two voices: the journalist's narration and quoted speech
(a communiqué, an official). Comparing them shows what the outlet says in its own
words and what it only reports. :func:`split_voices` cuts every body paragraph at
its quotation marks — French guillemets « … » and English quotes “ … ” — so that
:func:`analysis.dtm` with ``unit="segment"`` and ``by="voice"`` can count each voice.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.dtm import _check_corpus

__all__ = ["split_voices", "VOICES"]

VOICES = ("narration", "quote")
# An opening mark, the shortest text without another opening mark of the same kind, the closing mark.
_QUOTE = re.compile(r"«[^«»]*»|“[^“”]*”")


def _spans(text: str) -> list[tuple[str, str]]:
    """(voice, text) pieces of one paragraph, in order; empty pieces dropped.

    Unbalanced quotation marks are left in the narration: a stray « must not turn the
    rest of a paragraph into quotation.
    """
    pieces: list[tuple[str, str]] = []
    last = 0
    for m in _QUOTE.finditer(text):
        pieces.append(("narration", text[last : m.start()]))
        pieces.append(("quote", m.group(0)[1:-1]))
        last = m.end()
    pieces.append(("narration", text[last:]))
    return [(v, t.strip()) for v, t in pieces if t.strip(" \u00a0\u202f,.;:")]


def split_voices(corpus):
    """A copy of ``corpus`` whose body segments are split into narration and quotation.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    Corpus
        Same articles and report; segments: title, captions, related links and furniture
        unchanged (``voice`` missing), each body paragraph replaced by its pieces, in
        order, with ``voice`` = ``"narration"`` or ``"quote"`` and ``paragraph`` = the
        position of the paragraph it came from. Positions are renumbered 0, 1, … per
        article.

    Examples
    --------
    >>> import pandas as pd, analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": ["Il a dit « non merci », puis il est parti."]}))
    >>> split_voices(c).segments[["voice", "text"]].values.tolist()
    [['narration', 'Il a dit'], ['quote', 'non merci'], ['narration', ', puis il est parti.']]
    """
    _check_corpus(corpus)
    rows = []
    for seg in corpus.segments.sort_values(["id", "position"], kind="stable").to_dict("records"):
        if seg["role"] != "body":
            rows.append({**seg, "voice": None, "paragraph": seg["position"]})
            continue
        for voice, text in _spans(seg["text"]):
            rows.append({**seg, "text": text, "voice": voice, "paragraph": seg["position"]})
    segments = pd.DataFrame(rows, columns=[*corpus.segments.columns, "voice", "paragraph"])
    segments["position"] = segments.groupby("id", sort=False).cumcount()
    return type(corpus)(corpus.articles, segments, corpus.report)
