"""Parse a page dump: the text of a web page copied from a browser.

A page dump is a ``.txt`` file holding what "select all, copy" gives on an
article page: a logo remnant, the title, photo captions, paragraphs separated by
blank lines, related links, share buttons, a source line. :func:`parse_pagedump`
turns that text into one *record* (see :mod:`analysis.corpus`): each non-blank
line becomes a segment with a role and the name of the rule that gave it (rules
live in :mod:`analysis.patterns`). Nothing is dropped: joining the segment texts
in order gives back every non-blank line of the page (each stripped of
surrounding spaces).

Optional metadata header
------------------------
A page may start with a YAML-like front-matter block that a person adds when
saving it, one ``key: value`` per line between two ``---`` lines::

    ---
    outlet: Le Figaro
    date: 2024-02-01
    language: fr
    url: https://www.lefigaro.fr/...
    title: ...
    ---

Recognised keys (case-insensitive): ``title``, ``outlet`` (also ``source``,
``publication``, ``journal``, ``media``), ``date`` (also ``published``,
``date_published``, ``pubdate``), ``language`` (also ``lang``), ``url`` (also
``link``, ``source_url``), ``id``; any other key is kept as an extra metadata
column. The header's lines are kept as ``furniture`` segments with rule
``front_matter``.

Examples
--------
>>> record = parse_pagedump("TV\\n\\nUn titre assez long ici\\n\\nUn paragraphe.\\nPartager")
>>> [s["rule"] for s in record["segments"]]
['logo_remnant', 'first_substantial_line', 'body_paragraph', 'share_button']
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from analysis.errors import InputTypeError
from analysis.patterns import (
    BODY_RULE,
    FRONT_MATTER_RULE,
    METADATA_TITLE_RULE,
    RELATED_CONTINUATION_RULE,
    TITLE_RULE,
    LineContext,
    classify_line,
    is_substantial,
    related_marker_only,
    source_value,
)

__all__ = ["FRONT_MATTER_KEYS", "parse_pagedump", "parse_front_matter"]

#: Front-matter key (lowercase) → record metadata key.
FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "title", "titre": "title",
    "outlet": "outlet", "source": "outlet", "publication": "outlet", "journal": "outlet",
    "media": "outlet", "média": "outlet",
    "date": "date", "published": "date", "date_published": "date", "pubdate": "date",
    "language": "language", "lang": "language", "langue": "language",
    "url": "url", "link": "url", "source_url": "url", "lien": "url",
    "id": "id",
}  # fmt: skip

_FM_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w -]{0,40}?)\s*:\s*(?P<value>.*?)\s*$")
_FM_MAX_LINES = 60


def _key(raw: str) -> str:
    return re.sub(r"[\s-]+", "_", raw.strip().lower())


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Read a ``---`` front-matter header at the top of ``lines``.

    Parameters
    ----------
    lines : list of str
        The page's lines.

    Returns
    -------
    (dict, int)
        The metadata (keys mapped by :data:`FRONT_MATTER_KEYS`, other keys
        lowercased with ``_`` for spaces) and the index of the line after the
        closing ``---``; ``({}, 0)`` when the page has no well-formed header.
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return {}, 0
    metadata: dict[str, str] = {}
    for j in range(first + 1, min(len(lines), first + 1 + _FM_MAX_LINES)):
        line = lines[j]
        if line.strip() == "---":
            return metadata, j + 1
        if not line.strip():
            continue
        m = _FM_LINE.match(line)
        if m is None:
            return {}, 0
        key = _key(m.group("key"))
        metadata[FRONT_MATTER_KEYS.get(key, key)] = _unquote(m.group("value"))
    return {}, 0


def _same_title(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        s = unicodedata.normalize("NFC", s).replace("’", "'").casefold()
        return " ".join(s.split())

    return norm(a) == norm(b)


def parse_pagedump(text: str) -> dict[str, Any]:
    """Split a page dump into classified segments and what the page says about itself.

    Each non-blank line is one segment. Lines are classified in page order:

    1. the front-matter header, if any → ``furniture`` / ``front_matter``;
    2. the first matching rule of :mod:`analysis.patterns` (furniture, then
       related, then caption); a related marker standing alone
       (``LIRE AUSSI >>``) also claims the next line of its block
       (``related_link_text``);
    3. the title: the line equal to a declared ``title``, else the first
       substantial line (:func:`analysis.patterns.is_substantial`);
    4. every other line is ``body``.

    Parameters
    ----------
    text : str
        The page's text, already decoded, NFC-normalised and with ``\\n`` line ends
        (:func:`analysis.corpus.read_text` does that).

    Returns
    -------
    dict
        A record: ``metadata`` (from the header), ``page`` (``outlet``: the value
        of a ``SOURCE:`` line; ``dateline``: a "Publié le …" line), and
        ``segments``: a list of dicts ``role, rule, text, line`` (1-based line
        number in the text).

    Raises
    ------
    InputTypeError
        If ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str; received {type(text).__name__}.")
    lines = text.split("\n")
    metadata, start = parse_front_matter(lines)
    segments: list[dict[str, Any]] = []
    for i in range(start):
        if lines[i].strip():
            segments.append(
                {
                    "role": "furniture",
                    "rule": FRONT_MATTER_RULE,
                    "text": lines[i].strip(),
                    "line": i + 1,
                }
            )

    page: dict[str, Any] = {"outlet": None, "dateline": None}
    declared_title = metadata.get("title", "").strip()
    title_found = False
    substantial_seen = False
    continue_related = False
    index = 0
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line:
            continue_related = False
            continue
        context = LineContext(index=index, before_title=not substantial_seen)
        index += 1
        if continue_related:
            continue_related = False
            segments.append(
                {"role": "related", "rule": RELATED_CONTINUATION_RULE, "text": line, "line": i + 1}
            )
            continue
        rule = classify_line(line, context)
        if rule is not None:
            segments.append({"role": rule.role, "rule": rule.name, "text": line, "line": i + 1})
            if rule.name == "source_line" and page["outlet"] is None:
                page["outlet"] = source_value(line)
            elif rule.name == "published_line" and page["dateline"] is None:
                page["dateline"] = line
            elif rule.role == "related" and related_marker_only(line):
                continue_related = True
            continue
        if declared_title and not title_found and _same_title(line, declared_title):
            role, name = "title", METADATA_TITLE_RULE
            title_found = True
        elif not declared_title and not title_found and is_substantial(line):
            role, name = "title", TITLE_RULE
            title_found = True
        else:
            role, name = "body", BODY_RULE
        substantial_seen = substantial_seen or is_substantial(line)
        segments.append({"role": role, "rule": name, "text": line, "line": i + 1})
    return {"metadata": metadata, "page": page, "segments": segments}
