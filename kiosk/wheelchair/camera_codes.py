"""Chair labels and rental slips read from camera frames with zxing-cpp (no Qt: the scan screen runs
this on the camera worker thread, one decode per newest frame).

zxing-cpp reads a 640×480 frame in a few milliseconds, also tilted and slightly blurred (FACTS: 59/60
at 15 % perspective, σ 1.2), so every frame the camera delivers can be tried. Only QR codes are
looked for, and not inverted ones: our labels are dark on light, and that halves the time spent on
the many frames that hold no code at all.
"""
from __future__ import annotations

import numpy as np
import zxingcpp

_QR_ONLY = zxingcpp.BarcodeFormat.QRCode


def read_code_in_frame(frame: np.ndarray, _monotonic_s: float = 0.0) -> str | None:
    """The text of the first QR code in a BGR (or grey) camera frame, or None when there is none.

    The signature fits the camera pipeline's ``analyse(frame, seconds)``; whether the text is a
    genuine label or slip is for ``WheelchairDesk`` to decide.
    """
    found = zxingcpp.read_barcodes(frame, formats=_QR_ONLY, try_invert=False)
    return found[0].text if found else None
