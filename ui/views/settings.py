"""The sidebar's Settings form."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from crosscheck.config import Settings
from crosscheck.errors import ConfigError
from ui.settings_view import (
    ARCHIVE_ENV,
    BACKENDS,
    VERIFIER_HELP,
    VERIFIERS,
    SettingsChoice,
    api_key_status,
    resolve_archive,
    resolve_settings,
    uses_llm,
)
from ui.text import escape_inline


def settings_sidebar() -> Settings:
    """The Settings form; returns the settings in force (environment + applied form)."""
    overrides = st.session_state.get("settings_overrides")
    try:
        settings = resolve_settings(overrides)
    except ConfigError as exc:
        st.sidebar.error(f"Settings rejected: {escape_inline(str(exc))}")
        st.session_state.pop("settings_overrides", None)
        settings = resolve_settings(None)  # the environment alone (checked in main)
    choice = SettingsChoice.from_settings(settings)
    with st.sidebar:
        st.header("⚙️ Settings")
        with st.form("settings_form", border=False):
            verifier = st.selectbox(
                "Verifier",
                VERIFIERS,
                index=VERIFIERS.index(choice.verifier),
                format_func=lambda v: VERIFIER_HELP.get(v, v),
                key="set_verifier",
            )
            backend = st.selectbox(
                "Backend",
                BACKENDS,
                index=BACKENDS.index(choice.backend),
                format_func=lambda b: (
                    "local (offline)" if b == "offline" else "OpenAI-compatible server"
                ),
                key="set_backend",
            )
            base_url = st.text_input(
                "LLM base URL",
                value=choice.base_url,
                placeholder="http://localhost:11434/v1",
                key="set_base_url",
            )
            model = st.text_input("LLM model", value=choice.model, key="set_model")
            st.caption(api_key_status(settings))
            top_k = st.number_input(
                "Passages per claim (top-k)", 1, 50, choice.top_k, key="set_top_k"
            )
            min_cw = st.slider(
                "Minimum check-worthiness",
                0.0,
                1.0,
                choice.min_checkworthiness,
                0.05,
                key="set_min_cw",
                help="Claims scored below this are left out of the worksheet and exports "
                "(opinions are kept, marked as opinions). No rerun needed.",
            )
            data_dir = st.text_input("Data directory", value=choice.data_dir, key="set_data_dir")
            archive = st.text_input(
                "Archive index (optional)",
                value=st.session_state.get("archive_text", os.environ.get(ARCHIVE_ENV, "")),
                key="set_archive",
                help="A folder built with `crosscheck index ARCHIVE --data-dir FOLDER`: the "
                "corpus's claims are checked against the archive's articles too.",
            )
            applied = st.form_submit_button("Apply settings", key="settings_apply")
        if applied:
            new = SettingsChoice(
                verifier=str(verifier),
                backend=str(backend),
                base_url=base_url,
                model=model,
                top_k=int(top_k),
                min_checkworthiness=float(min_cw),
                data_dir=data_dir,
            )
            try:
                settings = resolve_settings(new.overrides())
                resolve_archive(archive)
            except ConfigError as exc:
                st.error(f"Settings rejected: {escape_inline(str(exc))}")
            else:
                st.session_state["settings_overrides"] = new.overrides()
                st.session_state["archive_text"] = archive
                st.success("Settings applied.")
        if uses_llm(settings):
            st.caption(
                f"LLM: {escape_inline(settings.llm.model or '(no model)')} at "
                f"{escape_inline(settings.llm.base_url or '(no URL)')}"
            )
    return settings


def archive_setting() -> Path | None:
    """The archive in force (the form's, else the environment's); None when there is none or
    it is not an archive (said in the sidebar: the corpus is then checked on its own)."""
    text = st.session_state.get("archive_text", os.environ.get(ARCHIVE_ENV, ""))
    try:
        return resolve_archive(text)
    except ConfigError as exc:
        st.sidebar.error(f"Archive ignored: {escape_inline(str(exc))}")
        return None
