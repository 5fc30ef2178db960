"""Per-user token buckets: a user may sustain ``rate`` requests per second, with bursts up to ``burst``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class TokenBuckets:
    def __init__(self, rate_per_s: float, burst: int, *, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.max_keys, self.clock = rate_per_s, float(burst), max_keys, clock
        self._buckets: dict[Hashable, tuple[float, float]] = {}  # key -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, key: Hashable) -> float:
        """0 when ``key`` may go ahead (one token taken), else the seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                wait = 0.0
            else:
                self._buckets[key] = (tokens, now)
                wait = (1 - tokens) / self.rate
            if len(self._buckets) > self.max_keys:
                self._forget_full(now)
        return wait

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled completely holds nothing worth remembering.
        refill_s = self.burst / self.rate
        for key in [k for k, (_, when) in self._buckets.items() if now - when >= refill_s]:
            del self._buckets[key]


#: The current request's LLM-draft gate. The assistant calls its drafter deep inside ``ask``; the endpoint
#: sets this in the same worker thread so the drafter can charge the right user.
_DRAFT_GATE: ContextVar[Callable[[], None] | None] = ContextVar("nl2sql_draft_gate", default=None)


@contextmanager
def draft_gate(gate: Callable[[], None]) -> Iterator[None]:
    reset = _DRAFT_GATE.set(gate)
    try:
        yield
    finally:
        _DRAFT_GATE.reset(reset)


def charge_draft() -> None:
    """Called before every LLM draft; the gate raises when the user is over their draft rate."""
    gate = _DRAFT_GATE.get()
    if gate is not None:
        gate()
