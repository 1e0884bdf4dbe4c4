"""Ray for batches that outgrow one process (``--ray local|auto|ADDRESS``).

Embedding and verification of large batches run as Ray tasks on actors, each holding its
own copy of the models (built once per actor from the same settings), so the results are
the very ones the single process computes. Small calls stay in the driver: a round trip
costs more than it saves. Without ``--ray`` none of this is imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from crosscheck.errors import ConfigError
from crosscheck.models import Claim, Document, ScoredPassage, Verdict
from retrieval.base import Embedder
from verification.base import Verifier, verify_all

# Texts per embedding task; calls with fewer than two tasks' worth stay local.
EMBED_CHUNK = 64
ACTOR_CPUS = 0.5


def connect(address: str, num_cpus: int | None = None) -> int:
    """Join (or start, for ``local``) a Ray cluster; the number of CPUs it offers."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("--ray needs the ray package: pip install 'ray>=2.40,<3'") from exc
    if not ray.is_initialized():
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        try:
            if address == "local":
                ray.init(num_cpus=num_cpus, **options)
            else:
                ray.init(address=address, **options)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ConfigError(f"cannot join the Ray cluster at {address!r}: {exc}") from exc
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


class _Holder:
    """A Ray actor's payload: one object built in the actor, methods called by name."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.obj = make()

    def call(self, method: str, *args: Any) -> Any:
        return getattr(self.obj, method)(*args)

    def verify_all(
        self, items: list[tuple[Claim, list[ScoredPassage]]], documents: Any = None
    ) -> list[Verdict]:
        verdicts = verify_all(self.obj, items, documents)
        # What the verifier keeps between runs (its judgements) is written once per batch.
        flush = getattr(self.obj, "flush", None)
        if flush is not None:
            flush()
        return verdicts


def _actors(make: Callable[[], Any], count: int) -> list[Any]:
    import ray

    # Half a CPU each: the embedding and the verifying pools fit side by side (a full CPU
    # each would leave the second pool waiting for the first's CPUs for ever).
    remote = ray.remote(num_cpus=ACTOR_CPUS)(_Holder)
    return [remote.remote(make) for _ in range(count)]  # type: ignore[attr-defined]


def _split(items: Sequence[Any], parts: int) -> list[list[Any]]:
    """Contiguous, nearly equal slices (order kept by concatenation)."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        if end > start:
            out.append(list(items[start:end]))
        start = end
    return out


class RayEmbedder:
    """An :class:`Embedder` whose large calls are split over actors holding the model."""

    def __init__(
        self, make: Callable[[], Embedder], actors: int, *, chunk: int = EMBED_CHUNK
    ) -> None:
        self._make = make
        self._count = max(1, actors)
        self._chunk = chunk
        self._local: Embedder | None = None
        self._pool: list[Any] | None = None
        self.name = self.local.name

    @property
    def local(self) -> Embedder:
        if self._local is None:
            self._local = self._make()
        return self._local

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if len(texts) < 2 * self._chunk:
            return self.local.embed(texts)
        import ray

        if self._pool is None:
            self._pool = _actors(self._make, self._count)
        chunks = [list(texts[i : i + self._chunk]) for i in range(0, len(texts), self._chunk)]
        futures = [
            self._pool[i % len(self._pool)].call.remote("embed", chunk)
            for i, chunk in enumerate(chunks)
        ]
        return [vector for part in ray.get(futures) for vector in part]


class RayVerifier:
    """A :class:`Verifier` whose batches (``verify_many``) are judged by actors."""

    def __init__(self, make: Callable[[], Verifier], name: str, actors: int) -> None:
        self._make = make
        self._count = max(1, actors)
        self._pool: list[Any] | None = None
        self._local: Verifier | None = None
        self.name = name  # the wrapped verifier's: same verdicts, same cache keys

    def context_key(self, documents: Mapping[str, Document]) -> str:
        """The wrapped verifier's part of a verdict cache key (the acronyms the corpus
        defines), read in the driver: keys and verdicts are those of a single process."""
        if self._local is None:
            self._local = self._make()  # models load lazily: reading acronyms loads none
        key = getattr(self._local, "context_key", None)
        return key(documents) if key is not None else ""

    def _actors(self) -> list[Any]:
        if self._pool is None:
            self._pool = _actors(self._make, self._count)
        return self._pool

    def verify(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document] | None = None,
    ) -> Verdict:
        return self.verify_many([(claim, passages)], documents)[0]

    def verify_many(
        self,
        items: Sequence[tuple[Claim, Sequence[ScoredPassage]]],
        documents: Mapping[str, Document] | None = None,
    ) -> list[Verdict]:
        if not items:
            return []
        import ray

        pool = self._actors()
        parts = _split([(c, list(p)) for c, p in items], min(len(pool), len(items)))
        # The articles go once per batch: passages are read in their setting, as in-process.
        docs = ray.put(dict(documents or {}))
        futures = [
            actor.verify_all.remote(part, docs) for actor, part in zip(pool, parts, strict=False)
        ]
        return [verdict for part in ray.get(futures) for verdict in part]
