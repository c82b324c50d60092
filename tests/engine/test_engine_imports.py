"""The engine and the reference loader import nothing but the standard library (no Django).

The reference loader may also import the engine, whose rule-set types it builds; the engine
imports nothing of the project outside itself.
"""

import ast
import sys
from pathlib import Path

import reporting.engine
import reporting.reference

ENGINE = Path(reporting.engine.__file__).parent
REFERENCE = Path(reporting.reference.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_engine_imports_only_the_standard_library() -> None:
    modules = sorted(ENGINE.rglob("*.py"))
    assert len(modules) >= 5
    for module in modules:
        for name in imported_modules(module):
            top = name.split(".")[0]
            allowed = (
                top in sys.stdlib_module_names
                or top == "__future__"
                or name.startswith("reporting.engine")
            )
            assert allowed, f"{module.name} imports {name}"


def test_the_reference_loader_imports_only_the_standard_library_and_the_engine() -> None:
    modules = sorted(REFERENCE.rglob("*.py"))
    assert len(modules) >= 2
    for module in modules:
        for name in imported_modules(module):
            top = name.split(".")[0]
            allowed = (
                top in sys.stdlib_module_names
                or top == "__future__"
                or name.startswith("reporting.engine")
                or name.startswith("reporting.reference")
            )
            assert allowed, f"{module.name} imports {name}"
