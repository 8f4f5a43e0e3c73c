"""Read web pages saved from a browser (``.html`` / ``.htm``) as article records.

:func:`read_html` is a *reader* in the sense of :mod:`analysis.corpus`: it yields
one record (``metadata``, ``page``, ``segments``, ``encoding``) per file, or raises
:class:`~analysis.errors.CorpusError` naming the file and the reason when the file
holds no usable article. The loader then decides language, outlet, date and which
captions belong to the story, as for every other format.

Steps
-----
1. **Bytes → text** (:func:`decode_html`): a byte-order mark wins, then the page's
   own declaration (``<meta charset>``, ``<meta http-equiv="Content-Type">`` or an
   XML declaration, looked for in the first :data:`CHARSET_SCAN_BYTES` bytes), then
   strict UTF-8, then Windows-1252 when it gives French characters only, then
   charset-normalizer (Windows-1252 winning ties). As browsers do (WHATWG Encoding
   Standard), the labels ``iso-8859-1``, ``latin1`` and ``us-ascii`` are read as
   Windows-1252. The text is normalised to Unicode NFC.
   Empty, binary, NUL-holding and whitespace-only files are refused.
2. **Main text** by trafilatura (Barbaresi 2021) with the options in
   :data:`TRAFILATURA_OPTIONS` (precision first, no comments, no tables), which drops
   scripts, styles, navigation, cookie banners, footers and related-article lists.
   Each paragraph (``<p>``, list item, quotation, intertitle) of its output becomes
   one ``body`` segment, unless a rule of :mod:`analysis.patterns` reads it as a
   related link (``Lire aussi : …``) or site furniture.
3. **Captions**: trafilatura drops ``<figcaption>``; they are read from the page
   with lxml (outside ``nav``, ``footer``, ``aside``, forms and site headers, and
   inside the ``<article>`` holding the extracted text when there is one) and put
   between the body paragraphs at their place on the page.
4. **Metadata** from trafilatura: ``title``, ``author``, ``description``,
   ``sitename`` (→ ``outlet``), ``date`` (→ ``date``, from the page's structured
   markup only), ``url`` (canonical link or ``og:url``); ``language`` is the
   ``<html lang>`` attribute (else ``Content-Language`` / ``og:locale``).
   trafilatura's ``filedate`` (the day of the run) is never used, so the same file
   always gives the same record.

Segments
--------
In page order, each a dict ``role, rule, text`` and ``line`` (the line of the HTML
file where the element holding the text starts, when it could be found):

=============================  ==========  ===============================================
rule                           role        what
=============================  ==========  ===============================================
``html_title``                 title       the page title from metadata (always first)
``html_heading_title``         title       the first heading, when metadata has no title
``html_trafilatura_body``      body        a paragraph, list item or quotation
``html_trafilatura_heading``   body        an intertitle inside the article
``html_figcaption``            caption     a ``<figcaption>``
``html_paywall_notice``        furniture   a short paragraph such as ``Cet article est
                                           réservé aux abonnés``
(a rule of analysis.patterns)  related /   a paragraph such as ``Lire aussi : …``
                               furniture
=============================  ==========  ===============================================

A page is refused as holding **no article** (:data:`NO_ARTICLE_REASON`) when
trafilatura finds no main text, when no body paragraph is a sentence (at least
:data:`MIN_SENTENCE_WORDS` words and a ``.``, ``!``, ``?`` or ``…``), or when the page
has a password field and fewer than :data:`LOGIN_WALL_MAX_WORDS` body words (a login
wall).

References
----------
Barbaresi, A. (2021). Trafilatura: A Web Scraping Library and Command-Line Tool for
Text Discovery and Extraction. *Proceedings of ACL-IJCNLP 2021: System
Demonstrations*, 122–131.
WHATWG. *Encoding Standard*, §4.2 "Names and labels"; *HTML Standard*, §13.2.3.2
"Determining the character encoding".

Examples
--------
>>> html = ('<html lang="fr"><head><title>Un titre de fixture</title></head><body>'
...         '<nav>Accueil Politique Sport</nav><article><h1>Un titre de fixture</h1>'
...         '<p>Ceci est une phrase de fixture écrite pour la documentation du module.</p>'
...         '</article><footer>Mentions légales</footer></body></html>')
>>> record = parse_html(html)
>>> for s in record["segments"]:
...     print(s["role"], "|", s["text"])
title | Un titre de fixture
body | Ceci est une phrase de fixture écrite pour la documentation du module.
>>> record["metadata"]["language"]
'fr'
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from analysis.encodings import plain_cp1252
from analysis.errors import CorpusError, InputTypeError, OptionError
from analysis.langid import normalise_language
from analysis.patterns import LineContext, classify_line

__all__ = [
    "HTML_SUFFIXES",
    "HTML_TITLE_RULE",
    "HTML_HEADING_TITLE_RULE",
    "HTML_BODY_RULE",
    "HTML_HEADING_RULE",
    "HTML_CAPTION_RULE",
    "HTML_PAYWALL_RULE",
    "LOGIN_WALL_MAX_WORDS",
    "MIN_SENTENCE_WORDS",
    "CHARSET_SCAN_BYTES",
    "TRAFILATURA_OPTIONS",
    "NO_ARTICLE_REASON",
    "DecodedHTML",
    "decode_html",
    "parse_html",
    "read_html",
]

#: Suffixes (lowercase, with dot) this reader is meant for.
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")

HTML_TITLE_RULE = "html_title"
HTML_HEADING_TITLE_RULE = "html_heading_title"
HTML_BODY_RULE = "html_trafilatura_body"
HTML_HEADING_RULE = "html_trafilatura_heading"
HTML_CAPTION_RULE = "html_figcaption"
HTML_PAYWALL_RULE = "html_paywall_notice"

#: A body paragraph counts as a sentence from this many words on (with end punctuation).
MIN_SENTENCE_WORDS = 5
#: A page with a password field and fewer body words than this is a login wall.
LOGIN_WALL_MAX_WORDS = 80
#: How far into the file a charset declaration is looked for (browsers: 1024; saved
#: pages often carry long heads, so more).
CHARSET_SCAN_BYTES = 16_384

#: Options given to :func:`trafilatura.bare_extraction`.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "favor_precision": True,
    "deduplicate": False,
    # Structured markup only (meta tags, JSON-LD, <time>, URL): dates written in the
    # text are the loader's business (analysis.dates), and a fixed max_date keeps the
    # result independent of the day of the run (trafilatura's default is today).
    "date_extraction_params": {
        "original_date": True,
        "extensive_search": False,
        "max_date": "2099-12-31",
    },
}

NO_ARTICLE_REASON = (
    "no article text found in the HTML (the page may be an index, a login wall or a "
    "script-only page)"
)

_HINT = "an HTML page saved from a browser (.html / .htm) was expected"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | {0x0B, 0x0E} | set(range(0x0F, 0x20)) | {0x7F})
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))
_CONTROL_MAX_SHARE = 0.02

_CHARSET_RE = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# WHATWG Encoding Standard: these labels mean windows-1252 in a browser.
_AS_CP1252 = frozenset(
    {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
     "iso-ir-100", "cp819", "ibm819", "csisolatin1", "x-cp1252", "windows-1252"}
)  # fmt: skip

#: Non-ASCII characters of French (and Western names) text, for the cp1252 check.
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_SENTENCE_END = re.compile(r"[.!?…]")
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_CAPTION_OUTSIDE = frozenset({"nav", "footer", "aside", "form", "noscript", "template", "menu"})
# Paywall and login notices (short paragraphs only): furniture, never body.
_PAYWALL = re.compile(
    r"réservée?s?\s+aux\s+(?:abonné|inscrit|membre)|pas\s+encore\s+abonné"
    r"|connectez-vous\s+pour|identifiez-vous\s+pour|pour\s+lire\s+la\s+(?:suite|totalité)"
    r"|abonnez-vous\s+pour\s+(?:lire|continuer|accéder)|(?:for|to)\s+subscribers\s+only"
    r"|(?:sign|log)\s+in\s+to\s+(?:read|continue)",
    re.IGNORECASE,
)
_PAYWALL_MAX_CHARS = 200
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def _fail(path: Path, reason: str) -> CorpusError:
    # Same message and attributes as analysis.corpus._fail (not imported: corpus.py
    # imports the readers).
    err = CorpusError(f"cannot load {path}: {reason}.")
    err.reason = reason  # type: ignore[attr-defined]
    err.path = path  # type: ignore[attr-defined]
    return err


class _NoArticle(Exception):
    """Raised by the parsing steps; :func:`read_html` turns it into a CorpusError."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- Bytes → text ---------------------------------------------------------------------------


class DecodedHTML(NamedTuple):
    """An HTML file's text after decoding.

    ``encoding`` is the Python codec used (``utf-8``, ``utf-8-sig`` when a BOM was
    stripped, ``cp1252``, ``utf-16-le`` …); ``declared`` is the charset label the page
    declares (``None`` when it declares none); ``source`` says what chose the
    encoding: ``bom``, ``declared``, ``utf-8`` (undeclared, valid UTF-8) or
    ``detected`` (charset-normalizer, also used when the declaration was wrong).
    """

    text: str
    encoding: str
    declared: str | None
    source: str


def _codec(label: str) -> str | None:
    """Python codec name for a declared charset label, browser rules applied; None if unknown."""
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    if label.startswith("utf-16"):
        # A page that says utf-16 but has no BOM is read as UTF-8 by browsers.
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET_RE.search(data[:CHARSET_SCAN_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def _detect(data: bytes) -> tuple[str, str] | None:
    """Guess the encoding of undeclared bytes that are not UTF-8.

    Windows-1252 first when it decodes the bytes and every non-ASCII character it gives
    is a usual Western European one (accented letters, « » ’ € …; the same test as for
    text files, :func:`analysis.encodings.plain_cp1252`): cp1252 is the usual legacy
    encoding of French pages, and charset-normalizer alone, on a short page, often
    prefers cp1250 or cp1257, which turn ``à è œ ë`` into other letters. Otherwise
    charset-normalizer's best guess, cp1252 winning ties (equal chaos).
    """
    plain = plain_cp1252(data)
    if plain is not None:
        return plain, "cp1252"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None

    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    if text is not None and any(
        m.chaos <= best.chaos and "cp1252" in m.could_be_from_charset for m in results
    ):
        return text, "cp1252"
    return str(best), best.encoding


def decode_html(data: bytes, *, path: str | os.PathLike[str] = "<bytes>") -> DecodedHTML:
    """Decode the bytes of an HTML file as a browser would.

    Order: a byte-order mark (UTF-8, UTF-16 LE/BE); else the page's declaration
    (``<meta charset=…>``, ``<meta http-equiv="Content-Type" content="…; charset=…">``,
    ``<?xml … encoding=…?>``) in the first :data:`CHARSET_SCAN_BYTES` bytes, with
    ``iso-8859-1`` / ``latin1`` / ``us-ascii`` read as Windows-1252 (WHATWG); else
    strict UTF-8; else Windows-1252 when every non-ASCII character it gives is a usual
    character of French text; else charset-normalizer. A declaration that does not decode the
    bytes (a page re-saved in another encoding) falls back to UTF-8, then to
    detection. The text is normalised to NFC.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str or path-like, default "<bytes>"
        Used in error messages only.

    Returns
    -------
    DecodedHTML
        ``(text, encoding, declared, source)``.

    Raises
    ------
    InputTypeError
        If ``data`` is not bytes.
    CorpusError
        Naming ``path`` and the reason: empty, binary (known file signature, NUL
        bytes without a UTF-16 BOM, more than 2 % control bytes), undecodable,
        whitespace only.

    Examples
    --------
    >>> d = decode_html('<meta charset="windows-1252"><p>Été</p>'.encode("cp1252"))
    >>> d.text, d.encoding, d.source
    ('<meta charset="windows-1252"><p>Été</p>', 'cp1252', 'declared')
    """
    if not isinstance(data, bytes | bytearray):
        raise InputTypeError(f"data must be bytes; received {type(data).__name__}.")
    data = bytes(data)
    path = Path(path)
    if not data:
        raise _fail(path, "the file is empty (0 bytes)")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _fail(path, f"this is a binary file ({kind}), not HTML; {_HINT}")

    declared: str | None = None
    text: str | None = None
    encoding = source = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise _fail(
                    path,
                    f"the file starts with a {codec.upper().replace('-SIG', '')} byte-order "
                    f"mark but byte offset {exc.start + len(bom)} cannot be decoded as "
                    f"{codec}; re-save the page as UTF-8",
                ) from None
            encoding, source = codec, "bom"
            break
    if text is None:
        nul = data.count(b"\x00")
        if nul:
            raise _fail(
                path,
                f"the file contains {nul} NUL byte{'s' if nul > 1 else ''} (binary data, or "
                f"UTF-16 without a byte-order mark); {_HINT}",
            )
        control = len(data) - len(data.translate(None, _CONTROL_DELETE))
        if control >= 2 and control / len(data) > _CONTROL_MAX_SHARE:
            raise _fail(
                path,
                f"this looks like a binary file ({control} control bytes in {len(data)} "
                f"bytes); {_HINT}",
            )
        declared = _declared_charset(data)
        codec = _codec(declared) if declared else None
        if codec is not None:
            try:
                text, encoding, source = data.decode(codec), codec, "declared"
            except UnicodeDecodeError:
                text = None
        if text is None:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
                source = "utf-8" if declared is None else "detected"
            except UnicodeDecodeError:
                found = _detect(data)
                if found is None:
                    where = f"declared {declared!r} does not fit, " if declared else ""
                    raise _fail(
                        path,
                        f"the file cannot be decoded ({where}not UTF-8, and charset "
                        "detection found no encoding); re-save the page as UTF-8",
                    ) from None
                text, encoding = found
                source = "detected"
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise _fail(path, "the file contains only whitespace")
    return DecodedHTML(text, encoding, declared, source)


# --- Text of the page, with offsets -----------------------------------------------------------


def _clean(text: str) -> str:
    """Collapse runs of ASCII whitespace (no-break spaces are kept: French typography)."""
    return _ASCII_SPACE.sub(" ", text).strip()


def _node_text(element: Any) -> str:
    """Text of an element of trafilatura's output; a line break (``<lb/>``) is a space."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if el.tag == "lb":
                parts.append(" ")
            if el.text and isinstance(el.tag, str):
                parts.append(el.text)
        elif el is not element and el.tail:
            parts.append(el.tail)
    return _clean("".join(parts))


class _PageText:
    """The visible text of the original page with each element's start offset.

    Used to put captions at their place among trafilatura's paragraphs and to give
    each paragraph the line of the HTML file where it starts. Text inside
    ``script``, ``style``, ``head`` … (:data:`_SKIP_TEXT`) and comments is left out.
    """

    def __init__(self, tree: Any) -> None:
        from lxml import etree

        parts: list[str] = []
        length = 0
        self.starts: list[int] = []
        self.lines: list[int | None] = []
        #: (start, end, element) of each <figcaption>, in page order.
        self.figcaptions: list[tuple[int, int, Any]] = []
        #: (start, end) of each <article>.
        self.articles: list[tuple[int, int]] = []
        opened: dict[Any, int] = {}
        skip_depth = 0

        def add(s: str | None) -> None:
            nonlocal length
            if s:
                parts.append(s)
                length += len(s)

        for event, el in etree.iterwalk(tree, events=("start", "end", "comment", "pi")):
            if event in ("comment", "pi"):
                if not skip_depth:
                    add(el.tail)
                continue
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if event == "start":
                if skip_depth or tag in _SKIP_TEXT:
                    skip_depth += 1
                    continue
                if tag == "br":
                    add(" ")  # as trafilatura (and a reader) sees it
                self.starts.append(length)
                self.lines.append(el.sourceline)
                if tag in ("figcaption", "article"):
                    opened[el] = length
                add(el.text)
                continue
            if skip_depth:
                skip_depth -= 1
                if skip_depth:
                    continue
            elif tag == "figcaption":
                self.figcaptions.append((opened.pop(el), length, el))
            elif tag == "article":
                self.articles.append((opened.pop(el), length))
            if el is not tree:
                add(el.tail)
        self.text = "".join(parts)

    def locate(self, paragraph: str, start: int) -> tuple[int, int | None] | None:
        """Where ``paragraph`` is on the page, at or after offset ``start``.

        Returns ``(begin, end)`` when the whole paragraph is found (its words in order,
        separated by nothing but whitespace), ``(begin, None)`` when only its first
        words are, None when not even those are.
        """
        tokens = paragraph.split()
        if not tokens:
            return None
        whole = re.compile(r"\s*".join(map(re.escape, tokens))).search(self.text, start)
        if whole:
            return whole.start(), whole.end()
        for n in (12, 3):
            prefix = re.compile(r"\s*".join(map(re.escape, tokens[:n]))).search(self.text, start)
            if prefix:
                return prefix.start(), None
        return None

    def line_at(self, offset: int) -> int | None:
        """Source line of the last element starting at or before ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[i] if i >= 0 else None


def _caption_allowed(el: Any) -> bool:
    ancestors = [a.tag.lower() for a in el.iterancestors() if isinstance(a.tag, str)]
    if _CAPTION_OUTSIDE.intersection(ancestors):
        return False
    return not ("header" in ancestors and "article" not in ancestors)


def _language(tree: Any) -> str | None:
    """The page's declared language: ``<html lang>``, else Content-Language, else og:locale.

    A value that :func:`analysis.langid.normalise_language` would refuse is skipped (the
    loader then detects the language).
    """

    def candidates() -> Iterator[str]:
        yield tree.get("lang") or ""
        yield tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
        yield from tree.xpath(
            "//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']"
            "/@content"
        )
        yield from tree.xpath("//meta[@property='og:locale']/@content")

    for value in candidates():
        value = value.strip()
        if value and _LANG_TAG.match(value):
            try:
                normalise_language(value)
            except (OptionError, InputTypeError):
                continue
            return value
    return None


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(text))


# --- Extraction ------------------------------------------------------------------------------


def _paragraphs(body: Any) -> list[tuple[str, str]]:
    """``(kind, text)`` for each paragraph of trafilatura's output, in order."""
    out: list[tuple[str, str]] = []
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "list":
            items = [_node_text(item) for item in child.findall("item")]
            out.extend(("p", t) for t in items if t)
        elif tag == "quote" and len(child) and all(c.tag == "p" for c in child):
            out.extend(("p", t) for t in (_node_text(c) for c in child) if t)
        elif tag in ("graphic", "table", ""):
            continue
        else:
            text = _node_text(child)
            if text:
                out.append(("head" if tag == "head" else "p", text))
    return out


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def parse_html(text: str) -> dict[str, Any]:
    """Turn the text of an HTML page into a reader record (see :mod:`analysis.corpus`).

    Parameters
    ----------
    text : str
        The decoded page (see :func:`decode_html`).

    Returns
    -------
    dict
        ``metadata`` (``title, outlet, date, language, url, author, description``,
        raw strings or None), ``page`` (empty: HTML pages carry their metadata in
        markup), ``segments`` (see the module docstring).

    Raises
    ------
    InputTypeError
        If ``text`` is not a str.
    CorpusError
        With :data:`NO_ARTICLE_REASON` when trafilatura finds no main text or none
        of its paragraphs is a sentence, or when the text cannot be parsed as HTML.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str; received {type(text).__name__}.")
    try:
        return _parse(text)
    except _NoArticle as exc:
        err = CorpusError(f"{exc.reason}.")
        err.reason = exc.reason  # type: ignore[attr-defined]
        raise err from None


def _parse(text: str) -> dict[str, Any]:
    import trafilatura

    try:
        tree = trafilatura.load_html(text)
    except (ValueError, TypeError):  # pragma: no cover - lxml refuses very little
        tree = None
    if tree is None or not isinstance(tree.tag, str):
        raise _NoArticle(
            "the file could not be parsed as HTML (no markup found: is it plain text? "
            "save it as .txt)"
        )
    # bare_extraction copies a tree it is given, so ``tree`` stays intact for lxml below.
    doc = trafilatura.bare_extraction(tree, **TRAFILATURA_OPTIONS)
    if doc is None or doc.body is None:
        raise _NoArticle(NO_ARTICLE_REASON)
    paragraphs = _paragraphs(doc.body)

    title = _clean(doc.title) if doc.title else None
    page = _PageText(tree)
    # Each paragraph is looked for on the page, in order. When found whole, its text is
    # taken from the page: same words as trafilatura's, but the page's own spacing, so
    # no-break spaces survive (trafilatura keeps or drops them depending on the path
    # its extraction took).
    located: list[int | None] = []
    cursor = 0
    for n, (kind, para) in enumerate(paragraphs):
        found = page.locate(para, cursor)
        if found is None:
            located.append(None)
            continue
        begin, end = found
        located.append(begin)
        cursor = begin + 1
        if end is not None:
            paragraphs[n] = (kind, _clean(page.text[begin:end]))
            cursor = end

    # Captions: inside the <article> that holds most of the extracted text, if any.
    offsets = [o for o in located if o is not None]
    span = None
    if page.articles and offsets:
        counts = [sum(s <= o < e for o in offsets) for s, e in page.articles]
        best = max(range(len(counts)), key=counts.__getitem__)
        if counts[best]:
            span = page.articles[best]
    captions: list[tuple[int, str, int | None]] = []
    for offset, end, el in page.figcaptions:
        if span is not None and not span[0] <= offset < span[1]:
            continue
        if not _caption_allowed(el):
            continue
        cap = _clean(page.text[offset:end])
        if cap:
            captions.append((offset, cap, el.sourceline))

    segments: list[dict[str, Any]] = []
    if title:
        segments.append({"role": "title", "rule": HTML_TITLE_RULE, "text": title})
    caption_texts = [c[1] for c in captions]
    pending = list(captions)
    previous = -1
    for i, ((kind, para), offset) in enumerate(zip(paragraphs, located, strict=True)):
        if any(_same(para, c) for c in caption_texts):
            continue  # trafilatura kept a caption as a paragraph: it is placed as a caption
        anchor = offset if offset is not None else previous
        while pending and pending[0][0] < anchor:
            _, cap, line = pending.pop(0)
            segments.append({"role": "caption", "rule": HTML_CAPTION_RULE, "text": cap,
                             "line": line})  # fmt: skip
        previous = anchor
        seg: dict[str, Any]
        if kind == "head":
            if title and _same(para, title):
                if offset is not None and segments and segments[0]["role"] == "title":
                    segments[0].setdefault("line", page.line_at(offset))
                continue
            if not title and not any(s["role"] in ("title", "body") for s in segments):
                seg = {"role": "title", "rule": HTML_HEADING_TITLE_RULE, "text": para}
                title = para
            else:
                seg = {"role": "body", "rule": HTML_HEADING_RULE, "text": para}
        elif len(para) <= _PAYWALL_MAX_CHARS and _PAYWALL.search(para):
            seg = {"role": "furniture", "rule": HTML_PAYWALL_RULE, "text": para}
        else:
            rule = classify_line(para, LineContext(index=i + 1, before_title=False))
            if rule is not None and rule.role in ("related", "furniture"):
                seg = {"role": rule.role, "rule": rule.name, "text": para}
            else:
                seg = {"role": "body", "rule": HTML_BODY_RULE, "text": para}
        if offset is not None:
            seg["line"] = page.line_at(offset)
        segments.append(seg)
    for _, cap, line in pending:
        segments.append({"role": "caption", "rule": HTML_CAPTION_RULE, "text": cap, "line": line})
    for s in segments:
        if s.get("line") is None:
            s.pop("line", None)

    body = [s["text"] for s in segments if s["role"] == "body"]
    if not any(_is_sentence(t) for t in body):
        raise _NoArticle(NO_ARTICLE_REASON)
    if (
        sum(len(t.split()) for t in body) < LOGIN_WALL_MAX_WORDS
        and tree.xpath("//input[translate(@type,'PASWORD','pasword')='password']")
    ):
        raise _NoArticle(NO_ARTICLE_REASON)

    metadata = {
        "title": title,
        "outlet": _clean(doc.sitename) if doc.sitename else None,
        "date": doc.date or None,
        "language": _language(tree),
        "url": doc.url or None,
        "author": _clean(doc.author) if doc.author else None,
        "description": _clean(doc.description) if doc.description else None,
    }
    return {"metadata": metadata, "page": {}, "segments": segments}


def read_html(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Reader for ``.html`` / ``.htm`` pages saved from a browser: one record per file.

    See the module docstring for the steps. Register it with
    ``READERS[".html"] = READERS[".htm"] = read_html`` in :mod:`analysis.corpus`.

    Parameters
    ----------
    path : str or path-like
        The file.

    Yields
    ------
    dict
        One record: ``metadata``, ``page``, ``segments``, ``encoding`` (the codec
        used, see :class:`DecodedHTML`).

    Raises
    ------
    CorpusError
        ``"cannot load <path>: <reason>."`` with ``.path`` and ``.reason``: the file
        cannot be read, is empty, binary, undecodable or whitespace only, or holds no
        article text (:data:`NO_ARTICLE_REASON`).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    decoded = decode_html(data, path=path)
    try:
        record = _parse(decoded.text)
    except _NoArticle as exc:
        raise _fail(path, exc.reason) from None
    record["encoding"] = decoded.encoding
    yield record
