"""Prometheus metrics for ``GET /metrics``: requests and latency by endpoint and status, guard refusals by code,
database errors by code, and the connection pool's use (read when scraped). Each app has its own registry.

With ``--workers N`` every worker process counts its own requests; a scrape reaches one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ..errors import ExecutionError, GuardError

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
PoolStats = Callable[[], Mapping[str, int]]


class Metrics:
    def __init__(self, pool_stats: PoolStats | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("nl2sql_http_requests", "HTTP requests by endpoint and status",
                                ["endpoint", "status"], registry=self.registry)
        self.latency = Histogram("nl2sql_http_request_duration_seconds", "Time to answer, by endpoint and status",
                                 ["endpoint", "status"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.guard_refusals = Counter("nl2sql_guard_refusals", "Queries the guard refused, by error code",
                                      ["code"], registry=self.registry)
        self.database_errors = Counter("nl2sql_database_errors", "Database failures and refusals, by error code",
                                       ["code"], registry=self.registry)
        if pool_stats is not None:
            self.registry.register(_PoolCollector(pool_stats))

    def observe(self, endpoint: str, status: int, seconds: float) -> None:
        label = str(status)
        self.requests.labels(endpoint, label).inc()
        self.latency.labels(endpoint, label).observe(seconds)

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, GuardError):
            self.guard_refusals.labels(exc.code).inc()
        elif isinstance(exc, ExecutionError):
            self.database_errors.labels(exc.code).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _PoolCollector(Collector):
    GAUGES = (("pool_size", "nl2sql_pool_connections", "Connections the pool holds"),
              ("pool_available", "nl2sql_pool_available", "Idle connections in the pool"),
              ("requests_waiting", "nl2sql_pool_waiting", "Requests waiting for a connection"),
              ("pool_max", "nl2sql_pool_max", "Most connections the pool may open"))

    def __init__(self, stats: PoolStats) -> None:
        self.stats = stats

    def collect(self) -> Iterable[Metric]:
        values = self.stats()
        for key, name, text in self.GAUGES:
            yield GaugeMetricFamily(name, text, value=float(values.get(key, 0)))

    def describe(self) -> Iterable[Metric]:
        return [GaugeMetricFamily(name, text) for _, name, text in self.GAUGES]
