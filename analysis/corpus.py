"""Load articles into a :class:`Corpus`: three tidy tables and a load report.

``load_corpus(path)`` reads a file, a folder or a list of them and returns a
:class:`Corpus` with

``articles``
    one row per loaded article: ``id, outlet, date, date_source, language,
    title, text, url, source_path`` then ``outlet_source, language_source,
    date_evidence`` (where each came from) and any extra metadata;
``segments``
    one row per non-blank line of each page: ``id, position, role, rule, text,
    on_story, line`` — nothing on a page is thrown away;
``report``
    one row per input record: ``source_path, record, id, status, reason,
    duplicate_of, encoding`` with ``status`` in ``loaded / duplicate / skipped /
    error``.

Readers
-------
Files are read by the reader registered for their suffix in :data:`READERS`. A
reader is ``reader(path) -> Iterable[dict]``: it raises :class:`CorpusError` when
the whole file is unusable, else yields one *record* per article with keys

``metadata`` (dict)
    what the source declares: ``id, title, outlet, date, language, url`` and any
    other field (kept as an extra column);
``page`` (dict, optional)
    what the page text itself says: ``outlet`` (a ``SOURCE:`` line),
    ``dateline`` (a "Publié le …" line);
``segments`` (list of dict)
    ``role, rule, text`` and optionally ``line``, in page order;
``encoding`` (str)
    how the file was decoded;
``error`` (str, optional)
    set instead of the above when this one record is unusable (it is then
    reported, and the other records of the file still load).

The loader, not the reader, decides language, outlet, which captions belong to
the story, and the date, so every format gets the same rules.

Examples
--------
>>> import pandas as pd
>>> c = Corpus.from_frames(pd.DataFrame({"id": ["a"], "outlet": ["Le Monde"],
...                                      "date": ["2024-02-01"], "text": ["Un texte."]}))
>>> c
<Corpus: 1 article, 1 outlet, 2024-02-01..2024-02-01>
>>> c.texts("body").tolist()
['Un texte.']
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from analysis.dates import DATE_SOURCES, find_dates, parse_date, resolve_date
from analysis.errors import CorpusError, InputTypeError, OptionError, check_choice
from analysis.langid import detect_language, normalise_language
from analysis.outlets import normalise_outlet
from analysis.pagedump import parse_pagedump
from analysis.patterns import BODY_RULE, METADATA_TITLE_RULE, ROLES, caption_on_story

__all__ = [
    "ARTICLE_COLUMNS",
    "SEGMENT_COLUMNS",
    "REPORT_COLUMNS",
    "REPORT_STATUSES",
    "TEXT_FIELDS",
    "READERS",
    "Corpus",
    "DecodedText",
    "load_corpus",
    "segment_summary",
    "read_text",
    "read_pagedump",
]

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "outlet", "date", "date_source", "language", "title", "text", "url", "source_path",
    "outlet_source", "language_source", "date_evidence",
)  # fmt: skip
SEGMENT_COLUMNS: tuple[str, ...] = ("id", "position", "role", "rule", "text", "on_story", "line")
REPORT_COLUMNS: tuple[str, ...] = (
    "source_path", "record", "id", "status", "reason", "duplicate_of", "encoding",
)  # fmt: skip
REPORT_STATUSES: tuple[str, ...] = ("loaded", "duplicate", "skipped", "error")
#: Values of ``field`` in :meth:`Corpus.texts`.
TEXT_FIELDS: tuple[str, ...] = ("body", "title", "captions", "all")

#: File names (stem, lowercased) that are documentation, never articles.
README_NAMES: frozenset[str] = frozenset(
    {"readme", "license", "licence", "copying", "changelog", "changes", "notice", "authors",
     "contributing", "citation", "manifest", "todo"}
)  # fmt: skip

# Show a progress bar by default from this many files on.
_PROGRESS_MIN_FILES = 200


# --- Reading bytes -------------------------------------------------------------------------


class DecodedText(NamedTuple):
    """A file's text after decoding, and the encoding used.

    ``encoding`` is ``utf-8``, ``utf-8-sig`` (a BOM was stripped) or ``cp1252``.
    """

    text: str
    encoding: str


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
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | {0x0B, 0x0E} | set(range(0x0F, 0x20)) | {0x7F})
_CONTROL_MAX_SHARE = 0.02
_SUPPORTED_HINT = "a page dump is the text of a web page saved as UTF-8 (or Windows-1252) .txt"


def _fail(path: Path, reason: str) -> CorpusError:
    err = CorpusError(f"cannot load {path}: {reason}.")
    err.reason = reason  # type: ignore[attr-defined]
    err.path = path  # type: ignore[attr-defined]
    return err


def read_text(path: str | os.PathLike[str]) -> DecodedText:
    """Read a text file as the loaders need it.

    Bytes are checked first (empty, known binary formats, UTF-16 byte-order
    marks, NUL bytes, more than 2 % control bytes), then decoded as UTF-8 (a BOM
    is stripped, encoding ``utf-8-sig``), falling back to Windows-1252
    (``cp1252``, the usual encoding of older French text files). The text is
    normalised to Unicode NFC and ``\\r\\n`` / ``\\r`` line ends become ``\\n``.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    DecodedText
        ``(text, encoding)``.

    Raises
    ------
    CorpusError
        Naming the file and the reason: unreadable, empty, binary, NUL bytes,
        undecodable, or whitespace only.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    if not data:
        raise _fail(path, "the file is empty (0 bytes)")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _fail(path, f"this is a binary file ({kind}), not text; {_SUPPORTED_HINT}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(
            path,
            "the file is UTF-16 encoded (it starts with a UTF-16 byte-order mark); "
            "re-save it as UTF-8",
        )
    nul = data.count(b"\x00")
    if nul:
        raise _fail(
            path,
            f"the file contains {nul} NUL byte{'s' if nul > 1 else ''} "
            f"(binary or UTF-16 data, not UTF-8 text); {_SUPPORTED_HINT}",
        )
    control = sum(1 for b in data if b in _CONTROL_BYTES)
    if control >= 2 and control / len(data) > _CONTROL_MAX_SHARE:
        raise _fail(
            path,
            f"this looks like a binary file ({control} control bytes in {len(data)} bytes); "
            f"{_SUPPORTED_HINT}",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError as cp_error:
            bad = data[cp_error.start]
            raise _fail(
                path,
                f"the file cannot be decoded as UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} "
                f"at offset {utf8_error.start}) nor as cp1252 (byte 0x{bad:02x} at offset "
                f"{cp_error.start}); re-save it as UTF-8",
            ) from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise _fail(path, "the file contains only whitespace")
    return DecodedText(text, encoding)


def read_pagedump(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Reader for ``.txt`` page dumps: one record per file.

    See :func:`analysis.pagedump.parse_pagedump` for the classification.

    Raises
    ------
    CorpusError
        If the file cannot be read as text (see :func:`read_text`).
    """
    decoded = read_text(path)
    record = parse_pagedump(decoded.text)
    record["encoding"] = decoded.encoding
    yield record


#: Suffix (lowercase, with dot) → reader. Later formats register here.
READERS: dict[str, Callable[[Path], Iterable[dict[str, Any]]]] = {
    ".txt": read_pagedump,
}


def _supported() -> str:
    return ", ".join(sorted(READERS))


# --- The Corpus ----------------------------------------------------------------------------


def _body_key(text: str) -> str:
    """What two bodies must share to be exact duplicates: NFC text, one kind of apostrophe,
    whitespace runs (no-break spaces included) collapsed."""
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return " ".join(text.split())


def _to_dates(values: Iterable[Any]) -> pd.Series:
    return pd.Series([parse_date(v) for v in values], dtype="datetime64[ns]")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Corpus:
    """Articles with their page segments and the report of how they were loaded.

    Build one with :func:`load_corpus` (from files) or :meth:`from_frames` (from
    DataFrames).

    Attributes
    ----------
    articles : pandas.DataFrame
        One row per article; columns :data:`ARTICLE_COLUMNS` first (``date`` is
        ``datetime64[ns]``, ``NaT`` when unknown; ``text`` is the body paragraphs
        joined by a blank line), then any extra metadata.
    segments : pandas.DataFrame
        One row per line of each page: :data:`SEGMENT_COLUMNS`. ``role`` is one of
        ``title, body, caption, related, furniture``; ``rule`` names the rule of
        :mod:`analysis.patterns` that decided it; ``on_story`` is True/False for
        captions (does the caption belong to this story?) and ``<NA>`` otherwise.
    report : pandas.DataFrame
        One row per input record: :data:`REPORT_COLUMNS`.

    Parameters
    ----------
    articles, segments, report : pandas.DataFrame
        As for :meth:`from_frames`.
    """

    def __init__(
        self,
        articles: pd.DataFrame,
        segments: pd.DataFrame | None = None,
        report: pd.DataFrame | None = None,
    ) -> None:
        self.articles = _check_articles(articles)
        self.segments = _check_segments(segments, self.articles)
        self.report = _check_report(report, self.articles)

    @classmethod
    def from_frames(
        cls,
        articles: pd.DataFrame,
        segments: pd.DataFrame | None = None,
        report: pd.DataFrame | None = None,
    ) -> Corpus:
        """Build a Corpus from DataFrames (for tests and other readers).

        Parameters
        ----------
        articles : pandas.DataFrame
            Needs a ``text`` column; every other column of :data:`ARTICLE_COLUMNS`
            is optional and filled in: ``id`` (``doc-1``, ``doc-2`` … when absent),
            ``date`` (parsed with :func:`analysis.dates.parse_date`),
            ``date_source`` (``"metadata"`` where a date is given, else ``"none"``),
            ``title`` (``""``), others missing. Languages are not detected here.
        segments : pandas.DataFrame, optional
            ``id, role, text`` at least. When None, each article gets a title
            segment (if it has a title) and one body segment per paragraph of
            ``text`` (split on blank lines).
        report : pandas.DataFrame, optional
            When None, one ``loaded`` row per article.

        Returns
        -------
        Corpus

        Raises
        ------
        InputTypeError
            If a table is not a DataFrame.
        CorpusError
            If ``text`` is missing, ids repeat, segments name unknown ids, or a
            role / status / date source is not one of the allowed values.
        """
        return cls(articles, segments, report)

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        n = len(self.articles)
        parts = [_plural(n, "article")]
        if n:
            parts.append(_plural(int(self.articles["outlet"].nunique(dropna=True)), "outlet"))
            dates = self.articles["date"].dropna()
            if len(dates):
                parts.append(f"{dates.min().date().isoformat()}..{dates.max().date().isoformat()}")
                if len(dates) < n:
                    parts.append(f"{n - len(dates)} undated")
            else:
                parts.append("no dates")
        return f"<Corpus: {', '.join(parts)}>"

    def texts(self, field: str = "body", *, include_off_story: bool = False) -> pd.Series:
        """One text per article, indexed by ``id``.

        Parameters
        ----------
        field : {"body", "title", "captions", "all"}, default "body"
            ``body``: the article's paragraphs (``articles["text"]``); ``title``;
            ``captions``: the caption segments joined by a blank line; ``all``:
            title, captions and body joined by blank lines (empty parts left out).
            Related links and furniture are never included.
        include_off_story : bool, default False
            Also include captions judged not to belong to the story
            (``segments["on_story"] == False``, e.g. a reused archive photo).

        Returns
        -------
        pandas.Series
            Strings (``""`` where an article has none), named ``field``.

        Raises
        ------
        OptionError
            If ``field`` is not one of the allowed values.
        """
        check_choice("field", field, TEXT_FIELDS)
        ids = pd.Index(self.articles["id"], name="id")
        if field == "body":
            values = self.articles["text"].tolist()
        elif field == "title":
            values = self.articles["title"].tolist()
        else:
            caps = self._captions(include_off_story).reindex(ids, fill_value="")
            if field == "captions":
                values = caps.tolist()
            else:
                values = [
                    "\n\n".join(p for p in (t, c, b) if p)
                    for t, c, b in zip(
                        self.articles["title"], caps, self.articles["text"], strict=True
                    )
                ]
        return pd.Series(values, index=ids, name=field, dtype=object)

    def _captions(self, include_off_story: bool) -> pd.Series:
        seg = self.segments[self.segments["role"] == "caption"]
        if not include_off_story:
            seg = seg[seg["on_story"].fillna(True).astype(bool)]
        seg = seg.sort_values(["id", "position"], kind="stable")
        return seg.groupby("id", sort=False)["text"].agg("\n\n".join)


def _check_frame(name: str, frame: Any) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise InputTypeError(f"{name} must be a pandas DataFrame; received {type(frame).__name__}.")
    return frame.copy()


def _check_values(name: str, values: pd.Series, allowed: Sequence[str]) -> None:
    bad = sorted(set(values.dropna()) - set(allowed))
    if bad:
        raise CorpusError(
            f"{name} holds {bad!r}; allowed values are {', '.join(map(repr, allowed))}."
        )


def _check_articles(articles: Any) -> pd.DataFrame:
    frame = _check_frame("articles", articles).reset_index(drop=True)
    if "text" not in frame.columns:
        raise CorpusError(f"articles needs a 'text' column; it has {list(frame.columns)}.")
    n = len(frame)
    if "id" not in frame.columns:
        frame["id"] = [f"doc-{i + 1}" for i in range(n)]
    frame["id"] = frame["id"].astype(str)
    repeated = frame["id"][frame["id"].duplicated()].unique().tolist()
    if repeated:
        raise CorpusError(f"article ids must be unique; repeated: {repeated[:10]!r}.")
    frame["text"] = frame["text"].fillna("").astype(str)
    frame["title"] = frame["title"].fillna("").astype(str) if "title" in frame else ""
    frame["date"] = (
        _to_dates(frame["date"])
        if "date" in frame
        else pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
    )
    if "date_source" not in frame:
        frame["date_source"] = ["none" if pd.isna(d) else "metadata" for d in frame["date"]]
    _check_values("date_source", frame["date_source"], DATE_SOURCES)
    for col in ARTICLE_COLUMNS:
        if col not in frame:
            frame[col] = None
    extra = [c for c in frame.columns if c not in ARTICLE_COLUMNS]
    return frame[list(ARTICLE_COLUMNS) + extra]


def _default_segments(articles: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for art_id, title, text in zip(
        articles["id"], articles["title"], articles["text"], strict=True
    ):
        position = 0
        if title:
            rows.append((art_id, position, "title", METADATA_TITLE_RULE, title))
            position += 1
        for para in re.split(r"\n\s*\n", text):
            if para.strip():
                rows.append((art_id, position, "body", BODY_RULE, para.strip()))
                position += 1
    return pd.DataFrame(rows, columns=["id", "position", "role", "rule", "text"])


def _check_segments(segments: Any, articles: pd.DataFrame) -> pd.DataFrame:
    if segments is None:
        frame = _default_segments(articles)
    else:
        frame = _check_frame("segments", segments).reset_index(drop=True)
        missing = [c for c in ("id", "role", "text") if c not in frame]
        if missing:
            raise CorpusError(f"segments needs columns id, role and text; missing {missing}.")
        frame["id"] = frame["id"].astype(str)
        unknown = sorted(set(frame["id"]) - set(articles["id"]))
        if unknown:
            raise CorpusError(f"segments name ids that are not in articles: {unknown[:10]!r}.")
        _check_values("segments role", frame["role"], ROLES)
        if "position" not in frame:
            frame["position"] = frame.groupby("id", sort=False).cumcount()
        if "rule" not in frame:
            frame["rule"] = "given"
    if "on_story" not in frame:
        frame["on_story"] = pd.NA
    if "line" not in frame:
        frame["line"] = pd.NA
    frame["position"] = frame["position"].astype("int64")
    frame["on_story"] = frame["on_story"].astype("boolean")
    frame["line"] = frame["line"].astype("Int64")
    frame["text"] = frame["text"].fillna("").astype(str)
    extra = [c for c in frame.columns if c not in SEGMENT_COLUMNS]
    return frame[list(SEGMENT_COLUMNS) + extra].reset_index(drop=True)


def _check_report(report: Any, articles: pd.DataFrame) -> pd.DataFrame:
    if report is None:
        frame = pd.DataFrame(
            {
                "source_path": articles["source_path"],
                "record": pd.array([pd.NA] * len(articles), dtype="Int64"),
                "id": articles["id"],
                "status": "loaded",
                "reason": None,
                "duplicate_of": None,
                "encoding": None,
            }
        )
    else:
        frame = _check_frame("report", report).reset_index(drop=True)
        for col in REPORT_COLUMNS:
            if col not in frame:
                frame[col] = None
        _check_values("report status", frame["status"], REPORT_STATUSES)
    frame["record"] = frame["record"].astype("Int64")
    return frame[list(REPORT_COLUMNS)]


# --- Loading -------------------------------------------------------------------------------


class _Row(NamedTuple):
    """A file (or folder) met while walking the inputs, with what to do with it."""

    path: Path
    direct: bool  # named by the caller (errors raise) rather than found in a folder
    skip: str | None  # reason to skip it, or None to read it


def _readme_name(path: Path) -> str | None:
    stem = path.name.split(".")[0].lower()
    if stem in README_NAMES:
        return stem.upper()
    if stem.startswith("readme"):
        return "README"
    return None


def _skip_reason(path: Path, *, is_dir: bool, recursive: bool) -> str | None:
    name = path.name
    if name.startswith("."):
        return "hidden folder" if is_dir else "hidden file"
    if is_dir:
        return None if recursive else "subfolder not read (recursive=False)"
    if name.startswith("~$") or name.endswith("~"):
        return "temporary or backup file"
    readme = _readme_name(path)
    if readme:
        return f"not an article ({readme})"
    if path.suffix.lower() not in READERS:
        return f"unsupported suffix {path.suffix or '(none)'!r}; supported: {_supported()}"
    return None


def _walk(folder: Path, *, recursive: bool, seen: set[Path] | None = None) -> Iterator[_Row]:
    seen = set() if seen is None else seen
    seen.add(folder.resolve())
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    for entry in entries:
        is_dir = entry.is_dir()
        reason = _skip_reason(entry, is_dir=is_dir, recursive=recursive)
        if reason is None and is_dir and entry.resolve() in seen:
            reason = "folder already read (a symbolic link back into the corpus)"
        if reason is not None:
            yield _Row(entry, False, reason)
        elif is_dir:
            yield from _walk(entry, recursive=recursive, seen=seen)
        else:
            yield _Row(entry, False, None)


def _as_paths(path_or_paths: Any) -> list[Path]:
    def one(p: Any) -> Path:
        if isinstance(p, str | os.PathLike) and not isinstance(p, bytes):
            if isinstance(p, str) and not p.strip():
                raise CorpusError("an empty string is not a path; give a file or a folder.")
            return Path(p)
        raise InputTypeError(
            "path_or_paths must be a file or folder path (str or pathlib.Path) or a list of them; "
            f"received {type(p).__name__}."
        )

    if isinstance(path_or_paths, str | os.PathLike):
        return [one(path_or_paths)]
    if isinstance(path_or_paths, Sequence | set | frozenset) and not isinstance(
        path_or_paths, bytes
    ):
        paths = [one(p) for p in path_or_paths]
        if not paths:
            raise CorpusError("no path given: the list is empty.")
        return paths
    raise InputTypeError(
        "path_or_paths must be a file or folder path (str or pathlib.Path) or a list of them; "
        f"received {type(path_or_paths).__name__}."
    )


def _inputs(paths: list[Path], *, recursive: bool) -> list[_Row]:
    rows: list[_Row] = []
    for path in paths:
        if path.is_dir():
            rows.extend(_walk(path, recursive=recursive))
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise _fail(
                    path,
                    f"unsupported file type {path.suffix or '(no suffix)'!r}; "
                    f"supported: {_supported()} ({_SUPPORTED_HINT})",
                )
            rows.append(_Row(path, True, None))
        else:
            raise _fail(path, "no such file or folder")
    return rows


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    if isinstance(value, str) and not value.strip():
        return False
    return value is not pd.NA and value is not pd.NaT


def _resolve(
    record: dict[str, Any],
    path: Path,
    *,
    language: str | None,
    outlet: str | None,
    aliases: Mapping[str, str] | None,
) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """Turn a reader's record into an article row and its segments (id still unset)."""
    metadata = dict(record.get("metadata") or {})
    page = record.get("page") or {}
    segments = [dict(s) for s in record.get("segments") or []]
    for s in segments:
        if s.get("role") not in ROLES:
            raise CorpusError(f"the reader gave an unknown role {s.get('role')!r}")
    body = [s["text"] for s in segments if s["role"] == "body"]
    if not any(t.strip() for t in body):
        raise CorpusError(
            "no article text: every line was read as title, caption, related link or furniture"
        )
    text = "\n\n".join(body)
    title_segments = [s["text"] for s in segments if s["role"] == "title"]
    if _present(metadata.get("title")):
        title = str(metadata["title"]).strip()
    else:
        title = title_segments[0] if title_segments else ""

    # Language: the caller's, then the declared one, then detected on the body.
    if language is not None:
        lang, lang_source = language, "argument"
    elif _present(metadata.get("language")):
        lang, lang_source = normalise_language(metadata["language"]), "metadata"
    else:
        lang, lang_source = (
            detect_language(text if len(text) >= 200 else f"{title}\n{text}"),
            "detected",
        )

    # Captions: which belong to the story (only those may date it).
    story = f"{title}\n{text}"
    on_story_captions = []
    for s in segments:
        if s["role"] == "caption":
            s["on_story"] = caption_on_story(
                s["text"], story, caption_language=detect_language(s["text"]), story_language=lang
            )
            if s["on_story"]:
                on_story_captions.append(s["text"])

    declared_date = metadata.get("date")
    dateline = page.get("dateline")
    if not _present(declared_date) and dateline and find_dates(dateline):
        declared_date = dateline
    resolved = resolve_date(
        metadata=declared_date if _present(declared_date) else None,
        body=body,
        captions=on_story_captions,
        filename=path.name,
    )

    # Outlet: the caller's, then declared, then the page's SOURCE line, then the URL.
    url = metadata.get("url") if _present(metadata.get("url")) else None
    if outlet is not None:
        name, outlet_source = normalise_outlet(outlet, aliases), "argument"
    elif _present(metadata.get("outlet")):
        name, outlet_source = normalise_outlet(metadata["outlet"], aliases), "metadata"
    elif _present(page.get("outlet")):
        name, outlet_source = normalise_outlet(page["outlet"], aliases), "page"
    elif url:
        name, outlet_source = normalise_outlet(url, aliases), "url"
    else:
        name, outlet_source = None, "none"

    known = {"id", "title", "outlet", "date", "language", "url", "text"}
    article = {
        "outlet": name,
        "date": resolved.date,
        "date_source": resolved.source,
        "language": lang,
        "title": title,
        "text": text,
        "url": url,
        "source_path": path.as_posix(),
        "outlet_source": outlet_source,
        "language_source": lang_source,
        "date_evidence": resolved.evidence,
        **{k: v for k, v in metadata.items() if k not in known},
    }
    return article, segments, resolved.note


def _unique_id(base: str, taken: set[str]) -> str:
    base = base or "article"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _check_progress(progress: Any) -> bool | None:
    if progress is not None and not isinstance(progress, bool):
        raise OptionError(
            f"progress must be True, False or None (automatic); received {progress!r}."
        )
    return progress


def load_corpus(
    path_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    language: str | None = None,
    outlet: str | None = None,
    recursive: bool = True,
    progress: bool | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Corpus:
    """Load articles from files and folders into a :class:`Corpus`.

    Each file is read by the reader of its suffix (:data:`READERS`; ``.txt`` page
    dumps for now). For every article the loader then decides

    * **language**: ``language=`` if given, else the declared language, else
      detected on the body (:func:`analysis.langid.detect_language`);
    * **outlet**: ``outlet=`` if given, else the declared outlet, else the page's
      ``SOURCE:`` line, else the URL's domain — always through the alias table
      (:func:`analysis.outlets.normalise_outlet`);
    * which **captions belong to the story**
      (:func:`analysis.patterns.caption_on_story`), stored in
      ``segments["on_story"]``;
    * the **date**, by :func:`analysis.dates.resolve_date`: metadata (a declared
      date, or a "Publié le …" dateline on the page), then a full date in the
      body, then a partial body date completed by an on-story caption, then the
      file name; ``date_source`` says which;
    * the **id**: a declared id, else the file stem, made unique with ``-2``,
      ``-3`` … in load order.

    Exact duplicates (same body once apostrophes and whitespace are normalised)
    keep the first one; the others get status ``duplicate`` and ``duplicate_of``
    in the report.

    Parameters
    ----------
    path_or_paths : str, path, or list of them
        Files and folders. Folders are walked in name order.
    language : str, optional
        Language of every article (e.g. ``"fr"``), overriding what files declare
        and detection.
    outlet : str, optional
        Outlet of every article, overriding what files say (still normalised).
    recursive : bool, default True
        Walk subfolders. When False each subfolder gets a ``skipped`` report row.
    progress : bool or None, default None
        Show a progress bar (tqdm); None shows one from 200 files on.
    aliases : mapping of str to str, optional
        Extra outlet spellings ``{spelling: canonical}``.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        When a file named directly cannot be loaded (it does not exist, its
        suffix is not supported, it is empty, whitespace only, binary, holds NUL
        bytes, cannot be decoded, or holds no article text); the message names
        the file and the reason. Files found in a folder never raise: they get
        an ``error`` or ``skipped`` row in ``report`` and loading goes on.
    InputTypeError
        If ``path_or_paths`` is not a path or a list of paths.
    OptionError
        If an option has a value outside the allowed ones.

    Warns
    -----
    UserWarning
        When files in folders could not be read, or when nothing was loaded.

    Examples
    --------
    >>> from analysis.config import RAW_DIR
    >>> corpus = load_corpus(RAW_DIR)
    >>> corpus.articles.loc[0, ["outlet", "language", "date_source"]].tolist()
    ['Press TV', 'fr', 'body_partial+caption']
    """
    paths = _as_paths(path_or_paths)
    if language is not None:
        if not isinstance(language, str):
            raise InputTypeError(
                f"language must be a str such as 'fr'; received {type(language).__name__}."
            )
        language = normalise_language(language)
    if outlet is not None and not isinstance(outlet, str):
        raise InputTypeError(f"outlet must be a str; received {type(outlet).__name__}.")
    if not isinstance(recursive, bool):
        raise OptionError(f"recursive must be True or False; received {recursive!r}.")
    progress = _check_progress(progress)
    normalise_outlet(None, aliases)  # validates aliases up front

    inputs = _inputs(paths, recursive=recursive)
    to_read = [row for row in inputs if row.skip is None]
    show = progress if progress is not None else len(to_read) >= _PROGRESS_MIN_FILES
    iterator: Iterable[_Row] = inputs
    if show:
        from tqdm.auto import tqdm

        iterator = tqdm(inputs, desc="Loading articles", unit="file")

    articles: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    report: list[dict[str, Any]] = []
    taken: set[str] = set()
    seen_bodies: dict[str, str] = {}

    def add_report(
        row: _Row, record: int | None, status: str, reason: str | None, **kw: Any
    ) -> None:
        report.append(
            {"source_path": row.path.as_posix(), "record": record, "id": kw.get("id"),
             "status": status, "reason": reason, "duplicate_of": kw.get("duplicate_of"),
             "encoding": kw.get("encoding")}
        )  # fmt: skip

    for row in iterator:
        if row.skip is not None:
            add_report(row, None, "skipped", row.skip)
            continue
        reader = READERS[row.path.suffix.lower()]
        # Keep the records a reader yielded before failing; a file that fails
        # before its first record is unusable as a whole.
        records: list[dict[str, Any]] = []
        failure: CorpusError | None = None
        try:
            for record in reader(row.path):
                records.append(record)
        except CorpusError as exc:
            failure = exc
        except (OSError, UnicodeError) as exc:
            failure = _fail(row.path, str(exc))
        if failure is not None and not records:
            if row.direct:
                raise failure
            add_report(row, None, "error", getattr(failure, "reason", str(failure)))
            continue
        for n, record in enumerate(records):
            index = record.get("record", n)
            encoding = record.get("encoding")
            if record.get("error"):
                add_report(row, index, "error", record["error"], encoding=encoding)
                continue
            try:
                article, segs, note = _resolve(
                    record, row.path, language=language, outlet=outlet, aliases=aliases
                )
            except CorpusError as exc:
                if row.direct and len(records) == 1:
                    raise _fail(row.path, str(exc)) from None
                add_report(row, index, "error", str(exc), encoding=encoding)
                continue
            declared_id = (record.get("metadata") or {}).get("id")
            base = str(declared_id).strip() if _present(declared_id) else row.path.stem
            if len(records) > 1 and not _present(declared_id):
                base = f"{base}-{index}"
            art_id = _unique_id(base, taken)
            key = _body_key(article["text"])
            if key in seen_bodies:
                add_report(row, index, "duplicate", "same body text as an earlier article",
                           id=art_id, duplicate_of=seen_bodies[key], encoding=encoding)  # fmt: skip
                continue
            seen_bodies[key] = art_id
            articles.append({"id": art_id, **article})
            for position, s in enumerate(segs):
                segments.append(
                    {"id": art_id, "position": position, "role": s["role"], "rule": s.get("rule"),
                     "text": s["text"], "on_story": s.get("on_story", pd.NA),
                     "line": s.get("line", pd.NA)}
                )  # fmt: skip
            add_report(row, index, "loaded", note or None, id=art_id, encoding=encoding)
        if failure is not None:
            add_report(
                row, None, "error", f"reading stopped: {getattr(failure, 'reason', failure)}"
            )

    n_failed = sum(1 for r in report if r["status"] == "error")
    if n_failed:
        warnings.warn(
            f"{_plural(n_failed, 'record')} could not be loaded; see corpus.report "
            "(status 'error') for the files and reasons.",
            UserWarning,
            stacklevel=2,
        )
    if not articles:
        warnings.warn(
            f"no article was loaded from {', '.join(p.as_posix() for p in paths)}; "
            f"see corpus.report (supported files: {_supported()}).",
            UserWarning,
            stacklevel=2,
        )
    article_frame = pd.DataFrame(articles, columns=None if articles else list(ARTICLE_COLUMNS))
    if not articles:
        article_frame["id"] = article_frame["id"].astype(str)
    segment_frame = pd.DataFrame(segments, columns=list(SEGMENT_COLUMNS))
    report_frame = pd.DataFrame(report, columns=list(REPORT_COLUMNS))
    return Corpus(article_frame, segment_frame, report_frame)


def segment_summary(corpus: Corpus) -> pd.DataFrame:
    """How much of the pages each segment role holds.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    pandas.DataFrame
        Columns ``role, segments, words, articles``: number of segments, of
        whitespace-separated words and of articles with at least one segment of that
        role; sorted by words (descending), then role.
    """
    if not isinstance(corpus, Corpus):
        raise InputTypeError(f"a Corpus was expected, {type(corpus).__name__} object received.")
    seg = corpus.segments
    words = seg["text"].str.split().str.len().fillna(0).astype("int64")
    out = (
        pd.DataFrame({"role": seg["role"], "id": seg["id"], "words": words})
        .groupby("role", sort=True)
        .agg(segments=("id", "size"), words=("words", "sum"), articles=("id", "nunique"))
        .reset_index()
    )
    return out.sort_values(["words", "role"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
