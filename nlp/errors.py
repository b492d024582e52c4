"""The one base error type of the project.

It lives at the bottom layer so that every package (``nlp``, ``models``, ``index``,
``webapp``) can subclass it without importing upwards. Each subclass says what failed; its
message names the file, id or field, so the CLI prints it as one line (``actionplans.cli.main``
catches this type once) and the web app turns it into a page or JSON error.
"""

from __future__ import annotations


class ActionPlansError(Exception):
    """Something the user can fix (a bad file, a missing index, a bad parameter)."""

    exit_code = 1
