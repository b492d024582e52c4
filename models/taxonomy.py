"""The theme taxonomy read from ``themes.toml``: the one place themes are defined.

Kept as data so that a theme can be added by editing the file, labelling examples and
retraining, with no code change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nlp.errors import ActionPlansError

THEMES_PATH = Path(__file__).resolve().parent / "themes.toml"


class TaxonomyError(ActionPlansError, ValueError):
    """A themes file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Theme:
    """One theme: its tag, the definition labellers read, and short example statements."""

    name: str
    definition: str
    examples: tuple[str, ...] = field(default_factory=tuple)
    cues: tuple[str, ...] = field(default_factory=tuple)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read themes file ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: not valid TOML ({exc})") from exc


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(e, str) for e in value)


def load_themes(path: Path | None = None) -> list[Theme]:
    """The themes in file order; raises :class:`TaxonomyError` naming the bad field."""
    path = path or THEMES_PATH
    data = _read(path)
    tables = data.get("theme")
    if not isinstance(tables, list) or not tables:
        raise TaxonomyError(f"{path}: no [[theme]] tables")
    themes: list[Theme] = []
    for i, table in enumerate(tables, 1):
        name = table.get("name")
        definition = table.get("definition")
        examples = table.get("examples", [])
        cues = table.get("cues", [])
        if not isinstance(name, str) or not name.strip():
            raise TaxonomyError(f"{path}: theme {i}: 'name' must be a non-empty string")
        if not isinstance(definition, str) or not definition.strip():
            raise TaxonomyError(f"{path}: theme {name!r}: 'definition' must be a non-empty string")
        for key, value in (("examples", examples), ("cues", cues)):
            if not _strings(value):
                raise TaxonomyError(f"{path}: theme {name!r}: '{key}' must be a list of strings")
        if any(t.name == name for t in themes):
            raise TaxonomyError(f"{path}: theme {name!r} is defined twice")
        themes.append(Theme(name.strip(), " ".join(definition.split()), tuple(examples),
                            tuple(cues)))
    return themes


def load_cue_groups(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The ``[cues]`` groups that are not themes (who an action is for, say)."""
    path = path or THEMES_PATH
    groups = _read(path).get("cues", {})
    if not isinstance(groups, dict) or not all(_strings(v) for v in groups.values()):
        raise TaxonomyError(f"{path}: [cues]: each entry must be a list of strings")
    return {name: tuple(terms) for name, terms in groups.items()}


def all_cue_groups(themes: list[Theme], extra: dict[str, tuple[str, ...]] | None = None,
                   ) -> dict[str, tuple[str, ...]]:
    """Every cue group a model uses: each theme's cues (as ``theme:NAME``) and the extras."""
    groups = {f"theme:{t.name}": t.cues for t in themes if t.cues}
    groups.update(extra or {})
    return groups


def load_acronyms(path: Path | None = None) -> dict[str, str]:
    """The curated acronyms (``[acronyms]``: ``UPW = "unpaid work"``), expanded before
    featurising alongside each text's own definitions."""
    path = path or THEMES_PATH
    table = _read(path).get("acronyms", {})
    if not isinstance(table, dict) or not all(
            isinstance(v, str) and v.strip() and k.strip() for k, v in table.items()):
        raise TaxonomyError(f"{path}: [acronyms]: each entry must map an acronym to its long "
                            "form (a non-empty string)")
    return {k.strip(): " ".join(v.split()) for k, v in table.items()}


def load_unthemed_examples(path: Path | None = None) -> tuple[str, ...]:
    """Example statements that belong to no theme (``unthemed_examples``)."""
    path = path or THEMES_PATH
    examples = _read(path).get("unthemed_examples", [])
    if not _strings(examples):
        raise TaxonomyError(f"{path}: 'unthemed_examples' must be a list of strings")
    return tuple(examples)


def theme_examples(themes: list[Theme], unthemed: tuple[str, ...] = (),
                   ) -> list[tuple[str, list[str]]]:
    """Each distinct example text with every theme that lists it (multi-label); the
    ``unthemed`` examples carry none."""
    labelled: dict[str, list[str]] = {text: [] for text in unthemed}
    for theme in themes:
        for text in theme.examples:
            labelled.setdefault(text, [])
            if theme.name not in labelled[text]:
                labelled[text].append(theme.name)
    return list(labelled.items())
