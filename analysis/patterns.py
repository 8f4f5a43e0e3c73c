"""Every rule that classifies a line of a page, in one place.

A page copied from a browser ("copy as text") mixes the article with what sits
around it. Each non-blank line gets a **role**:

``furniture``
    site furniture: logo remnants, share buttons, ``SOURCE:`` lines, ads,
    subscription prompts, a front-matter metadata header;
``related``
    links to other articles (``Lire aussi : …``);
``caption``
    photo captions, recognised by a credit marker (``©``, ``(AFP photo)``,
    ``Photo : AFP``, ``Getty Images``, an agency name at the end …);
``title``
    the first substantial line that is none of the above (or the line equal to
    a declared title);
``body``
    every other line: the article's paragraphs.

Rules are tried in the order furniture → related → caption, each list in its
order, and the first match wins; the winning rule's :attr:`Rule.name` goes into
``Corpus.segments["rule"]``. Title and body lines get the names in
:data:`TITLE_RULE`, :data:`METADATA_TITLE_RULE`, :data:`BODY_RULE`. Call
:func:`rules_table` for the whole list with descriptions and examples.

The module also holds the rule that decides whether a caption belongs to the
story (:func:`caption_on_story`): only such captions may date an article.

Matching is done on the line as it is (no-break spaces included: ``\\s`` in these
patterns matches them), case-insensitively unless a rule says otherwise.

Examples
--------
>>> classify_line("Partager Cet Article").name
'share_button'
>>> classify_line("Lire aussi : Une autre brigade se retire").role
'related'
>>> classify_line("Le port de Haïfa, le 1er février 2024. ©Getty Images/archives").name
'copyright_sign'
>>> classify_line("La Résistance irakienne a mené une attaque.") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from analysis.dates import find_dates

__all__ = [
    "ROLES",
    "Rule",
    "LineContext",
    "FURNITURE_RULES",
    "RELATED_RULES",
    "CAPTION_RULES",
    "ALL_RULES",
    "TITLE_RULE",
    "METADATA_TITLE_RULE",
    "BODY_RULE",
    "FRONT_MATTER_RULE",
    "RELATED_CONTINUATION_RULE",
    "ON_STORY_MIN_SHARE",
    "CAPTION_MAX_CHARS",
    "classify_line",
    "is_substantial",
    "related_marker_only",
    "source_value",
    "content_words",
    "caption_overlap",
    "caption_on_story",
    "rules_table",
]

#: Every role a segment can have.
ROLES: tuple[str, ...] = ("title", "body", "caption", "related", "furniture")

#: Rule name of a title found as the first substantial unclassified line.
TITLE_RULE = "first_substantial_line"
#: Rule name of a title line equal to the title declared in metadata.
METADATA_TITLE_RULE = "metadata_title"
#: Rule name of every body paragraph.
BODY_RULE = "body_paragraph"
#: Rule name of the lines of a ``---`` front-matter header (metadata, not text).
FRONT_MATTER_RULE = "front_matter"
#: Rule name of the line holding a related link's text when the marker stands
#: alone on the line before (``LIRE AUSSI >>`` then the linked title).
RELATED_CONTINUATION_RULE = "related_link_text"


@dataclass(frozen=True)
class LineContext:
    """Where a line sits on the page, for rules that depend on it.

    Attributes
    ----------
    index : int
        Position among the page's non-blank content lines (0 = first).
    before_title : bool
        True while no title line has been found above this line.
    """

    index: int = 0
    before_title: bool = True


@dataclass(frozen=True)
class Rule:
    """One classification rule.

    Attributes
    ----------
    name : str
        Short identifier, stored in ``Corpus.segments["rule"]``.
    role : str
        The role given to a matching line (one of :data:`ROLES`).
    description : str
        What the rule matches, in one sentence.
    example : str
        A line the rule matches (checked by the test suite).
    pattern : re.Pattern or None
        Searched in the line (use ``^…$`` anchors for whole-line rules).
    predicate : callable or None
        ``predicate(line, context) -> bool`` for rules a regex cannot say;
        when both are given both must hold.
    max_length : int or None
        Longer lines never match. Caption rules that look only at the end of a
        line use :data:`CAPTION_MAX_CHARS`: a longer line ending in a credit is a
        paragraph with an agency sign-off, not a caption.
    """

    name: str
    role: str
    description: str
    example: str
    pattern: re.Pattern[str] | None = None
    predicate: Callable[[str, LineContext], bool] | None = field(default=None, compare=False)
    max_length: int | None = None

    def matches(self, line: str, context: LineContext | None = None) -> bool:
        """True if ``line`` matches this rule in ``context`` (default: first line)."""
        context = context or LineContext()
        if self.max_length is not None and len(line.strip()) > self.max_length:
            return False
        if self.pattern is not None and not self.pattern.search(line):
            return False
        if self.predicate is not None and not self.predicate(line, context):
            return False
        return True


_I = re.IGNORECASE

#: Longest line a caption rule that looks only at the line's end will accept.
#: Captions are short (the seed's longest is 259 characters); Swiss and Canadian
#: papers end whole paragraphs with an agency sign-off such as "(afp/nxp)" or "AP".
CAPTION_MAX_CHARS = 400
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _word_count(line: str) -> int:
    return len(_WORDS.findall(line))


def is_substantial(line: str) -> bool:
    """A line that can be a title: at least 3 words, or 2 words and 15 characters.

    Examples
    --------
    >>> is_substantial("TV"), is_substantial("Gaza : l'ONU alerte")
    (False, True)
    """
    n = _word_count(line)
    return n >= 3 or (n == 2 and len(line.strip()) >= 15)


def _logo_remnant(line: str, ctx: LineContext) -> bool:
    # A short line above the title is what is left of a logo or a section label.
    s = line.strip()
    return (
        ctx.before_title
        and not is_substantial(s)
        and len(s) <= 30
        and not s.endswith((".", "!", "?"))
    )


_AGENCIES = (
    r"AFP|AP|Reuters|REUTERS|EPA|EFE|ANSA|dpa|DPA|Xinhua|XINHUA|Anadolu|AA|Sipa(?:\s+Press)?|SIPA|"
    r"Belga|BELGA|Keystone|KEYSTONE|ATS|Abaca|ABACA|MaxPPP|Maxppp|MAXPPP|Hans\s+Lucas|IP3|"
    r"Shutterstock|iStock|Getty|Wikimedia\s+Commons|Photo12|Leemage|Bestimage|BESTIMAGE|"
    r"IRNA|Tasnim|Mehr|Fars|WAFA|Sputnik|Presse\s+[Cc]anadienne|La\s+Presse\s+[Cc]anadienne|"
    r"Icon\s+Sport|Panoramic|NurPhoto|SOPA\s+Images|ZUMA|Zuma|Alamy|Bloomberg|Hollandse\s+Hoogte"
)

FURNITURE_RULES: tuple[Rule, ...] = (
    Rule(
        "logo_remnant",
        "furniture",
        "A short line (fewer than 3 words, at most 30 characters, no final full stop) "
        "above the title: what is left of a logo or a section label.",
        "TV",
        predicate=_logo_remnant,
    ),
    Rule(
        "share_button",
        "furniture",
        "A share, print or mail button on its own line.",
        "Partager Cet Article",
        re.compile(
            r"^\s*(?:partager|partagez|share|tweeter|tweet|imprimer|print|envoyer|e-?mail|copier"
            r"\s+le\s+lien|copy\s+link|facebook|twitter|x|linkedin|whatsapp|telegram)"
            r"(?:\s+(?:cet\s+article|l['’]article|this\s+article|this|sur\s+\w+|on\s+\w+|"
            r"par\s+e-?mail|by\s+e-?mail))?\s*[:!]?\s*$",
            _I,
        ),
    ),
    Rule(
        "source_line",
        "furniture",
        "A source line naming the outlet or agency, at most 80 characters.",
        "SOURCE: FRENCH PRESS TV",
        re.compile(r"^\s*(?:source|sources)\s*:\s*(?P<value>\S.{0,70}?)\s*$", _I),
    ),
    Rule(
        "agency_signoff",
        "furniture",
        "An agency sign-off on its own line: '(avec AFP)', 'Avec agences', 'With Reuters'.",
        "(avec AFP)",
        re.compile(
            rf"^\s*\(?\s*(?:avec|with|d['’]après|selon)\s+(?:agences|(?:l['’]\s*)?(?:{_AGENCIES})"
            rf"(?:\s*(?:,|et|and)\s*(?:{_AGENCIES}))*)\s*\)?\.?\s*$",
            _I,
        ),
    ),
    Rule(
        "subscribe_prompt",
        "furniture",
        "A subscription or newsletter prompt, at most 120 characters.",
        "Abonnez-vous à notre newsletter",
        re.compile(
            r"^\s*(?:abonnez-vous|s['’]abonner|abonnement|je\s+m['’]abonne|déjà\s+abonné|"
            r"inscrivez-vous|newsletter|subscribe|sign\s+up|already\s+a\s+subscriber)\b.{0,100}$",
            _I,
        ),
    ),
    Rule(
        "advertisement",
        "furniture",
        "An advertisement label on its own line.",
        "Publicité",
        re.compile(
            r"^\s*(?:publicité|publicite|pub|annonce|advertisement|advertising|ad|sponsorisé|"
            r"contenu\s+sponsorisé|sponsored(?:\s+content)?|partenaire)\s*$",
            _I,
        ),
    ),
    Rule(
        "comments_link",
        "furniture",
        "A comments counter or 'react' link on its own line.",
        "12 commentaires",
        re.compile(
            r"^\s*(?:\d+\s+)?(?:commentaires?|comments?|réagir|réagissez|commenter|"
            r"voir\s+les\s+commentaires|leave\s+a\s+comment)\s*$",
            _I,
        ),
    ),
    Rule(
        "tags_line",
        "furniture",
        "A keywords or tags line.",
        "Mots-clés : Gaza, Irak, Haïfa",
        re.compile(r"^\s*(?:mots[- ]clés|mots[- ]clefs|tags|thèmes|topics)\s*:.{0,200}$", _I),
    ),
    Rule(
        "reading_time",
        "furniture",
        "A reading-time note.",
        "Temps de lecture : 3 min",
        re.compile(
            r"^\s*(?:temps\s+de\s+lecture|lecture)\s*:?\s*\d+\s*min(?:utes?)?\.?\s*$|"
            r"^\s*\d+\s*min(?:utes?)?\s+(?:de\s+lecture|read)\s*$",
            _I,
        ),
    ),
    Rule(
        "published_line",
        "furniture",
        "A publication / update dateline of at most 100 characters holding a full date or a "
        "time (its first full date is used as the article's metadata date).",
        "Publié le 01/02/2024 à 10h30, mis à jour à 12h",
        re.compile(
            r"^\s*(?:publié|mis\s+à\s+jour|modifié|actualisé|published|updated|posted)\b.{0,90}$",
            _I,
        ),
        predicate=lambda line, ctx: bool(
            find_dates(line) or re.search(r"\b[0-2]?\d\s*(?:h|:)\s*[0-5]\d\b", line)
        ),
    ),
)

RELATED_RULES: tuple[Rule, ...] = (
    Rule(
        "a_lire_aussi",
        "related",
        "'À lire aussi', 'A lire également', 'À lire :' and a linked title.",
        "À lire aussi : La Résistance frappe Eilat",
        re.compile(
            r"^\s*(?:à|a)\s+lire\s*(?:(?:aussi|également|egalement|en\s+complément)\b|:)", _I
        ),
    ),
    Rule(
        "lire_aussi_chevrons",
        "related",
        "'LIRE AUSSI >>' (or '»', '->') and a linked title.",
        "LIRE AUSSI >> Gaza : l'ONU alerte sur la famine",
        re.compile(r"^\s*(?:>>\s*)?lire\s+(?:aussi|également)\s*(?:>>|»|->|→)", _I),
    ),
    Rule(
        "lire_aussi",
        "related",
        "'Lire aussi', 'Lire également', 'Lire :' and a linked title.",
        "Lire aussi : Une autre brigade israélienne se retire de la bande de Gaza",
        re.compile(
            r"^\s*(?:>>\s*)?lire\s+(?:aussi|également|egalement|la\s+suite)\b|^\s*lire\s*:", _I
        ),
    ),
    Rule(
        "voir_aussi",
        "related",
        "'Voir aussi', 'Sur le même sujet', 'Dans la même rubrique' and a link.",
        "Voir aussi : la chronologie du conflit",
        re.compile(
            r"^\s*(?:voir\s+aussi|voir\s+également|sur\s+le\s+même\s+sujet|"
            r"dans\s+la\s+même\s+rubrique|à\s+voir\s+aussi|notre\s+dossier)\b",
            _I,
        ),
    ),
    Rule(
        "read_more",
        "related",
        "English 'Read more:', 'Read also', 'See also', 'Related:' and a link.",
        "Read more: Houthis target a US destroyer",
        re.compile(
            r"^\s*(?:read\s+more|read\s+also|also\s+read|see\s+also|related(?:\s+articles?)?|"
            r"more\s+on\s+this)\s*(?::|>>|»|-|$)",
            _I,
        ),
    ),
)

CAPTION_RULES: tuple[Rule, ...] = (
    Rule(
        "copyright_sign",
        "caption",
        "A copyright sign anywhere in the line (photo credit).",
        "La ville de Haïfa, le jeudi 1er février 2024. ©Getty Images/archives",
        re.compile(r"©|\(c\)\s*[A-Z]"),
    ),
    Rule(
        "agency_photo_paren",
        "caption",
        "A parenthesised agency photo credit at the end: '(AFP photo)', '(Photo AFP)', "
        "'(Reuters/John Doe)'. A lowercase dispatch code such as '(afp/nxp)' or '(ats/gdc)' "
        "ends a paragraph and is not a photo credit.",
        "Ilhan Omar and Nancy Pelosi at the US Capitol. (AFP photo)",
        re.compile(
            rf"\((?i:\s*(?:photos?\s*:?\s*(?:{_AGENCIES})[^)]*|(?:{_AGENCIES})\s+photos?[^)]*))\)"
            rf"\s*\.?\s*$|\(\s*(?:{_AGENCIES})\s*/\s*[A-Z][^)]*\)\s*\.?\s*$"
        ),
        max_length=CAPTION_MAX_CHARS,
    ),
    Rule(
        "photo_paren",
        "caption",
        "A parenthesised '(Photo …)', '(Illustration …)', '(archives)' credit at the end; "
        "a bare '(PHOTOS)' is a title's teaser label, not a credit.",
        "Des manifestants à Paris (Photo d'illustration)",
        re.compile(
            r"\(\s*(?:(?:photos?|image|crédit)\b\s*[^\s)][^)]*|illustration[^)]*|archives?\s*)\)"
            r"\s*\.?\s*$",
            _I,
        ),
        max_length=CAPTION_MAX_CHARS,
    ),
    Rule(
        "photo_credit",
        "caption",
        "'Photo : AFP', 'Crédit photo : …', 'Credit: …' ending the line, tail at most 60 "
        "characters without a sentence end.",
        "Des soldats israéliens près de Gaza. Photo : AFP",
        re.compile(
            r"(?:^|[\s.|/–—-])(?:photos?|crédits?(?:\s+photos?)?|crédit\s+image|credits?|"
            r"photo\s+credit|illustration|image)\s*:\s*[^.!?]{1,60}$",
            _I,
        ),
    ),
    Rule(
        "getty_images",
        "caption",
        "A 'Getty Images' credit anywhere in the line.",
        "Un drone au-dessus de la mer. Getty Images",
        re.compile(r"\bGetty\s*Images\b", _I),
    ),
    Rule(
        "archives_credit",
        "caption",
        "A line ending in an archive-photo credit: '/archives', '(archives)', 'photo d'archives'.",
        "Le port de Haïfa. Photo d'archives",
        re.compile(r"(?:/\s*|\(\s*|photos?\s+d['’]\s*)archives?\s*\)?\s*\.?\s*$", _I),
        max_length=CAPTION_MAX_CHARS,
    ),
    Rule(
        "agency_at_end",
        "caption",
        "A line ending in a photo-agency name after a slash, dash or bar, or in a bare "
        "all-capitals agency credit ('… 2024. AFP'), with no final punctuation "
        "(case-sensitive, so 'selon l'AFP.' in a paragraph is not a caption).",
        "Le Premier ministre à Bruxelles, le 1er février 2024. BELGA",
        re.compile(
            rf"(?:[/|–—-]\s*(?:{_AGENCIES})(?:\s*/\s*[\w .-]+)?|[.\s](?:AFP|AP|EPA|REUTERS|"
            rf"BELGA|KEYSTONE|MAXPPP|SIPA|ABACA|XINHUA|ANADOLU|IRNA))\s*$"
        ),
        max_length=CAPTION_MAX_CHARS,
    ),
)

ALL_RULES: tuple[Rule, ...] = FURNITURE_RULES + RELATED_RULES + CAPTION_RULES


def classify_line(line: str, context: LineContext | None = None) -> Rule | None:
    """The first rule that matches ``line``, or None (then it is title or body).

    Parameters
    ----------
    line : str
        One line of the page, without its newline.
    context : LineContext, optional
        Where the line sits; default: the first line, before any title.

    Returns
    -------
    Rule or None
    """
    context = context or LineContext()
    for rule in ALL_RULES:
        if rule.matches(line, context):
            return rule
    return None


_RELATED_MARKER_ONLY = re.compile(
    r"^\s*(?:>>\s*)?(?:(?:à|a)\s+lire|lire|voir|read|see|also\s+read|related)"
    r"(?:\s+(?:aussi|également|egalement|more|also|articles?))?\s*(?::|>>|»|->|→|-)?\s*$",
    _I,
)


def related_marker_only(line: str) -> bool:
    """True if the line is a related-link marker with no link text after it.

    The next line of the same block is then the linked title
    (:data:`RELATED_CONTINUATION_RULE`).

    Examples
    --------
    >>> related_marker_only("LIRE AUSSI >>"), related_marker_only("Lire aussi : Gaza")
    (True, False)
    """
    return bool(_RELATED_MARKER_ONLY.match(line))


def source_value(line: str) -> str | None:
    """The outlet named by a ``SOURCE:`` furniture line, else None.

    Examples
    --------
    >>> source_value("SOURCE: FRENCH PRESS TV")
    'FRENCH PRESS TV'
    """
    rule = next(r for r in FURNITURE_RULES if r.name == "source_line")
    m = rule.pattern.search(line) if rule.pattern is not None else None
    return m.group("value").strip() if m else None


# --- Does a caption belong to the story? -------------------------------------------------

#: A caption belongs to the story when at least this share of its content words
#: also occur in the title and body.
ON_STORY_MIN_SHARE = 0.25

# Words of credits and captions that say nothing about the story.
_CREDIT_WORDS = frozenset(
    """photo photos image images illustration archive archives getty afp reuters epa crédit
    crédits credit credits copyright droits réservés rights reserved agence agency""".split()
)
_CONTENT_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    import stopwordsiso

    return frozenset(w.casefold() for w in stopwordsiso.stopwords(["fr", "en"]))


def content_words(text: str) -> set[str]:
    """The content words of ``text`` used to compare a caption with its story.

    Lowercased with accents kept, split on anything that is not a letter (so
    ``l’attaque`` gives ``l`` and ``attaque``), without French and English
    stopwords (stopwordsiso), credit words (``photo``, ``getty``, ``afp`` …) or
    words of fewer than 3 letters, and with a final ``s`` or ``x`` dropped so that
    singular and plural match (``sionistes`` → ``sioniste``).

    Examples
    --------
    >>> sorted(content_words("Les attaques contre le port de Haïfa. ©Getty Images"))
    ['attaque', 'haïfa', 'port']
    """
    stop = _stopwords()
    words = set()
    for token in _CONTENT_TOKEN.findall(unicodedata.normalize("NFC", text).lower()):
        if len(token) < 3 or token in stop or token in _CREDIT_WORDS:
            continue
        if len(token) > 3 and token[-1] in "sx":
            token = token[:-1]
        words.add(token)
    return words


def caption_overlap(caption: str, story: str) -> float:
    """Share of the caption's content words that also occur in ``story``.

    0.0 when the caption has no content word.
    """
    words = content_words(caption)
    if not words:
        return 0.0
    return len(words & content_words(story)) / len(words)


def caption_on_story(
    caption: str,
    story: str,
    *,
    caption_language: str,
    story_language: str,
    min_share: float = ON_STORY_MIN_SHARE,
) -> bool:
    """Decide whether a photo caption belongs to the article's story.

    The rule: the caption's language is the story's (or could not be told,
    ``"und"``), **and** at least ``min_share`` of its content words (see
    :func:`content_words`) occur in the title and body. Sites reuse archive
    photos with their original captions, often in another language and about
    other people; such captions must not date the article.

    On the seed page the English 2019 AFP caption about Ilhan Omar fails both
    tests (English vs French; 1 of its 18 content words, *Washington*, is in the
    article), and the Getty caption passes both (French; 10 of 11 words shared).

    Parameters
    ----------
    caption : str
        The caption line.
    story : str
        Title and body of the article.
    caption_language, story_language : str
        Languages (``"und"`` when unknown).
    min_share : float, default ON_STORY_MIN_SHARE
        Threshold on the shared content words.

    Returns
    -------
    bool
    """
    if caption_language not in (story_language, "und") and story_language != "und":
        return False
    return caption_overlap(caption, story) >= min_share


def rules_table() -> pd.DataFrame:
    """All rules as a DataFrame: ``order, name, role, description, example, pattern, max_length``.

    ``order`` is the order in which rules are tried; title and body names come
    last (they apply to lines no rule matched).
    """
    rows = [
        {
            "name": r.name,
            "role": r.role,
            "description": r.description,
            "example": r.example,
            "pattern": r.pattern.pattern if r.pattern is not None else "(predicate)",
            "max_length": r.max_length,
        }
        for r in ALL_RULES
    ]
    rows += [
        {"name": RELATED_CONTINUATION_RULE, "role": "related",
         "description": "The line after a related marker that stands alone, in the same block.",
         "example": "LIRE AUSSI >>\\nGaza : l'ONU alerte", "pattern": "(position)"},
        {"name": FRONT_MATTER_RULE, "role": "furniture",
         "description": "Lines of a '---' front-matter metadata header at the top of the page.",
         "example": "---\\ndate: 2024-02-01\\n---", "pattern": "(position)"},
        {"name": METADATA_TITLE_RULE, "role": "title",
         "description": "The line equal to the title declared in metadata.",
         "example": "", "pattern": "(metadata)"},
        {"name": TITLE_RULE, "role": "title",
         "description": "The first substantial unclassified line (see is_substantial).",
         "example": "Une quatrième attaque de la Résistance irakienne contre le port de Haïfa",
         "pattern": "(position)"},
        {"name": BODY_RULE, "role": "body",
         "description": "Any other line: a paragraph of the article.",
         "example": "La Résistance islamique en Irak a revendiqué l’attaque.",
         "pattern": "(default)"},
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    frame.insert(0, "order", range(1, len(frame) + 1))
    return frame
