"""Exact (Clopper–Pearson) 95 % bounds for an error rate counted over independent attempts.

``k`` errors in ``n`` attempts: the interval holds every rate p under which seeing k (or more extreme)
would not be a 2.5 % surprise on either side. Computed from the binomial distribution itself (sums of
terms in log space, then bisection), so no statistics package is needed and the bounds are exact.

With 0 errors the upper bound is 1 − 0.025^(1/n): 0 of 53 shows only ≤ 6.7 %; showing ≤ 0.3 % takes
1,228 error-free attempts (``attempts_needed``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

CONFIDENCE = 0.95
_TAIL = (1 - CONFIDENCE) / 2


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X ≤ k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 0.0
    if k >= n or p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
             for i in range(k + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def _solve(decreasing, target: float) -> float:
    """The p in [0, 1] where the decreasing function equals target (bisection to 1e-12)."""
    low, high = 0.0, 1.0
    for _ in range(100):
        middle = (low + high) / 2
        if decreasing(middle) > target:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


def upper_bound(k: int, n: int) -> float:
    if n <= 0:
        return 1.0
    if k >= n:
        return 1.0
    return _solve(lambda p: binomial_cdf(k, n, p), _TAIL)


def lower_bound(k: int, n: int) -> float:
    if n <= 0 or k <= 0:
        return 0.0
    return _solve(lambda p: binomial_cdf(k - 1, n, p), 1 - _TAIL)


@dataclass(frozen=True)
class Rate:
    """An error count with its exact 95 % interval."""

    errors: int
    attempts: int

    @property
    def value(self) -> float:
        return self.errors / self.attempts if self.attempts else 0.0

    @property
    def lower95(self) -> float:
        return lower_bound(self.errors, self.attempts)

    @property
    def upper95(self) -> float:
        return upper_bound(self.errors, self.attempts)

    def judge(self, target: float) -> str:
        """"shown" (upper bound ≤ target), "missed" (lower bound > target) or "not_enough" attempts."""
        if self.attempts and self.upper95 <= target:
            return "shown"
        if self.attempts and self.lower95 > target:
            return "missed"
        return "not_enough"

    def as_dict(self) -> dict:
        return {"errors": self.errors, "attempts": self.attempts, "rate": round(self.value, 5),
                "lower95": round(self.lower95, 5), "upper95": round(self.upper95, 5)}


def attempts_needed(target: float, errors: int = 0) -> int:
    """Attempts with ``errors`` errors whose upper bound first reaches ``target`` (0 < target < 1)."""
    if errors == 0:
        return math.ceil(math.log(_TAIL) / math.log1p(-target))
    n = errors + 1
    while upper_bound(errors, n) > target:  # doubling, then bisection on n
        n *= 2
    low = n // 2
    while low + 1 < n:
        middle = (low + n) // 2
        if upper_bound(errors, middle) <= target:
            n = middle
        else:
            low = middle
    return n
