"""The theme taxonomy read from ``themes.toml``: the one place themes are defined.

Kept as data so that a theme can be added by editing the file, labelling examples and
retraining, with no code change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

THEMES_PATH = Path(__file__).resolve().parent / "themes.toml"


class TaxonomyError(ValueError):
    """A themes file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Theme:
    """One theme: its tag, the definition labellers read, and short example statements."""

    name: str
    definition: str
    examples: tuple[str, ...] = field(default_factory=tuple)


def load_themes(path: Path | None = None) -> list[Theme]:
    """The themes in file order; raises :class:`TaxonomyError` naming the bad field."""
    path = path or THEMES_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read themes file ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: not valid TOML ({exc})") from exc
    tables = data.get("theme")
    if not isinstance(tables, list) or not tables:
        raise TaxonomyError(f"{path}: no [[theme]] tables")
    themes: list[Theme] = []
    for i, table in enumerate(tables, 1):
        name = table.get("name")
        definition = table.get("definition")
        examples = table.get("examples", [])
        if not isinstance(name, str) or not name.strip():
            raise TaxonomyError(f"{path}: theme {i}: 'name' must be a non-empty string")
        if not isinstance(definition, str) or not definition.strip():
            raise TaxonomyError(f"{path}: theme {name!r}: 'definition' must be a non-empty string")
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise TaxonomyError(f"{path}: theme {name!r}: 'examples' must be a list of strings")
        if any(t.name == name for t in themes):
            raise TaxonomyError(f"{path}: theme {name!r} is defined twice")
        themes.append(Theme(name.strip(), " ".join(definition.split()), tuple(examples)))
    return themes


def theme_examples(themes: list[Theme]) -> list[tuple[str, list[str]]]:
    """Each distinct example text with every theme that lists it (multi-label)."""
    labelled: dict[str, list[str]] = {}
    for theme in themes:
        for text in theme.examples:
            labelled.setdefault(text, [])
            if theme.name not in labelled[text]:
                labelled[text].append(theme.name)
    return list(labelled.items())
