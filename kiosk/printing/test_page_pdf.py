"""A one-page A4 PDF for the document printer's test page, written by hand (no Qt in kiosk/).

Latin text in the PDF's built-in Helvetica, so any printer or CUPS filter can render it without fonts
from this machine: the page proves the queue, the paper path and the driver, not the CJK font.
"""
from __future__ import annotations

from datetime import datetime


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def test_page_pdf(hospital_name_en: str, kiosk_id: str, printer_url: str, at: datetime) -> bytes:
    lines = [
        (24, "OneVisit kiosk - A4 printer test page"),
        (14, hospital_name_en),
        (14, f"Kiosk {kiosk_id}, printer {printer_url}"),
        (14, f"Printed {at:%Y-%m-%d %H:%M} UTC"),
        (14, "If you can read this page, the A4 printer works."),
    ]
    text = ["BT", "/F1 24 Tf", "72 760 Td"]
    for index, (size, line) in enumerate(lines):
        if index:
            text.append(f"/F1 {size} Tf 0 -{size + 14} Td")
        text.append(f"({_escape(line.encode('latin-1', 'replace').decode('latin-1'))}) Tj")
    text.append("ET")
    text.append("72 700 m 523 700 l S")  # a rule: the printer draws lines as well as text
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
         b"/Contents 4 0 R >>"),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
