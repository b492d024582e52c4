"""The dependency order written in docs/DESIGN.md, checked against the imports in the code.

Reads every module's imports with ``ast`` (nothing is imported): a module may import only
modules listed before it in its package's order and packages listed before its own; ``webapp``
reaches other packages only through ``webapp.integrations``; an import inside a function is
deliberately lazy and says so in a comment containing "lazy".
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "docs" / "DESIGN.md"
ARROW = re.compile(r"\s*(?:→|->)\s*")


def design_order() -> tuple[list[str], dict[str, list[str]]]:
    """(package order, {package: module order}) from DESIGN.md's "Dependency order" block."""
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("## Dependency order", 1)[1]
    block = section.split("```", 2)[1]
    packages: list[str] = []
    modules: dict[str, list[str]] = {}
    for line in block.splitlines():
        if ":" not in line:
            continue
        name, chain = (part.strip() for part in line.split(":", 1))
        items = [item for item in ARROW.split(chain) if item]
        if name == "packages":
            packages = items
        else:
            modules[name] = items
    return packages, modules


PACKAGES, MODULES = design_order()
GATEWAY = {"webapp": "integrations"}  # the one module of the package that imports other packages


def _lazy_marked(lines: list[str], node: ast.stmt) -> bool:
    """Whether the import, or the comment/import lines right above it, say "lazy"."""
    if "lazy" in lines[node.lineno - 1]:
        return True
    for line in reversed(lines[:node.lineno - 1]):
        stripped = line.strip()
        if stripped.startswith("#"):
            if "lazy" in stripped:
                return True
            continue
        if (not stripped or stripped.startswith(("import ", "from ")) or stripped == ")"
                or stripped.endswith(",")):
            continue
        return False
    return False


def _imports(path: Path) -> list[tuple[str, int, bool, bool]]:
    """(imported module, line, inside a function, marked lazy) for each import in ``path``."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    out: list[tuple[str, int, bool, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only, never imported at run time
            if isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.Import):
                    names = [alias.name for alias in child.names]
                elif child.level == 0 and child.module:
                    names = [child.module]
                    if child.module in PACKAGES:  # from index import embeddings
                        names = [f"{child.module}.{alias.name}" for alias in child.names]
                else:
                    names = []
                lazy = in_function and _lazy_marked(lines, child)
                out.extend((name, child.lineno, in_function, lazy) for name in names)
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inner)

    visit(tree, False)
    return out


def _module_files(package: str) -> dict[str, Path]:
    return {path.stem: path for path in sorted((ROOT / package).glob("*.py"))}


def _split(name: str) -> tuple[str, str] | None:
    """``index.build`` -> ("index", "build"); a package alone -> (package, "__init__")."""
    parts = name.split(".")
    if parts[0] not in PACKAGES:
        return None
    module = parts[1] if len(parts) > 1 else "__init__"
    if module not in _module_files(parts[0]):  # index.search.X or a sub-attribute
        module = "__init__"
    return parts[0], module


def test_design_lists_every_package_and_module():
    assert PACKAGES == ["nlp", "models", "review", "index", "webapp", "actionplans"]
    for package in PACKAGES:
        listed = MODULES.get(package, [])
        assert len(listed) == len(set(listed)), f"{package}: a module listed twice"
        missing = sorted(set(_module_files(package)) - set(listed))
        assert not missing, (f"{package}: {missing} not in the dependency order in "
                             "docs/DESIGN.md; add each where it belongs")
        unknown = sorted(set(listed) - set(_module_files(package)))
        assert not unknown, f"docs/DESIGN.md lists {package} modules that do not exist: {unknown}"


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_follow_the_order(package):
    problems = []
    order = MODULES[package]
    for module, path in _module_files(package).items():
        for name, line, in_function, lazy in _imports(path):
            where = f"{package}/{module}.py:{line} imports {name}"
            if in_function and not lazy:
                problems.append(f"{where} inside a function without a '# lazy: why' comment")
            target = _split(name)
            if target is None:
                continue
            other, imported = target
            if other == package:
                if imported != module and order.index(imported) >= order.index(module):
                    problems.append(f"{where}: not below it in {package}'s order (a circle or "
                                    "an upward import)")
            elif PACKAGES.index(other) > PACKAGES.index(package):
                problems.append(f"{where}: {other} is a higher layer than {package}")
            elif package in GATEWAY and module != GATEWAY[package]:
                problems.append(f"{where}: {package} reaches other packages only through "
                                f"{package}.{GATEWAY[package]}")
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_circle_and_an_unmarked_lazy_import(tmp_path):
    """The reader sees function-level imports and their comments (so the test can fail)."""
    path = tmp_path / "m.py"
    path.write_text("import os\n\n\ndef f():\n    from index import build\n\n\n"
                    "def g():\n    # lazy: slow to import\n    import numpy\n")
    found = {name: (in_function, lazy) for name, _, in_function, lazy in _imports(path)}
    assert found == {"os": (False, False), "index.build": (True, False), "numpy": (True, True)}


def test_tests_take_helpers_from_helper_modules_not_conftests():
    offenders = [f"{path.relative_to(ROOT)}:{line} imports {name}"
                 for path in sorted((ROOT / "tests").rglob("*.py"))
                 for name, line, _, _ in _imports(path) if name.endswith("conftest")]
    assert not offenders, "\n".join(offenders)
