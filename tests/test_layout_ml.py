"""Import direction of the scikit-learn half and the value types (AST check, no imports run).

- ``rolefit.ml`` never imports spaCy, ``rolefit.nlp``, ``rolefit.corpus``,
  ``rolefit.artifacts`` or ``rolefit.training`` (the training module joins them);
- ``rolefit.schema`` and ``rolefit.errors`` import nothing of rolefit's;
- only ``rolefit.training`` imports both ``rolefit.ml`` and ``rolefit.corpus``;
- no import cycle among rolefit's modules (module-level imports; deliberate lazy imports
  inside functions are allowed and ignored here).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "rolefit"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def rolefit_deps(name: str, *, top_level_only: bool = True) -> set[str]:
    deps = set()
    for imp in imports(MODULES[name], top_level_only=top_level_only):
        while imp and imp not in MODULES:
            imp = imp.rpartition(".")[0]
        if imp and imp != name and imp != "rolefit":
            deps.add(imp)
    return deps


def test_layout_ml_half_never_imports_spacy_nlp_corpus_artifacts_or_training():
    banned = ("spacy", "rolefit.nlp", "rolefit.corpus", "rolefit.artifacts", "rolefit.training")
    for name, path in MODULES.items():
        if name == "rolefit.ml" or name.startswith("rolefit.ml."):
            bad = {i for i in imports(path, top_level_only=False) if i.startswith(banned)}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_layout_schema_and_errors_import_nothing_of_rolefit():
    for name in ("rolefit.schema", "rolefit.errors", "rolefit._limits", "rolefit._version"):
        if name in MODULES:
            bad = {i for i in imports(MODULES[name], top_level_only=False) if i.startswith("rolefit")}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_layout_only_training_joins_corpus_and_ml():
    joiners = set()
    for name in MODULES:
        deps = rolefit_deps(name, top_level_only=False)
        uses = lambda pkg: any(d == pkg or d.startswith(pkg + ".") for d in deps)  # noqa: E731
        if uses("rolefit.ml") and uses("rolefit.corpus") and not name.startswith(("rolefit.ml", "rolefit.corpus")):
            joiners.add(name)
    assert joiners == {"rolefit.training"}


def test_layout_no_import_cycles():
    graph = {name: rolefit_deps(name) for name in MODULES}
    # a package's __init__ re-exporting its private modules is not a cycle with them
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not d.startswith(name + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(dep):] + [dep]))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
