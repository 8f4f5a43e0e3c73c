"""Narration and quotation split at guillemets."""

from __future__ import annotations

import pandas as pd

import analysis
from analysis.voices import split_voices

# Fixture sentences written for these tests (not study data).
TEXT = (
    "Le ministre a parlé. « Nous ne céderons pas », a-t-il dit.\n\n"
    "Un témoin évoque “une nuit terrible” et « des cris ».\n\n"
    "Une guillemet « orpheline reste dans la narration."
)


def _corpus():
    return analysis.Corpus.from_frames(pd.DataFrame({"id": ["a"], "title": ["Titre"], "text": [TEXT]}))


def test_split_voices_pieces_in_order():
    seg = split_voices(_corpus()).segments
    body = seg[seg.role == "body"]
    assert body[["voice", "text"]].values.tolist() == [
        ["narration", "Le ministre a parlé."],
        ["quote", "Nous ne céderons pas"],
        ["narration", ", a-t-il dit."],
        ["narration", "Un témoin évoque"],
        ["quote", "une nuit terrible"],
        ["narration", "et"],
        ["quote", "des cris"],
        ["narration", "Une guillemet « orpheline reste dans la narration."],
    ]
    assert list(seg.position) == list(range(len(seg)))
    assert seg[seg.role == "title"].voice.isna().all()


def test_voice_counts_via_segment_dtm():
    m = analysis.dtm(split_voices(_corpus()), unit="segment")
    tf = analysis.term_frequencies(m, by="voice")
    quote = set(tf[tf.group == "quote"].term)
    assert {"céderons", "nuit", "terrible", "cris"} <= quote
    assert "ministre" not in quote
