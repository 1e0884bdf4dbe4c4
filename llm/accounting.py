"""Tokens, calls, cache hits, failures and wall time per stage; cost before and after a run."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from crosscheck.config import LLMSettings, Settings
from crosscheck.models import Document
from llm.chunks import DEFAULT_CHUNK_CHARS

# Rough sizes for the before-run estimate; retrieval decides the real passage length.
EXPECTED_PASSAGE_CHARS = 700
EXPECTED_EXTRACT_OUT_RATIO = 0.35  # completion tokens per prompt token of article text
EXPECTED_VERIFY_OUT_TOKENS = 160
PROMPT_OVERHEAD_TOKENS = 450  # system prompt and formatting around the article text
_TIKTOKEN_ENCODING = "o200k_base"
_TIKTOKEN_URL = (
    f"https://openaipublic.blob.core.windows.net/encodings/{_TIKTOKEN_ENCODING}.tiktoken"
)


class StageUsage(BaseModel):
    """What one stage (``extract``, ``verify``) spent."""

    model_config = ConfigDict(frozen=True)

    calls: int = 0
    cache_hits: int = 0
    failures: int = 0
    fallbacks: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    wall_s: float = 0.0

    def plus(self, other: StageUsage) -> StageUsage:
        return StageUsage(
            calls=self.calls + other.calls,
            cache_hits=self.cache_hits + other.cache_hits,
            failures=self.failures + other.failures,
            fallbacks=self.fallbacks + other.fallbacks,
            tokens_in=self.tokens_in + other.tokens_in,
            tokens_out=self.tokens_out + other.tokens_out,
            wall_s=self.wall_s + other.wall_s,
        )


@dataclass
class _Counters:
    calls: int = 0
    cache_hits: int = 0
    failures: int = 0
    fallbacks: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    wall_s: float = 0.0

    def frozen(self) -> StageUsage:
        return StageUsage(**self.__dict__)


class Accounting:
    """Thread-safe counters; stages may run requests from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stages: dict[str, _Counters] = {}

    def _stage(self, stage: str) -> _Counters:
        return self._stages.setdefault(stage, _Counters())

    def record_call(
        self, stage: str, *, tokens_in: int, tokens_out: int, wall_s: float, failed: bool = False
    ) -> None:
        """One request sent to the server (answered or not)."""
        with self._lock:
            counters = self._stage(stage)
            counters.calls += 1
            counters.tokens_in += tokens_in
            counters.tokens_out += tokens_out
            counters.wall_s += wall_s
            counters.failures += int(failed)

    def record_failure(self, stage: str) -> None:
        """A reply that arrived but could not be used (counted on top of its call)."""
        with self._lock:
            self._stage(stage).failures += 1

    def record_cache_hit(self, stage: str) -> None:
        with self._lock:
            self._stage(stage).cache_hits += 1

    def record_fallback(self, stage: str) -> None:
        """An item (document, claim) that went to the offline stage instead."""
        with self._lock:
            self._stage(stage).fallbacks += 1

    def stage(self, stage: str) -> StageUsage:
        with self._lock:
            return self._stages.get(stage, _Counters()).frozen()

    def snapshot(self) -> dict[str, StageUsage]:
        with self._lock:
            return {name: counters.frozen() for name, counters in self._stages.items()}

    def total(self) -> StageUsage:
        total = StageUsage()
        for usage in self.snapshot().values():
            total = total.plus(usage)
        return total

    def cost(self, settings: LLMSettings | Settings) -> float | None:
        total = self.total()
        return estimate_cost(total.tokens_in, total.tokens_out, settings)

    def summary(self, settings: LLMSettings | Settings | None = None) -> dict[str, str]:
        """Flat strings for a report's ``pipeline`` entry."""
        out: dict[str, str] = {}
        for name, usage in sorted(self.snapshot().items()):
            out[f"llm_{name}"] = (
                f"calls={usage.calls} cache_hits={usage.cache_hits} failures={usage.failures} "
                f"fallbacks={usage.fallbacks} tokens_in={usage.tokens_in} "
                f"tokens_out={usage.tokens_out} wall_s={usage.wall_s:.2f}"
            )
        if settings is not None:
            cost = self.cost(settings)
            if cost is not None:
                out["llm_cost_usd"] = f"{cost:.4f}"
        return out


def _llm(settings: LLMSettings | Settings) -> LLMSettings:
    return settings.llm if isinstance(settings, Settings) else settings


def estimate_cost(
    n_prompt_tokens: int, n_completion_tokens: int, settings: LLMSettings | Settings
) -> float | None:
    """Cost in the prices' currency, or ``None`` unless both prices are configured."""
    llm = _llm(settings)
    if llm.price_in_per_mtok is None or llm.price_out_per_mtok is None:
        return None
    return (
        n_prompt_tokens * llm.price_in_per_mtok + n_completion_tokens * llm.price_out_per_mtok
    ) / 1_000_000


@dataclass(frozen=True)
class TokenCounter:
    """How prompt sizes are counted: exactly with tiktoken, or roughly as chars/4."""

    method: str
    exact: bool
    count: Callable[[str], int]


def _tiktoken_cache_file() -> str | None:
    """Where tiktoken would find its encoding file offline, if it is there.

    tiktoken downloads the file on first use; we must never trigger that, so we look for
    its cache file (named by the SHA-1 of the URL, as ``tiktoken.load`` does) first.
    """
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        cache_dir = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    if not cache_dir:
        return None
    path = os.path.join(cache_dir, hashlib.sha1(_TIKTOKEN_URL.encode()).hexdigest())
    return path if os.path.isfile(path) else None


def _rough_count(text: str) -> int:
    return (len(text) + 3) // 4


@lru_cache(maxsize=1)
def token_counter() -> TokenCounter:
    """tiktoken when its encoding file is already on disk, else chars/4."""
    if _tiktoken_cache_file() is not None:
        try:
            import tiktoken

            encoding = tiktoken.get_encoding(_TIKTOKEN_ENCODING)
        except Exception:  # any tiktoken trouble means the rough count, never a crash
            encoding = None
        if encoding is not None:
            return TokenCounter(
                method=f"tiktoken:{_TIKTOKEN_ENCODING}",
                exact=True,
                count=lambda text: len(encoding.encode(text, disallowed_special=())),
            )
    return TokenCounter(
        method="chars/4 (tiktoken encoding not available offline)",
        exact=False,
        count=_rough_count,
    )


class RunEstimate(BaseModel):
    """A rough before-run estimate of calls, tokens and cost (no cache hits assumed)."""

    model_config = ConfigDict(frozen=True)

    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    token_method: str
    note: str


def estimate_run(
    documents: Sequence[Document], claims_count: int, settings: Settings
) -> RunEstimate:
    """Extraction: one call per chunk of each article. Verification: one per claim with
    ``top_k`` passages of about ``EXPECTED_PASSAGE_CHARS`` each."""
    counter = token_counter()
    prompt = 0
    completion = 0
    calls = 0
    for document in documents:
        chunks = max(1, -(-len(document.text) // DEFAULT_CHUNK_CHARS))
        article_tokens = counter.count(document.text)
        calls += chunks
        prompt += article_tokens + chunks * PROMPT_OVERHEAD_TOKENS
        completion += int(article_tokens * EXPECTED_EXTRACT_OUT_RATIO)
    passage_tokens = EXPECTED_PASSAGE_CHARS // 4  # unknown text: English averages ~4 chars
    calls += claims_count
    prompt += claims_count * (PROMPT_OVERHEAD_TOKENS + settings.top_k * passage_tokens + 40)
    completion += claims_count * EXPECTED_VERIFY_OUT_TOKENS
    note = (
        f"tokens counted with {counter.method}; passages assumed ~{EXPECTED_PASSAGE_CHARS} chars; "
        "cached answers cost nothing"
    )
    return RunEstimate(
        calls=calls,
        prompt_tokens=prompt,
        completion_tokens=completion,
        cost=estimate_cost(prompt, completion, settings),
        token_method=counter.method,
        note=note,
    )
