"""Prometheus metrics (text format, via the maintained ``prometheus-client``).

One registry per application (not the client's global one), so that tests and several apps in
one process never share counters.  Labels are bounded sets: the route *template* (never a raw
path), the method, the status code, the category and the verdict.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from ..models import CATEGORIES

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self, queue_depth: Callable[[], float], in_flight: Callable[[], float],
                 restarts: Callable[[], float]) -> None:  # fmt: skip
        from prometheus_client import disable_created_metrics

        disable_created_metrics()  # the *_created series only double the scrape size
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "baomi_http_requests", "HTTP requests answered", ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "baomi_http_request_duration_seconds", "Time to answer a request", ["route"],
            buckets=LATENCY_BUCKETS, registry=r,
        )
        self.findings = Counter(
            "baomi_findings", "Findings reported, by category", ["category"], registry=r
        )
        for c in CATEGORIES:
            self.findings.labels(category=c)
        self.verdicts = Counter(
            "baomi_verdicts", "Documents checked, by verdict", ["verdict"], registry=r
        )
        for v in ("block", "review", "pass"):
            self.verdicts.labels(verdict=v)
        self.rejected = Counter(
            "baomi_rejected", "Requests turned away", ["reason"], registry=r
        )
        for reason in ("overloaded", "too_large", "timeout", "unauthorized"):
            self.rejected.labels(reason=reason)
        queue = Gauge("baomi_queue_depth", "Admitted jobs waiting for a free worker", registry=r)
        queue.set_function(queue_depth)
        busy = Gauge("baomi_jobs_in_flight", "Admitted jobs (waiting or running)", registry=r)
        busy.set_function(in_flight)
        self.workers = Gauge("baomi_workers", "Check processes in the pool", registry=r)
        restarted = Gauge("baomi_pool_restarts",
                          "Times the pool was restarted (a worker died or was killed)",
                          registry=r)  # fmt: skip
        restarted.set_function(restarts)

    def render(self) -> bytes:
        from prometheus_client import generate_latest

        return generate_latest(self.registry)
