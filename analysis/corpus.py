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

import inspect
import itertools
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pyarrow as pa

from analysis.dates import DATE_SOURCES, find_dates, parse_date, resolve_date
from analysis.encodings import DecodedText, read_text
from analysis.encodings import fail as _encodings_fail
from analysis.htmlpage import read_html
from analysis.errors import CorpusError, InputTypeError, OptionError, check_choice, check_progress
from analysis.langid import detect_language, normalise_language
from analysis.outlets import normalise_outlet
from analysis.pagedump import parse_pagedump
from analysis.patterns import BODY_RULE, METADATA_TITLE_RULE, ROLES, caption_on_story
from analysis.tables import release_arrow_memory

__all__ = [
    "ARTICLE_COLUMNS",
    "SEGMENT_COLUMNS",
    "REPORT_COLUMNS",
    "REPORT_STATUSES",
    "DUPLICATE_COLUMNS",
    "DEDUP_MODES",
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
    "source_path", "record", "id", "status", "reason", "duplicate_of", "cluster_id", "encoding",
)  # fmt: skip
REPORT_STATUSES: tuple[str, ...] = ("loaded", "duplicate", "near_duplicate", "skipped", "error")
#: Columns of ``Corpus.duplicates``: every article of a cluster of copies, kept or not.
DUPLICATE_COLUMNS: tuple[str, ...] = (
    "cluster_id", "id", "status", "duplicate_of", "jaccard", "containment", "outlet", "date",
    "title", "source_path",
)  # fmt: skip
#: Values of ``dedup`` in :func:`load_corpus`.
DEDUP_MODES: tuple[str, ...] = ("near", "exact", "none")
#: File name of the optional metadata sidecar of a folder.
SIDECAR_NAME = "metadata.csv"
#: Values of ``field`` in :meth:`Corpus.texts`.
TEXT_FIELDS: tuple[str, ...] = ("body", "title", "captions", "all")

#: File names (stem, lowercased) that are documentation, never articles.
README_NAMES: frozenset[str] = frozenset(
    {"readme", "license", "licence", "copying", "changelog", "changes", "notice", "authors",
     "contributing", "citation", "manifest", "todo"}
)  # fmt: skip

# Show a progress bar by default from this many files on.
_PROGRESS_MIN_FILES = 200
#: Article bodies and segment lines kept as Python strings before they go to Arrow.
_ARTICLE_BATCH = 2_000
_SEGMENT_BATCH = 20_000


# --- Reading bytes -------------------------------------------------------------------------


# How files become text lives in analysis.encodings (UTF-8/16, cp1252, mojibake repair);
# both names stay importable from here.
_SUPPORTED_HINT = "a page dump is the text of a web page saved as a .txt file"


def _fail(path: Path, reason: str) -> CorpusError:
    return _encodings_fail(path, reason)


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
    record["notes"] = list(decoded.notes)
    yield record


def _readers() -> dict[str, Callable[..., Iterable[dict[str, Any]]]]:
    from analysis.tables import TABLE_READERS

    return {".txt": read_pagedump, ".html": read_html, ".htm": read_html, **TABLE_READERS}


#: Suffix (lowercase, with dot) → reader ``reader(path, **options)``; options it does not
#: take (``columns``, ``progress``) are not passed. Register your own format here.
READERS: dict[str, Callable[..., Iterable[dict[str, Any]]]] = _readers()


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
    duplicates : pandas.DataFrame
        One row per article of each cluster of copies (exact or near duplicates), the
        kept one included: :data:`DUPLICATE_COLUMNS`. Empty when there are none.

    Parameters
    ----------
    articles, segments, report, duplicates : pandas.DataFrame
        As for :meth:`from_frames`.
    """

    def __init__(
        self,
        articles: pd.DataFrame,
        segments: pd.DataFrame | None = None,
        report: pd.DataFrame | None = None,
        duplicates: pd.DataFrame | None = None,
    ) -> None:
        self.articles = _check_articles(articles)
        self.segments = _check_segments(segments, self.articles)
        self.report = _check_report(report, self.articles)
        self.duplicates = _check_duplicates(duplicates)

    @classmethod
    def from_frames(
        cls,
        articles: pd.DataFrame,
        segments: pd.DataFrame | None = None,
        report: pd.DataFrame | None = None,
        duplicates: pd.DataFrame | None = None,
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
        duplicates : pandas.DataFrame, optional
            :data:`DUPLICATE_COLUMNS`; when None, empty (no de-duplication is run here:
            use :func:`analysis.dedup.find_duplicates`).

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
        return cls(articles, segments, report, duplicates)

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

    def filter(
        self,
        *,
        outlet: str | Iterable[str] | None = None,
        start: Any = None,
        end: Any = None,
        language: str | Iterable[str] | None = None,
        ids: Iterable[str] | None = None,
        dated: bool | None = None,
        **metadata: Any,
    ) -> Corpus:
        """The articles that match every condition given, as a new Corpus.

        Parameters
        ----------
        outlet, language : str or iterable of str, optional
            Keep these outlets (canonical names, see ``articles["outlet"]``) / languages.
        start, end : date-like, optional
            Keep articles dated from ``start`` to ``end`` inclusive (``"2019-01-01"``,
            ``datetime.date`` …). Undated articles are dropped when either is given.
        ids : iterable of str, optional
            Keep these article ids (in the corpus order).
        dated : bool, optional
            True keeps dated articles only, False undated ones only.
        **metadata : scalar or iterable
            Any other column of ``articles``, e.g. ``subset="gilets_jaunes"`` or
            ``country=["FR", "BE"]``.

        Returns
        -------
        Corpus
            Articles, their segments and their duplicate clusters; ``report`` is kept
            whole (it records how the files were loaded).

        Raises
        ------
        OptionError
            If a column does not exist, a date cannot be read, or a value names nothing
            in the corpus (likely a typo: the message lists the values that exist).

        Examples
        --------
        >>> import pandas as pd
        >>> c = Corpus.from_frames(pd.DataFrame({"outlet": ["A", "B"], "text": ["x", "y"],
        ...                                      "date": ["2019-01-02", None]}))
        >>> len(c.filter(outlet="A")), len(c.filter(start="2019-01-01")), len(c.filter(dated=False))
        (1, 1, 1)
        """
        art = self.articles
        keep = pd.Series(True, index=art.index)
        conditions: dict[str, Any] = {"outlet": outlet, "language": language, **metadata}
        for column, wanted in conditions.items():
            if wanted is None:
                continue
            if column not in art.columns:
                raise OptionError(
                    f"filter: there is no column {column!r}; columns are {list(art.columns)}."
                )
            values = [wanted] if isinstance(wanted, str) or not isinstance(wanted, Iterable) else list(wanted)
            present = set(art[column].dropna().tolist())
            unknown = [v for v in values if v not in present]
            if unknown and len(unknown) == len(values):
                shown = sorted(map(str, present))[:20]
                raise OptionError(
                    f"filter: {column}={wanted!r} matches no article; values in the corpus: {shown}."
                )
            keep &= art[column].isin(values)
        if ids is not None:
            if isinstance(ids, str):
                ids = [ids]
            keep &= art["id"].isin(list(ids))
        for name, bound, op in (("start", start, "ge"), ("end", end, "le")):
            if bound is None:
                continue
            try:
                when = pd.Timestamp(bound)
            except (ValueError, TypeError):
                raise OptionError(
                    f"filter: {name} must be a date such as '2019-01-31'; received {bound!r}."
                ) from None
            if pd.isna(when):
                raise OptionError(f"filter: {name} must be a date; received {bound!r}.")
            keep &= getattr(art["date"], op)(when).fillna(False)
        if dated is not None:
            if not isinstance(dated, bool):
                raise OptionError(f"filter: dated must be True, False or None; received {dated!r}.")
            keep &= art["date"].notna() if dated else art["date"].isna()
        chosen = art[keep.to_numpy()]
        kept_ids = set(chosen["id"])
        segments = self.segments[self.segments["id"].isin(kept_ids)]
        dups = self.duplicates
        clusters = set(dups.loc[dups["id"].isin(kept_ids), "cluster_id"])
        return Corpus(chosen, segments, self.report, dups[dups["cluster_id"].isin(clusters)])

    def masked(self, **options: Any) -> Corpus:
        """This corpus with outlet names, site furniture and bylines removed from the body.

        See :mod:`analysis.masking` (``options`` go to :func:`analysis.masking.mask_texts`:
        ``kinds``, ``names``, ``extra``, ``aliases``). Body segments are masked too, so
        every analysis of the returned corpus sees the masked text.

        Returns
        -------
        Corpus
        """
        from analysis.masking import mask_texts

        art = self.articles.copy()
        art["text"] = mask_texts(art["text"], art["outlet"], **options).to_numpy()
        seg = self.segments.copy()
        body = seg["role"] == "body"
        outlets = seg.loc[body, "id"].map(dict(zip(art["id"], art["outlet"], strict=True)))
        seg.loc[body, "text"] = mask_texts(seg.loc[body, "text"], outlets, **options).to_numpy()
        return Corpus(art, seg, self.report, self.duplicates)

    def cross_outlet_copies(self) -> pd.DataFrame:
        """Clusters of copies that ran in more than one outlet (the same dispatch).

        Returns
        -------
        pandas.DataFrame
            ``cluster_id, n_articles, n_outlets, outlets, ids`` (see
            :func:`analysis.dedup.cross_outlet_copies`).
        """
        from analysis.dedup import cross_outlet_copies

        dups = self.duplicates
        return cross_outlet_copies(dups[["id", *_DEDUP_FIELDS]], dups.set_index("id")["outlet"])


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


_DEDUP_FIELDS = ("cluster_id", "status", "duplicate_of", "jaccard", "containment")


def _check_duplicates(duplicates: Any) -> pd.DataFrame:
    if duplicates is None:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in DUPLICATE_COLUMNS})
    else:
        frame = _check_frame("duplicates", duplicates).reset_index(drop=True)
        for col in DUPLICATE_COLUMNS:
            if col not in frame:
                frame[col] = None
    for col in ("jaccard", "containment"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce").astype("datetime64[ns]")
    return frame[list(DUPLICATE_COLUMNS)]


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
                "cluster_id": articles["id"],
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
    meta: Mapping[str, Any] | None = None  # what a metadata sidecar says of this file
    error: bool = False  # the skip is an error (an unreadable sidecar)


#: Column of a metadata sidecar naming the file each row describes (first found wins).
SIDECAR_FILE_COLUMNS: tuple[str, ...] = ("file", "filename", "file_name", "path", "fichier")


class _Sidecar(NamedTuple):
    folder: Path
    rows: dict[str, dict[str, Any]]  # relative posix path → metadata
    used: set[str]


def _read_sidecar(path: Path) -> _Sidecar:
    """Parse a ``metadata.csv`` sidecar: one row per file of its folder (``file`` column,
    relative to the folder) with any of ``outlet, date, url, title, language, id`` and
    other columns (kept as extra metadata)."""
    import csv

    text = read_text(path).text
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    file_col = next((fields[c] for c in SIDECAR_FILE_COLUMNS if c in fields), None)
    if file_col is None:
        raise _fail(
            path,
            f"a metadata sidecar needs a column naming the file of each row (one of "
            f"{', '.join(SIDECAR_FILE_COLUMNS)}); its columns are {list(fields)}",
        )
    rows: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(reader, start=2):
        name = (row.get(file_col) or "").strip().replace("\\", "/")
        if not name:
            raise _fail(path, f"line {n}: the {file_col!r} column is empty")
        meta = {
            (k or "").strip().lower(): v.strip()
            for k, v in row.items()
            if k is not None and k != file_col and isinstance(v, str) and v.strip()
        }
        rows[name] = meta
    return _Sidecar(path.parent, rows, set())


def _sidecar_meta(entry: Path, sidecars: Sequence[_Sidecar]) -> dict[str, Any] | None:
    """Merged metadata for ``entry`` from the sidecars of its folder and its parents (the
    nearest folder's values win)."""
    merged: dict[str, Any] = {}
    found = False
    for car in sidecars:  # outermost first
        try:
            rel = entry.relative_to(car.folder).as_posix()
        except ValueError:
            continue
        for key in (rel, entry.name):
            if key in car.rows:
                merged.update(car.rows[key])
                car.used.add(key)
                found = True
                break
    return merged if found else None


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


def _find_sidecar(folder: Path, sidecar: str | None) -> Path | None:
    if sidecar is None:
        return None
    for entry in folder.iterdir():
        if entry.name.lower() == sidecar.lower() and entry.is_file():
            return entry
    return None


def _walk(
    folder: Path,
    *,
    recursive: bool,
    sidecar: str | None,
    seen: set[Path] | None = None,
    sidecars: tuple[_Sidecar, ...] = (),
) -> Iterator[_Row]:
    seen = set() if seen is None else seen
    seen.add(folder.resolve())
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    car_path = _find_sidecar(folder, sidecar)
    car_row = None
    if car_path is not None:
        try:
            car = _read_sidecar(car_path)
        except CorpusError as exc:
            car_row = _Row(car_path, False, f"metadata sidecar not used: {exc.reason}", error=True)  # type: ignore[attr-defined]
        else:
            sidecars = (*sidecars, car)
            car_row = _Row(car_path, False, "metadata sidecar")
    for entry in entries:
        if car_row is not None and entry == car_path:
            continue
        is_dir = entry.is_dir()
        reason = _skip_reason(entry, is_dir=is_dir, recursive=recursive)
        if reason is None and is_dir and entry.resolve() in seen:
            reason = "folder already read (a symbolic link back into the corpus)"
        if reason is not None:
            yield _Row(entry, False, reason)
        elif is_dir:
            yield from _walk(entry, recursive=recursive, sidecar=sidecar, seen=seen, sidecars=sidecars)
        else:
            yield _Row(entry, False, None, _sidecar_meta(entry, sidecars))
    if car_row is not None:
        if not car_row.error:
            missing = sorted(set(car.rows) - car.used)
            reason = f"metadata sidecar: applied to {len(car.used)} of the {len(car.rows)} files it lists"
            if missing:
                reason += f"; not found: {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}"
            car_row = car_row._replace(skip=reason)
        yield car_row


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


def _inputs(paths: list[Path], *, recursive: bool, sidecar: str | None) -> list[_Row]:
    rows: list[_Row] = []
    for path in paths:
        if path.is_dir():
            rows.extend(_walk(path, recursive=recursive, sidecar=sidecar))
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise _fail(
                    path,
                    f"unsupported file type {path.suffix or '(no suffix)'!r}; "
                    f"supported: {_supported()} ({_SUPPORTED_HINT})",
                )
            car_path = _find_sidecar(path.parent, sidecar)
            meta = None
            if car_path is not None and car_path != path:
                meta = _sidecar_meta(path, (_read_sidecar(car_path),))
            rows.append(_Row(path, True, None, meta))
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


_TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".ndjson", ".parquet"})


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
    # A table's date column is the record of when the article was published: where it is
    # empty the date stays missing. The first date in a long article's body is usually an
    # event it mentions (see resolve_date), so the body is only searched for page files.
    from_page = path.suffix.lower() not in _TABLE_SUFFIXES
    resolved = resolve_date(
        metadata=declared_date if _present(declared_date) else None,
        body=body if from_page else (),
        captions=on_story_captions if from_page else (),
        filename=path.name if from_page else None,
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


def _where(path: Path, record: Any) -> str | None:
    """How a record is named in messages: ``line N`` (JSON Lines), ``row N`` (tables)."""
    if record is None or record is pd.NA:
        return None
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return f"line {record}"
    if suffix in (".csv", ".tsv", ".parquet"):
        return f"row {record}"
    return None


def _located(where: str | None, message: str) -> str:
    if where is None or message.startswith(("line ", "row ")):
        return message
    return f"{where}: {message}"


def _call_reader(reader: Callable[..., Iterable[dict[str, Any]]], path: Path, options: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    """Call ``reader(path, **options)`` with the options its signature accepts."""
    try:
        params = inspect.signature(reader).parameters
    except (TypeError, ValueError):
        return reader(path)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return reader(path, **options)
    return reader(path, **{k: v for k, v in options.items() if k in params})


class _TextColumn:
    """Strings appended one at a time and kept as Arrow ``large_string`` chunks of
    ``batch``: the Python strings are freed as loading goes on."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.chunks: list[pa.Array] = []
        self.pending: list[str] = []

    def append(self, text: str) -> None:
        self.pending.append(text)
        if len(self.pending) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.chunks.append(pa.array(self.pending, pa.large_string()))
            self.pending = []

    def array(self) -> pa.ChunkedArray:
        self._flush()
        return pa.chunked_array(self.chunks, pa.large_string())

    def take(self, keep: list[bool] | None) -> pa.ChunkedArray:
        """The strings where ``keep`` is true (all of them when None), emptying the column
        chunk by chunk: each chunk is let go once filtered, so that the text is never
        held twice (0.4 GB for 100,000 articles)."""
        self._flush()
        out, start = [], 0
        while self.chunks:
            chunk = self.chunks.pop(0)
            if keep is not None:
                mask = pa.array(keep[start : start + len(chunk)], pa.bool_())
                start += len(chunk)
                chunk = chunk.filter(mask)
            out.append(chunk)
        return pa.chunked_array(out, pa.large_string())


class _Records:
    """The records of one file as its reader yields them, one at a time.

    ``head`` holds the first two (whether a file has one record or several decides how
    its articles are named); a failure while reading, before or after them, is kept in
    ``failure`` and ends the iteration.
    """

    def __init__(
        self,
        reader: Callable[..., Iterable[dict[str, Any]]],
        path: Path,
        options: Mapping[str, Any],
    ) -> None:
        self.path = path
        self.failure: CorpusError | None = None
        self.head: list[dict[str, Any]] = []
        self._rest: Iterator[dict[str, Any]] = iter(())
        self._guard(lambda: self._start(reader, options))

    def _start(
        self, reader: Callable[..., Iterable[dict[str, Any]]], options: Mapping[str, Any]
    ) -> None:
        self._rest = iter(_call_reader(reader, self.path, options))
        for record in self._rest:
            self.head.append(record)
            if len(self.head) == 2:
                break

    def _guard(self, step: Callable[[], None]) -> None:
        try:
            step()
        except CorpusError as exc:
            self.failure = exc
        except (OSError, UnicodeError, ValueError) as exc:
            self.failure = _fail(self.path, str(exc))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        while self.head:
            yield self.head.pop(0)
        if self.failure is not None:
            return
        rest: list[dict[str, Any]] = []
        while True:
            self._guard(lambda: rest.extend(itertools.islice(self._rest, 1)))
            if not rest:
                return
            yield rest.pop()


def _dedup_order(articles: list[dict[str, Any]]) -> list[int]:
    """Which copy is kept: the earliest dated article, then the first loaded."""
    def key(i: int) -> tuple[int, Any, int]:
        date = articles[i]["date"]
        return (1, pd.Timestamp.max, i) if date is None or pd.isna(date) else (0, pd.Timestamp(date), i)

    return sorted(range(len(articles)), key=key)


def load_corpus(
    path_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    language: str | None = None,
    outlet: str | None = None,
    recursive: bool = True,
    progress: bool | None = None,
    aliases: Mapping[str, str] | str | os.PathLike[str] | None = None,
    columns: Mapping[str, str] | None = None,
    dedup: str = "near",
    sidecar: str | None = SIDECAR_NAME,
    cache: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Corpus:
    """Load articles from files and folders into a :class:`Corpus`.

    Each file is read by the reader of its suffix (:data:`READERS`): ``.txt`` page
    dumps, ``.html``/``.htm`` saved pages (through trafilatura), ``.csv``/``.tsv``,
    ``.jsonl``/``.ndjson`` and ``.parquet`` tables (one article per row). For every
    article the loader then decides

    * **language**: ``language=`` if given, else the declared language, else
      detected on the body (:func:`analysis.langid.detect_language`);
    * **outlet**: ``outlet=`` if given, else the declared outlet (a column, the
      folder's ``metadata.csv``), else the page's ``SOURCE:`` line, else the URL's
      domain — always through the alias table (:func:`analysis.outlets.normalise_outlet`);
    * which **captions belong to the story**
      (:func:`analysis.patterns.caption_on_story`), stored in
      ``segments["on_story"]``;
    * the **date**, by :func:`analysis.dates.resolve_date`: metadata (a declared
      date, or a "Publié le …" dateline on the page), then — for page files
      (page dumps, HTML) only — a full date in the body, then a partial body date
      completed by an on-story caption, then the file name; ``date_source`` says
      which. A table row's date is its date column: where that is empty or cannot
      be read the date stays missing (and the report says so), because the first
      date in a long article is usually an event it mentions;
    * the **id**: a declared id, else the file stem (``stem-N`` for the N-th
      record of a table without ids), made unique with ``-2``, ``-3`` … in load
      order — a repeated id is renamed and reported, never merged.

    **Copies** (``dedup``): articles whose normalised bodies are equal
    (``duplicate``) or nearly equal — Jaccard ≥ 0.8 or containment ≥ 0.9 on
    5-word shingles (``near_duplicate``, :func:`analysis.dedup.find_duplicates`)
    — form a cluster; one article per cluster is analysed: the earliest dated,
    then the first loaded. The others leave ``articles`` and get a report row
    with ``duplicate_of`` and ``cluster_id``; ``corpus.duplicates`` lists every
    cluster and :meth:`Corpus.cross_outlet_copies` the dispatches several outlets
    ran.

    **Nothing is lost**: ``corpus.report`` has one row per input record — each
    page dump or HTML file, each row of a table, each skipped file — so
    ``len(report)`` equals the number of records read, and every row not
    ``loaded`` says why (``line 2: invalid JSON …``, ``row 7: empty text``).

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
        Show progress bars (tqdm); None shows them from 200 files on, and for
        large tables.
    aliases : mapping of str to str, or path of a CSV file, optional
        Extra outlet spellings ``{spelling: canonical}``; a CSV needs columns
        ``alias, outlet``.
    columns : mapping of str to str, optional
        For tables: which column holds each field, e.g. ``{"text": "contenu",
        "outlet": "media"}``. Fields are ``id, text, title, outlet, date, url,
        language``; unmapped ones are looked for under usual names (``text``,
        ``body``, ``content``, ``texte`` …). Other columns are kept as metadata.
    dedup : {"near", "exact", "none"}, default "near"
        Drop near and exact copies, exact copies only, or nothing.
    sidecar : str or None, default "metadata.csv"
        Name of a CSV file that, in any folder, describes that folder's files: a
        ``file`` column (path relative to the folder) and any of ``outlet, date,
        url, title, language, id`` and other columns. Its non-empty values override
        what the files declare and what would be inferred. None ignores sidecars.
    cache : bool, default False
        Read the corpus from the cache when the inputs, the options and the package
        are unchanged (:func:`analysis.cache.cached_load_corpus`); safe to delete.
    cache_dir : str or path, optional
        The cache folder (default ``output/cache``).

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        When a file named directly cannot be loaded (it does not exist, its
        suffix is not supported, it is empty, whitespace only, binary, cannot be
        decoded, or holds no article text); the message names the file and the
        reason. Files found in a folder never raise: they get an ``error`` or
        ``skipped`` row in ``report`` and loading goes on. Bad records of a table
        never raise either.
    InputTypeError
        If ``path_or_paths`` is not a path or a list of paths.
    OptionError
        If an option has a value outside the allowed ones.

    Warns
    -----
    UserWarning
        When records could not be read, or when nothing was loaded.

    Examples
    --------
    >>> from analysis.config import RAW_DIR
    >>> corpus = load_corpus(RAW_DIR)
    >>> corpus.articles.loc[0, ["outlet", "language", "date_source"]].tolist()
    ['Press TV', 'fr', 'body_partial+caption']
    """
    if not isinstance(cache, bool):
        raise OptionError(f"cache must be True or False; received {cache!r}.")
    check_choice("dedup", dedup, DEDUP_MODES)
    if cache:
        from analysis.cache import cached_load_corpus

        return cached_load_corpus(
            path_or_paths, cache_dir=cache_dir, language=language, outlet=outlet,
            recursive=recursive, progress=progress, aliases=aliases, columns=columns,
            dedup=dedup, sidecar=sidecar,
        )  # fmt: skip
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
    if sidecar is not None and (not isinstance(sidecar, str) or not sidecar.strip()):
        raise OptionError(f"sidecar must be a file name such as 'metadata.csv', or None; received {sidecar!r}.")
    progress = check_progress(progress)
    from analysis.tables import check_columns

    columns = check_columns(columns) or None
    if isinstance(aliases, str | os.PathLike):
        from analysis.outlets import read_aliases

        aliases = read_aliases(aliases)
    normalise_outlet(None, aliases)  # validates aliases up front

    inputs = _inputs(paths, recursive=recursive, sidecar=sidecar)
    to_read = [row for row in inputs if row.skip is None]
    show = progress if progress is not None else len(to_read) >= _PROGRESS_MIN_FILES
    iterator: Iterable[_Row] = inputs
    if show and len(inputs) > 1:
        from tqdm.auto import tqdm

        iterator = tqdm(inputs, desc="Loading articles", unit="file")
    reader_options = {"columns": columns, "progress": progress}

    # Article rows without their text; texts (article bodies, segment lines) go to Arrow
    # in batches as they are read, so that a large corpus holds its text once in Arrow
    # instead of several times in Python objects.
    articles: list[dict[str, Any]] = []
    article_text = _TextColumn(_ARTICLE_BATCH)
    segment_of: list[int] = []  # article number of each segment
    segment_cols: dict[str, list[Any]] = {c: [] for c in SEGMENT_COLUMNS if c != "text"}
    segment_text = _TextColumn(_SEGMENT_BATCH)
    report: list[dict[str, Any]] = []
    report_of: list[int] = []  # report row of each article
    taken: set[str] = set()

    def add_report(
        row: _Row, record: int | None, status: str, reason: str | None, **kw: Any
    ) -> None:
        report.append(
            {"source_path": row.path.as_posix(), "record": record, "id": kw.get("id"),
             "status": status, "reason": reason, "duplicate_of": kw.get("duplicate_of"),
             "cluster_id": kw.get("cluster_id"), "encoding": kw.get("encoding")}
        )  # fmt: skip

    for row in iterator:
        if row.skip is not None:
            add_report(row, None, "error" if row.error else "skipped", row.skip)
            continue
        reader = READERS[row.path.suffix.lower()]
        # Records are handled as the reader yields them; those yielded before a failure
        # are kept. A file that fails before its first record is unusable as a whole.
        records = _Records(reader, row.path, reader_options)
        if records.failure is not None and not records.head:
            if row.direct:
                raise records.failure
            add_report(row, None, "error", getattr(records.failure, "reason", str(records.failure)))
            continue
        several = len(records.head) > 1
        for n, record in enumerate(records):
            index = record.get("record", n + 1 if several else None)
            where = _where(row.path, index)
            encoding = record.get("encoding")
            if record.get("error"):
                add_report(row, index, "error", _located(where, record["error"]), encoding=encoding)
                continue
            if row.meta:
                record = {**record, "metadata": {**(record.get("metadata") or {}), **row.meta}}
            try:
                article, segs, note = _resolve(
                    record, row.path, language=language, outlet=outlet, aliases=aliases
                )
            except CorpusError as exc:
                if row.direct and not several:
                    raise _fail(row.path, str(exc)) from None
                add_report(row, index, "error", _located(where, str(exc)), encoding=encoding)
                continue
            notes = [str(n) for n in record.get("notes") or ()]
            if note:
                lost = "not understood" in note and pd.isna(article["date"])
                notes.append(f"{note}, kept as missing" if lost else note)
            declared_id = (record.get("metadata") or {}).get("id")
            if _present(declared_id):
                base = str(declared_id).strip()
            else:
                base = row.path.stem if index is None or not several else f"{row.path.stem}-{index}"
            art_id = _unique_id(base, taken)
            if art_id != base:
                notes.append(f"id {base!r} was already used; renamed {art_id!r}")
            article_text.append(article["text"])
            articles.append({"id": art_id, **article, "text": None})
            for position, seg in enumerate(segs):
                segment_of.append(len(articles) - 1)
                segment_cols["id"].append(art_id)
                segment_cols["position"].append(position)
                segment_cols["role"].append(seg["role"])
                segment_cols["rule"].append(seg.get("rule"))
                segment_cols["on_story"].append(seg.get("on_story", pd.NA))
                segment_cols["line"].append(seg.get("line", pd.NA))
                segment_text.append(seg["text"])
            del record, article, segs
            report_of.append(len(report))
            add_report(row, index, "loaded", _located(where, "; ".join(notes)) if notes else None,
                       id=art_id, cluster_id=art_id, encoding=encoding)  # fmt: skip
        if records.failure is not None:
            reason = getattr(records.failure, "reason", records.failure)
            add_report(row, None, "error", f"reading stopped: {reason}")

    dropped: set[int] = set()
    duplicate_rows: list[dict[str, Any]] = []
    if dedup != "none" and len(articles) > 1:
        from analysis.dedup import find_duplicates

        # the bodies in the order they were read, with the order of priority apart
        texts = article_text.array().to_pandas()
        texts.index = [a["id"] for a in articles]
        found = find_duplicates(
            texts, near=dedup == "near", priority=_dedup_order(articles), progress=show or None
        )
        del texts
        position = {a["id"]: i for i, a in enumerate(articles)}
        clustered = found[found["status"] != "unique"]
        for rec in clustered.itertuples(index=False):
            i = position[rec.id]
            rep = report[report_of[i]]
            rep["cluster_id"] = rec.cluster_id
            art = articles[i]
            duplicate_rows.append(
                {"cluster_id": rec.cluster_id, "id": rec.id, "status": rec.status,
                 "duplicate_of": rec.duplicate_of, "jaccard": rec.jaccard,
                 "containment": rec.containment, "outlet": art["outlet"], "date": art["date"],
                 "title": art["title"], "source_path": art["source_path"]}
            )  # fmt: skip
            if rec.status in ("duplicate", "near_duplicate"):
                dropped.add(i)
                rep["status"] = rec.status
                rep["duplicate_of"] = rec.duplicate_of
                what = (
                    "same body text as"
                    if rec.status == "duplicate"
                    else f"near copy (Jaccard {rec.jaccard:.2f}, containment {rec.containment:.2f}) of"
                )
                rep["reason"] = "; ".join(
                    p for p in (f"{what} {rec.duplicate_of}, which is analysed", rep["reason"]) if p
                )

    n_failed = sum(1 for r in report if r["status"] == "error")
    if n_failed:
        warnings.warn(
            f"{_plural(n_failed, 'record')} could not be loaded; see corpus.report "
            "(status 'error') for the files and reasons.",
            UserWarning,
            stacklevel=2,
        )
    kept = [i for i in range(len(articles)) if i not in dropped]
    if not kept:
        warnings.warn(
            f"no article was loaded from {', '.join(p.as_posix() for p in paths)}; "
            f"see corpus.report (supported files: {_supported()}).",
            UserWarning,
            stacklevel=2,
        )
    kept_mask = segment_mask = None
    if dropped:
        kept_mask = [i not in dropped for i in range(len(articles))]
        segment_mask = [kept_mask[i] for i in segment_of]
        segment_cols = {c: list(itertools.compress(v, segment_mask)) for c, v in segment_cols.items()}
    article_frame = pd.DataFrame(
        [articles[i] for i in kept], columns=None if kept else list(ARTICLE_COLUMNS)
    )
    if kept:
        article_frame["text"] = article_text.take(kept_mask).to_pandas()
    else:
        article_frame["id"] = article_frame["id"].astype(str)
    release_arrow_memory()
    segment_frame = pd.DataFrame(
        {c: segment_text.take(segment_mask).to_pandas() if c == "text" else segment_cols[c]
         for c in SEGMENT_COLUMNS}
        if segment_of else [],
        columns=list(SEGMENT_COLUMNS),
    )  # fmt: skip
    del article_text, segment_text
    release_arrow_memory()
    report_frame = pd.DataFrame(report, columns=list(REPORT_COLUMNS))
    duplicate_frame = pd.DataFrame(duplicate_rows, columns=list(DUPLICATE_COLUMNS))
    if len(duplicate_frame):
        duplicate_frame = duplicate_frame.sort_values(
            ["cluster_id", "status", "id"], key=lambda c: c.map({"kept": 0}).fillna(1) if c.name == "status" else c,
            kind="stable",
        ).reset_index(drop=True)
    return Corpus(article_frame, segment_frame, report_frame, duplicate_frame)


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
