"""OpenAI-compatible LLM backend (optional)."""
