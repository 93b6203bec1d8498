"""Issue 18: screens get their journey controller, not the window's other screens.

No module outside the shell looks up another screen with ``window.screens[...]`` or imports
``ui.main_window`` at run time (a ``TYPE_CHECKING`` import for the annotation is allowed). Every journey
reaches its screens through its controller (payment, identify, check-in, wheelchair, maintenance), and
scenes through the controllers or the screen now shown.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHELL = {"ui/main_window.py", "ui/screenshots.py", "ui/app.py"}


def _modules() -> dict[str, ast.Module]:
    return {str(path.relative_to(ROOT)): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / "ui").rglob("*.py")) if str(path.relative_to(ROOT)) not in SHELL}


def _looks_up_screens(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
               and node.value.attr == "screens" for node in ast.walk(tree))


def _runtime_imports_of_the_window(tree: ast.Module) -> list[int]:
    type_checking = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_checking |= {id(inner) for inner in ast.walk(node)}
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in type_checking
            and ("ui.main_window" == getattr(node, "module", None)
                 or any(alias.name == "ui.main_window" for alias in node.names))]


def test_no_screen_lookups_outside_the_shell():
    reaching = sorted(name for name, tree in _modules().items() if _looks_up_screens(tree))
    assert reaching == [], "window.screens[...] look-ups: use the journey controller"


def test_the_pay_screens_get_their_controller_not_other_screens():
    modules = _modules()
    for name in ("bill_screen", "qr_screen", "code_screen", "later_screen", "done_screen", "journey"):
        assert not _looks_up_screens(modules[f"ui/payment/{name}.py"]), name


def test_nothing_outside_the_shell_imports_the_window_at_run_time():
    found = {name: lines for name, tree in _modules().items() if (lines := _runtime_imports_of_the_window(tree))}
    assert found == {}


SQL = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")


def test_no_sql_in_the_ui():
    """Issue 15: SQL lives in kiosk/ (store modules); screens ask services, never the database."""
    found = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "executemany", "executescript")):
                found.append(f"{name}:{node.lineno}: .{node.func.attr}(...)")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.lstrip().upper().startswith(SQL):
                found.append(f"{name}:{node.lineno}: {node.value[:40]!r}")
    assert found == []


def test_no_database_handle_in_the_ui():
    """Issue 15: screens ask services (``services.database_outage``), never ``services.db`` itself."""
    found = [f"{name}:{node.lineno}" for name, tree in _modules().items() for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr in ("db", "_db")]
    assert found == []
