"""The package's own error types and the up-front option checks every public function uses.

Every error subclasses a built-in (``ValueError`` or ``TypeError``) so callers that
already catch those keep working, and every message says what was received and
what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "AnalysisError",
    "CorpusError",
    "OptionError",
    "InputTypeError",
    "EmptyVocabularyError",
    "WeightingError",
    "check_choice",
    "check_positive_int",
]


class AnalysisError(Exception):
    """Base class of every error raised on purpose by :mod:`analysis`."""


class CorpusError(AnalysisError, ValueError):
    """An input file or record cannot be read as articles.

    The message always names the file (and the line or row where there is one)
    and the reason.
    """


class OptionError(AnalysisError, ValueError):
    """A keyword option has a value outside the allowed ones."""


class InputTypeError(AnalysisError, TypeError):
    """An argument is of the wrong type (e.g. a string where a Corpus was expected)."""


class EmptyVocabularyError(AnalysisError, ValueError):
    """No term survived tokenisation and filtering."""


class WeightingError(AnalysisError, ValueError):
    """A matrix is weighted twice, or a count statistic is asked of weighted values."""


def check_choice(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise :class:`OptionError`.

    The message names the parameter, the allowed values and what was received.
    """
    allowed = tuple(allowed)
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise OptionError(f"{name}={value!r} is not allowed; choose one of {shown}.")
    return value


def check_positive_int(name: str, value: Any, *, minimum: int = 1) -> int:
    """Return ``value`` if it is an integer >= ``minimum``, else raise :class:`OptionError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OptionError(f"{name} must be an integer >= {minimum}; received {value!r}.")
    return value


def check_progress(progress: Any) -> bool | None:
    """Validate a ``progress=`` option: True, False or None (automatic)."""
    if progress is not None and not isinstance(progress, bool):
        raise OptionError(
            f"progress must be True, False or None (automatic); received {progress!r}."
        )
    return progress
