"""Media discourse study suite: French-aware loading, tokens, counts, TF-IDF and keyness."""

from analysis.errors import (
    AnalysisError,
    CorpusError,
    EmptyVocabularyError,
    InputTypeError,
    OptionError,
    WeightingError,
)

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "CorpusError",
    "EmptyVocabularyError",
    "InputTypeError",
    "OptionError",
    "WeightingError",
    "__version__",
]
