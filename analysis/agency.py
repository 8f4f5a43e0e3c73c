"""Agency of violence: who kills, who is killed, and who is left out of the sentence.

How a text phrases a death says who is responsible for it: ``Israël a tué 27 000
Palestiniens`` names an agent; ``27 000 Palestiniens ont été tués`` does not;
``27 000 Palestiniens sont morts`` has no agent to name; ``les attaques ont fait trois
morts`` gives an *event* as the agent. :func:`agency` reads every clause built on a
casualty or attack verb and returns its voice, its agent and the agent's type.

Verbs
-----
* transitive (:data:`TRANSITIVE_FR`, :data:`TRANSITIVE_EN`): tuer, blesser, frapper,
  attaquer, bombarder, cibler, abattre, massacrer, assassiner, viser, pilonner, détruire …;
  kill, wound, injure, strike, attack, bomb, shell, target, shoot …;
* intransitive (:data:`INTRANSITIVE_FR`, :data:`INTRANSITIVE_EN`): mourir, périr, décéder,
  succomber, perdre la vie, trouver la mort; die, perish, lose one's life;
* constructions: ``faire N morts/blessés/victimes``, ``coûter la vie à``, ``causer la mort
  de``; ``left N dead``, ``claimed N lives``; and attacks named by a light verb: ``mener
  une attaque``, ``lancer des frappes``, ``effectuer un raid``, ``tirer sur``; ``launch an
  attack``, ``carry out strikes``.

Infinitives (``continuer de cibler``) are not read: they state an intention, not an act.

Voice
-----
``active``
    the verb has a subject that acts: ``X a tué Y``, ``X frappe Y``, ``…, tuant Y``
    (the agent is the main clause's subject), ``les attaques ont fait trois morts``;
``passive_agent``
    a passive with its agent: ``Y ont été tués par X``, ``Y, tués par X``;
``passive_no_agent``
    a passive without one: ``Y ont été tués``, ``trois civils tués dans la nuit``;
``agentless``
    an intransitive casualty verb, which has no place for an agent: ``Y sont morts``.

Agent type
----------
``event``
    the agent is an event or an instrument rather than someone: its head noun is in
    :data:`EVENT_NOUNS` (attaque, frappe, explosion, bombardement, missile, tir …) — the
    framing "the strike killed" rather than "the army killed";
``person_or_group``
    any other agent (a person, an army, a state, a group, a name);
``unknown``
    no agent, or an unresolved pronoun.

Sides
-----
:func:`side_counts` places each clause on the side its agent or its patient names
(:data:`DEFAULT_SIDES`: Israel, Palestinians, the United States, the armed groups of the
region and Iran, police, protesters — or a dict of your own) and counts voices per group and side.

Agents and patients are found as in :mod:`analysis.sourcing` (clause subject before the
verb, a relative ``qui`` standing for the noun before it, pronouns resolved to the nearest
named subject), objects as the noun phrase after the verb, agents of passives after
``par``/``by``. An ambiguous form that is also a noun (``frappe``, ``attaque``, ``cible``;
``strike``, ``attack``) counts as a verb only where no article, preposition or adjective
precedes it (French), or after a pronoun, ``who`` or a modal (English); forms in ``-es``
(``frappes``) are always nouns.

A dependency-parser reading is available with ``method="spacy"`` when the spaCy model
``fr_core_news_sm`` is installed (it is optional and not a dependency of this package).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.claims import _EN_PHRASE, _FR_PHRASE
from analysis.dtm import _check_corpus
from analysis.errors import OptionError, check_choice
from analysis.parallel import map_documents, resolve_n_jobs
from analysis.progress import progress_bar
from analysis.sourcing import (
    ADVERBS,
    AUX_AVOIR,
    AUX_ETRE,
    DETERMINERS,
    CaseFree,
    Doc,
    _alt,
    _er,
    _irregular,
    _strip_elision,
    check_field,
    check_progress,
    clause_start,
    corpus_texts,
    first_clause_subject,
    is_pronoun,
    lowered,
    np_backward,
    np_forward,
    resolve_back,
    subject_before,
    tokens_between,
)

__all__ = [
    "AGENCY_COLUMNS",
    "VOICES",
    "AGENT_TYPES",
    "METHODS",
    "EVENT_NOUNS",
    "TRANSITIVE_FR",
    "TRANSITIVE_EN",
    "INTRANSITIVE_FR",
    "INTRANSITIVE_EN",
    "agency",
    "voice_counts",
    "side_counts",
    "side_of",
    "DEFAULT_SIDES",
    "SIDE_ROLES",
    "SIDE_COUNT_COLUMNS",
    "NO_SIDE",
    "spacy_model_available",
]

#: Columns of :func:`agency`, in order.
AGENCY_COLUMNS: tuple[str, ...] = (
    "id", "sentence", "verb", "voice", "agent", "agent_type", "patient", "text",
    "form", "hedged", "position", "paragraph",
)  # fmt: skip
#: Values of ``voice``.
VOICES: tuple[str, ...] = ("active", "passive_agent", "passive_no_agent", "agentless")
#: Values of ``agent_type``.
AGENT_TYPES: tuple[str, ...] = ("person_or_group", "event", "unknown")
#: Values of ``method``.
METHODS: tuple[str, ...] = ("patterns", "spacy")
#: The spaCy model the ``"spacy"`` method loads.
SPACY_MODEL = "fr_core_news_sm"

#: Head nouns (singular) that make an agent an event or an instrument.
EVENT_NOUNS: frozenset[str] = frozenset(
    """attaque frappe raid bombardement explosion tir roquette missile drone obus bombe incendie
    séisme accident violence affrontement combat guerre offensive opération attentat assaut
    incursion balle explosif mine engin feu crash effondrement famine épidémie maladie tempête
    inondation collision accrochage heurt échauffourée salve canonnade fusillade pilonnage
    conflit crise siège blocus agression invasion occupation
    attack strike airstrike raid bombing bombardment explosion blast shelling fire missile
    rocket drone shell bomb war violence clash fighting offensive operation assault incursion
    bullet gunfire crash collapse famine epidemic disease storm flood shooting conflict crisis
    siege blockade invasion""".split()
)

# -------------------------------------------------------------------------------------------
# Verb tables
_TRANS_ER = (
    "tuer blesser frapper attaquer bombarder cibler massacrer assassiner exécuter pilonner viser "
    "éliminer mitrailler poignarder égorger fusiller lyncher agresser tabasser matraquer éborgner "
    "mutiler violenter"
).split()

#: French transitive casualty and attack verbs: lemma → forms.
TRANSITIVE_FR: dict[str, dict[str, tuple[str, ...]]] = {
    **{v: _er(v) for v in _TRANS_ER},
    # "gaza", the passé simple of gazer, is the place name Gaza (see NOTES: simplemma's
    # Gaza → gazer): the form is left out.
    "gazer": {k: tuple(f for f in v if f != "gaza") for k, v in _er("gazer").items()},
    "abattre": _irregular("abat abattent abattit abattirent abattait abattaient abattra abattront",
                          "abattu abattue abattus abattues", "abattant", "abattrait abattraient"),
    "détruire": _irregular("détruit détruisent détruisit détruisirent détruisait détruisaient "
                           "détruira détruiront", "détruit détruite détruits détruites",
                           "détruisant", "détruirait détruiraient"),
}  # fmt: skip

#: French intransitive casualty verbs: lemma → forms (``pp``: with être or avoir).
INTRANSITIVE_FR: dict[str, dict[str, tuple[str, ...]]] = {
    "mourir": _irregular("meurt meurent mourut moururent mourait mouraient mourra mourront",
                         "mort morte morts mortes", "mourant", "mourrait mourraient"),
    "périr": _irregular("périt périssent périrent périssait périssaient périra périront", "péri",
                        "périssant", "périrait périraient"),
    "décéder": _er("décéder", ("décède", "décèdent")),
    "succomber": _er("succomber"),
    "perdre la vie": _irregular("perd_la_vie perdent_la_vie perdit_la_vie perdirent_la_vie "
                                "perdait_la_vie perdaient_la_vie", "perdu_la_vie",
                                "perdant_la_vie", "perdrait_la_vie perdraient_la_vie"),
    "trouver la mort": {k: tuple(f + "_la_mort" for f in v) for k, v in _er("trouver").items()},
}  # fmt: skip


def _en(base: str, third: str, past: str, pp: str, ing: str) -> dict[str, tuple[str, ...]]:
    return {"present": (base, third), "past": (past,), "pp": (pp,), "ppr": (ing,), "cond": ()}


#: English transitive casualty and attack verbs: lemma → forms.
TRANSITIVE_EN: dict[str, dict[str, tuple[str, ...]]] = {
    "kill": _en("kill", "kills", "killed", "killed", "killing"),
    "wound": _en("wound", "wounds", "wounded", "wounded", "wounding"),
    "injure": _en("injure", "injures", "injured", "injured", "injuring"),
    "strike": _en("strike", "strikes", "struck", "struck", "striking"),
    "attack": _en("attack", "attacks", "attacked", "attacked", "attacking"),
    "bomb": _en("bomb", "bombs", "bombed", "bombed", "bombing"),
    "shell": _en("shell", "shells", "shelled", "shelled", "shelling"),
    "target": _en("target", "targets", "targeted", "targeted", "targeting"),
    "shoot": _en("shoot", "shoots", "shot", "shot", "shooting"),
    "massacre": _en("massacre", "massacres", "massacred", "massacred", "massacring"),
    "slaughter": _en("slaughter", "slaughters", "slaughtered", "slaughtered", "slaughtering"),
    "stab": _en("stab", "stabs", "stabbed", "stabbed", "stabbing"),
    "assassinate": _en("assassinate", "assassinates", "assassinated", "assassinated",
                       "assassinating"),
    "destroy": _en("destroy", "destroys", "destroyed", "destroyed", "destroying"),
}  # fmt: skip

#: English intransitive casualty verbs: lemma → forms.
INTRANSITIVE_EN: dict[str, dict[str, tuple[str, ...]]] = {
    "die": _en("die", "dies", "died", "died", "dying"),
    "perish": _en("perish", "perishes", "perished", "perished", "perishing"),
}

# French singular forms that are also nouns, and English present forms that are too.
_AMBIGUOUS_FR = frozenset("frappe attaque cible vise massacre exécute mine".split())
_EN_SUBJECT_CUES = frozenset(
    "he she it they we who which that will would could can may might must shall should did "
    "does do also then".split()
)
# Before an ambiguous French form: a sign that it is a noun.
_NOUN_CUES = frozenset(
    """le la les l' un une des de d' du cette ce ces leur leurs son sa ses notre nos votre vos
    au aux en dans par pour contre après avant sans avec sur sous lors entre nouvelle nouvelles
    première premières dernière dernières seconde énième vaste violente massive meurtrière
    double triple chaque toute aucune quelle et ou""".split()
)
_EN_BE = frozenset("is are was were be been being got get gets".split())
_EN_HAVE = frozenset("has have had having".split())
_EN_AFTER_REDUCED = frozenset(
    "in by during on at when after as while near outside inside since from , . ; : ) — –".split()
)
_PRE_ADJECTIVES = frozenset(
    """nouveau nouvelle nouveaux nouvelles dernier dernière derniers dernières premier première
    premiers premières violent violente violents violentes intense intenses massive massives
    lourd lourde lourds lourdes multiples plusieurs nombreux nombreuses quelques certains
    certaines plus moins au de d' autres""".split()
)


def _forms_of(table: dict[str, dict[str, tuple[str, ...]]], *kinds: str) -> dict[str, str]:
    return {f: lemma for lemma, forms in table.items() for k in kinds for f in forms.get(k, ())}


_T_FR_PP = _forms_of(TRANSITIVE_FR, "pp")
_T_FR_FIN = _forms_of(TRANSITIVE_FR, "finite", "cond")
_T_FR_PPR = _forms_of(TRANSITIVE_FR, "ppr")
_T_FR_COND = _forms_of(TRANSITIVE_FR, "cond")
_I_FR_FIN = _forms_of(INTRANSITIVE_FR, "finite", "cond")
_I_FR_PP = _forms_of(INTRANSITIVE_FR, "pp")
_I_FR_PPR = _forms_of(INTRANSITIVE_FR, "ppr")
_T_EN_PRESENT = _forms_of(TRANSITIVE_EN, "present")
_T_EN_PAST = _forms_of(TRANSITIVE_EN, "past", "pp")
_T_EN_PPR = _forms_of(TRANSITIVE_EN, "ppr")
_I_EN = _forms_of(INTRANSITIVE_EN, "present", "past")
_LEMMAS = {**_T_FR_PP, **_T_FR_FIN, **_T_FR_PPR, **_I_FR_FIN, **_I_FR_PP, **_I_FR_PPR,
           **_T_EN_PRESENT, **_T_EN_PAST, **_T_EN_PPR, **_I_EN}  # fmt: skip

_FR_SINGLE = {*_T_FR_PP, *_T_FR_FIN, *_T_FR_PPR, *_I_FR_FIN, *_I_FR_PP, *_I_FR_PPR}
_EN_SINGLE = {*_T_EN_PRESENT, *_T_EN_PAST, *_T_EN_PPR, *_I_EN}
_SINGLE = CaseFree(
    rf"(?<![\w'-])(?:{_alt(_FR_SINGLE)})(?![\w-])|(?<![\w-])(?:{_alt(_EN_SINGLE)})(?![\w-])"
)
_COUNT = (
    rf"(?:(?:au\s+moins|plus\s+de|plus\s+d'|près\s+de|environ|quelque|pas\s+moins\s+de|at\s+least|"
    rf"more\s+than|nearly|about|some|over)\s+)?"
    rf"(?:\d[\d  .,']*|{_FR_PHRASE}|{_EN_PHRASE}|des\s+(?:dizaines|centaines|milliers)\s+de|"
    rf"plusieurs|de\s+nombreux|de\s+nombreuses|une?\s+(?:dizaine|vingtaine|trentaine|centaine|"
    rf"millier)\s+de|dozens\s+of|hundreds\s+of|thousands\s+of|many|several|an?)"
)
_FAIRE = CaseFree(
    rf"(?i:\b(?P<form>fait|font|fit|firent|faisait|faisaient|fera|feront|ferait|feraient|"
    rf"(?P<ppr>faisant))\s+(?P<count>{_COUNT})\s*(?P<noun>morts?|blessés?|victimes?|tués|disparus)\b"
    rf"|\b(?P<en_form>(?P<en_ppr>leaving)|left|leaves)\s+(?P<en_count>{_COUNT})\s+"
    rf"(?P<en_noun>dead|killed|wounded|injured)\b"
    rf"|\b(?P<cl_form>(?P<cl_ppr>claiming)|claimed|claims)\s+(?:(?P<cl_count>{_COUNT})\s+lives|"
    rf"the\s+lives\s+of)\b)",
)
_COST = CaseFree(
    r"(?i:\b(?P<form>(?:coûté|coûte|coûtent|coûta|coûtait|coûtaient|coûtera|coûteront|coûterait|"
    r"(?P<ppr>coûtant))\s+la\s+vie\s+(?:à|aux)"
    r"|(?:causé|provoqué|entraîné|cause|provoque|entraîne|(?P<ppr2>causant|provoquant|entraînant))"
    r"\s+la\s+mort\s+(?:de|d'|des|du)))"
)
_LIGHT = CaseFree(
    rf"(?i:\b(?P<form>(?P<v>mené|lancé|conduit|effectué|perpétré|commis|mène|mènent|lance|lancent|"
    rf"mena|lança|menait|lançait|menaient|lançaient|effectue|effectuent|perpètre|commet|commettent|"
    rf"(?P<ppr>menant|lançant|effectuant|perpétrant|commettant))\s+"
    rf"(?P<obj>(?:une|un|des|de\s+nouvelles|de\s+nouveaux|plusieurs|une\s+nouvelle|"
    rf"une\s+série\s+d'|\d+|{_FR_PHRASE})\s*(?P<noun>attaques?|frappes?|raids?|bombardements?|"
    rf"offensives?|attentats?|assauts?|tirs|incursions?)))"
    rf"|\b(?P<en_form>(?P<en_v>launched|launches|launch|carried\s+out|carries\s+out|conducted|"
    rf"conducts|(?P<en_ppr>launching|carrying\s+out|conducting))\s+"
    rf"(?P<en_obj>(?:an?|the|new|several|\d+)?\s*(?P<en_noun>attacks?|strikes?|airstrikes?|"
    rf"raids?|assaults?|offensives?|bombings?)))\b)"
)
_SHOOT_AT = CaseFree(
    r"(?i:\b(?P<form>(?:tiré|tire|tirent|tira|tirèrent|tirait|tiraient|(?P<ppr>tirant))\s+"
    r"(?:à\s+balles\s+réelles\s+)?sur)\s+)"
)
_HAVE = AUX_AVOIR | frozenset({"has", "have", "had"})
# Words one of which a text must hold for the construction to be looked for at all.
_FAIRE_HINTS = ("mort", "bless", "victime", "tués", "disparus", "dead", "killed", "wounded",
                "injured", "lives")  # fmt: skip
_LIGHT_HINTS = ("attaque", "frappe", "raid", "bombardement", "offensive", "attentat", "assaut",
                "tirs", "incursion", "attack", "strike", "assault", "bombing")  # fmt: skip
_LIGHT_LEMMA = {"mené": "mener", "mène": "mener", "mènent": "mener", "mena": "mener",
                "menait": "mener", "menaient": "mener", "menant": "mener", "lancé": "lancer",
                "lance": "lancer", "lancent": "lancer", "lança": "lancer", "lançait": "lancer",
                "lançaient": "lancer", "lançant": "lancer", "conduit": "conduire",
                "effectué": "effectuer", "effectue": "effectuer", "effectuent": "effectuer",
                "effectuant": "effectuer", "perpétré": "perpétrer", "perpètre": "perpétrer",
                "perpétrant": "perpétrer", "commis": "commettre", "commet": "commettre",
                "commettent": "commettre", "commettant": "commettre"}  # fmt: skip
_HEDGE_EN = re.compile(r"\b(?:reportedly|allegedly|purportedly|supposedly)\b", re.IGNORECASE)
_COND_AUX = frozenset({"aurait", "auraient", "serait", "seraient"})
_PAR = re.compile(r"\s*,?\s*(?:par|by)\s+", re.IGNORECASE)
_PARMI = re.compile(r"\s*,?\s*(?:parmi|dont|d'entre|among)\s+", re.IGNORECASE)
_CONTRE = re.compile(r"[^.;:!?\n]{0,80}?\b(?:contre|against|on)\s+", re.IGNORECASE)


#: Sides of the violence and the word stems that place an agent or a patient on one
#: (case-insensitive regular expressions, matched on the phrase with apostrophes made
#: straight). The first side whose pattern occurs earliest in the phrase wins. A starting
#: list for the conflicts of the study suite — Gaza and its regional fronts, and street
#: protests (police and protesters) —; give your own to :func:`side_counts`.
DEFAULT_SIDES: dict[str, tuple[str, ...]] = {
    "Israel": (r"isra[ëeé]l", r"sionist", r"zionist", r"tsahal", r"\bidf\b", r"tel[- ]aviv",
               r"r[ée]gime occupant", r"occupation forces", r"ha[ïi]fa", r"eilat"),
    "Palestinians": (r"palestin", r"gaza", r"hamas", r"jihad islamique", r"islamic jihad",
                     r"cisjordan", r"west bank"),
    "United States": (r"am[ée]ricain", r"american", r"[ée]tats-unis", r"united states",
                      r"washington", r"pentagone?", r"\bus\b", r"\bu\.s\."),
    "Regional armed groups and Iran": (r"r[ée]sistance (?:islamique|irakienne|libanaise)",
                                       r"hezbollah", r"houthi", r"ansar ?allah", r"iran",
                                       r"\birak", r"\biraq", r"y[ée]men"),
    "police": (r"polic", r"gendarm", r"\bcrs\b", r"forces de l'ordre",
               r"forces de s[ée]curit[ée]"),
    "protesters": (r"manifestant", r"gilets? jaunes?", r"casseur", r"protester",
                   r"demonstrator"),
}  # fmt: skip
#: Label of clauses whose agent (or patient) names no side.
NO_SIDE = "(no side)"
#: Values of ``role`` in :func:`side_counts`.
SIDE_ROLES: tuple[str, ...] = ("agent", "patient")
#: Columns of :func:`side_counts`, in order.
SIDE_COUNT_COLUMNS: tuple[str, ...] = ("group", "side", "voice", "agent_type", "n", "share")


def _compile_sides(sides: Any) -> list[tuple[str, re.Pattern[str]]]:
    from analysis.errors import InputTypeError

    if not isinstance(sides, dict) or not sides:
        raise InputTypeError(
            "sides must be a non-empty dict of side name → word patterns, like "
            f"analysis.agency.DEFAULT_SIDES; received {type(sides).__name__}."
        )
    out = []
    for name, patterns in sides.items():
        if isinstance(patterns, str) or not all(isinstance(p, str) for p in patterns):
            raise InputTypeError(
                f"sides[{name!r}] must be a list or tuple of regular expressions (strings); "
                f"received {patterns!r}."
            )
        try:
            out.append((str(name), re.compile("|".join(f"(?:{p})" for p in patterns), re.I)))
        except re.error as err:
            raise OptionError(
                f"sides[{name!r}] holds an invalid regular expression: {err}."
            ) from err
    return out


def side_of(phrase: str | None, sides: dict[str, Any] | None = None) -> str | None:
    """The side an agent or patient phrase names (see :data:`DEFAULT_SIDES`), or None.

    Examples
    --------
    >>> side_of("plus de 27 000 Palestiniens"), side_of("trois morts parmi les soldats américains")
    ('Palestinians', 'United States')
    >>> side_of("attaques") is None
    True
    """
    return _side_of(phrase, _compile_sides(DEFAULT_SIDES if sides is None else sides))


def _side_of(phrase: Any, compiled: list[tuple[str, re.Pattern[str]]]) -> str | None:
    if not isinstance(phrase, str) or not phrase:
        return None
    text = phrase.replace("’", "'")
    best: tuple[int, int, str] | None = None
    for k, (name, pattern) in enumerate(compiled):
        m = pattern.search(text)
        if m is not None and (best is None or (m.start(), k) < best[:2]):
            best = (m.start(), k, name)
    return best[2] if best else None


def side_counts(
    x: Any,
    *,
    role: str = "patient",
    by: str | None = None,
    sides: dict[str, Any] | None = None,
    field: str = "body",
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How the violence done by (or to) each side is voiced, per group.

    Each clause of :func:`agency` is placed on the side its agent (``role="agent"``) or
    its patient (``role="patient"``: the dead, the wounded, the target) names, with
    :func:`side_of`; clauses naming none are counted under :data:`NO_SIDE`. Reading by
    patient asks, for instance, whether Palestinian deaths are told in the active voice
    with a named agent as often as Israeli ones.

    Parameters
    ----------
    x : Corpus
    role : {"agent", "patient"}, default "patient"
    by : str or None
        A column of ``x.articles``, ``"article_id"``, ``"month"``, or None (one group
        ``"all"``).
    sides : dict, optional
        Side name → regular expressions; default :data:`DEFAULT_SIDES`.
    field : {"body", "title", "captions", "all"}
        Passed to :func:`agency` when ``table`` is None.
    table : pandas.DataFrame, optional
        A table from :func:`agency` of ``x``.

    Returns
    -------
    pandas.DataFrame
        :data:`SIDE_COUNT_COLUMNS`: one row per group, side present in the group, voice and
        agent type (the combinations of :func:`voice_counts`, zeros included); ``share`` =
        ``n`` over the clauses of that group and side. Sorted by group, side (the order of
        ``sides``, then :data:`NO_SIDE`), voice and agent type.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus, ``table`` lacks the agency columns or ``sides`` is not a
        dict of pattern lists.
    OptionError
        If ``role``, ``by`` or ``field`` is not allowed, or a pattern is not a valid regex.

    Examples
    --------
    >>> import pandas as pd, analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": [
    ...     "Israël a tué trois Palestiniens. Deux Israéliens ont été tués."]}))
    >>> t = side_counts(c, role="patient")
    >>> t[t["n"] > 0][["side", "voice", "agent_type", "n"]].values.tolist()
    [['Israel', 'passive_no_agent', 'unknown', 1], ['Palestinians', 'active', 'person_or_group', 1]]
    """
    from analysis.errors import InputTypeError
    from analysis.sourcing import check_by, group_values

    role = check_choice("role", role, SIDE_ROLES)
    field = check_field(field)
    _check_corpus(x)
    by = check_by(x, by)
    compiled = _compile_sides(DEFAULT_SIDES if sides is None else sides)
    if table is None:
        table = agency(x, field=field)
    elif not isinstance(table, pd.DataFrame) or not set(AGENCY_COLUMNS) <= set(table.columns):
        raise InputTypeError(
            "table must be the DataFrame returned by analysis.agency.agency(x); "
            f"received {type(table).__name__}."
        )
    groups = group_values(x, by)
    frame = table.assign(
        group=table["id"].map(groups),
        side=[_side_of(p, compiled) or NO_SIDE for p in table[role].tolist()],
    )
    frame = frame[frame["group"].notna()]
    combos = [(v, t) for v in VOICES for t in AGENT_TYPES
              if v in ("active", "passive_agent") or t == "unknown"]  # fmt: skip
    order = {name: i for i, (name, _) in enumerate(compiled)}
    order[NO_SIDE] = len(order)
    counts = frame.groupby(["group", "side", "voice", "agent_type"]).size()
    pairs = frame[["group", "side"]].drop_duplicates()
    try:
        pairs = pairs.assign(_o=pairs["side"].map(order)).sort_values(["group", "_o"])
    except TypeError:
        pairs = pairs.assign(_g=pairs["group"].astype(str), _o=pairs["side"].map(order))
        pairs = pairs.sort_values(["_g", "_o"])
    rows = []
    for g, side in pairs[["group", "side"]].itertuples(index=False):
        total = int(sum(counts.get((g, side, v, t), 0) for v, t in combos))
        for v, t in combos:
            n = int(counts.get((g, side, v, t), 0))
            rows.append((g, side, v, t, n, n / total if total else float("nan")))
    out = pd.DataFrame(rows, columns=list(SIDE_COUNT_COLUMNS))
    return out.astype({"group": object, "side": object, "voice": object,
                       "agent_type": object, "n": "int64", "share": "float64"})  # fmt: skip


def spacy_model_available() -> bool:
    """True when the spaCy model :data:`SPACY_MODEL` can be imported."""
    import importlib.util

    return importlib.util.find_spec(SPACY_MODEL) is not None


# -------------------------------------------------------------------------------------------
def _head_noun(text: str, lang: str) -> str:
    words = [w for w in re.findall(r"[\w'-]+", text.lower())]
    words = [_strip_elision(w) for w in words]
    if lang == "en":
        for i, w in enumerate(words):
            if w in {"of", "in", "on", "by", "from", "at", "with"}:
                words = words[:i]
                break
        words = [w for w in words if w not in DETERMINERS and not w[0].isdigit()]
        return words[-1] if words else ""
    for w in words:
        if w in DETERMINERS or w in _PRE_ADJECTIVES or w[0].isdigit():
            continue
        return w
    return ""


def _singular(word: str) -> str:
    if word.endswith("aux") and len(word) > 4:
        return word[:-3] + "al"
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def agent_type(agent: str | None, lang: str = "fr") -> str:
    """``"event"``, ``"person_or_group"`` or ``"unknown"`` for an agent phrase.

    Examples
    --------
    >>> agent_type("attaques"), agent_type("l'armée israélienne"), agent_type(None)
    ('event', 'person_or_group', 'unknown')
    >>> agent_type("Israeli airstrikes", "en")
    'event'
    """
    if not agent or is_pronoun(agent):
        return "unknown"
    head = _head_noun(agent, lang)
    if not head:
        return "unknown"
    if head in EVENT_NOUNS or _singular(head) in EVENT_NOUNS:
        return "event"
    # English heads read last, French first: try the other end before giving up
    other = _head_noun(agent, "fr" if lang == "en" else "en")
    if other in EVENT_NOUNS or _singular(other) in EVENT_NOUNS and lang == "und":
        return "event"
    return "person_or_group"


class _Reader:
    """The pattern reading of one text."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.low = lowered(doc.text)
        self.hay = self.low if self.low is not None else doc.text.lower()
        self.rows: list[dict[str, Any]] = []
        self.taken: list[tuple[int, int]] = []

    # -- helpers ---------------------------------------------------------------------------
    def sentence(self, pos: int) -> tuple[int, int, int]:
        k = self.doc.sentence_no(pos)
        s, e = self.doc.sentence_span(k)
        return k, s, e

    def resolve(self, span: tuple[int, int] | None) -> str | None:
        if span is None:
            return None
        name = self.doc.norm(*span)
        if is_pronoun(name):
            found = resolve_back(self.doc, span[0])
            return self.doc.out(*found) if found else self.doc.out(*span)
        return self.doc.out(*span)

    def subject(self, pos: int) -> tuple[int, int] | None:
        k, s, _ = self.sentence(pos)
        return subject_before(self.text, clause_start(self.text, s, pos), pos, self.doc.lang)

    def main_subject(self, pos: int) -> tuple[int, int] | None:
        k, s, _ = self.sentence(pos)
        return first_clause_subject(self.text, s, pos, self.doc.lang)

    def prev_tokens(self, pos: int, n: int = 4) -> list[Any]:
        _, s, _ = self.sentence(pos)
        return tokens_between(self.text, max(s, pos - 60), pos)[-n:]

    def hedged(self, pos: int, aux: str | None) -> bool:
        if aux and aux.lower() in _COND_AUX:
            return True
        _, s, e = self.sentence(pos)
        return bool(_HEDGE_EN.search(self.text, s, e))

    def add(
        self,
        pos: int,
        end: int,
        verb: str,
        voice: str,
        agent: str | None,
        patient: str | None,
        form_start: int | None = None,
        hedged: bool = False,
    ) -> None:
        if any(a <= pos < b for a, b in self.taken):
            return
        start = pos if form_start is None else form_start
        self.taken.append((start, end))
        k, s, e = self.sentence(pos)
        lang = self.doc.lang
        self.rows.append({
            "sentence": k, "verb": verb, "voice": voice, "agent": agent,
            "agent_type": _typed(agent, voice, lang),
            "patient": patient, "text": self.doc.out(s, e), "form": self.doc.out(start, end),
            "hedged": hedged, "position": start, "paragraph": self.doc.paragraph_no(start),
        })  # fmt: skip

    def add_active(
        self,
        pos: int,
        end: int,
        verb: str,
        subj: tuple[int, int] | None,
        *,
        form_start: int | None = None,
        hedged: bool = False,
    ) -> None:
        """An active clause: ``subj`` is the agent, the noun phrase after ``end`` the patient."""
        patient = self.np_after(end)
        self.add(pos, end, verb, "active", self.resolve(subj), patient, form_start, hedged)

    def add_passive(
        self,
        pos: int,
        end: int,
        verb: str,
        patient: str | None,
        *,
        form_start: int | None = None,
        hedged: bool = False,
    ) -> None:
        """A passive clause; its agent is the « par … » / "by …" phrase after ``end``, if any."""
        agent, agent_end = self.by_agent(end)
        voice = "passive_agent" if agent else "passive_no_agent"
        self.add(pos, max(end, agent_end), verb, voice, agent, patient, form_start, hedged)

    def np_after(self, pos: int, *, keep: Iterable[str] = ()) -> str | None:
        _, _, e = self.sentence(pos)
        span = np_forward(self.text, pos, e, keep=frozenset(keep), max_tokens=10)
        return self.doc.out(*span) if span else None

    def by_agent(self, pos: int) -> tuple[str | None, int]:
        m = _PAR.match(self.text, pos)
        if m is None:
            return None, pos
        _, _, e = self.sentence(pos)
        span = np_forward(self.text, m.end(), e, max_tokens=10)
        if span is None:
            return None, pos
        return self.resolve(span), span[1]

    # -- constructions ---------------------------------------------------------------------
    def aux_before(self, pos: int) -> Any:
        """The avoir/have auxiliary just before ``pos`` (adverbs skipped), or None."""
        for t in reversed(self.prev_tokens(pos)):
            if t.low in ADVERBS or t.low.endswith("ment") and len(t.low) > 5 or t.low == "total":
                continue
            return t if t.low in _HAVE else None
        return None

    def construction(self, start: int, end: int, verb: str, ppr: bool, patient: str | None) -> None:
        """Record a construction whose verb starts at ``start``: the agent is the clause's
        subject (the main clause's for a participle), the form starts at its auxiliary."""
        aux = None if ppr else self.aux_before(start)
        form_start = aux.start if aux is not None else start
        subj = self.main_subject(start) if ppr else self.subject(form_start)
        hedged = self.hedged(start, aux.low if aux is not None else None)
        self.add(start, end, verb, "active", self.resolve(subj), patient, form_start, hedged)

    def constructions(self) -> None:
        text = self.text
        hay, low = self.hay, self.low
        faire = any(w in hay for w in _FAIRE_HINTS)
        for m in _FAIRE.finditer(text, low) if faire else ():
            if m.group("form"):
                key, ppr, count = "form", m.group("ppr"), "count"
                verb = "faire des " + _plural_fr(m.group("noun"))
            elif m.group("en_form"):
                key, ppr, count = "en_form", m.group("en_ppr"), "en_count"
                verb = "leave " + m.group("en_noun").lower()
            else:
                key, ppr, count = "cl_form", m.group("cl_ppr"), "cl_count"
                verb = "claim lives"
            end = patient_end = m.end()
            pm = _PARMI.match(text, end)
            if pm is not None:
                span = np_forward(text, pm.end(), self.sentence(end)[2], max_tokens=6)
                if span is not None:
                    patient_end = span[1]
            if m.group(count) is None:
                patient = self.np_after(end)
            else:
                patient = self.doc.out(m.start(count), patient_end)
            self.construction(m.start(key), end, verb, bool(ppr), patient)
        for m in _COST.finditer(text, low) if "vie" in hay or "mort" in hay else ():
            verb = "coûter la vie" if "vie" in m.group("form").lower() else "causer la mort"
            ppr = bool(m.group("ppr") or m.group("ppr2"))
            self.construction(m.start(), m.end(), verb, ppr, self.np_after(m.end()))
        light = any(w in hay for w in _LIGHT_HINTS)
        for m in _LIGHT.finditer(text, low) if light else ():
            if m.group("form"):
                key, ppr = "form", m.group("ppr")
                v = m.group("v").lower()
                verb = f"{_LIGHT_LEMMA.get(v, v)} {clean_lower(m.group('obj'))}"
            else:
                key, ppr = "en_form", m.group("en_ppr")
                v = m.group("en_v").lower()
                lemma = {"la": "launch", "ca": "carry out", "co": "conduct"}[v[:2]]
                verb = f"{lemma} {clean_lower(m.group('en_obj'))}"
            c = _CONTRE.match(text, m.end())
            e = self.sentence(m.end())[2]
            patient = None
            if c is not None and c.end() < e:
                span = np_forward(text, c.end(), e, max_tokens=8)
                patient = self.doc.out(*span) if span else None
            self.construction(m.start(key), m.end(), verb, bool(ppr), patient)
        for m in _SHOOT_AT.finditer(text, low) if "tir" in hay else ():
            self.construction(
                m.start("form"), m.end("form"), "tirer sur", bool(m.group("ppr")),
                self.np_after(m.end()),
            )  # fmt: skip

    # -- single verbs ----------------------------------------------------------------------
    def singles(self) -> None:
        text = self.text
        for m in _SINGLE.finditer(text, self.low):
            form = m.group().lower()
            pos, end = m.start(), m.end()
            if any(a <= pos < b for a, b in self.taken):
                continue
            lemma = _LEMMAS.get(form)
            if lemma is None:
                continue
            prev = self.prev_tokens(pos)
            # auxiliaries before the verb, skipping adverbs
            chain = []
            for t in reversed(prev):
                if t.low in ADVERBS or t.low.endswith("ment") and len(t.low) > 5:
                    continue
                chain.append(t)
                if len(chain) == 3:
                    break
            p0 = chain[0].low if chain else ""
            p1 = chain[1].low if len(chain) > 1 else ""
            if pos > 0 and text[pos - 1] == "'":
                continue  # "l'attaque"
            if form in _T_FR_PP and not (form in _T_FR_FIN and form not in _T_FR_PP):
                self.french_participle(m, lemma, chain, p0, p1)
            elif form in _T_FR_FIN:
                if form in _AMBIGUOUS_FR and (p0 in _NOUN_CUES or p0.isdigit()):
                    continue
                if p0 in {"se", "s'", "ne", "n'"} and form in _AMBIGUOUS_FR:
                    continue
                subj = self.subject(pos)
                if subj is None and form in _AMBIGUOUS_FR:
                    continue
                self.add_active(
                    pos,
                    end,
                    lemma,
                    subj,
                    hedged=form in _T_FR_COND or self.hedged(pos, None),
                )
            elif form in _T_FR_PPR or form in _T_EN_PPR:
                if p0 not in {",", "en", "tout", "while", "after", "before", "by"} and not (
                    prev and prev[-1].low == ","
                ):
                    continue
                subj = self.main_subject(pos)
                self.add_active(
                    pos,
                    end,
                    lemma,
                    subj,
                    form_start=chain[0].start if p0 in {"en", "tout"} else None,
                    hedged=self.hedged(pos, None),
                )
            elif form in _I_FR_PP:
                if (
                    p0 in AUX_ETRE
                    or p0 == "été"
                    or p0 in AUX_AVOIR
                    and lemma in ("périr", "succomber", "perdre la vie", "trouver la mort")
                ):
                    aux_tok = chain[1] if p0 == "été" and len(chain) > 1 else chain[0]
                    subj = self.subject(aux_tok.start)
                    self.add(
                        pos,
                        end,
                        lemma,
                        "agentless",
                        None,
                        self.resolve(subj),
                        form_start=aux_tok.start,
                        hedged=self.hedged(pos, aux_tok.low),
                    )
            elif form in _I_FR_FIN or form in _I_EN:
                if form in _I_FR_PPR:
                    continue
                subj = self.subject(pos)
                self.add(
                    pos,
                    end,
                    lemma,
                    "agentless",
                    None,
                    self.resolve(subj),
                    hedged=form.endswith(("rait", "raient")) or self.hedged(pos, None),
                )
            elif form in _T_EN_PAST:
                self.english_past(m, lemma, chain, p0, p1)
            elif form in _T_EN_PRESENT:
                if p0 not in _EN_SUBJECT_CUES:
                    continue
                subj = (
                    self.subject(pos) if p0 not in {"who", "which", "that"} else self.subject(pos)
                )
                self.add_active(
                    pos,
                    end,
                    lemma,
                    subj,
                    hedged=self.hedged(pos, None),
                )

    def french_participle(
        self, m: re.Match[str], lemma: str, chain: list[Any], p0: str, p1: str
    ) -> None:
        pos, end = m.start(), m.end()
        if p0 == "été" or p0 in AUX_ETRE:
            aux_tok = (
                chain[1]
                if p0 == "été" and len(chain) > 1 and chain[1].low in AUX_AVOIR
                else chain[0]
            )
            if p0 in {"se", "s'"} or p1 in {"se", "s'"}:
                return
            patient = self.resolve(self.subject(aux_tok.start))
            self.add_passive(
                pos,
                end,
                lemma,
                patient,
                form_start=aux_tok.start,
                hedged=self.hedged(pos, aux_tok.low),
            )
        elif p0 in AUX_AVOIR:
            aux_tok = chain[0]
            subj = self.subject(aux_tok.start)
            self.add_active(
                pos,
                end,
                lemma,
                subj,
                form_start=aux_tok.start,
                hedged=self.hedged(pos, p0),
            )
        else:
            if (
                p0 in DETERMINERS
                or p0.isdigit()
                or p0 in {"plus", "moins", "nombreux", "autres", "de", "d'", "des"}
            ):
                return  # "les blessés", "trois tués": a noun
            if not chain or not (chain[0].word or chain[0].low == ","):
                return
            _, s, _ = self.sentence(pos)
            patient_span = np_backward(self.text, s, pos, lang=self.doc.lang)
            if patient_span is None:
                return
            self.add_passive(
                pos,
                end,
                lemma,
                self.resolve(patient_span),
                hedged=self.hedged(pos, None),
            )

    def english_past(
        self, m: re.Match[str], lemma: str, chain: list[Any], p0: str, p1: str
    ) -> None:
        pos, end = m.start(), m.end()
        text = self.text
        if p0 in _EN_BE:
            aux_tok = chain[0]
            if p1 in _EN_HAVE | _EN_BE | {"will", "would"} and len(chain) > 1:
                aux_tok = chain[1]
            patient = self.resolve(self.subject(aux_tok.start))
            self.add_passive(
                pos,
                end,
                lemma,
                patient,
                form_start=aux_tok.start,
                hedged=self.hedged(pos, None),
            )
            return
        if p0 in _EN_HAVE:
            subj = self.subject(chain[0].start)
            self.add_active(
                pos,
                end,
                lemma,
                subj,
                form_start=chain[0].start,
                hedged=self.hedged(pos, None),
            )
            return
        if p0 in DETERMINERS or p0.isdigit():
            return
        nxt = tokens_between(text, end, min(len(text), end + 20))
        nxt_low = nxt[0].low if nxt else "."
        _, s, _ = self.sentence(pos)
        if nxt_low in _EN_AFTER_REDUCED:
            patient_span = np_backward(text, s, pos, lang=self.doc.lang)
            if patient_span is None:
                return
            self.add_passive(
                pos,
                end,
                lemma,
                self.resolve(patient_span),
                hedged=self.hedged(pos, None),
            )
            return
        subj = self.subject(pos)
        if subj is None:
            return
        self.add_active(
            pos,
            end,
            lemma,
            subj,
            hedged=self.hedged(pos, None),
        )


def _typed(agent: str | None, voice: str, lang: str) -> str:
    """The agent type of a clause: only active and passive-with-agent clauses have one."""
    return agent_type(agent, lang) if voice in ("active", "passive_agent") else "unknown"


def _plural_fr(noun: str) -> str:
    low = noun.lower()
    return low if low.endswith(("s", "x")) else low + "s"


def clean_lower(text: str) -> str:
    return " ".join(text.lower().split())


def _article_agency(doc_id: Any, raw: str, lang: str) -> list[dict[str, Any]]:
    doc = Doc(raw, lang)
    reader = _Reader(doc)
    reader.constructions()
    reader.singles()
    rows = sorted(reader.rows, key=lambda r: r["position"])
    return [{"id": doc_id, **r} for r in rows]


# -------------------------------------------------------------------------------------------
# The dependency-parser reading
_SPACY_SUBJ = ("nsubj", "nsubj:pass", "nsubjpass", "csubj")
_SPACY_AGENT = ("obl:agent", "agent")
_SPACY_OBJ = ("obj", "dobj")


def _subtree_text(token: Any) -> str:
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    return " ".join(span.text.split())


def rows_from_parse(parsed: Any, doc: Doc) -> list[dict[str, Any]]:
    """Agency rows from a spaCy ``Doc`` parsed with Universal Dependencies labels.

    Used by ``agency(method="spacy")``; public so that any parse (another model, a
    hand-made ``Doc``) can be read the same way. Character offsets of ``parsed`` must
    be those of ``doc.text``.
    """
    lemmas_t = set(TRANSITIVE_FR) | set(TRANSITIVE_EN)
    lemmas_i = set(INTRANSITIVE_FR) | set(INTRANSITIVE_EN) | {"mourir", "die"}
    rows = []
    lang = doc.lang
    for tok in parsed:
        lemma = (tok.lemma_ or tok.text).lower()
        if lemma not in lemmas_t | lemmas_i | {"faire"}:
            continue
        if tok.pos_ and tok.pos_ not in ("VERB", "AUX"):
            continue
        deps = {c.dep_: c for c in tok.children}
        subj = next((deps[d] for d in _SPACY_SUBJ if d in deps), None)
        if (
            subj is not None
            and subj.lower_ in ("qui", "who", "which", "that")
            and tok.dep_ in ("acl:relcl", "relcl")
        ):
            subj = tok.head
        passive = any(d in deps for d in ("aux:pass", "auxpass", "nsubj:pass", "nsubjpass"))
        agent_tok = next((deps[d] for d in _SPACY_AGENT if d in deps), None)
        if agent_tok is None:
            agent_tok = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ == "obl"
                    and any(g.lower_ in ("par", "by") for g in c.children if g.dep_ == "case")
                ),
                None,
            )
        obj = next((deps[d] for d in _SPACY_OBJ if d in deps), None)
        subj_text = (
            _subtree_text(subj)
            if subj is not None and subj.i != tok.head.i
            else (subj.text if subj is not None else None)
        )
        if lemma == "faire":
            if obj is None or obj.lemma_.lower() not in ("mort", "blessé", "victime"):
                continue
            verb, voice, agent, patient = (
                f"faire des {_plural_fr(obj.lemma_)}",
                "active",
                subj_text,
                _subtree_text(obj),
            )
        elif lemma in lemmas_i:
            verb, voice, agent, patient = lemma, "agentless", None, subj_text
        elif passive:
            agent = _subtree_text(agent_tok) if agent_tok is not None else None
            if agent:
                agent = re.sub(r"^(?:par|by)\s+", "", agent, flags=re.I)
            verb, voice, patient = (
                lemma,
                "passive_agent" if agent else "passive_no_agent",
                subj_text,
            )
        else:
            if subj is None:
                continue
            verb, voice, agent, patient = (
                lemma,
                "active",
                subj_text,
                _subtree_text(obj) if obj is not None else None,
            )
        k = doc.sentence_no(tok.idx)
        s, e = doc.sentence_span(k)
        rows.append({
            "sentence": k, "verb": verb, "voice": voice, "agent": agent,
            "agent_type": _typed(agent, voice, lang),
            "patient": patient, "text": doc.out(s, e), "form": tok.text,
            "hedged": "Cond" in tok.morph.get("Mood") or any(
                "Cond" in c.morph.get("Mood") for c in tok.children if c.dep_.startswith("aux")),
            "position": tok.idx, "paragraph": doc.paragraph_no(tok.idx),
        })  # fmt: skip
    return rows


def _spacy_pipeline() -> Any:
    if not spacy_model_available():
        raise OptionError(
            f"method='spacy' needs the spaCy model {SPACY_MODEL!r}, which is not installed; "
            "use method='patterns' (the default), or install the model "
            f"(python -m spacy download {SPACY_MODEL})."
        )
    import spacy

    return spacy.load(SPACY_MODEL, exclude=["ner"])


# -------------------------------------------------------------------------------------------
def agency(
    x: Any,
    *,
    field: str = "body",
    method: str = "patterns",
    progress: bool | None = None,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """One row per clause built on a casualty or attack verb: its voice, agent and patient.

    Parameters
    ----------
    x : Corpus
    field : {"body", "title", "captions", "all"}, default "body"
        Which text of each article is read.
    method : {"patterns", "spacy"}, default "patterns"
        ``"patterns"``: the rules of this module's docstring. ``"spacy"``: the
        dependency parse of the spaCy model ``fr_core_news_sm`` (subject, object,
        ``obl:agent``, passive auxiliaries), only where that model is installed.
    progress : bool or None
        Progress bar (``None``: only on a terminal).
    n_jobs : int or None
        Worker processes for ``method="patterns"`` (see
        :func:`analysis.parallel.map_documents`): ``None`` uses every core from
        :data:`analysis.parallel.PARALLEL_MIN_DOCS` articles on, ``-1`` every core, ``1``
        this process only. The rows do not depend on it. spaCy parses in this process.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AGENCY_COLUMNS`: ``id``; ``sentence`` (sentence number, as
        :func:`analysis.tokens.scan` counts them); ``verb`` (lemma or construction:
        ``tuer``, ``mourir``, ``faire des morts``, ``mener une attaque``, ``kill``);
        ``voice`` (:data:`VOICES`); ``agent`` (as written, a pronoun resolved to the
        nearest named subject, a relative ``qui`` to its antecedent; missing when there is
        none); ``agent_type`` (:data:`AGENT_TYPES`); ``patient`` (who or what undergoes
        it: the object, the passive subject, the one who dies, or the count of
        ``faire N morts``); ``text`` (the sentence); ``form`` (the verb group as written);
        ``hedged`` (conditional or ``reportedly``); ``position`` (character offset of the
        verb group in the ``field`` text); ``paragraph``. In corpus, then text order.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus.
    OptionError
        If an option is not allowed, or ``method="spacy"`` without the model.

    Examples
    --------
    >>> import pandas as pd, analysis
    >>> c = analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": [
    ...     "Trois civils ont été tués par une frappe. Deux soldats sont morts."]}))
    >>> for row in agency(c)[["verb", "voice", "agent", "agent_type", "patient"]].values:
    ...     print(list(row))
    ['tuer', 'passive_agent', 'une frappe', 'event', 'Trois civils']
    ['mourir', 'agentless', nan, 'unknown', 'Deux soldats']
    """
    field = check_field(field)
    method = check_choice("method", method, METHODS)
    progress = check_progress(progress)
    _check_corpus(x)
    nlp = _spacy_pipeline() if method == "spacy" else None
    ids, texts, langs = corpus_texts(x, field)
    items = [item for item in zip(ids, texts, langs, strict=True) if item[1]]
    jobs = resolve_n_jobs(n_jobs, len(items))
    if nlp is None:
        rows = map_documents(_article_agency, items, n_jobs=jobs, progress=progress, desc="agency")
    else:
        rows = []
        for doc_id, text, lang in progress_bar(items, desc="agency", enabled=progress):
            doc = Doc(text, lang)
            rows.extend({"id": doc_id, **r} for r in rows_from_parse(nlp(doc.text), doc))
    out = pd.DataFrame(rows, columns=list(AGENCY_COLUMNS))
    return out.astype(
        {"sentence": "int64", "position": "int64", "paragraph": "int64", "hedged": "bool"}
    )


def voice_counts(
    x: Any,
    *,
    by: str | None = None,
    field: str = "body",
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How casualty clauses are voiced, per group: counts of voice × agent type.

    Parameters
    ----------
    x : Corpus
    by : str or None
        A column of ``x.articles``, ``"article_id"``, ``"month"``, or None (one group
        ``"all"``).
    field : {"body", "title", "captions", "all"}
        Passed to :func:`agency` when ``table`` is None.
    table : pandas.DataFrame, optional
        A table from :func:`agency` of ``x``.

    Returns
    -------
    pandas.DataFrame
        ``group, voice, agent_type, n, share`` — every combination of :data:`VOICES` and
        the agent types it can have (``active`` and ``passive_agent``: person_or_group,
        event, unknown; the others: unknown), zeros included, ``share`` = ``n`` over the
        group's clauses (NaN for a group without any). Sorted by group, then the order of
        :data:`VOICES` and :data:`AGENT_TYPES`.

    Raises
    ------
    InputTypeError
        If ``x`` is not a Corpus or ``table`` lacks the agency columns.
    OptionError
        If ``by`` or ``field`` is not allowed.
    """
    from analysis.errors import InputTypeError
    from analysis.sourcing import check_by, group_values

    field = check_field(field)
    _check_corpus(x)
    by = check_by(x, by)
    if table is None:
        table = agency(x, field=field)
    elif not isinstance(table, pd.DataFrame) or not set(AGENCY_COLUMNS) <= set(table.columns):
        raise InputTypeError(
            "table must be the DataFrame returned by analysis.agency.agency(x); "
            f"received {type(table).__name__}."
        )
    groups = group_values(x, by)
    frame = table.assign(group=table["id"].map(groups))
    frame = frame[frame["group"].notna()]
    combos = [(v, t) for v in VOICES for t in AGENT_TYPES
              if v in ("active", "passive_agent") or t == "unknown"]  # fmt: skip
    present = pd.unique(groups.dropna())
    try:
        present = sorted(present)
    except TypeError:
        present = sorted(present, key=str)
    counts = frame.groupby(["group", "voice", "agent_type"]).size()
    rows = []
    for g in present:
        total = int(sum(counts.get((g, v, t), 0) for v, t in combos))
        for v, t in combos:
            n = int(counts.get((g, v, t), 0))
            rows.append((g, v, t, n, n / total if total else float("nan")))
    return pd.DataFrame(rows, columns=["group", "voice", "agent_type", "n", "share"]).astype(
        {"n": "int64", "share": "float64"}
    )
