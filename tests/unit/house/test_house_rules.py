"""The house rules that keep the code readable, checked on the source itself.

The import contracts (pyproject.toml, run by lint-imports in CI) say which package may import
which; these tests cover what they cannot: module size, imports hidden in function bodies, and
cycles between single modules (a contract sees packages, a cycle can hide inside one).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "reader"
MAX_LINES = 400
APP_MAX_LINES = 200


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imported(name: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The reader modules an import statement loads."""
    if isinstance(node, ast.Import):
        targets = [a.name for a in node.names]
    else:
        base = node.module or ""
        if node.level:
            pkg = name.split(".") if _is_package(name) else name.split(".")[:-1]
            pkg = pkg[: len(pkg) - (node.level - 1)]
            base = ".".join(pkg + ([base] if base else []))
        targets = [base] + [f"{base}.{a.name}" for a in node.names]
    found = []
    for t in targets:
        while t and t not in MODULES:
            t = t.rpartition(".")[0]
        if t and t.startswith("reader"):
            found.append(t)
    return found


def _imports(name: str) -> list[tuple[ast.stmt, bool]]:
    """Every import statement of a module, and whether it sits in a function body."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    out: list[tuple[ast.stmt, bool]] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                out.append((child, in_function))
            walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    walk(tree, False)
    return out


def test_no_module_is_too_long():
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in MODULES.items()}
    assert {n: k for n, k in long.items() if k > MAX_LINES} == {}
    assert long["reader.ui.app"] < APP_MAX_LINES


def test_imports_inside_functions_say_why():
    """An import in a function body hides a dependency: it must say why it is there
    (start-up time, an optional library) in a comment on its line or the line above."""
    silent = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, in_function in _imports(name):
            if not in_function:
                continue
            here = lines[node.lineno - 1]
            above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
            end = lines[node.end_lineno - 1] if node.end_lineno else here
            if "#" not in here and "#" not in end and not above.startswith("#"):
                silent.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert silent == []


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {n: set() for n in MODULES}
    for name in MODULES:
        for node, _ in _imports(name):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            for target in _imported(name, node):
                # a submodule importing its own package's __init__ is how Python
                # loads it anyway, not a cycle of ours
                if target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith("reader.core")])
def test_the_core_imports_no_ui_library(name):
    for node, _ in _imports(name):
        roots = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        assert not any(r.split(".")[0] in ("textual", "rich") for r in roots), name
