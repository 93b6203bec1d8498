"""The A4 invoice as PDF bytes, laid out by Qt (QTextDocument) and written by QPdfWriter.

``invoice_pdf(invoice)`` is what the payment flow calls (then ``PrintService.print_document``);
``html_to_pdf(html, images)`` is the general form. Needs a QGuiApplication (the kiosk has one; a script
gets one made here). Safe on a worker thread: QTextDocument and QPdfWriter do not touch widgets.
Chinese text uses Droid Sans Fallback (fonts-droid-fallback; see ``kiosk.printing.invoice.INVOICE_FONT``
for why not Noto CJK); without it Qt would draw boxes or pick a font whose text layer reads back wrong.
"""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from kiosk.printing.invoice import INVOICE_FONT, VERIFY_QR_NAME, Invoice, invoice_html, verification_qr_png

CJK_FAMILY = INVOICE_FONT
PDF_DPI = 300
MARGIN_MM = 15.0


class CjkFontMissing(RuntimeError):
    """Qt has no Chinese font; the invoice would print boxes."""


def invoice_pdf(invoice: Invoice) -> bytes:
    images = {VERIFY_QR_NAME: verification_qr_png(invoice)} if invoice.verification_url else {}
    return html_to_pdf(invoice_html(invoice), images,
                       title=f"Invoice {invoice.invoice_number}")


def html_to_pdf(html: str, images: dict[str, bytes] | None = None, title: str = "") -> bytes:
    """Lay out ``html`` on A4 and return the PDF; ``images`` maps names used in ``<img src>`` to PNG bytes."""
    if QGuiApplication.instance() is None:
        _application.append(QGuiApplication([]))
    if CJK_FAMILY not in QFontDatabase.families():
        raise CjkFontMissing(f"Qt cannot find the font '{CJK_FAMILY}': install it with "
                             "`apt-get install fonts-droid-fallback` (make setup does)")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setDefaultFont(QFont(CJK_FAMILY, 10))
    for name, png in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(png, "PNG"))
    document.setHtml(html)
    painter = QPainter(writer)
    try:
        page = writer.pageLayout().paintRectPixels(PDF_DPI)
        # Lay out at 96 dpi-like logical size, then scale to the writer's resolution.
        scale = PDF_DPI / 96.0
        document.setPageSize(QSizeF(page.width() / scale, page.height() / scale))
        painter.scale(scale, scale)
        document.drawContents(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


_application: list[QGuiApplication] = []
