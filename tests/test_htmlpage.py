"""Tests of analysis.htmlpage: saved web pages read through trafilatura.

Every page under tests/fixtures/inputs/html_*.html and every page built below is a
TEST FIXTURE written for these tests (invented articles on invented outlets at
example.org). Expected paragraphs, captions and source lines come from an
independent oracle: the standard library's ``html.parser`` run over the fixture,
never from the module's own output. Real press is only read in place from
../shared/corpora (skipped where absent).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import shutil
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis.corpus as corpus_module
from analysis.config import SHARED_CORPORA
from analysis.errors import CorpusError, InputTypeError
from analysis.htmlpage import (
    HTML_BODY_RULE,
    HTML_CAPTION_RULE,
    HTML_TITLE_RULE,
    NO_ARTICLE_REASON,
    decode_html,
    parse_html,
    read_html,
)
from analysis.patterns import ROLES

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
ARTICLE = FIXTURES / "html_article.html"
SCRIPTS = FIXTURES / "html_scripts.html"
NO_ARTICLE = FIXTURES / "html_no_article.html"
CP1252 = FIXTURES / "html_cp1252.html"
NO_CHARSET = FIXTURES / "html_no_charset.html"
ALL_FIXTURES = (ARTICLE, SCRIPTS, NO_ARTICLE, CP1252, NO_CHARSET)

# What the fixtures put around their article; none of it may reach the body.
MARKERS = (
    "SCRIPT_MARKER", "STYLE_MARKER", "NAV_MARKER", "FOOTER_MARKER", "COOKIE_MARKER",
    "HEADER_MARKER", "NEWSLETTER_MARKER", "RELATED_MARKER", "NOSCRIPT_MARKER",
    "TEMPLATE_MARKER", "IFRAME_MARKER", "ASIDE_CAPTION_MARKER",
)  # fmt: skip


# --- The oracle -------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    # ASCII whitespace only: no-break spaces of French typography are text.
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


class _ArticleOracle(HTMLParser):
    """What a reader should find inside ``<article>``, by the standard library's parser.

    ``events`` lists ``(kind, text, line, css_class)`` in page order, ``kind`` in
    ``h1, p, caption``: the ``<h1>``, every ``<p>`` (blockquoted ones too) and every
    ``<figcaption>`` inside ``<article>``, script/style/template content left out,
    ``<br>`` read as a space.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = 0
        self.skip = 0
        self.open: tuple[str, int, str | None] | None = None
        self.buf: list[str] = []
        self.events: list[tuple[str, str, int, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        elif tag == "article":
            self.article += 1
        elif self.article and tag in ("h1", "p", "figcaption") and self.open is None:
            kind = "caption" if tag == "figcaption" else tag
            self.open = (kind, self.getpos()[0], dict(attrs).get("class"))
            self.buf = []
        elif tag == "br" and self.open is not None:
            self.buf.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip -= 1
        elif tag == "article":
            self.article -= 1
        elif self.open is not None and tag == {"caption": "figcaption"}.get(
            self.open[0], self.open[0]
        ):
            kind, line, css = self.open
            self.events.append((kind, _collapse("".join(self.buf)), line, css))
            self.open = None

    def handle_data(self, data):
        if self.open is not None and not self.skip:
            self.buf.append(data)


def oracle(path: Path, encoding: str = "utf-8") -> list[tuple[str, str, int, str | None]]:
    parser = _ArticleOracle()
    parser.feed(path.read_bytes().decode(encoding))
    parser.close()
    return parser.events


def expected_segments(path: Path, encoding: str = "utf-8") -> list[tuple[str, str]]:
    """(role, text) expected in page order: the h1 as title, captions, paragraphs; a
    ``Lire aussi`` paragraph is a related link; the byline is furniture trafilatura drops."""
    out = []
    for kind, text, _line, css in oracle(path, encoding):
        if kind == "h1":
            out.insert(0, ("title", text))
        elif kind == "caption":
            out.append(("caption", text))
        elif css == "byline":
            continue
        elif text.startswith("Lire aussi"):
            out.append(("related", text))
        else:
            out.append(("body", text))
    return out


def one_record(path: Path) -> dict:
    records = list(read_html(path))
    assert len(records) == 1
    return records[0]


def check_protocol(record: dict) -> None:
    """The reader protocol of analysis.corpus, key by key."""
    assert set(record) == {"metadata", "page", "segments", "encoding"}
    assert isinstance(record["metadata"], dict)
    for key in ("id", "title", "outlet", "date", "language", "url"):
        value = record["metadata"].get(key)
        assert value is None or isinstance(value, str), (key, value)
    assert isinstance(record["page"], dict)
    assert set(record["page"]) <= {"outlet", "dateline"}
    assert isinstance(record["encoding"], str) and record["encoding"]
    assert isinstance(record["segments"], list) and record["segments"]
    for s in record["segments"]:
        assert set(s) <= {"role", "rule", "text", "line"}
        assert s["role"] in ROLES
        assert isinstance(s["rule"], str) and s["rule"]
        assert isinstance(s["text"], str) and s["text"] == s["text"].strip() and s["text"]
        assert "\n" not in s["text"]
        if "line" in s:
            assert isinstance(s["line"], int) and s["line"] >= 1


# --- Fixtures are what they claim -------------------------------------------------------------


def test_fixtures_are_small_and_carry_their_markers():
    for path in ALL_FIXTURES:
        assert path.stat().st_size < 20_000
        assert "TEST FIXTURE" in path.read_bytes().decode("cp1252")
    article = ARTICLE.read_text(encoding="utf-8")
    for marker in ("SCRIPT_MARKER", "NAV_MARKER", "FOOTER_MARKER", "COOKIE_MARKER",
                   "RELATED_MARKER", "STYLE_MARKER", "<figcaption>"):  # fmt: skip
        assert marker in article
    scripts = SCRIPTS.read_text(encoding="utf-8")
    assert scripts.count("<script") >= 5
    for marker in MARKERS:
        assert marker in scripts or marker in article, marker
    assert len([e for e in oracle(ARTICLE) if e[0] == "p" and e[3] is None]) == 6


# --- Records ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ARTICLE, SCRIPTS, CP1252, NO_CHARSET], ids=lambda p: p.name)
def test_records_follow_the_reader_protocol(path):
    check_protocol(one_record(path))


def test_article_segments_are_the_article_in_page_order():
    record = one_record(ARTICLE)
    got = [(s["role"], s["text"]) for s in record["segments"]]
    assert got == expected_segments(ARTICLE)
    rules = {s["role"]: s["rule"] for s in record["segments"]}
    assert rules == {"title": HTML_TITLE_RULE, "body": HTML_BODY_RULE,
                     "caption": HTML_CAPTION_RULE}  # fmt: skip
    # the caption sits between the first and second paragraphs, as on the page
    assert [s["role"] for s in record["segments"]][:4] == ["title", "body", "caption", "body"]


def test_article_lines_are_the_source_lines():
    record = one_record(ARTICLE)
    want = {text: line for _kind, text, line, _css in oracle(ARTICLE)}
    for s in record["segments"]:
        assert s["line"] == want[s["text"]], s


def test_article_metadata_is_what_the_page_declares():
    meta = one_record(ARTICLE)["metadata"]
    # the values written in the fixture's <head>
    assert meta["title"] == "Le marché couvert de Valbourg rouvre après deux ans de travaux"
    assert meta["outlet"] == "Le Courrier de Valbourg"
    assert meta["date"] == "2024-03-14"
    assert meta["language"] == "fr"
    assert meta["url"] == "https://www.example.org/valbourg/2024/03/14/marche-couvert-reouverture"
    assert meta["author"] == "Camille Fixture"
    assert meta["description"].startswith("Fixture : la réouverture")
    assert "filedate" not in meta


@pytest.mark.parametrize("path", [ARTICLE, SCRIPTS, CP1252], ids=lambda p: p.name)
def test_no_script_nav_footer_banner_or_related_text_reaches_the_body(path):
    record = one_record(path)
    body = "\n".join(s["text"] for s in record["segments"] if s["role"] == "body")
    for marker in MARKERS:
        assert marker not in body, marker
    everything = json.dumps(record, ensure_ascii=False)
    for marker in MARKERS:
        if marker != "RELATED_MARKER":  # an inline "Lire aussi" is kept, as a related link
            assert marker not in everything, marker
    for word in ("dataLayer", "document.write", "function", "cookies", "Mentions légales"):
        assert word not in body


def test_script_heavy_page_keeps_every_paragraph_in_order():
    record = one_record(SCRIPTS)
    got = [(s["role"], s["text"]) for s in record["segments"]]
    assert got == expected_segments(SCRIPTS)
    related = [s for s in record["segments"] if s["role"] == "related"]
    assert len(related) == 1 and related[0]["rule"] == "lire_aussi"
    body = [s["text"] for s in record["segments"] if s["role"] == "body"]
    # <br> is a space, no-break spaces of « … » are kept
    assert any("jardin derrière" in t for t in body)
    assert any("«\u00a0bien plus de lecteurs que prévu\u00a0»" in t for t in body)
    assert record["metadata"]["language"] == "fr-FR"
    assert record["metadata"]["outlet"] == "La Gazette Fixture"
    assert record["metadata"]["date"] == "2023-07-03"


def test_captions_outside_the_article_are_not_captions():
    captions = [s for s in one_record(SCRIPTS)["segments"] if s["role"] == "caption"]
    assert captions == []


def test_no_article_page_is_refused_naming_file_and_reason():
    with pytest.raises(CorpusError) as info:
        list(read_html(NO_ARTICLE))
    assert str(info.value) == f"cannot load {NO_ARTICLE}: {NO_ARTICLE_REASON}."
    assert info.value.reason == NO_ARTICLE_REASON
    assert info.value.path == NO_ARTICLE


def _page(body: str, head: str = "<title>Fixture</title>") -> str:
    return f'<!DOCTYPE html><html lang="fr"><head>{head}</head><body>{body}</body></html>'


@pytest.mark.parametrize(
    "body",
    [
        # script-only page (the article would be rendered by JavaScript)
        "<script>document.write('<p>Une phrase de fixture assez longue pour compter ici.</p>')"
        "</script><div id='root'></div><noscript>Activez JavaScript.</noscript>",
        # login wall
        "<nav>Accueil</nav><div class='paywall'><h1>Un article réservé</h1><p>Cet article est "
        "réservé aux abonnés. Connectez-vous pour lire la suite de cet article.</p><form>"
        "<input name='email'><input type='password'><button>Se connecter</button></form>"
        "<p>Pas encore abonné ? Abonnez-vous dès 1 € le premier mois.</p></div>",
        # headlines without a sentence
        "<article><h1>Un titre de fixture</h1><p>Trois mots seulement</p></article>",
    ],
    ids=["script-only", "login-wall", "no-sentence"],
)
def test_pages_without_an_article_are_refused(tmp_path, body):
    path = tmp_path / "page.html"
    path.write_text(_page(body), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        list(read_html(path))
    assert info.value.reason == NO_ARTICLE_REASON
    assert str(path) in str(info.value)


def test_a_paywall_notice_after_a_teaser_is_furniture(tmp_path):
    teaser = ("Le conseil municipal de Valbourg a voté mardi soir un budget en hausse de trois "
              "pour cent, porté par les investissements dans les écoles.")  # fmt: skip
    path = tmp_path / "teaser.html"
    path.write_text(
        _page(f"<article><h1>Budget de fixture</h1><p>{teaser}</p><p>La suite de cet article "
              "est réservée aux abonnés.</p></article>"),
        encoding="utf-8",
    )  # fmt: skip
    segments = one_record(path)["segments"]
    assert [(s["role"], s["text"]) for s in segments if s["role"] != "title"] == [
        ("body", teaser),
        ("furniture", "La suite de cet article est réservée aux abonnés."),
    ]


def test_same_file_same_record(tmp_path):
    first = one_record(ARTICLE)
    second = one_record(ARTICLE)
    assert first == second
    copy = tmp_path / "elsewhere.htm"
    shutil.copyfile(ARTICLE, copy)
    assert one_record(copy) == first
    today = dt.date.today().isoformat()
    assert today not in json.dumps(first)


# --- Encodings --------------------------------------------------------------------------------


def test_declared_windows_1252_page():
    record = one_record(CP1252)
    assert record["encoding"] == "cp1252"
    got = [(s["role"], s["text"]) for s in record["segments"]]
    assert got == expected_segments(CP1252, encoding="cp1252")
    body = " ".join(s["text"] for s in record["segments"] if s["role"] == "body")
    # characters where cp1252 and Latin-1 differ (0x80 €, 0x92 ’, 0x9C œ)
    for ch in ("€", "’", "œ", "é", "à"):
        assert ch in body
    assert "\x80" not in body and "\x92" not in body


def test_undeclared_utf8_page():
    record = one_record(NO_CHARSET)
    assert record["encoding"] == "utf-8"
    assert [(s["role"], s["text"]) for s in record["segments"]] == expected_segments(NO_CHARSET)
    assert "Saint-Émile-des-Prés" in " ".join(s["text"] for s in record["segments"])
    meta = record["metadata"]
    assert meta["language"] is None and meta["date"] is None and meta["outlet"] is None


FRENCH = ("Le cœur de la fête était là, près de l’église où les élèves préféraient s’asseoir "
          "à l’ombre, pour 2 € à peine.")  # fmt: skip


@pytest.mark.parametrize(
    ("data", "text", "encoding", "source"),
    [
        (b"\xef\xbb\xbf<p>\xc3\xa9t\xc3\xa9</p>", "<p>été</p>", "utf-8-sig", "bom"),
        ("\ufeff<p>été</p>".encode("utf-16-le"), "<p>été</p>", "utf-16-le", "bom"),
        ("\ufeff<p>été</p>".encode("utf-16-be"), "<p>été</p>", "utf-16-be", "bom"),
        # a BOM wins over a declaration
        (b"\xef\xbb\xbf<meta charset='windows-1252'><p>\xc3\xa9</p>",
         "<meta charset='windows-1252'><p>é</p>", "utf-8-sig", "bom"),
        # WHATWG: iso-8859-1 means windows-1252, so 0x80 is the euro sign
        (b'<meta charset="ISO-8859-1"><p>2 \x80</p>', '<meta charset="ISO-8859-1"><p>2 €</p>',
         "cp1252", "declared"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><p>\xc3\xa9</p>',
         '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><p>é</p>',
         "utf-8", "declared"),
        (b'<?xml version="1.0" encoding="windows-1252"?><p>\xe9</p>',
         '<?xml version="1.0" encoding="windows-1252"?><p>é</p>', "cp1252", "declared"),
        (b"<p>\xc3\xa9</p>", "<p>é</p>", "utf-8", "utf-8"),
        # a label Python does not know: fall back to UTF-8
        (b'<meta charset="x-fixture"><p>\xc3\xa9</p>', '<meta charset="x-fixture"><p>é</p>',
         "utf-8", "detected"),
        # decomposed é (e + combining acute) becomes NFC
        (b"<p>e\xcc\x81</p>", "<p>é</p>", "utf-8", "utf-8"),
    ],  # fmt: skip
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "bom-wins", "latin1-is-cp1252",
         "http-equiv", "xml-declaration", "undeclared-utf8", "unknown-label", "nfc"],  # fmt: skip
)
def test_decode_html(data, text, encoding, source):
    decoded = decode_html(data)
    assert (decoded.text, decoded.encoding, decoded.source) == (text, encoding, source)


@pytest.mark.parametrize("declaration", ["", '<meta charset="utf-8">'], ids=["none", "wrong"])
def test_cp1252_bytes_without_a_true_declaration_are_detected(declaration):
    data = f"<html><head>{declaration}</head><body><p>{FRENCH}</p></body></html>".encode("cp1252")
    decoded = decode_html(data)
    assert decoded.source == "detected"
    assert FRENCH in decoded.text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("<p>Été à Noël</p>", "cp1252"),  # too short for charset-normalizer alone
        ("<p>Zażółć gęślą jaźń, powiedział wczoraj.</p>", "cp1250"),
        ("<p>Привет, как дела? Новости дня.</p>", "cp1251"),
        ("<p>مرحبا بكم في موقعنا الإخباري، آخر الأخبار اليوم</p>", "cp1256"),
    ],
    ids=["french-short", "polish", "russian", "arabic"],
)
def test_undeclared_8bit_pages_are_decoded_right(text, codec):
    # fixture sentences encoded by Python: the oracle is the codec that wrote them
    decoded = decode_html(text.encode(codec))
    assert (decoded.text, decoded.source) == (text, "detected")
    assert codecs.lookup(decoded.encoding).name == codecs.lookup(codec).name


def test_decode_html_wants_bytes():
    with pytest.raises(InputTypeError, match="data must be bytes; received str"):
        decode_html("<p>texte</p>")
    with pytest.raises(InputTypeError, match="text must be a str; received bytes"):
        parse_html(b"<p>texte</p>")


# --- Friendly errors, one per reason ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b" \n\t\r\n  ", "the file contains only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "this is a binary file (a PNG image), not HTML"),
        (b"%PDF-1.7\n", "this is a binary file (a PDF document), not HTML"),
        (b"<html>\x00<p>x</p>\x00</html>", "the file contains 2 NUL bytes"),
        (b"<p>" + bytes(range(1, 8)) * 10 + b"</p>", "this looks like a binary file"),
        (b"\xff\xfe<\x00p\x00>\x00\x00\xd8", "the file starts with a UTF-16-LE byte-order mark"),
        (b"juste du texte de fixture sans balise, avec une phrase.",
         "the file could not be parsed as HTML"),
    ],  # fmt: skip
    ids=["empty", "whitespace", "png", "pdf", "nul", "control", "utf16-bad", "plain-text"],
)
def test_bad_files_raise_corpus_error_naming_file_and_reason(tmp_path, content, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as info:
        list(read_html(path))
    err = info.value
    assert err.path == path
    assert err.reason.startswith(reason)
    assert str(err) == f"cannot load {path}: {err.reason}."


def test_unreadable_path_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match=r"cannot load .*: the file cannot be read"):
        list(read_html(tmp_path))  # a folder


def test_odd_language_attribute_is_dropped_not_fatal(tmp_path):
    para = "Ceci est une phrase de fixture assez longue pour former un article minimal."
    path = tmp_path / "lang.html"
    path.write_text(
        _page(f"<article><h1>Titre de fixture</h1><p>{para}</p></article>").replace(
            'lang="fr"', 'lang="12345"'
        ),
        encoding="utf-8",
    )
    assert one_record(path)["metadata"]["language"] is None


# --- Property: whatever the paragraphs, noise never leaks and every paragraph survives --------

_WORDS = ("la", "ville", "de", "Valbourg", "a", "voté", "un", "budget", "pour", "les", "écoles",
          "et", "le", "marché", "couvert", "conseil", "municipal", "habitants", "travaux",
          "été", "nouvelle", "bibliothèque", "ouverte", "jusqu’à", "heures", "samedi")  # fmt: skip
_sentence = st.lists(st.sampled_from(_WORDS), min_size=12, max_size=30).map(
    lambda ws: " ".join(ws).capitalize() + "."
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(_sentence, min_size=3, max_size=7, unique=True))
def test_property_paragraphs_kept_noise_dropped(paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = _page(
        "<div class='cookie-banner'><p>COOKIE_MARKER Nous utilisons des cookies.</p></div>"
        "<nav><a href='/'>NAV_MARKER Accueil</a> <a href='/a'>Politique</a></nav>"
        f"<article><h1>Un titre de fixture</h1><script>var s='SCRIPT_MARKER';</script>{body}"
        "</article><aside><ul><li><a href='/x'>RELATED_MARKER Un autre article</a></li></ul>"
        "</aside><footer>FOOTER_MARKER Mentions légales</footer>",
        head="<title>Un titre de fixture</title><script>var t='SCRIPT_MARKER';</script>",
    )
    record = parse_html(html)
    got = [s["text"] for s in record["segments"] if s["role"] == "body"]
    assert got == paragraphs
    assert not any(m in json.dumps(record) for m in MARKERS)


# --- Through the loader -----------------------------------------------------------------------


@pytest.fixture
def html_loader(monkeypatch):
    monkeypatch.setitem(corpus_module.READERS, ".html", read_html)
    monkeypatch.setitem(corpus_module.READERS, ".htm", read_html)
    return corpus_module.load_corpus


def test_load_corpus_reads_a_folder_of_pages(tmp_path, html_loader):
    for path in ALL_FIXTURES:
        shutil.copyfile(path, tmp_path / path.name)
    with pytest.warns(UserWarning, match="1 record could not be loaded"):
        corpus = html_loader(tmp_path)
    assert sorted(corpus.articles["id"]) == [
        "html_article", "html_cp1252", "html_no_charset", "html_scripts",
    ]  # fmt: skip
    report = corpus.report.set_index("source_path")
    bad = report.loc[(tmp_path / NO_ARTICLE.name).as_posix()]
    assert bad["status"] == "error" and bad["reason"] == NO_ARTICLE_REASON
    assert report.loc[(tmp_path / CP1252.name).as_posix(), "encoding"] == "cp1252"

    art = corpus.articles.set_index("id").loc["html_article"]
    paragraphs = [t for role, t in expected_segments(ARTICLE) if role == "body"]
    assert art["text"] == "\n\n".join(paragraphs)
    assert art["title"] == "Le marché couvert de Valbourg rouvre après deux ans de travaux"
    assert art["date"] == pd.Timestamp("2024-03-14")
    assert art["date_source"] == "metadata"
    assert (art["language"], art["language_source"]) == ("fr", "metadata")
    assert art["outlet_source"] == "metadata"
    assert art["author"] == "Camille Fixture"

    undeclared = corpus.articles.set_index("id").loc["html_no_charset"]
    assert (undeclared["language"], undeclared["language_source"]) == ("fr", "detected")
    assert undeclared["outlet_source"] == "none"

    seg = corpus.segments[corpus.segments["id"] == "html_article"]
    assert seg["role"].tolist() == [r for r, _ in expected_segments(ARTICLE)]
    assert seg.loc[seg["role"] == "caption", "on_story"].tolist() == [True]
    for marker in MARKERS:
        assert not corpus.articles["text"].str.contains(marker).any(), marker


def test_load_corpus_names_the_file_of_a_page_without_article(html_loader):
    with pytest.raises(CorpusError, match=re.escape(f"cannot load {NO_ARTICLE}: no article text")):
        html_loader(NO_ARTICLE)


# --- Real press, read in place ----------------------------------------------------------------

REAL = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


@pytest.mark.corpus
@pytest.mark.skipif(not REAL.exists(), reason=f"real-press corpus not found at {REAL}")
def test_real_articles_wrapped_in_page_noise(tmp_path):
    """Real article texts (never stored) wrapped in a fixture page: no noise leaks into the
    body, body paragraphs come from the article in its order, and most of it is kept."""
    with REAL.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    sample = [r for r in rows[::250] if len(r["text"]) > 500][:15]
    assert len(sample) >= 10
    kept_shares = []
    for r in sample:
        paragraphs = [_collapse(p) for p in r["text"].split("\n") if p.strip()]
        escaped = [p.replace("&", "&amp;").replace("<", "&lt;") for p in paragraphs]
        title = (r["title"] or "Sans titre (fixture)").replace("&", "&amp;").replace("<", "&lt;")
        html = _page(
            "<div id='cookie'><p>COOKIE_MARKER Nous utilisons des cookies.</p></div>"
            "<nav><a href='/'>NAV_MARKER Accueil</a></nav>"
            f"<article><h1>{title}</h1><script>var s='SCRIPT_MARKER';</script>"
            + "".join(f"<p>{p}</p>" for p in escaped)
            + "</article><footer>FOOTER_MARKER Mentions légales</footer>",
            head=f"<title>{title}</title><script>var t='SCRIPT_MARKER';</script>",
        )
        path = tmp_path / f"{r['id']}.html"
        path.write_text(html, encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            record = one_record(path)
        check_protocol(record)
        body = [s["text"] for s in record["segments"] if s["role"] == "body"]
        assert not any(m in t for t in body for m in MARKERS)
        # each body segment is one of the article's paragraphs, in the article's order
        positions = [paragraphs.index(t) for t in body]
        assert positions == sorted(positions)
        kept_shares.append(sum(map(len, body)) / sum(map(len, paragraphs)))
    assert sum(kept_shares) / len(kept_shares) > 0.95


def test_lead_figure_counts_and_teaser_captions_do_not():
    # fixture page: a main <article> with a lead figure in its header and a figure between
    # paragraphs, then teaser <article> cards with their own captions, and a site header
    paragraphs = [
        "Le conseil municipal de Valbourg a voté mardi soir un budget en hausse de trois pour "
        "cent, porté par les écoles.",
        "Les travaux de la nouvelle cantine commenceront en septembre et dureront un peu plus "
        "d’une année entière.",
        "L’opposition a voté contre, estimant que la hausse des impôts locaux pèsera sur les "
        "ménages les plus modestes.",
    ]
    lead = "Le conseil municipal réuni mardi soir à Valbourg (fixture)."
    html = _page(
        "<header><figure><figcaption>SITE_HEADER_CAPTION logo</figcaption></figure></header>"
        f"<article class='main'><header><figure><img src='a.jpg'><figcaption>{lead}"
        "</figcaption></figure><h1>Budget de fixture</h1></header>"
        f"<p>{paragraphs[0]}</p><p>{paragraphs[1]}</p><figure><img src='b.jpg'><figcaption>"
        "La future cantine <script>x='SCRIPT_MARKER'</script>en images (fixture).</figcaption>"
        f"</figure><p>{paragraphs[2]}</p></article><section>"
        "<article class='teaser'><figure><figcaption>TEASER_CAPTION La piscine.</figcaption>"
        "</figure><h2>La piscine rouvre</h2></article>"
        "<article class='teaser'><figure><figcaption>TEASER_CAPTION Le jazz.</figcaption>"
        "</figure><h2>Le jazz</h2></article></section>",
        head="<title>Budget de fixture</title>",
    )
    got = [(s["role"], s["text"]) for s in parse_html(html)["segments"]]
    assert got == [
        ("title", "Budget de fixture"),
        ("caption", lead),
        ("body", paragraphs[0]),
        ("body", paragraphs[1]),
        ("caption", "La future cantine en images (fixture)."),
        ("body", paragraphs[2]),
    ]


def test_intertitles_and_list_items_are_body_paragraphs():
    # fixture page without <title>: the h1 is the title; h2, list items (a nested list
    # stays inside its item) are body paragraphs in page order
    sentence = ("Le conseil municipal de Valbourg a voté mardi soir un budget en hausse de "
                "trois pour cent, porté par les écoles.")  # fmt: skip
    html = (
        f"<html><body><article><h1>Titre de fixture</h1><p>{sentence}</p><h2>Un intertitre</h2>"
        f"<p>{sentence} Encore.</p><ul><li>Un point <ul><li>imbriqué</li></ul></li>"
        "<li>Deux points de liste ici.</li></ul></article></body></html>"
    )
    record = parse_html(html)
    assert [(s["role"], s["rule"], s["text"]) for s in record["segments"]] == [
        ("title", HTML_TITLE_RULE, "Titre de fixture"),
        ("body", HTML_BODY_RULE, sentence),
        ("body", "html_trafilatura_heading", "Un intertitre"),
        ("body", HTML_BODY_RULE, f"{sentence} Encore."),
        ("body", HTML_BODY_RULE, "Un point imbriqué"),
        ("body", HTML_BODY_RULE, "Deux points de liste ici."),
    ]
    assert record["metadata"]["title"] == "Titre de fixture"


@pytest.mark.parametrize(
    ("head", "html_attr", "want"),
    [
        ('<meta http-equiv="Content-Language" content="fr-BE">', "", "fr-BE"),
        ('<meta property="og:locale" content="fr_CA">', "", "fr_CA"),
        ('<meta property="og:locale" content="fr_CA">', ' lang="en"', "en"),
        ("", "", None),
    ],
    ids=["content-language", "og-locale", "html-lang-first", "none"],
)
def test_language_fallbacks(head, html_attr, want):
    sentence = "Ceci est une phrase de fixture assez longue pour former un article minimal."
    html = (
        f"<html{html_attr}><head><title>Titre de fixture</title>{head}</head><body>"
        f"<article><h1>Titre de fixture</h1><p>{sentence}</p></article></body></html>"
    )
    assert parse_html(html)["metadata"]["language"] == want
