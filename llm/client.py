"""The chat client: ChatOpenAI from settings, and one structured request at a time.

Every failure a server can produce (connection, timeout, rate limit after retries, HTTP
error, refusal, unparseable answer) comes out as ``BackendError`` so that stages can fall
back to the offline pipeline. Messages are built here, never from the exception text of
the HTTP stack, so the API key cannot leak through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, SecretStr

from crosscheck.config import LLMSettings, StructuredMethod
from crosscheck.errors import BackendError, BackendUnavailable, ConfigError
from llm.jsontext import parse_json_object

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

# Local servers (vLLM, Ollama, llama.cpp, LM Studio) ignore the key but the client wants one.
LOCAL_DUMMY_KEY = "not-needed"


class ChatIdentity(BaseModel):
    """What determines a server's answer besides the prompt (part of the cache key)."""

    model_config = ConfigDict(frozen=True)

    model: str
    base_url: str
    method: StructuredMethod

    @property
    def backend(self) -> str:
        return f"openai:{self.model}"


class Prompt(BaseModel):
    """A system and a user message."""

    model_config = ConfigDict(frozen=True)

    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user},
        ]


class OutputSchema(BaseModel):
    """A JSON Schema the answer must follow, with the name the server sees."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    json_schema: dict[str, Any]

    def as_tool_schema(self) -> dict[str, Any]:
        """The shape ``with_structured_output`` accepts for all three methods."""
        return {"title": self.name, "description": self.description, **self.json_schema}

    @classmethod
    def from_model(cls, model: type[BaseModel], name: str, description: str) -> OutputSchema:
        schema = model.model_json_schema()
        schema.pop("title", None)
        schema.pop("description", None)
        return cls(name=name, description=description, json_schema=schema)


class ChatReply(BaseModel):
    """A decoded answer and the token usage the server reported."""

    model_config = ConfigDict(frozen=True)

    data: dict[str, Any]
    tokens_in: int = 0
    tokens_out: int = 0


class StructuredChat(Protocol):
    """Sends one prompt and returns the JSON object answer; raises ``BackendError``."""

    @property
    def identity(self) -> ChatIdentity: ...

    def complete(self, prompt: Prompt, schema: OutputSchema) -> ChatReply: ...


def redact_url(url: str) -> str:
    """``url`` without user info (``https://user:pass@host`` carries credentials)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def identity_from(settings: LLMSettings) -> ChatIdentity:
    if not settings.configured:
        raise ConfigError("the openai backend needs an LLM base URL and model name")
    return ChatIdentity(
        model=str(settings.model),
        base_url=str(settings.base_url),
        method=settings.structured_method,
    )


def build_chat_model(
    settings: LLMSettings,
    *,
    http_client: Any | None = None,
    http_async_client: Any | None = None,
) -> BaseChatModel:
    """ChatOpenAI for ``settings``; the HTTP clients are injectable for tests and proxies."""
    from langchain_openai import ChatOpenAI  # heavy import, only when the backend is used

    identity = identity_from(settings)
    api_key = settings.api_key or SecretStr(LOCAL_DUMMY_KEY)
    return ChatOpenAI(
        model=identity.model,
        base_url=identity.base_url,
        api_key=api_key,
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        # Retries happen in llm.breaker (Retry-After capped, counted by the breaker).
        max_retries=0,
        http_client=http_client,
        http_async_client=http_async_client,
        # Local servers speak Chat Completions; never switch to the Responses API.
        use_responses_api=False,
    )


@dataclass(frozen=True)
class _Raw:
    parsed: object
    content: str
    refusal: str | None
    tokens_in: int
    tokens_out: int


class OpenAIStructuredChat:
    """``StructuredChat`` over a LangChain chat model with the configured structured method.

    When the server ignores the schema (no tool call, prose around the JSON) the plain text
    is parsed instead.
    """

    def __init__(self, model: BaseChatModel, identity: ChatIdentity) -> None:
        self._model = model
        self._identity = identity
        self._runnables: dict[str, Any] = {}

    @property
    def identity(self) -> ChatIdentity:
        return self._identity

    def complete(self, prompt: Prompt, schema: OutputSchema) -> ChatReply:
        raw = self._invoke(prompt, schema)
        if raw.refusal:
            raise BackendError("model refused to answer")
        # Tool-call arguments arrive as strict JSON. Content is parsed here rather than by
        # LangChain's parser, which completes truncated JSON and would accept half an answer.
        if self._identity.method == "function_calling" and isinstance(raw.parsed, dict):
            data: dict[str, Any] = raw.parsed
        else:
            data = parse_json_object(raw.content)
        return ChatReply(data=data, tokens_in=raw.tokens_in, tokens_out=raw.tokens_out)

    def _invoke(self, prompt: Prompt, schema: OutputSchema) -> _Raw:
        runnable = self._runnables.get(schema.name)
        if runnable is None:
            runnable = self._model.with_structured_output(
                schema.as_tool_schema(), method=self._identity.method, include_raw=True
            )
            self._runnables[schema.name] = runnable
        try:
            out: Any = runnable.invoke(prompt.messages())
        except Exception as exc:  # every transport or parsing error means "fall back"
            # No chained cause: the HTTP stack's exceptions carry the request and its headers.
            raise failure_error(exc) from None
        message: BaseMessage = out["raw"]
        usage = getattr(message, "usage_metadata", None) or {}
        refusal = message.additional_kwargs.get("refusal")
        return _Raw(
            parsed=out.get("parsed"),
            content=_text_of(message.content),
            refusal=str(refusal) if refusal else None,
            tokens_in=int(usage.get("input_tokens", 0) or 0),
            tokens_out=int(usage.get("output_tokens", 0) or 0),
        )


def _text_of(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [
            block if isinstance(block, str) else str(block.get("text", ""))
            for block in content
            if isinstance(block, str | dict)
        ]
        return "".join(parts)
    return ""


def failure_error(exc: BaseException) -> BackendError:
    """The project's error for a failed request: ``BackendUnavailable`` when the backend
    did not answer (so the circuit breaker counts it), else ``BackendError``."""
    import openai

    message = describe_failure(exc)
    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError):
        return BackendUnavailable(message)
    if isinstance(exc, openai.RateLimitError) or (
        isinstance(exc, openai.APIStatusError) and exc.status_code >= 500
    ):
        return BackendUnavailable(message, retryable=True, retry_after_s=_retry_after(exc))
    return BackendError(message)


def _retry_after(exc: Any) -> float | None:
    """Seconds the server asked to wait (``retry-after-ms``, ``retry-after``), if any."""
    from email.utils import parsedate_to_datetime

    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            import time

            return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, OverflowError):
        return None


def describe_failure(exc: BaseException) -> str:
    """A short, key-free reason for a failed request (the chain is cut by the caller)."""
    import openai  # only reached after a request, when the backend is in use

    if isinstance(exc, openai.APITimeoutError):
        return "request timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect to the LLM server"
    if isinstance(exc, openai.RateLimitError):
        return "rate limited (HTTP 429)"
    if isinstance(exc, openai.AuthenticationError):
        return "authentication failed (HTTP 401): check the API key"
    if isinstance(exc, openai.APIStatusError):
        return f"LLM server error (HTTP {exc.status_code})"
    if isinstance(exc, openai.LengthFinishReasonError):
        return "answer cut off at the token limit"
    return f"LLM request failed ({type(exc).__name__})"
