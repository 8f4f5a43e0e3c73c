"""Media discourse study suite: French-aware loading, tokens, counts, TF-IDF and keyness.

The pipeline reads in one direction::

    load_corpus(path) -> Corpus -> dtm(corpus) -> DTM -> term_frequencies / tfidf_terms / keyness
                                                        -> plots.* (draw on an ax) -> figures.save
"""

from analysis.agency import agency, side_counts, voice_counts
from analysis.captions import caption_audit
from analysis.claims import numeric_claims
from analysis.collocations import collocation_matrix, collocations
from analysis.corpus import Corpus, load_corpus, segment_summary
from analysis.dedup import cross_outlet_copies, find_duplicates
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
from analysis.lexicons import lexicon_counts, load_lexicon, naming_shares
from analysis.masking import mask_texts, masked_spans
from analysis.sourcing import attributions, quoted_sources
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
    "agency",
    "attributions",
    "caption_audit",
    "collocation_matrix",
    "collocations",
    "cross_outlet_copies",
    "dtm",
    "find_duplicates",
    "general_reference",
    "keyness",
    "kwic",
    "kwic_for",
    "kwic_html",
    "lexicon_counts",
    "load_corpus",
    "load_lexicon",
    "mask_texts",
    "masked_spans",
    "naming_shares",
    "numeric_claims",
    "quoted_sources",
    "ngrams",
    "segment_summary",
    "side_counts",
    "stopword_set",
    "term_frequencies",
    "tfidf_terms",
    "tokenize",
    "tokenize_many",
    "voice_counts",
]
