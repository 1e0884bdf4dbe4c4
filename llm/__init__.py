"""OpenAI-compatible LLM backend (optional): stronger extraction and verdicts.

Importing this package loads nothing heavy and touches no network; ``langchain_openai`` is
imported only when ``build_llm_stages`` builds a client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosscheck.config import LLMSettings, Settings
from llm.accounting import Accounting
from llm.cache import ResponseCache
from llm.client import identity_from, redact_url

if TYPE_CHECKING:
    from claims.base import ClaimExtractor
    from claims.llm_extractor import LLMClaimExtractor
    from llm.breaker import CircuitBreakerChat
    from verification.base import Verifier
    from verification.llm_verifier import LLMVerifier


@dataclass(frozen=True)
class LLMStages:
    """The LLM stages of one run and what they share."""

    extractor: LLMClaimExtractor
    verifier: LLMVerifier
    accounting: Accounting
    cache: ResponseCache
    describe: dict[str, str] = field(default_factory=dict)
    breaker: CircuitBreakerChat | None = None

    def notices(self) -> list[str]:
        """Warnings for the report: why the backend stopped being asked, if it did."""
        notice = self.breaker.notice() if self.breaker is not None else None
        return [notice] if notice else []


def describe(settings: Settings | LLMSettings) -> dict[str, str]:
    """The report's ``pipeline`` entries for the backend; never the API key."""
    llm = settings.llm if isinstance(settings, Settings) else settings
    out = {
        "backend": "openai",
        "llm_model": llm.model or "",
        "llm_base_url": redact_url(llm.base_url) if llm.base_url else "",
        "llm_structured_method": llm.structured_method,
        "llm_temperature": f"{llm.temperature:g}",
        "llm_api_key": "set" if llm.api_key is not None else "not set (local server)",
    }
    return out


def build_llm_stages(
    settings: Settings,
    offline_extractor: ClaimExtractor,
    offline_verifier: Verifier,
    data_dir: Path,
    *,
    http_client: Any | None = None,
    http_async_client: Any | None = None,
) -> LLMStages:
    """LLM extractor and verifier falling back to the given offline stages.

    Raises ``ConfigError`` when no base URL or model is configured.
    """
    from claims.llm_extractor import LLMClaimExtractor
    from llm.breaker import CircuitBreakerChat
    from llm.client import OpenAIStructuredChat, build_chat_model
    from verification.llm_verifier import LLMVerifier

    identity = identity_from(settings.llm)
    model = build_chat_model(
        settings.llm, http_client=http_client, http_async_client=http_async_client
    )
    chat = CircuitBreakerChat(
        OpenAIStructuredChat(model, identity), max_retries=settings.llm.max_retries
    )
    accounting = Accounting()
    cache = ResponseCache.in_data_dir(data_dir)
    return LLMStages(
        extractor=LLMClaimExtractor(chat, offline_extractor, cache=cache, accounting=accounting),
        verifier=LLMVerifier(chat, offline_verifier, cache=cache, accounting=accounting),
        accounting=accounting,
        cache=cache,
        describe=describe(settings),
        breaker=chat,
    )
