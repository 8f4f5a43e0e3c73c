"""Who is given the floor: reported speech and attributions, French and English.

:func:`attributions` finds, in every article, the places where the text hands the word to
someone else, by five families of patterns:

``quote_incise``
    a quotation followed by an incise naming the speaker: ``« … », indique le
    communiqué``, ``« … », a-t-il déclaré``, ``“…,” the minister said``, ``“…,” said X``;
``quote_intro``
    a speaker, a speech verb and a colon before the quotation:
    ``Le ministre a déclaré : « … »``;
``reported``
    a speaker, a finite speech verb and a complement clause: ``X a affirmé que …``,
    ``X said (that) …``, ``X told reporters that …``;
``participle``
    a present participle of a speech verb after the main clause, whose subject is the
    speaker: ``…, affirmant que …``, ``…, en annonçant qu'elle …``, ``…, saying that …``;
``according_to``
    a source phrase: ``selon …``, ``d'après …``, ``according to …``;
``conditional``
    a *conditionnel journalistique* (``aurait tué``, ``auraient été``, ``serait``) or an
    English hedge (``reportedly``, ``allegedly``, ``is said to``) in a sentence that names
    no source: the outlet reports a claim without saying whose it is.

Speech verbs are a closed list (:data:`SPEECH_VERBS_FR`, :data:`SPEECH_VERBS_EN`), in the
tenses of press narration (present, passé composé, passé simple, imparfait, conditional
past, with or without inversion: ``déclare-t-il``, ``a-t-elle précisé``). A quotation in
« guillemets » that no speech verb introduces (a scare quote, a partial quote inside a
reported clause) is not an attribution.

Sources
-------
``speaker`` is the speaker as written (``le communiqué``, ``il``, ``le dernier décompte du
ministère de la Santé de Gaza``); ``source`` is who it stands for, without its leading
article:

* a document followed by its author (``le dernier décompte du ministère de la Santé de
  Gaza``, ``un communiqué de l'armée``) → the author (``ministère de la Santé de Gaza``);
* a document alone (``le communiqué``, ``le texte``) → the named subject of the nearest
  earlier sentence that mentions the same document (``X a revendiqué l'attaque dans un
  communiqué``), else the nearest named subject;
* a pronoun (``il``, ``elle``, ``ils``, ``selon lui``, ``he``) → the nearest named subject;
* anything else → itself.

"Nearest" looks back through the current paragraph and the two before it; a subject is
*named* when it holds a capitalised word (``la Résistance islamique en Irak``, ``Israël``),
so ``le régime`` or ``les forces`` are skipped. ``resolved`` says whether the source was
found this way. Unresolved pronouns and documents leave ``source`` missing.

Subjects are found without a parser: the words between the start of the clause (the
sentence, or the last ``que``) and the verb, cut at commas, skipping adverbial openings
(``Depuis …,``, ``Le mois dernier,``, ``Jeudi,``) and appositions (``X, un groupe de …,
a déclaré`` → ``X``); a relative ``qui`` stands for the noun before it. This is a
heuristic with known limits (coordinated subjects, long subjects over 14 words, verbs
outside the lists), which is why every row carries the text it came from.

Hedging
-------
``hedged`` is True when the attribution's own clause is in the conditional (``X aurait
déclaré``, ``selon X, l'armée aurait tué …``) or carries an English hedge. A conditional
inside the reported clause (``affirmant que les forces continueraient de …``) is the
concordance of tenses, not a hedge, and so is a conditional in a sentence with ``si``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.dates import ENGLISH_MONTHS, FRENCH_MONTHS
from analysis.dtm import _check_corpus
from analysis.errors import OptionError, check_choice
from analysis.parallel import map_documents, resolve_n_jobs
from analysis.tokens import _sentence_breaks, normalize

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "ATTRIBUTION_KINDS",
    "QUOTED_SOURCE_COLUMNS",
    "SPEECH_VERBS_FR",
    "SPEECH_VERBS_EN",
    "FIELDS",
    "attributions",
    "quoted_sources",
]

#: Which text of each article is searched (see :meth:`analysis.corpus.Corpus.texts`).
FIELDS: tuple[str, ...] = ("body", "title", "captions", "all")

#: Columns of :func:`attributions`, in order.
ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "id", "source", "verb", "quote", "position", "hedged",
    "kind", "speaker", "resolved", "paragraph", "sentence",
)  # fmt: skip

#: Values of the ``kind`` column.
ATTRIBUTION_KINDS: tuple[str, ...] = (
    "quote_incise", "quote_intro", "reported", "participle", "according_to", "conditional",
)  # fmt: skip

#: Columns of :func:`quoted_sources`, in order.
QUOTED_SOURCE_COLUMNS: tuple[str, ...] = (
    "group", "source", "n", "n_articles", "n_direct", "n_hedged", "share",
)  # fmt: skip

#: Label of attributions that name no source in :func:`quoted_sources`.
UNNAMED = "(no source named)"


# -------------------------------------------------------------------------------------------
# Verb forms
def _er(lemma: str, present: tuple[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Third-person forms of a first-group verb: finite, past participles, -ant, conditional."""
    stem = lemma[:-2]
    # annoncer → annonça, annonçant; juger → jugea, jugeant
    soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    pres = present or (stem + "e", stem + "ent")
    fut = pres[0] if present else stem + "e"
    return {
        "finite": (*pres, soft + "a", stem + "èrent", soft + "ait", soft + "aient",
                   fut + "ra", fut + "ront"),
        "pp": (stem + "é", stem + "ée", stem + "és", stem + "ées"),
        "ppr": (soft + "ant",),
        "cond": (fut + "rait", fut + "raient"),
    }  # fmt: skip


def _ir(lemma: str) -> dict[str, tuple[str, ...]]:
    """Third-person forms of a second-group verb (finir)."""
    stem = lemma[:-2]
    return {
        "finite": (stem + "it", stem + "issent", stem + "irent", stem + "issait",
                   stem + "issaient", stem + "ira", stem + "iront"),
        "pp": (stem + "i", stem + "ie", stem + "is", stem + "ies"),
        "ppr": (stem + "issant",),
        "cond": (stem + "irait", stem + "iraient"),
    }  # fmt: skip


def _irregular(finite: str, pp: str, ppr: str, cond: str) -> dict[str, tuple[str, ...]]:
    return {"finite": tuple(finite.split()), "pp": tuple(pp.split()), "ppr": tuple(ppr.split()),
            "cond": tuple(cond.split())}  # fmt: skip


_SPEECH_ER = (
    "indiquer affirmer déclarer préciser souligner ajouter expliquer estimer assurer annoncer "
    "confier raconter témoigner confirmer signaler noter observer juger fustiger regretter "
    "déplorer dénoncer insister accuser lancer commenter menacer répliquer rétorquer protester "
    "plaider avancer tweeter claironner nier marteler rappeler relever considérer répéter "
    "réitérer révéler"
).split()
_SPEECH_PRESENT = {
    "marteler": ("martèle", "martèlent"), "rappeler": ("rappelle", "rappellent"),
    "relever": ("relève", "relèvent"), "considérer": ("considère", "considèrent"),
    "répéter": ("répète", "répètent"), "réitérer": ("réitère", "réitèrent"),
    "révéler": ("révèle", "révèlent"),
}  # fmt: skip

#: French speech verbs: lemma → forms (``finite``, ``pp``, ``ppr``, ``cond``).
SPEECH_VERBS_FR: dict[str, dict[str, tuple[str, ...]]] = {
    **{v: _er(v, _SPEECH_PRESENT.get(v)) for v in _SPEECH_ER},
    "réagir": _ir("réagir"),
    "avertir": _ir("avertir"),
    "dire": _irregular("dit disent dirent disait disaient dira diront", "dit", "disant",
                       "dirait diraient"),
    "écrire": _irregular("écrit écrivent écrivit écrivirent écrivait écrivaient", "écrit",
                         "écrivant", "écrirait écriraient"),
    "reconnaître": _irregular("reconnaît reconnait reconnaissent reconnut reconnurent "
                              "reconnaissait reconnaissaient", "reconnu", "reconnaissant",
                              "reconnaîtrait reconnaîtraient"),
    "admettre": _irregular("admet admettent admit admirent admettait admettaient", "admis",
                           "admettant", "admettrait admettraient"),
    "poursuivre": _irregular("poursuit poursuivent poursuivit poursuivirent poursuivait "
                             "poursuivaient", "poursuivi", "poursuivant",
                             "poursuivrait poursuivraient"),
    "prévenir": _irregular("prévient préviennent prévint prévenait prévenaient", "prévenu",
                           "prévenant", "préviendrait préviendraient"),
    "conclure": _irregular("conclut concluent conclurent concluait concluaient", "conclu",
                           "concluant", "conclurait concluraient"),
    "répondre": _irregular("répond répondent répondit répondirent répondait répondaient",
                           "répondu", "répondant", "répondrait répondraient"),
    "démentir": _irregular("dément démentent démentit démentait démentaient", "démenti",
                           "démentant", "démentirait démentiraient"),
    "soutenir": _irregular("soutient soutiennent soutint soutenait soutenaient", "soutenu",
                           "soutenant", "soutiendrait soutiendraient"),
    "prétendre": _irregular("prétend prétendent prétendit prétendait prétendaient", "prétendu",
                            "prétendant", "prétendrait prétendraient"),
    "faire savoir": _irregular("fait_savoir font_savoir fit_savoir faisait_savoir",
                               "fait_savoir", "faisant_savoir", "ferait_savoir"),
}  # fmt: skip

_SPEECH_EN_REGULAR = (
    "add announce declare claim note explain insist warn confirm deny argue assert tweet "
    "report acknowledge stress emphasize emphasise allege admit reveal state"
).split()


def _en(verb: str) -> dict[str, tuple[str, ...]]:
    base = verb[:-1] if verb.endswith("e") else verb
    past = (
        verb + "d"
        if verb.endswith("e")
        else verb[:-1] + "ied"
        if verb.endswith("y")
        else verb + "ed"
    )
    third = (
        verb[:-1] + "ies"
        if verb.endswith("y")
        else verb + "es"
        if verb.endswith(("s", "sh"))
        else verb + "s"
    )
    return {"finite": (third, past), "pp": (past,), "ppr": (base + "ing",), "cond": ()}


#: English speech verbs: lemma → forms.
SPEECH_VERBS_EN: dict[str, dict[str, tuple[str, ...]]] = {
    **{v: _en(v) for v in _SPEECH_EN_REGULAR},
    "say": {"finite": ("says", "said"), "pp": ("said",), "ppr": ("saying",), "cond": ()},
    "tell": {"finite": ("tells", "told"), "pp": ("told",), "ppr": ("telling",), "cond": ()},
    "write": {"finite": ("writes", "wrote"), "pp": ("written",), "ppr": ("writing",), "cond": ()},
}


def _alt(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (``_`` stands for a run of spaces), as a prefix trie.

    ``re`` tries the branches of a flat alternation one by one at every position; factoring
    common prefixes (``indiqu(?:e|ent|a|…)``) makes the lists of verb forms several times
    faster to search, with the same matches: at a given position the longest word wins,
    as in a longest-first alternation.
    """
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == "_" else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        if end:
            body = (body if body.startswith("(?:") else "(?:" + body + ")") + "?"
        return body

    return build(trie)


def _forms(table: dict[str, dict[str, tuple[str, ...]]], *kinds: str) -> dict[str, str]:
    """form (spaces as ``_``) → lemma, for the given kinds of forms."""
    return {f: lemma for lemma, forms in table.items() for k in kinds for f in forms[k]}


# -------------------------------------------------------------------------------------------
# Word classes shared by the clause helpers (and by analysis.agency / analysis.claims)
AUX_AVOIR = frozenset(
    """a ont avait avaient aura auront aurait auraient eut eurent ait aient ai as avons avez
    avions aviez""".split()
)
AUX_ETRE = frozenset(
    """est sont était étaient sera seront serait seraient fut furent soit soient suis es sommes
    êtes étions étiez""".split()
)
AUX_EN = frozenset("has have had is are was were be been being will would".split())


def auxiliaries(lang: str) -> frozenset[str]:
    """Auxiliary verb forms of ``lang`` ("fr", "en"; anything else: both)."""
    if lang == "fr":
        return AUX_AVOIR | AUX_ETRE
    if lang == "en":
        return AUX_EN
    return AUX_AVOIR | AUX_ETRE | AUX_EN - {"a"}


DETERMINERS = frozenset(
    """le la les l' un une des du de d' ce cet cette ces son sa ses leur leurs notre nos votre vos
    mon ma mes au aux the a an this that these those its his her their our""".split()
)
PRONOUNS = frozenset(
    """il elle ils elles lui eux celui-ci celle-ci ceux-ci celles-ci he she they him them
    it""".split()
)
_PRONOUN_PHRASES = ("ce dernier", "cette dernière", "ces derniers", "ces dernières")
_IMPERSONAL = frozenset({"on", "we", "you", "i", "je", "nous", "vous", "nos"})
#: Nouns of documents: as a speaker they stand for their author.
DOCUMENT_NOUNS = frozenset(
    """communiqué communiqués texte déclaration déclarations rapport rapports document documents
    message messages lettre lettres bilan bilans décompte note vidéo enregistrement publication
    statement statements report reports release letter video""".split()
)
ADVERBS = frozenset(
    """également aussi déjà encore ensuite enfin ainsi alors notamment récemment finalement
    toutefois pourtant cependant même bien pas jamais plus tout tous toutes d'ailleurs
    clairement publiquement officiellement again also already then later reportedly allegedly
    purportedly supposedly""".split()
)
_CLITICS = frozenset("ne n' l' les lui leur y en se s' me m' te t' not".split())
# Openings of an adverbial chunk before the subject: "Depuis …," "Jeudi," "Selon X,".
_ADVERBIAL_OPENERS = frozenset(
    """depuis selon après avant pendant durant lors dans en à au aux pour par sur sous avec sans
    malgré face outre hier aujourd'hui demain lundi mardi mercredi jeudi vendredi samedi
    dimanche ainsi or mais cependant pourtant toutefois néanmoins enfin puis ensuite alors
    d'après parallèlement entre-temps désormais vers dès in on at after before since during
    according meanwhile however yesterday today monday tuesday wednesday thursday friday
    saturday sunday earlier later last""".split()
)
_TIME_NOUNS = frozenset(
    """mois semaine semaines année an ans jour jours soir matin nuit week-end lendemain veille
    heure heures month week year day night morning evening""".split()
)
# Words that end a noun phrase read forwards.
STOP_FORWARD = frozenset(
    """dans à au aux en sur sous lors depuis pendant durant après avant selon pour avec sans vers
    chez par qui que qu' dont où et ou mais car lorsque lorsqu' quand alors tandis hier jeudi
    lundi mardi mercredi vendredi samedi dimanche ainsi jusqu'à malgré afin comme puis contre
    ce cette notamment since in on at for with without during after before according who
    which that and or but when while as near from to into amid over""".split()
)
_CLAUSE_BOUNDARY = re.compile(
    r"(?i:\b(?:que|lorsque|quand|puisque|car|si|parce|tandis|that|when|while|because|whereas|"
    r"if)\b|\b(?:qu|lorsqu|puisqu)'|[;:«“])"
)
_MONTHS = frozenset(FRENCH_MONTHS) | frozenset(ENGLISH_MONTHS)
_TOK = re.compile(r"\w[\w'-]*|[^\w\s]")
_CAPITAL = re.compile(r"(?:^|[\s'-])[A-ZÀ-ÖØ-Þ]")


@dataclass
class Tok:
    """A token of the normalised text: its lower-cased form and span."""

    low: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.low[0].isalnum() or self.low[0] == "_"


def tokens_between(text: str, start: int, end: int) -> list[Tok]:
    """Tokens of ``text[start:end]`` (words with their elisions and hyphens, or one mark)."""
    return [Tok(m.group().lower(), m.start(), m.end()) for m in _TOK.finditer(text, start, end)]


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (it does unless a character such as
    ``İ`` lower-cases to two), else None.

    Matching a lower-case pattern on the lower-cased text, case-sensitively, finds what
    ``re.IGNORECASE`` finds on the text at the same offsets, two to three times faster.
    """
    low = text.lower()
    return low if len(low) == len(text) else None


class CaseFree:
    """A pattern compiled twice: case-insensitive, and for lower-cased text.

    ``finditer(text, low)`` uses the fast one on ``low`` (from :func:`lowered`) when
    there is one. The pattern's inline ``(?i:…)`` groups are the only case-insensitive
    parts; everything else in it must be lower case or caseless.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.ci = re.compile(pattern, flags | re.IGNORECASE)
        self.lc = re.compile(pattern.replace("(?i:", "(?:"), flags)

    def finditer(self, text: str, low: str | None) -> Any:
        return self.lc.finditer(low) if low is not None else self.ci.finditer(text)


def clean(text: str) -> str:
    """``text`` with every run of whitespace (no-break spaces included) as one space."""
    return " ".join(text.split())


def _strip_elision(low: str) -> str:
    for prefix in ("l'", "d'", "qu'", "s'", "n'", "c'", "jusqu'", "lorsqu'"):
        if low.startswith(prefix) and len(low) > len(prefix):
            return low[len(prefix) :]
    return low


# -------------------------------------------------------------------------------------------
# One text, with its sentences and paragraphs
@dataclass
class Doc:
    """A normalised text with its sentence breaks and paragraph starts.

    Sentence numbers are those of :func:`analysis.tokens.scan` (and so of
    :func:`analysis.lexicons.lexicon_matches`): ``bisect_right(breaks, offset)``.
    Paragraphs are the non-blank lines, numbered from 0.
    """

    raw: str
    lang: str = "fr"
    text: str = ""
    breaks: list[int] = field(default_factory=list)
    para_starts: list[int] = field(default_factory=list)
    _subjects: dict[int, tuple[int, int] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = normalize(self.raw)
        self.breaks = _sentence_breaks(self.text)
        self.para_starts = [m.start() for m in re.finditer(r"[^\n]*\S[^\n]*", self.text)]

    def sentence_no(self, pos: int) -> int:
        return bisect.bisect_right(self.breaks, pos)

    def sentence_span(self, k: int) -> tuple[int, int]:
        start = 0 if k == 0 else self.breaks[k - 1]
        end = self.breaks[k] if k < len(self.breaks) else len(self.text)
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def paragraph_no(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def out(self, start: int, end: int) -> str:
        """The original text of a span, whitespace collapsed."""
        return clean(self.raw[start:end])

    def norm(self, start: int, end: int) -> str:
        """The normalised text of a span, whitespace collapsed."""
        return clean(self.text[start:end])

    def sentence_subject(self, k: int) -> tuple[int, int] | None:
        """The subject of sentence ``k``'s first clause (cached)."""
        if k not in self._subjects:
            s, e = self.sentence_span(k)
            self._subjects[k] = first_clause_subject(self.text, s, e, self.lang)
        return self._subjects[k]


# -------------------------------------------------------------------------------------------
# Noun phrases and subjects
def np_forward(
    text: str,
    start: int,
    end: int,
    *,
    stop: frozenset[str] = STOP_FORWARD,
    keep: frozenset[str] = frozenset(),
    max_tokens: int = 12,
) -> tuple[int, int] | None:
    """The noun phrase that starts at ``start``: words up to a mark or a word of ``stop``.

    ``en`` followed by a capitalised word stays inside a name that has a capital
    (``Résistance islamique en Irak``). Trailing articles and prepositions are dropped.
    """
    toks = tokens_between(text, start, end)
    kept: list[Tok] = []
    for i, t in enumerate(toks):
        if not t.word:
            break
        if (
            kept
            and i + 2 < len(toks)
            and toks[i + 1].low.isdigit()
            and (toks[i + 2].low.rstrip(".") in _MONTHS)
        ):
            break  # "Israël le 7 octobre": a date follows the phrase
        if t.low in stop and t.low not in keep:
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            named = any(text[k.start].isupper() for k in kept)
            if not (t.low == "en" and named and nxt is not None and text[nxt.start].isupper()):
                break
        kept.append(t)
        if len(kept) >= max_tokens:
            break
    # an acronym is a name, not an article: "according to the UN", "le FN"
    while (
        kept
        and kept[-1].low in DETERMINERS | {"et", "and", "of"}
        and not text[kept[-1].start : kept[-1].end].isupper()
    ):
        kept.pop()
    if not kept:
        return None
    return kept[0].start, kept[-1].end


def np_backward(
    text: str, start: int, end: int, *, lang: str = "fr", max_tokens: int = 8
) -> tuple[int, int] | None:
    """The noun phrase that ends at ``end`` (e.g. the antecedent of a relative ``qui``).

    Reads backwards over words until a mark, an auxiliary, a conjunction or a preposition
    other than ``de``; a participle after an auxiliary ends it too (``a mené des frappes``
    → ``des frappes``). One comma right before ``end`` is skipped (``Israël, qui``).
    """
    aux = auxiliaries(lang)
    toks = tokens_between(text, start, end)
    if toks and toks[-1].low == ",":
        toks.pop()
    kept: list[Tok] = []
    for i in range(len(toks) - 1, -1, -1):
        t = toks[i]
        if not t.word or t.low in aux or t.low in _NP_BACK_STOP:
            break
        prev = toks[i - 1].low if i > 0 else ""
        if prev in aux or prev in ADVERBS and i > 1 and toks[i - 2].low in aux:
            break
        kept.append(t)
        if len(kept) >= max_tokens:
            break
    kept.reverse()
    while kept and kept[0].low in {"de", "d'", "du", "of"}:
        kept.pop(0)
    if not kept:
        return None
    return kept[0].start, kept[-1].end


_NP_BACK_STOP = frozenset(
    """et ou mais contre dans par pour sur sous avec vers chez sans entre parmi selon depuis
    pendant après avant lors à en que qu' qui dont où and or but against in by for on with
    into from among after before who which that""".split()
)


def _is_adverbial(chunk: list[Tok]) -> bool:
    if not chunk:
        return True
    first = _strip_elision(chunk[0].low) if chunk[0].low.startswith("d'") else chunk[0].low
    if chunk[0].low in _ADVERBIAL_OPENERS or first in _ADVERBIAL_OPENERS:
        return True
    return len(chunk) <= 4 and any(t.low in _TIME_NOUNS for t in chunk)


def _chunks(toks: list[Tok]) -> list[list[Tok]]:
    out: list[list[Tok]] = [[]]
    for t in toks:
        if t.low in {",", "—", "–", "(", ")"}:
            out.append([])
        elif t.word:
            out[-1].append(t)
    return out


def subject_before(
    text: str, start: int, verb_start: int, lang: str = "fr"
) -> tuple[int, int] | None:
    """The subject of a verb starting at ``verb_start``, read in ``text[start:verb_start]``.

    See the module docstring for the rules. Returns a span, or None.
    """
    toks = tokens_between(text, start, verb_start)
    while toks and (toks[-1].low in ADVERBS or toks[-1].low in _CLITICS):
        toks.pop()
    if not toks:
        return None
    if toks[-1].low in {"qui", "who", "which", "that"}:
        return np_backward(text, start, toks[-1].start, lang=lang)
    # another clause before this verb: keep what follows its last conjunction or comma
    aux = auxiliaries(lang)
    verbs = [i for i, t in enumerate(toks) if t.low in aux]
    if verbs:
        tail = toks[verbs[-1] + 1 :]
        cut = [
            i
            for i, t in enumerate(tail)
            if t.low in {"et", "mais", "puis", "and", "but", "then", ","}
        ]
        if not cut:
            return None
        rest = tail[cut[-1] + 1 :]
        if not rest:
            # "X a attaqué Y et a tué Z": the verbs share the first clause's subject
            return subject_before(text, start, toks[verbs[0]].start, lang)
        toks = rest
    chunks = _chunks(toks)
    if chunks[-1]:
        chunk = chunks[-1]
    else:
        chunk = next((c for c in chunks if c and not _is_adverbial(c)), [])
    if not chunk or len(chunk) > 14:
        return None
    if chunk[0].low in {"et", "mais", "puis", "and", "but", "then"}:
        return None
    return chunk[0].start, chunk[-1].end


_FIRST_VERB = {
    lang: re.compile(r"\b(?:" + "|".join(sorted(auxiliaries(lang), key=len, reverse=True)) + r")\b")
    for lang in ("fr", "en", "und")
}
# An English simple past after a capitalised or determined subject: "Hamas released".
_EN_PAST = re.compile(r"\b[a-z]{3,}ed\b")


def first_clause_subject(
    text: str, start: int, end: int, lang: str = "fr"
) -> tuple[int, int] | None:
    """The subject of the first clause of ``text[start:end]``, found before its first
    auxiliary (else its first known finite verb, else for English a simple past)."""
    found = [
        m.start()
        for m in (
            _FIRST_VERB.get(lang, _FIRST_VERB["und"]).search(text, start, end),
            _ANY_FINITE.search(text, start, end),
            _EN_PAST.search(text, start, end) if lang != "fr" else None,
        )
        if m is not None
    ]
    if not found:
        return None
    return subject_before(text, start, min(found), lang)


def clause_start(text: str, sent_start: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts: the sentence start or after the last
    ``que``/``qu'``/``;``/``:``/``«`` (and English equivalents) before ``pos``."""
    last = sent_start
    for m in _CLAUSE_BOUNDARY.finditer(text, sent_start, pos):
        last = m.end()
    return last


def canonical(name: str) -> str:
    """A source's name without leading articles or prepositions (``du ministère`` →
    ``ministère``), whitespace collapsed, final marks dropped."""
    name = clean(name).strip(" ,.;:»«“”\"'")
    changed = True
    while changed and name:
        changed = False
        low = name.lower()
        for prefix in ("l'", "d'"):
            if low.startswith(prefix) and len(name) > 2:
                name, changed = name[2:], True
                break
        else:
            head, _, rest = name.partition(" ")
            if rest and head.lower() in DETERMINERS | {"de", "of"}:
                name, changed = rest, True
    return name


def is_pronoun(name: str) -> bool:
    low = clean(name).lower()
    return low in PRONOUNS or low in _PRONOUN_PHRASES


def is_named(text: str, span: tuple[int, int] | None) -> bool:
    """True when the span holds a capitalised word other than its first function word."""
    if span is None:
        return False
    name = canonical(text[span[0] : span[1]])
    return bool(name) and not is_pronoun(name) and bool(_CAPITAL.search(name))


def resolve_back(doc: Doc, pos: int, *, document: str | None = None) -> tuple[int, int] | None:
    """The named subject a pronoun or a document at ``pos`` stands for, or None.

    For a ``document`` noun, sentences that mention it are tried first; then the nearest
    named subject. Looks back through the current paragraph and the two before it.
    """
    k = doc.sentence_no(pos)
    floor_par = doc.paragraph_no(pos) - 2
    candidates = []
    for j in range(k - 1, -1, -1):
        s, e = doc.sentence_span(j)
        if e <= s:
            continue
        if doc.paragraph_no(s) < floor_par:
            break
        candidates.append((j, s, e))
    if document is not None:
        pattern = re.compile(rf"\b{re.escape(document.rstrip('s'))}s?\b", re.IGNORECASE)
        for j, s, e in candidates:
            if pattern.search(doc.text, s, e):
                subj = doc.sentence_subject(j)
                if is_named(doc.text, subj):
                    return subj
    for j, _s, _e in candidates:
        subj = doc.sentence_subject(j)
        if is_named(doc.text, subj):
            return subj
    return None


def _document_head(toks: list[Tok]) -> tuple[int, str] | None:
    """Index and noun of a document noun among the first tokens of a speaker phrase."""
    for i, t in enumerate(toks[:4]):
        low = _strip_elision(t.low)
        if low in DOCUMENT_NOUNS:
            return i, low
    return None


def resolve_source(doc: Doc, span: tuple[int, int]) -> tuple[str | None, bool]:
    """``(source, resolved)`` for a speaker phrase at ``span``; see the module docstring."""
    s, e = span
    name = doc.norm(s, e)
    low = name.lower()
    if low in _IMPERSONAL:
        return None, False
    if is_pronoun(name):
        found = resolve_back(doc, s)
        return (canonical(doc.norm(*found)), True) if found else (None, False)
    toks = [t for t in tokens_between(doc.text, s, e) if t.word]
    head = _document_head(toks)
    if head is not None:
        i, noun = head
        rest = toks[i + 1 :]
        # skip adjectives and participles up to "de/du/des/d'X" (the author)
        for j, t in enumerate(rest):
            if t.low in {"de", "du", "des", "of"} and j + 1 < len(rest):
                return canonical(doc.norm(rest[j + 1].start, e)), True
            if t.low.startswith("d'") and len(t.low) > 2:
                return canonical(doc.norm(t.start + 2, e)), True
            if j >= 2:
                break
        found = resolve_back(doc, s, document=noun)
        return (canonical(doc.norm(*found)), True) if found else (None, False)
    return canonical(name), False


# -------------------------------------------------------------------------------------------
# Patterns
_ADV_SLOT = (
    r"(?:(?:également|aussi|déjà|encore|ensuite|enfin|ainsi|alors|notamment|récemment|"
    r"finalement|toutefois|pourtant|cependant|même|bien|d'ailleurs|\w+ment)\s+){0,2}"
)
_INV = r"(?:-t)?-(?:il|elle|ils|elles|on)\b"
_FR_FIN = _forms(SPEECH_VERBS_FR, "finite")
_FR_PP = _forms(SPEECH_VERBS_FR, "pp")
_FR_PPR = _forms(SPEECH_VERBS_FR, "ppr")
_FR_COND = _forms(SPEECH_VERBS_FR, "cond")
_EN_FIN = _forms(SPEECH_VERBS_EN, "finite")
_EN_PPR = _forms(SPEECH_VERBS_EN, "ppr")
_LEMMA = {**_FR_FIN, **_FR_PP, **_FR_PPR, **_FR_COND, **_EN_FIN, **_EN_PPR}

# A finite speech verb group: compound (a déclaré, a-t-il déclaré, aurait déclaré) or simple
# (déclare, déclare-t-il, déclarait), English (said, has said).
_FR_VG = (
    rf"(?:(?P<aux>{_alt(AUX_AVOIR)})(?P<inv1>{_INV})?\s+{_ADV_SLOT}(?P<pp>{_alt(_FR_PP)})"
    rf"|(?P<fin>{_alt(_FR_FIN)}|{_alt(_FR_COND)})(?P<inv2>{_INV})?)"
)
_EN_VG = (
    rf"(?:(?P<enaux>has|have|had|would\s+have|reportedly|also|later)\s+)?(?P<en>{_alt(_EN_FIN)})"
)
_QUOTE_SPAN = re.compile(r"«[^«»\n]*»|“[^“”\n]*”|\"[^\"\n]{2,}\"")
_INCISE = re.compile(
    rf"\s*,?\s*(?:(?P<selon>(?i:selon|d'après|according\s+to))\s+|(?:{_FR_VG}|{_EN_VG})\b)"
)
_EN_NP_THEN_VERB = re.compile(rf"\s*,?\s*(?P<np>(?:[\w'-]+\s+){{0,5}}?[\w'-]+)\s+{_EN_VG}\b")
_REPORTED = re.compile(
    rf"\b(?:{_FR_VG})\b(?P<gap>[^.;:!?«»\n]{{0,60}}?)\s*(?P<intro>\bque\b|\bqu'|:)"
)
_REPORTED_EN = re.compile(rf"\b{_EN_VG}\b")
_PARTICIPLE = re.compile(
    rf"(?:,\s*|\b[Ee]n\s+)(?P<ppr>{_alt(_FR_PPR)})\b(?P<gap>[^.;:!?«»\n]{{0,40}}?)\s*"
    rf"(?P<intro>\bque\b|\bqu'|:)"
    rf"|,\s*(?P<ppr_en>{_alt(_EN_PPR)})\b(?:\s+that\b)?"
)
_ACCORDING = re.compile(
    r"(?i:\b(?P<prep>selon|d'après|according\s+to)\s+)"
    r"(?!(?:lequel|laquelle|lesquels|lesquelles|que|qu'|which|whom|les\s+cas|le\s+cas)\b)"
)
_COND_FR = CaseFree(
    r"\b(?P<cond>aurai(?:t|ent)|serai(?:t|ent)|compterai(?:t|ent)|s'élèverai(?:t|ent)|"
    r"dépasserai(?:t|ent)|détiendrai(?:t|ent)|préparerai(?:t|ent)|se\s+trouverai(?:t|ent))\b"
    r"(?:\s+(?P<next>[\w'-]+))?"
)
_COND_NOT_HEDGE = frozenset("pu dû du voulu fallu aimé souhaité préféré mieux dit-on".split())
_HEDGE_EN = CaseFree(
    r"\b(?:reportedly|allegedly|purportedly|supposedly)\b|"
    r"\b(?:is|are|was|were)\s+(?:said|believed|thought|alleged|reported)\s+to\b"
)
_HYPOTHESIS = re.compile(r"(?i:\bsi\b|\bs'ils?\b|\bif\b)")
_PPR_IN_GAP = re.compile(rf"\b(?:{_alt(_FR_PPR)})\b")
_RELATIVE_START = re.compile(r"(?i:(?:qui|dont|lequel|laquelle|who|which)\b)")
_ANY_FINITE = re.compile(rf"\b(?:{_alt(_FR_FIN)}|{_alt(_EN_FIN)})\b")


def _verb_text(m: re.Match[str], doc: Doc) -> tuple[str, str, bool]:
    """(verb as written, lemma, conditional?) of a verb-group match."""
    gd = m.groupdict()
    for key in ("pp", "fin", "en", "ppr", "ppr_en"):
        if gd.get(key):
            form = m.group(key).lower()
            lemma = _LEMMA.get(re.sub(r"\s+", "_", form), form)
            aux = (gd.get("aux") or gd.get("enaux") or "").lower()
            cond = aux in {"aurait", "auraient"} or form in _FR_COND
            start = m.start("aux") if gd.get("aux") else m.start(key)
            end = m.end(key)
            return doc.out(start, end), lemma, cond
    return doc.out(m.start(), m.end()), "", False


@dataclass
class _Row:
    kind: str
    verb: str
    speaker: tuple[int, int] | None
    quote: tuple[int, int] | None
    position: int
    cond: bool
    # the span whose conditionals belong to the reported words, not the outlet
    reported: tuple[int, int] | None = None
    claim: str | None = None


def _strip_quote(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """The span without surrounding spaces and final marks; the quotation marks of a
    quotation are dropped, those of a partial quote inside reported words are kept."""
    text = doc.text
    while s < e and text[s] == " ":
        s += 1
    opened = s < e and text[s] in '«“"'
    if opened:
        s += 1
    while e > s and text[e - 1] in " .,;:":
        e -= 1
    if opened and e > s and text[e - 1] in '»”"':
        e -= 1
    while s < e and text[s] == " ":
        s += 1
    while e > s and text[e - 1] in " .,;:":
        e -= 1
    return s, e


def _speaker_after(doc: Doc, pos: int, end: int) -> tuple[int, int] | None:
    return np_forward(doc.text, pos, end, max_tokens=10)


def _find_rows(doc: Doc) -> list[_Row]:
    text = doc.text
    rows: list[_Row] = []
    used_selon: set[int] = set()
    incise_verbs: set[int] = set()
    quote_spans = [(m.start(), m.end()) for m in _QUOTE_SPAN.finditer(text)]

    # 1. quotation + incise
    for qs, qe in quote_spans:
        m = _INCISE.match(text, qe)
        k_end = doc.sentence_span(doc.sentence_no(qe))[1]
        k_end = max(k_end, qe)
        line_end = text.find("\n", qe)
        line_end = len(text) if line_end < 0 else line_end
        limit = min(max(k_end, qe + 1), line_end) if k_end > qe else line_end
        if m is not None:
            if m.group("selon"):
                used_selon.add(m.start("selon"))
                speaker = _speaker_after(doc, m.end(), limit)
                verb, lemma, cond = doc.out(m.start("selon"), m.end("selon")), "selon", False
            else:
                verb, lemma, cond = _verb_text(m, doc)
                inv = m.group("inv1") or m.group("inv2")
                if inv:
                    p = m.start("inv1") if m.group("inv1") else m.start("inv2")
                    pron = re.search(r"(il|elle|ils|elles|on)$", text[p : p + len(inv)])
                    speaker = (p + pron.start(), p + pron.end()) if pron else None
                else:
                    speaker = _speaker_after(doc, m.end(), limit)
            if speaker is not None:
                rows.append(_Row("quote_incise", verb, speaker, _strip_quote(doc, qs, qe), qs,
                                 cond, reported=(qs, qe)))  # fmt: skip
                incise_verbs.update(m.start(g) for g in ("en", "enaux") if m.groupdict().get(g))
                continue
        m = _EN_NP_THEN_VERB.match(text, qe)
        if m is not None and text[qe - 1] in '”"':
            np = np_forward(text, m.start("np"), m.end("np"), max_tokens=6)
            if np is not None and np[1] == m.end("np"):
                verb, lemma, cond = _verb_text(m, doc)
                rows.append(_Row("quote_incise", verb, np, _strip_quote(doc, qs, qe), qs, cond,
                                 reported=(qs, qe)))  # fmt: skip
                incise_verbs.update(m.start(g) for g in ("en", "enaux") if m.groupdict().get(g))

    def inside_quote(pos: int) -> bool:
        return any(s < pos < e for s, e in quote_spans)

    # 2. speaker + finite speech verb + que / :  (French)
    for m in _REPORTED.finditer(text):
        if inside_quote(m.start()):
            continue
        if _PPR_IN_GAP.search(m.group("gap")):
            continue  # "a réagi en soulignant que": the participle pattern reads it
        k = doc.sentence_no(m.start())
        s, e = doc.sentence_span(k)
        subj = subject_before(text, clause_start(text, s, m.start()), m.start(), doc.lang)
        if subj is None:
            continue
        verb, lemma, cond = _verb_text(m, doc)
        after = m.end("intro")
        q = re.compile(r"\s*(«[^«»\n]*»|“[^“”\n]*”)").match(text, after)
        if m.group("intro") == ":" and q:
            quote = _strip_quote(doc, q.start(1), q.end(1))
            rows.append(_Row("quote_intro", verb, subj, quote, m.start(), cond,
                             reported=(q.start(1), q.end(1))))  # fmt: skip
        elif m.group("intro") != ":":
            quote = _strip_quote(doc, after, e)
            rows.append(_Row("reported", verb, subj, quote, m.start(), cond, reported=(after, e)))

    # 2b. English: speaker + said / told … (that) …
    for m in _REPORTED_EN.finditer(text):
        if inside_quote(m.start()) or m.start() in incise_verbs:
            continue  # the incise of a quotation (read above)
        k = doc.sentence_no(m.start())
        s, e = doc.sentence_span(k)
        subj = subject_before(text, clause_start(text, s, m.start()), m.start(), doc.lang)
        if subj is None:
            continue
        verb, lemma, cond = _verb_text(m, doc)
        after = m.end()
        if lemma == "tell":
            t = re.compile(r"[^.;:!?\n]{0,60}?\bthat\b\s*").match(text, after)
            if t is None:
                continue
            after = t.end()
        elif lemma == "say":
            t = re.compile(r"\s*(?:(?:on|in|at)\s+[^,.;:]{1,40}?\s+)?(?:that\b\s*)?,?\s*").match(
                text, after
            )
            after = t.end() if t else after
        else:
            t = re.compile(r"[^.;:!?\n]{0,40}?\bthat\b\s*").match(text, after)
            if t is None:
                continue
            after = t.end()
        if after >= e:
            continue
        quote = _strip_quote(doc, after, e)
        rows.append(_Row("reported", verb, subj, quote, m.start(), cond, reported=(after, e)))

    # 3. …, affirmant que … / en annonçant qu' … / , saying that …
    for m in _PARTICIPLE.finditer(text):
        if inside_quote(m.start()):
            continue
        key = "ppr" if m.group("ppr") else "ppr_en"
        k = doc.sentence_no(m.start())
        s, e = doc.sentence_span(k)
        subj = first_clause_subject(text, s, m.start(), doc.lang)
        if subj is None:
            continue
        after = m.end("intro") if key == "ppr" else m.end()
        verb = doc.out(
            m.start(key)
            if key == "ppr_en" or not text[m.start() : m.start(key)].strip(" ,")
            else m.start(),
            m.end(key),
        )
        verb = re.sub(r"^,\s*", "", verb)
        quote = _strip_quote(doc, after, e)
        rows.append(_Row("participle", verb, subj, quote, m.start(key), False, reported=(after, e)))

    # 4. selon / d'après / according to
    for m in _ACCORDING.finditer(text):
        if m.start("prep") in used_selon or inside_quote(m.start()):
            continue
        k = doc.sentence_no(m.start())
        s, e = doc.sentence_span(k)
        np = np_forward(text, m.end(), e, stop=STOP_FORWARD - {"à", "en"} | {"à"}, max_tokens=12)
        if np is None:
            continue
        # the claim: the sentence without the source phrase
        before = doc.out(s, m.start()).rstrip(" ,")
        after = doc.out(np[1], e).lstrip(" ,")
        if _RELATIVE_START.match(after):
            after = ""  # "selon X, qui …": the rest describes the source
        claim = (f"{before}, {after}" if before and after.strip(" .") else before or after).strip(
            " ,."
        )
        verb = doc.out(m.start("prep"), m.end("prep"))
        rows.append(_Row("according_to", verb, np, None, m.start("prep"), False, claim=claim))
    return rows


def _hedges(doc: Doc) -> list[tuple[int, int, str]]:
    """Conditionals and English hedges: ``(start, end, form)``, hypotheticals left out."""
    text = doc.text
    low = lowered(text)
    out = []
    conditionals = _COND_FR.finditer(text, low) if doc.lang != "en" else ()
    for m in conditionals:
        nxt = (m.group("next") or "").lower()
        if nxt in _COND_NOT_HEDGE:
            continue
        s, _ = doc.sentence_span(doc.sentence_no(m.start()))
        if _HYPOTHESIS.search(text, s, m.start()):
            continue
        end = (
            m.end("next")
            if m.group("next") and nxt not in {"pas", "plus", "de", "à"}
            else m.end("cond")
        )
        out.append((m.start(), end, doc.out(m.start(), end)))
    hedges = _HEDGE_EN.finditer(text, low) if doc.lang != "fr" else ()
    for m in hedges:
        out.append((m.start(), m.end(), doc.out(m.start(), m.end())))
    return out


def _article_rows(doc_id: Any, raw: str, lang: str = "fr") -> list[tuple[Any, ...]]:
    doc = Doc(raw, lang)
    text = doc.text
    found = sorted(_find_rows(doc), key=lambda r: r.position)
    # one row per place: the first pattern that read it wins
    seen: set[int] = set()
    rows = []
    for r in found:
        if r.position in seen:
            continue
        seen.add(r.position)
        rows.append(r)
    quotes = [(m.start(), m.end()) for m in _QUOTE_SPAN.finditer(text)]
    by_sentence: dict[int, list[_Row]] = {}
    for r in rows:
        by_sentence.setdefault(doc.sentence_no(r.position), []).append(r)
    extra: list[_Row] = []
    for hs, _he, form in _hedges(doc):
        if any(s <= hs < e for s, e in quotes):
            continue
        k = doc.sentence_no(hs)
        here = by_sentence.get(k, [])
        if any(r.reported is not None and r.reported[0] <= hs < r.reported[1] for r in here):
            continue  # concordance of tenses inside the reported words
        if here:
            for r in here:
                r.cond = True
            continue
        s, e = doc.sentence_span(k)
        row = _Row("conditional", form, None, (s, e), hs, True)
        by_sentence.setdefault(k, []).append(row)
        extra.append(row)
    out = []
    for r in sorted(rows + extra, key=lambda r: r.position):
        if r.speaker is not None:
            source, resolved = resolve_source(doc, r.speaker)
            speaker = doc.out(*r.speaker)
        else:
            source, resolved, speaker = None, False, None
        if r.kind == "according_to":
            quote = r.claim or None
        elif r.quote is not None and r.quote[1] > r.quote[0]:
            quote = doc.out(*r.quote)
        else:
            quote = None
        out.append(
            (doc_id, source, r.verb, quote, r.position, bool(r.cond), r.kind, speaker, resolved,
             doc.paragraph_no(r.position), doc.sentence_no(r.position))
        )  # fmt: skip
    return out


# -------------------------------------------------------------------------------------------
def check_field(value: Any) -> str:
    """``value`` if it is one of :data:`FIELDS`, else :class:`OptionError`."""
    return check_choice("field", value, FIELDS)


def check_progress(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise OptionError(f"progress must be True, False or None (automatic); received {value!r}.")
    return value


def corpus_texts(x: Any, field: str) -> tuple[list[Any], list[str], list[str]]:
    """Article ids, their ``field`` texts (missing text as ``""``) and languages
    (``"fr"``, ``"en"`` or ``"und"`` when unknown)."""
    series = x.texts(field)
    texts = [t if isinstance(t, str) else "" for t in series.tolist()]
    if "language" in x.articles.columns:
        langs = [lg if lg in ("fr", "en") else "und" for lg in x.articles["language"].tolist()]
    else:
        langs = ["und"] * len(texts)
    return series.index.tolist(), texts, langs


def attributions(
    x: Any,
    *,
    field: str = "body",
    progress: bool | None = None,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Every attribution of speech in every article: who is quoted, how, and hedged or not.

    Parameters
    ----------
    x : Corpus
        From :func:`analysis.load_corpus` or :meth:`analysis.Corpus.from_frames`.
    field : {"body", "title", "captions", "all"}, default "body"
        Which text of each article is read (captions and related links are not body).
    progress : bool or None
        Progress bar (``None``: only on a terminal).
    n_jobs : int or None
        Worker processes (see :func:`analysis.parallel.map_documents`): ``None`` uses every
        core from :data:`analysis.parallel.PARALLEL_MIN_DOCS` articles on, ``-1`` every
        core, ``1`` this process only. The rows do not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per attribution, in corpus then text order, columns
        :data:`ATTRIBUTION_COLUMNS`:

        ``id``
            article id;
        ``source``
            who speaks, resolved as described in the module docstring, without its
            leading article (missing for an unresolved pronoun or document, and for
            ``conditional`` rows);
        ``verb``
            the speech verb group as written (``indique``, ``a-t-il déclaré``,
            ``affirmant``, ``selon``), or the conditional form for ``conditional`` rows;
        ``quote``
            what is attributed: the words inside the quotation marks, the reported clause,
            or for ``according_to`` the sentence without its source phrase;
        ``position``
            character offset of the pattern in the article's ``field`` text;
        ``hedged``
            the attribution's own clause is conditional or hedged;
        ``kind``
            one of :data:`ATTRIBUTION_KINDS`;
        ``speaker``
            the speaker as written;
        ``resolved``
            True when ``source`` was found by looking back from a pronoun or document;
        ``paragraph``, ``sentence``
            0-based paragraph (non-blank line) and sentence numbers in the ``field`` text
            (sentence numbers as :func:`analysis.tokens.scan` counts them).

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
    ...     "Le Hamas a publié un communiqué.\\n\\n« Nous résisterons », indique le communiqué."]}))
    >>> attributions(c)[["source", "verb", "quote", "kind"]].values.tolist()
    [['Hamas', 'indique', 'Nous résisterons', 'quote_incise']]
    """
    field = check_field(field)
    progress = check_progress(progress)
    _check_corpus(x)
    ids, texts, langs = corpus_texts(x, field)
    items = [item for item in zip(ids, texts, langs, strict=True) if item[1]]
    jobs = resolve_n_jobs(n_jobs, len(items))
    rows = map_documents(_article_rows, items, n_jobs=jobs, progress=progress, desc="attributions")
    out = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    return out.astype(
        {"position": "int64", "paragraph": "int64", "sentence": "int64", "hedged": "bool",
         "resolved": "bool"}
    )  # fmt: skip


def group_values(x: Any, by: str | None) -> pd.Series:
    """The value of ``by`` for every article of ``x``, indexed by article id.

    ``by`` is a column of ``x.articles``, ``"article_id"`` (each article apart), ``"month"``
    (the first day of the article's month) or None (one group, ``"all"``).
    """
    arts = x.articles
    index = pd.Index(arts["id"], name="id")
    if by is None:
        return pd.Series("all", index=index, dtype=object)
    if by == "article_id":
        return pd.Series(arts["id"].astype(str).to_numpy(), index=index, dtype=object)
    if by == "month":
        dates = pd.to_datetime(arts["date"])
        return pd.Series(dates.dt.to_period("M").dt.start_time.to_numpy(), index=index)
    return pd.Series(arts[by].to_numpy(), index=index)


def check_by(x: Any, by: Any) -> str | None:
    """``by`` if it names a metadata column of the Corpus ``x`` (or ``article_id``, ``month``)."""
    if by is None:
        return None
    columns = ["article_id", *[c for c in x.articles.columns if c not in ("id", "text")], "month"]
    if not isinstance(by, str) or by not in columns:
        allowed = ", ".join(repr(c) for c in columns)
        raise OptionError(f"by={by!r} is not a metadata column; choose one of {allowed}.")
    return by


def quoted_sources(
    x: Any,
    *,
    by: str | None = "outlet",
    field: str = "body",
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Who is quoted, per group of articles (per outlet by default).

    Parameters
    ----------
    x : Corpus
    by : str or None, default "outlet"
        A column of ``x.articles``, ``"article_id"``, ``"month"``, or None for the whole
        corpus as one group ``"all"``.
    field : {"body", "title", "captions", "all"}
        Passed to :func:`attributions` when ``table`` is None.
    table : pandas.DataFrame, optional
        A table from :func:`attributions` of ``x`` (to avoid reading the corpus twice).

    Returns
    -------
    pandas.DataFrame
        :data:`QUOTED_SOURCE_COLUMNS`: ``group``, ``source`` (:data:`UNNAMED` for
        attributions without a source), ``n`` attributions, ``n_articles`` citing the
        source, ``n_direct`` of them quotations in quotation marks (``quote_incise``,
        ``quote_intro``), ``n_hedged``, and ``share`` = ``n`` / all attributions of the
        group. Sorted by group, then ``n`` descending, then source. Articles without a
        ``by`` value are left out.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus or ``table`` not a DataFrame with the attribution columns.
    OptionError
        If ``by`` or ``field`` is not allowed.

    Examples
    --------
    >>> import pandas as pd, analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "outlet": ["X"],
    ...     "text": ["Selon l'ONU, 20 civils ont été tués."]}))
    >>> quoted_sources(c)[["group", "source", "n", "share"]].values.tolist()
    [['X', 'ONU', 1, 1.0]]
    """
    from analysis.errors import InputTypeError

    field = check_field(field)
    _check_corpus(x)
    by = check_by(x, by)
    if table is None:
        table = attributions(x, field=field)
    elif not isinstance(table, pd.DataFrame) or not set(ATTRIBUTION_COLUMNS) <= set(table.columns):
        raise InputTypeError(
            "table must be the DataFrame returned by analysis.sourcing.attributions(x); "
            f"received {type(table).__name__}."
        )
    groups = group_values(x, by)
    frame = table.assign(
        group=table["id"].map(groups),
        source=table["source"].fillna(UNNAMED),
        direct=table["kind"].isin(["quote_incise", "quote_intro"]),
    )
    frame = frame[frame["group"].notna()]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            QUOTED_SOURCE_COLUMNS, [object, object, "int64", "int64", "int64", "int64", "float64"],
            strict=True)})  # fmt: skip
    out = (
        frame.groupby(["group", "source"], sort=True)
        .agg(
            n=("id", "size"),
            n_articles=("id", "nunique"),
            n_direct=("direct", "sum"),
            n_hedged=("hedged", "sum"),
        )  # fmt: skip
        .reset_index()
    )
    out["share"] = out["n"] / out.groupby("group")["n"].transform("sum")
    out = out.astype(
        {"n": "int64", "n_articles": "int64", "n_direct": "int64", "n_hedged": "int64"}
    )
    out = out.sort_values(["group", "n", "source"], ascending=[True, False, True], kind="mergesort")
    return out[list(QUOTED_SOURCE_COLUMNS)].reset_index(drop=True)
