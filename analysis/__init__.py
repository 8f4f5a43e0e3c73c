"""Media discourse study suite: French-aware loading, tokens, counts, TF-IDF and keyness.

The pipeline reads in one direction::

    load_corpus(path) -> Corpus -> dtm(corpus) -> DTM -> term_frequencies / tfidf_terms / keyness
                                                        -> plots.* (draw on an ax) -> figures.save
"""

from analysis.collocations import collocation_matrix, collocations
from analysis.corpus import Corpus, load_corpus, segment_summary
from analysis.dtm import DTM, dtm
from analysis.errors import (
    AnalysisError,
    CorpusError,
    EmptyVocabularyError,
    InputTypeError,
    OptionError,
    WeightingError,
)
from analysis.frequency import term_frequencies, tfidf_terms
from analysis.keyness import general_reference, keyness
from analysis.kwic import Concordance, kwic, kwic_for, kwic_html
from analysis.masking import mask_texts, masked_spans
from analysis.tokens import ngrams, stopword_set, tokenize, tokenize_many

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "Concordance",
    "Corpus",
    "CorpusError",
    "DTM",
    "EmptyVocabularyError",
    "InputTypeError",
    "OptionError",
    "WeightingError",
    "__version__",
    "collocation_matrix",
    "collocations",
    "dtm",
    "general_reference",
    "keyness",
    "kwic",
    "kwic_for",
    "kwic_html",
    "load_corpus",
    "mask_texts",
    "masked_spans",
    "ngrams",
    "segment_summary",
    "stopword_set",
    "term_frequencies",
    "tfidf_terms",
    "tokenize",
    "tokenize_many",
]
