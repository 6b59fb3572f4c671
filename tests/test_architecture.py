"""The import direction of the package, checked on the source (see ARCHITECTURE.md).

Every ``import`` statement in ``src/rolefit`` is read with :mod:`ast` (function-level and lazy
imports included, ``if TYPE_CHECKING:`` blocks excluded, since they never run) and folded
into a graph between *parts*: a top-level module (``rolefit.scorer``) or a subpackage
(``rolefit.nlp``). The tests then state the architecture:

- no import cycles between parts;
- each part imports only parts of a lower layer (or its own layer where stated);
- the scikit-learn half (``rolefit.ml``) never imports spaCy, and the spaCy half
  (``rolefit.nlp``) never imports scikit-learn;
- the foundations (``errors``, ``schema``, ``_limits``, ``_gc``, ``_lazy``, ``_version``) import nothing of rolefit's.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "rolefit"

#: Layers, lowest first. A part may import parts of lower layers only, except where
#: ``SAME_LAYER`` allows an import inside its own layer. One home for the architecture
#: diagram in ARCHITECTURE.md.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"_version", "_limits", "_gc", "_lazy", "errors", "schema"}),
    frozenset({"_io", "data", "taxonomy"}),
    frozenset({"readers", "nlp", "ml", "corpus", "artifacts", "decision_log"}),
    frozenset({"labels", "ood"}),
    frozenset({"training", "scorer"}),
    frozenset({"explain", "postings", "batch"}),
    frozenset({"report"}),
    frozenset({"cli", "__init__", "__main__"}),
)
#: (importer, imported) pairs allowed inside one layer, each with its reason.
SAME_LAYER: dict[tuple[str, str], str] = {
    ("artifacts", "ml"): "a model directory stores the estimator the ML half builds",
    ("corpus", "readers"): "a corpus folder holds CV files read by the format registry",
    ("training", "scorer"): "the out-of-domain evaluation scores documents as users would, with the Scorer",
    ("taxonomy", "_io"): "the fingerprint hashes the extraction rule files with the one cached file hash",
    ("__main__", "cli"): "python -m rolefit runs the console script's command line",
}
#: The parts that may import the corpus code: training joins corpus + nlp + ml + artifacts.
CORPUS_IMPORTERS = frozenset({"training", "cli", "__init__"})
#: Third-party packages a part must never import.
FORBIDDEN_THIRD_PARTY: dict[str, frozenset[str]] = {
    "ml": frozenset({"spacy", "thinc"}),
    "nlp": frozenset({"sklearn"}),
    "schema": frozenset({"spacy", "sklearn", "pandas", "numpy"}),
    "errors": frozenset({"spacy", "sklearn", "pandas", "numpy"}),
}
#: Parts of the ML half that must not reach the corpus, spaCy or persistence code.
ML_MUST_NOT_IMPORT = frozenset({"nlp", "corpus", "artifacts", "training", "readers", "scorer"})


def _part(module: str) -> str | None:
    """``rolefit.nlp._context`` -> ``nlp``; ``rolefit`` -> ``__init__``; others -> None."""
    parts = module.split(".")
    if parts[0] != "rolefit":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    names = list(rel.parts)
    if names[-1] == "__init__":
        names.pop()
    return ".".join(names)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> list[tuple[str, int]]:
    """Absolute module names imported by one file, with line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # ``from rolefit import nlp`` imports the subpackage nlp; ``from rolefit import
            # __version__`` (or any other name) goes through the root package
            if target == "rolefit":
                found.extend(
                    (f"rolefit.{alias.name}" if (SRC / alias.name).is_dir() or (SRC / f"{alias.name}.py").is_file() else "rolefit.__init__", node.lineno)
                    for alias in node.names
                )
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@cache
def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[tuple[str, str], str]]:
    """(part -> rolefit parts imported, part -> third-party top-level names, edge -> where)."""
    internal: dict[str, set[str]] = defaultdict(set)
    external: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for path in sorted(SRC.rglob("*.py")):
        src = _part(_module_name(path))
        assert src is not None
        internal.setdefault(src, set())
        for target, line in _imports(path):
            dst = _part(target)
            if dst is None:
                external[src].add(target.split(".")[0])
            elif dst != src and target != "rolefit":  # the lazy root: names handled above
                internal[src].add(dst)
                where.setdefault((src, dst), f"{path.relative_to(SRC.parent)}:{line}")
    return internal, external, where


def _layer(part: str) -> int:
    for i, layer in enumerate(LAYERS):
        if part in layer:
            return i
    raise AssertionError(
        f"part {part!r} of src/rolefit is in no layer: add it to LAYERS in "
        "tests/test_architecture.py and to ARCHITECTURE.md"
    )


def test_architecture_every_part_has_a_layer() -> None:
    internal, _, _ = _graph()
    for part in internal:
        _layer(part)


def test_architecture_imports_run_down_the_layers() -> None:
    internal, _, where = _graph()
    wrong = []
    for src, targets in internal.items():
        for dst in targets:
            if src == "__init__":
                continue  # the lazy public surface may name anything
            ls, ld = _layer(src), _layer(dst)
            if ld < ls or (ld == ls and (src, dst) in SAME_LAYER):
                continue
            wrong.append(f"{src} -> {dst} ({where[(src, dst)]})")
    assert not wrong, "imports against the layering (see ARCHITECTURE.md):\n" + "\n".join(sorted(wrong))


def test_architecture_has_no_import_cycles() -> None:
    internal, _, where = _graph()
    graph = {k: {d for d in v if d != "__init__"} for k, v in internal.items() if k != "__init__"}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def dfs(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cyc = stack[stack.index(nxt):] + [nxt]
                cycles.append(" -> ".join(cyc) + f" (first edge at {where[(cyc[0], cyc[1])]})")
            elif nxt not in state:
                dfs(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            dfs(node)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("part", sorted(FORBIDDEN_THIRD_PARTY))
def test_architecture_third_party_boundaries(part: str) -> None:
    _, external, _ = _graph()
    bad = external.get(part, set()) & FORBIDDEN_THIRD_PARTY[part]
    assert not bad, f"rolefit.{part} imports {sorted(bad)}, which its half must never import"


def test_architecture_ml_half_stays_out_of_spacy_and_persistence() -> None:
    internal, _, where = _graph()
    bad = internal.get("ml", set()) & ML_MUST_NOT_IMPORT
    assert not bad, [f"ml -> {d} ({where[('ml', d)]})" for d in sorted(bad)]


@pytest.mark.parametrize("part", sorted(LAYERS[0]))
def test_architecture_foundations_import_nothing_of_rolefit(part: str) -> None:
    internal, _, where = _graph()
    bad = internal.get(part, set())
    assert not bad, [f"{part} -> {d} ({where[(part, d)]})" for d in sorted(bad)]


def test_architecture_every_subpackage_ships_in_the_wheel() -> None:
    """pyproject.toml lists packages explicitly (the model folder is mapped in as
    ``rolefit.models``): a new subpackage missing from that list would import from a
    checkout and be absent from an installed wheel."""
    import tomllib

    pyproject = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    present = {_module_name(p) for p in SRC.rglob("__init__.py") if "__pycache__" not in p.parts}
    assert present <= listed, f"add {sorted(present - listed)} to [tool.setuptools] packages"


def test_architecture_only_training_joins_the_corpus_and_the_models() -> None:
    internal, _, where = _graph()
    bad = [f"{src} -> corpus ({where[(src, 'corpus')]})" for src, dsts in internal.items()
           if "corpus" in dsts and src not in CORPUS_IMPORTERS]
    assert not bad, bad
