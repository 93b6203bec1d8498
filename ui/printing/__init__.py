"""Qt-side printing helpers: the A4 invoice PDF (QTextDocument + QPdfWriter)."""
