"""Issue 15: SQL lives in store modules, one per aggregate; services and screens ask them.

A statement (``.execute``/``.executemany``/``.executescript``, a sqlite-utils table write such as
``db["t"].insert``) or an SQL text may appear in ``kiosk/`` only in:
- ``kiosk/storage/``: the dialect-neutral layer itself, the schema revisions, the outbox;
- a store module: ``store.py`` in a package (``kiosk/payment/store.py`` is the model), or
  ``<aggregate>_store.py`` where one package or ``kiosk/`` itself holds several aggregates.
``ui/`` holds none at all (tests/test_ui_boundaries.py).

Run as a script with folders or files to list what is still outside a store:
``python tests/test_storage_boundaries.py kiosk/wheelchair``.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATEMENT_CALLS = {"execute", "executemany", "executescript"}
TABLE_WRITES = {"insert", "insert_all", "upsert", "upsert_all", "update", "delete", "delete_where", "rows_where"}
SQL_STARTS = ("SELECT ", "INSERT INTO", "INSERT OR", "UPDATE ", "DELETE FROM", "CREATE TABLE", "CREATE INDEX",
              "ALTER TABLE", "PRAGMA ")

def is_store(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path.startswith("kiosk/storage/") or name == "store.py" or name.endswith("_store.py")


def statements_in(path: Path) -> list[str]:
    """Each place in one module that talks SQL, as ``path:line: what``."""
    relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr = node.func.attr
            if attr in STATEMENT_CALLS or (attr in TABLE_WRITES and isinstance(node.func.value, ast.Subscript)):
                found.append(f"{relative}:{node.lineno}: .{attr}(...)")
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and node.value.lstrip().upper().startswith(SQL_STARTS)):
            found.append(f"{relative}:{node.lineno}: {node.value.strip()[:48]!r}")
    return found


def modules(*places: str) -> list[Path]:
    paths = []
    for place in places or ("kiosk",):
        target = ROOT / place
        paths += [target] if target.is_file() else sorted(target.rglob("*.py"))
    return [path for path in paths if not is_store(path.relative_to(ROOT).as_posix())]


def test_sql_only_in_store_modules():
    found = [line for path in modules() for line in statements_in(path)]
    assert found == [], "SQL outside a store module (kiosk/<package>/store.py or *_store.py):\n" + "\n".join(found)


def test_the_check_finds_statements_and_sql_texts(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('def f(db, rows):\n    db.execute("SELECT 1")\n    db["t"].insert({})\n'
                      '    rows.insert(0, "x")\n    q = "update t set a = 1"\n', encoding="utf-8")
    assert sorted(statements_in(sample)) == ["sample.py:2: 'SELECT 1'", "sample.py:2: .execute(...)",
                                             "sample.py:3: .insert(...)", "sample.py:5: 'update t set a = 1'"]


if __name__ == "__main__":
    lines = [line for path in modules(*sys.argv[1:]) for line in statements_in(path)]
    print("\n".join(lines) or "no SQL outside store modules")
    sys.exit(1 if lines else 0)
