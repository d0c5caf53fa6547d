"""Facts of the package's layout that a reader can rely on: no import cycles, the data model at the bottom."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Dateline modules ``path`` imports anywhere in it, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[:len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            found |= {target} if node.module else {f"{target}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {t if t in modules else t.rpartition(".")[0] for t in found} & modules - {name}


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join(path + [nxt])
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])


def test_the_data_model_is_the_ground_floor():
    assert graph()["generator.model"] <= {"generator.temporal.value"}


def reachable(start: str) -> set[str]:
    edges, seen, todo = graph(), set(), [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += edges.get(node, ())
    return seen


def test_the_build_knows_nothing_of_serve():
    """`dateline serve`'s reuse lives in live.py; the build and everything it imports never reach it."""
    assert reachable("generator.site").isdisjoint({"generator.live", "generator.serve"})


def test_the_analysis_cache_is_keyed_by_all_the_code_that_analyses():
    """Every module the pipeline reaches (cache.ANALYSIS_CODE is hashed into each entry's key), so an
    edit to any of them never serves analyses the old code made. Errors and worker plumbing make no
    output; events.py also holds the events phase (article_events, after the cache), which is what
    reaches content (and its file memo), config, markup, overrides, timeline (and its postings), rank
    (its ranking type) and entries (a live entry's time; its blanked stamps are in the plain text that
    keys the cache)."""
    from generator.cache import ANALYSIS_CODE
    reached = {m.removeprefix("generator.").replace(".", "/") for m in reachable("generator.nlp")}
    files = {m + ".py" if (PACKAGE / f"{m}.py").is_file() else m + "/__init__.py" for m in reached}
    events_phase = {"content.py", "filememo.py", "config.py", "markup.py", "overrides.py", "timeline.py",
                    "postings.py", "rank.py", "entries.py"}
    assert files - set(ANALYSIS_CODE) - {"errors.py", "processes.py"} - events_phase == set()
