"""Review and correction: reviewer accounts, append-only corrections and what is made of them.

Corrections live in their own SQLite file in the data directory (``review.sqlite``), outside
the index generations, so they outlive every ``actionplans index``. They are applied to the
parser's output whenever a generation is built (``review.apply``), turned into labelled
examples for the theme classifier (``review.learning``) and into a review queue
(``review.queue``). This package knows records (``nlp``) only: the index build calls it, the
web app and the CLI drive it.
"""
