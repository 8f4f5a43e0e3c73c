"""Article language: from metadata when declared, else detected offline.

Detection uses ``simplemma.langdetect`` restricted to the candidate languages
(French and English by default). simplemma looks each word up in its per-language
lemma dictionaries and scores a language by the share of words it knows, so it
needs no model download and no network. Its scores are shares, not
probabilities: a short English caption scores ``en 1.0, fr 0.11``, and a French
paragraph ``fr 1.0, en 0.3`` (many French words are also English). This module
therefore answers a language only when

* the text has at least :data:`MIN_WORDS` words, and
* the best score is at least :data:`MIN_SCORE` and beats the runner-up by at least
  :data:`MIN_MARGIN`;

otherwise it answers ``"und"`` (undetermined, the ISO 639 code). Only the first
:data:`MAX_CHARS` characters are read, which is plenty for a language and keeps
loading thousands of articles fast.

Examples
--------
>>> detect_language("La Résistance irakienne a mené une attaque de drones contre le port.")
'fr'
>>> detect_language("Speaker of the House talks with fellow Democrats before voting.")
'en'
>>> detect_language("Photo : AFP")
'und'
>>> normalise_language("fr-FR"), normalise_language("Français"), normalise_language("English")
('fr', 'fr', 'en')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import simplemma

from analysis.errors import InputTypeError, OptionError

__all__ = [
    "UNDETERMINED",
    "MIN_WORDS",
    "MIN_SCORE",
    "MIN_MARGIN",
    "MAX_CHARS",
    "detect_language",
    "normalise_language",
]

#: Code returned when the language cannot be told (ISO 639-2 "und").
UNDETERMINED = "und"
#: Fewer words than this and the answer is "und".
MIN_WORDS = 3
#: The best language must know at least this share of the words.
MIN_SCORE = 0.5
#: ... and beat the runner-up by at least this much.
MIN_MARGIN = 0.2
#: Only this many leading characters are read.
MAX_CHARS = 3000

_WORD = re.compile(r"[^\W\d_]+")

# Language names as they appear in metadata, mapped to ISO 639-1 codes.
_NAMES: dict[str, str] = {
    "french": "fr", "francais": "fr", "français": "fr", "fra": "fr", "fre": "fr",
    "english": "en", "anglais": "en", "eng": "en",
    "german": "de", "allemand": "de", "deutsch": "de", "deu": "de", "ger": "de",
    "spanish": "es", "espagnol": "es", "español": "es", "spa": "es",
    "italian": "it", "italien": "it", "italiano": "it", "ita": "it",
    "arabic": "ar", "arabe": "ar", "ara": "ar",
    "dutch": "nl", "néerlandais": "nl", "nld": "nl",
    "undetermined": UNDETERMINED, "unknown": UNDETERMINED,
}  # fmt: skip


def normalise_language(value: Any) -> str:
    """Turn a declared language into a lowercase ISO 639-1 code.

    ``"fr"``, ``"FR"``, ``"fr-FR"``, ``"fr_CA"``, ``"French"``, ``"français"`` all
    give ``"fr"``. Missing values give ``"und"``.

    Parameters
    ----------
    value : str or None
        The declared language.

    Returns
    -------
    str
        A two-letter code, another code as given (lowercased) when it is not a
        known name, or ``"und"``.

    Raises
    ------
    InputTypeError
        If ``value`` is neither a string nor missing.
    OptionError
        If the string is not a language code or name (e.g. contains digits).
    """
    if value is None or (isinstance(value, float) and value != value):
        return UNDETERMINED
    if not isinstance(value, str):
        raise InputTypeError(
            f"language must be a str such as 'fr'; received {type(value).__name__}."
        )
    s = unicodedata.normalize("NFC", value).strip().lower()
    if not s:
        return UNDETERMINED
    if s in _NAMES:
        return _NAMES[s]
    code = re.split(r"[-_]", s, maxsplit=1)[0]
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise OptionError(
            f"language={value!r} is not a language code; "
            "give an ISO 639-1 code such as 'fr' or 'en'."
        )
    return _NAMES.get(code, code)


def detect_language(
    text: str,
    *,
    candidates: Sequence[str] = ("fr", "en"),
    min_words: int = MIN_WORDS,
) -> str:
    """Detect the language of ``text`` among ``candidates``, offline.

    See the module docstring for the method and thresholds.

    Parameters
    ----------
    text : str
        The text (only its first :data:`MAX_CHARS` characters are read).
    candidates : sequence of str, default ("fr", "en")
        ISO 639-1 codes that simplemma knows.
    min_words : int, default MIN_WORDS
        Below this many words the answer is ``"und"``.

    Returns
    -------
    str
        One of ``candidates`` or ``"und"``.

    Raises
    ------
    InputTypeError
        If ``text`` is not a string.
    OptionError
        If ``candidates`` is empty.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str; received {type(text).__name__}.")
    candidates = tuple(candidates)
    if not candidates:
        raise OptionError("candidates must name at least one language, e.g. ('fr', 'en').")
    sample = text[:MAX_CHARS]
    if len(_WORD.findall(sample)) < min_words:
        return UNDETERMINED
    scores = {lang: score for lang, score in simplemma.langdetect(sample, lang=candidates)}
    scores.pop("unk", None)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked:
        return UNDETERMINED
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score >= MIN_SCORE and best_score - runner_up >= MIN_MARGIN:
        return best
    return UNDETERMINED
