"""Nothing outside kiosk/his/ reads or writes the hospital's tables: every hospital interaction goes
through the HIS port (and e-invoices through the billing port), so a FHIR hospital can stand behind it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOSPITAL_TABLES = ("patients", "appointments", "charges", "departments", "doctors", "doctor_sessions",
                   "registrations", "his_patient_messages", "demo_seed_days", "e_invoices", "e_invoice_reversals")
SQL_USE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(" + "|".join(HOSPITAL_TABLES) + r")\b", re.IGNORECASE)
SCHEMA = ROOT / "kiosk" / "storage" / "revisions"  # the schema itself


def hospital_table_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: SQL on {m}" for m in SQL_USE.findall(node.value)]
        if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
                and node.slice.value in HOSPITAL_TABLES):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: table {node.slice.value}")
    return found


def modules_outside_his() -> list[Path]:
    paths = [p for folder in ("kiosk", "ui", "devices") for p in (ROOT / folder).rglob("*.py")]
    return [p for p in paths if (ROOT / "kiosk" / "his") not in p.parents and SCHEMA not in p.parents]


def test_no_module_outside_kiosk_his_touches_the_hospital_tables():
    uses = [use for path in modules_outside_his() for use in hospital_table_uses(path)]
    assert uses == []


def test_the_check_finds_what_it_looks_for():
    his = ROOT / "kiosk" / "his"  # the demo hospital's stores do touch them, legitimately
    assert any("charges" in use for use in hospital_table_uses(his / "demo_billing_store.py"))
    assert any("patients" in use for use in hospital_table_uses(his / "demo_store.py"))
    assert any("table doctor_sessions" in use for use in hospital_table_uses(his / "demo_schedule_store.py"))
