"""The rate-limited work queue every controller uses: de-duplication, one worker per key, backoff on failure.

Mirrors client-go's util/workqueue at Kubernetes v1.9.9: the queue (queue.go: Add, Get, Done
and the three collections that make them safe: the order, the dirty set, the processing set)
and the limiters DefaultControllerRateLimiter combines (default_rate_limiters.go): per key,
5 ms doubling on every failure up to 1000 s; overall, a token bucket of 10 per second holding
100.  The queue here is single-threaded and its clock is a number you pass in; the real one
blocks in Get and delays with a timer heap (delaying_queue.go), which is not replicated.

Run it:  k8s-reader replica kube-controller-manager/workqueue
prints a short demonstration: three Adds of one key, an Add while it is processed, the backoff
of a key that keeps failing, and 105 different keys failing at once.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

MIRRORS = {
    "Queue.add": "k8s.io/client-go/util/workqueue.(*Type).Add",
    "Queue.get": "k8s.io/client-go/util/workqueue.(*Type).Get",
    "Queue.done": "k8s.io/client-go/util/workqueue.(*Type).Done",
    "ItemExponentialFailureRateLimiter.when": "k8s.io/client-go/util/workqueue.(*ItemExponentialFailureRateLimiter).When",
    "default_controller_rate_limiter": "k8s.io/client-go/util/workqueue.DefaultControllerRateLimiter",
}


@dataclass
class Queue:
    queue: list[str] = field(default_factory=list)  # the order in which keys are handed out
    dirty: set[str] = field(default_factory=set)  # keys that need processing
    processing: set[str] = field(default_factory=set)  # keys a worker holds

    def add(self, item: str) -> None:
        # go: if q.dirty.has(item) {
        if item in self.dirty:
            return
        # go: q.dirty.insert(item)
        self.dirty.add(item)
        # go: if q.processing.has(item) {
        if item in self.processing:
            return
        # go: q.queue = append(q.queue, item)
        self.queue.append(item)

    def get(self) -> str | None:
        """The next key, or None where the real Get would block."""
        if not self.queue:
            return None
        # go: item, q.queue = q.queue[0], q.queue[1:]
        item = self.queue.pop(0)
        # go: q.processing.insert(item)
        self.processing.add(item)
        # go: q.dirty.delete(item)
        self.dirty.discard(item)
        return item

    def done(self, item: str) -> None:
        # go: q.processing.delete(item)
        self.processing.discard(item)
        # go: if q.dirty.has(item) {
        if item in self.dirty:
            self.queue.append(item)


@dataclass
class ItemExponentialFailureRateLimiter:
    base_delay: float  # seconds
    max_delay: float
    failures: dict[str, int] = field(default_factory=dict)

    def when(self, item: str, now: float = 0.0) -> float:
        # go: exp := r.failures[item]
        exp = self.failures.get(item, 0)
        self.failures[item] = exp + 1
        # go: backoff := float64(r.baseDelay.Nanoseconds()) * math.Pow(2, float64(exp))
        return min(self.base_delay * 2**exp, self.max_delay)

    def forget(self, item: str) -> None:
        self.failures.pop(item, None)


@dataclass
class BucketRateLimiter:
    """juju/ratelimit's Bucket as Take(1) uses it: full at the start, one token back every 1/rate s."""

    rate: float
    capacity: int
    available: float | None = None  # filled on first use
    last: float = 0.0

    def when(self, item: str, now: float = 0.0) -> float:
        if self.available is None:
            self.available, self.last = float(self.capacity), now
        self.available = min(self.capacity, self.available + (now - self.last) * self.rate)
        self.last = now
        self.available -= 1
        return 0.0 if self.available >= 0 else -self.available / self.rate

    def forget(self, item: str) -> None:
        pass  # the bucket is shared: nothing per key to forget


@dataclass
class MaxOfRateLimiter:
    limiters: tuple

    def when(self, item: str, now: float = 0.0) -> float:
        return max(limiter.when(item, now) for limiter in self.limiters)

    def forget(self, item: str) -> None:
        for limiter in self.limiters:
            limiter.forget(item)


def default_controller_rate_limiter() -> MaxOfRateLimiter:
    return MaxOfRateLimiter((
        # go: NewItemExponentialFailureRateLimiter(5*time.Millisecond, 1000*time.Second),
        ItemExponentialFailureRateLimiter(0.005, 1000.0),
        # go: &BucketRateLimiter{Bucket: ratelimit.NewBucketWithRate(float64(10), int64(100))},
        BucketRateLimiter(10.0, 100),
    ))  # fmt: skip


def main(argv: list[str]) -> int:
    if argv:
        print("usage: k8s-reader replica kube-controller-manager/workqueue   (no arguments: a demonstration)", file=sys.stderr)
        return 2
    q = Queue()
    for _ in range(3):
        q.add("default/web")
    print(f"Add x3 of one key -> queue {q.queue}")
    key = q.get()
    q.add(key)
    print(f"Get {key!r}, then Add while it is processed -> queue {q.queue}, dirty {sorted(q.dirty)}")
    q.done(key)
    print(f"Done -> queue {q.queue}: the key comes back once")
    limiter = default_controller_rate_limiter()
    delays = [limiter.when("default/broken") for _ in range(20)]
    print("one key failing 20 times, delays: " + ", ".join(_seconds(d) for d in delays))
    fresh = default_controller_rate_limiter()
    burst = [fresh.when(f"default/pod-{i}") for i in range(105)]
    print(f"105 keys failing at once: {sum(d == 0.005 for d in burst)} wait 5ms, then " + ", ".join(_seconds(d) for d in burst[100:]))
    return 0


def _seconds(value: float) -> str:
    return f"{value * 1000:g}ms" if value < 1 else f"{value:g}s"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
