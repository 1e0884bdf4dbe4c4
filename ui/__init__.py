"""Rendering helpers for the Streamlit app (pure functions)."""
