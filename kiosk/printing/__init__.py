"""Printing: receipt layouts (plain data) to ESC/POS bytes and PNG previews, the invoice document model
and its HTML, and the print journal that makes every print an intent row before it is sent.

No Qt here: the invoice PDF is rendered in ``ui/printing/invoice_pdf.py``.
"""
