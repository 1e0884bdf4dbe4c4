"""One structured request with cache, accounting and answer validation around it."""

from __future__ import annotations

import time
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from crosscheck.errors import BackendError, BackendSwitchedOff
from llm.accounting import Accounting
from llm.cache import ReplyCache, cache_key
from llm.client import ChatReply, OutputSchema, Prompt, StructuredChat

AnswerT = TypeVar("AnswerT", bound=BaseModel)


def _validate(reply: ChatReply, answer_type: type[AnswerT]) -> AnswerT:
    try:
        return answer_type.model_validate(reply.data)
    except ValidationError as exc:
        # Field paths only: the values may quote article text at length.
        fields = sorted({".".join(str(p) for p in err["loc"]) for err in exc.errors()})
        raise BackendError(f"answer does not match the schema ({', '.join(fields)})") from None


def ask(
    chat: StructuredChat,
    prompt: Prompt,
    schema: OutputSchema,
    answer_type: type[AnswerT],
    *,
    stage: str,
    cache: ReplyCache | None,
    accounting: Accounting,
) -> AnswerT:
    """The validated answer to ``prompt``; raises ``BackendError`` (already counted)."""
    key = cache_key(chat.identity, prompt, schema) if cache is not None else None
    if cache is not None and key is not None:
        hit = cache.get(key)
        if hit is not None:
            try:
                answer = _validate(hit, answer_type)
            except BackendError:
                pass  # an entry from an older schema: ask again and overwrite it
            else:
                accounting.record_cache_hit(stage)
                return answer
    started = time.perf_counter()
    try:
        reply = chat.complete(prompt, schema)
    except BackendSwitchedOff:
        raise  # nothing was sent: not a call
    except BackendError:
        accounting.record_call(
            stage, tokens_in=0, tokens_out=0, wall_s=time.perf_counter() - started, failed=True
        )
        raise
    accounting.record_call(
        stage,
        tokens_in=reply.tokens_in,
        tokens_out=reply.tokens_out,
        wall_s=time.perf_counter() - started,
    )
    try:
        answer = _validate(reply, answer_type)
    except BackendError:
        accounting.record_failure(stage)
        raise
    if cache is not None and key is not None:
        cache.put(key, reply, model=chat.identity.model)
    return answer
