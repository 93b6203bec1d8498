"""Which face search the kiosk may run, given how many people are enrolled.

False identification grows with the gallery. The model (an upper bound, documented in the README):
an impostor is falsely identified only if at least one of the N people searched lies within the
threshold of them. If a stranger passes for one given patient with probability q (the 1:1 false-match
rate, FMR, at the kiosk's threshold), then by the union bound

    FPIR(N) ≤ 1 − (1 − q)^N   (≈ N·q while small)

whatever the margin rule adds (it can only void votes). q is the 95 % *upper* bound of the FMR
measured over stranger–patient pairs (``onevisit faces evaluate``), not the point estimate. The
largest gallery for open 1:N search is the largest N with that bound ≤ 0.3 %; the same limit caps the
candidates a second factor may leave. Why not the FPIR measured at one gallery size, scaled? The
margin rule protects more in a large gallery (a look-alike runner-up voids the vote) than in a small
one, so scaling it down to small N would understate the risk.

Modes:
- ``open``: 1:N search over everyone (the gallery is small enough);
- ``second_factor``: birth month+day or the phone's last 4 digits first, then 1:few among the
  matching patients (each such set must itself be small enough);
- ``verify``: the patient is already known (pay-later confirmation, ID card on the reader): 1:1.
"""
from __future__ import annotations

import enum
import math
from dataclasses import dataclass

TARGET_FPIR = 0.003


class SearchMode(str, enum.Enum):
    OPEN = "open"
    SECOND_FACTOR = "second_factor"
    VERIFY = "verify"


def fpir_bound(q: float, people: int) -> float:
    """The model's upper bound on FPIR with ``people`` searched, given the 1:1 rate q."""
    return 1.0 - (1.0 - q) ** people


def open_search_limit(q: float, target: float = TARGET_FPIR) -> int:
    """The largest number of enrolled people for which FPIR(N) ≤ target under the model."""
    if q <= 0.0:
        return 10_000_000
    if q >= 1.0:
        return 0
    return int(math.floor(math.log1p(-target) / math.log1p(-q) + 1e-9))


@dataclass(frozen=True)
class FacePolicy:
    """The limit in force (people) and the mode for a situation."""

    open_search_max: int

    def mode(self, enrolled_people: int, known_patient: bool = False) -> SearchMode:
        if known_patient:
            return SearchMode.VERIFY
        if enrolled_people <= self.open_search_max:
            return SearchMode.OPEN
        return SearchMode.SECOND_FACTOR

    def narrowed_enough(self, candidates: int) -> bool:
        """A second factor left few enough patients to search among them safely."""
        return 0 < candidates <= self.open_search_max
