"""Command line: ``python -m analysis figures [--corpus PATH] [--notebooks GLOB]``.

``figures`` executes the numbered notebooks in order (see :mod:`analysis.runner`),
which regenerates ``figures/`` — or ``output/<corpus>/`` for another corpus.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis import config
from analysis.errors import AnalysisError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="French media discourse study suite.",
        epilog="`make figures` runs `python -m analysis figures`.",
    )
    commands = parser.add_subparsers(dest="command", title="commands")
    commands.required = True
    from analysis.runner import DEFAULT_PATTERN, DEFAULT_TIMEOUT

    figures = commands.add_parser(
        "figures",
        help="execute every notebook in order and regenerate the figures",
        description=(
            "Execute notebooks/[0-9][0-9]_*.ipynb in name order, headless, and store them with "
            "their outputs. On the shipped corpus the notebooks are updated in place and the "
            "figures go to figures/; with --corpus, notebooks and figures go to "
            "output/<corpus name>/ (git-ignored) and notebooks/ is left untouched."
        ),
    )
    figures.add_argument(
        "--corpus",
        metavar="PATH",
        help=f"articles to study instead of data/raw (exported as ${config.CORPUS_ENV})",
    )
    figures.add_argument(
        "--notebooks",
        metavar="GLOB",
        default=DEFAULT_PATTERN,
        help=f"which notebooks to run, by file name (default: {DEFAULT_PATTERN!r})",
    )
    figures.add_argument(
        "--notebooks-dir",
        metavar="DIR",
        type=Path,
        default=config.NOTEBOOKS_DIR,
        help="folder holding the notebooks (default: notebooks/)",
    )
    figures.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=int,
        default=DEFAULT_TIMEOUT,
        help=f"seconds allowed per cell (default: {DEFAULT_TIMEOUT})",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success, 1 when a notebook fails or an input is wrong.
    """
    args = _parser().parse_args(argv)
    if args.command == "figures":
        from analysis.runner import run_notebooks

        try:
            runs = run_notebooks(
                notebooks_dir=args.notebooks_dir,
                pattern=args.notebooks,
                corpus=args.corpus,
                timeout=args.timeout,
                echo=lambda line: print(line, flush=True),
            )
        except AnalysisError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        changed = sum(run.changed for run in runs)
        print(f"{len(runs)} notebook(s) executed, {changed} changed on disk.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
