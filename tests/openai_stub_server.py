"""A small OpenAI-compatible chat server for tests, on 127.0.0.1 at a free port.

Replies are scripted: queue ``Reply`` objects with ``push`` (served first, in order), or set a
``responder`` that builds a reply from each request body. Every request received is recorded,
so tests can check what the client actually sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer. Build with the helpers below rather than directly."""

    status: int = 200
    content: str | None = None
    tool_args: str | None = None
    refusal: str | None = None
    raw_body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    prompt_tokens: int = 11
    completion_tokens: int = 7


def json_content(payload: object, **kwargs: Any) -> Reply:
    """A message whose content is the JSON text of ``payload``."""
    return Reply(content=json.dumps(payload), **kwargs)


def text(content: str, **kwargs: Any) -> Reply:
    """A message with arbitrary text content (prose, code fences, malformed JSON)."""
    return Reply(content=content, **kwargs)


def tool_call(args: object, **kwargs: Any) -> Reply:
    """A tool call to the tool the request forced (or its first tool)."""
    return Reply(tool_args=json.dumps(args), **kwargs)


def refusal(message: str = "I'm sorry, I can't help with that.") -> Reply:
    """A structured-output refusal: ``content`` null and ``refusal`` set."""
    return Reply(refusal=message)


def rate_limited(retry_after_s: float = 0.1) -> Reply:
    """HTTP 429 with a ``retry-after`` header."""
    return Reply(
        status=429,
        raw_body=json.dumps({"error": {"message": "rate limited", "type": "rate_limit"}}),
        headers={"retry-after": f"{retry_after_s:g}"},
    )


def server_error(status: int = 500) -> Reply:
    return Reply(
        status=status, raw_body=json.dumps({"error": {"message": "boom", "type": "server"}})
    )


def slow(reply: Reply, delay_s: float) -> Reply:
    """``reply`` sent only after ``delay_s`` seconds (beyond the client's timeout)."""
    return Reply(
        status=reply.status,
        content=reply.content,
        tool_args=reply.tool_args,
        refusal=reply.refusal,
        raw_body=reply.raw_body,
        headers=dict(reply.headers),
        delay_s=delay_s,
    )


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def message_text(self, role: str) -> str:
        """All text of the messages with ``role``, joined."""
        parts: list[str] = []
        for message in self.messages:
            if message.get("role") != role:
                continue
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(str(block.get("text", "")) for block in content)
        return "\n".join(parts)


Responder = Callable[[dict[str, Any]], Reply]


class OpenAIStubServer:
    """Serves ``POST /v1/chat/completions``; use as a context manager."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder = responder
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -------------------------------------------------------------------------
    def push(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None:
            return self.responder(body)
        return server_error(500)

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        port = self._httpd.server_address[1]
        return f"http://127.0.0.1:{port}/v1"

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> OpenAIStubServer:
        self._stopping.clear()
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes slow replies so no handler outlives the test
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> OpenAIStubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request handling ------------------------------------------------------------------
    def _record(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(path, headers, body, time.monotonic()))


def _tool_name(body: dict[str, Any]) -> str:
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        return str(choice.get("function", {}).get("name", "tool"))
    if isinstance(choice, str) and choice not in ("auto", "none", "required"):
        return choice
    tools = body.get("tools") or []
    if tools:
        return str(tools[0].get("function", {}).get("name", "tool"))
    return "tool"


def completion_body(reply: Reply, request: dict[str, Any]) -> dict[str, Any]:
    """The ``chat.completion`` JSON the OpenAI API would send for ``reply``."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    finish = "stop"
    if reply.tool_args is not None:
        message["content"] = None
        message["tool_calls"] = [
            {
                "id": "call_stub_1",
                "type": "function",
                "function": {"name": _tool_name(request), "arguments": reply.tool_args},
            }
        ]
        finish = "tool_calls"
    if reply.refusal is not None:
        message["content"] = None
        message["refusal"] = reply.refusal
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": str(request.get("model", "stub-model")),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }


def _make_handler(server: OpenAIStubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return  # keep test output quiet

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_unparsed": raw.decode("utf-8", "replace")}
            server._record(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, json.dumps({"error": {"message": "not found"}}), {})
                return
            reply = server._next_reply(body)
            if reply.delay_s and server._stopping.wait(reply.delay_s):
                return
            payload = (
                reply.raw_body
                if reply.raw_body is not None
                else json.dumps(completion_body(reply, body))
            )
            self._send(reply.status, payload, reply.headers)

        def _send(self, status: int, payload: str, headers: dict[str, str]) -> None:
            data = payload.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout); nothing to do

    return Handler
