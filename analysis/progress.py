"""One progress bar for every long loop of the package.

Plain ``tqdm`` (not ``tqdm.auto``): in a notebook without ipywidgets, ``tqdm.auto``
prints a warning into the cell's output, which would make nbval comparisons depend on
the machine. ``TQDM_DISABLE=1`` (set by ``make figures`` and ``make test``) silences it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress_bar(
    iterable: Iterable[T],
    *,
    desc: str,
    unit: str = "doc",
    total: int | None = None,
    enabled: bool | None = None,
) -> Iterator[T]:
    """Wrap ``iterable`` in a progress bar.

    ``enabled=None`` shows it only when standard error is a terminal.
    """
    return iter(
        tqdm(
            iterable,
            desc=desc,
            unit=unit,
            total=total,
            disable=None if enabled is None else not enabled,
        )
    )
