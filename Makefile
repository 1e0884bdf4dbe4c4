# Two entry points: `make run` (the app) and `make test` (the whole suite).
# Each creates .venv when missing and installs what it needs; nothing else is required.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
SEEDS := ../shared/seeds
# CORPUS= picks any folder; by default the seed corpus when it is present, else none.
CORPUS ?= $(if $(wildcard $(SEEDS)/*),$(SEEDS),)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test lint typecheck bench system-deps clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools wheel

$(VENV)/.runtime: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# MiniLM as fp32 ONNX, exported once from the shipped weights (torch is needed for this
# step only; embeddings then run on onnxruntime). Lands in ~/.cache/crosscheck/models.
$(VENV)/.minilm-onnx: $(VENV)/.runtime
	$(PY) -m retrieval.onnx_embedder
	touch $@

run: $(VENV)/.runtime $(VENV)/.minilm-onnx
	CROSSCHECK_CORPUS="$(CORPUS)" $(VENV)/bin/streamlit run app.py \
		--server.address 127.0.0.1 --server.port $(PORT)

# Debian's chromium drives the browser test (never a browser download); poppler-utils
# renders and reads the PDF export in its test; the emoji font draws verdict icons in screenshots.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing="$$missing fonts-noto-color-emoji"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

test: $(VENV)/.dev $(VENV)/.minilm-onnx system-deps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(VENV)/.dev
	$(PY) bench/claims.py
	$(PY) bench/nli_eval.py
	$(PY) bench/verdicts.py
	$(PY) bench/climate_fever.py --data ../shared/bench/climate-fever-dev.jsonl --fold heldout
	$(PY) bench/checkworthiness.py --data ../shared/bench/news/checkworthy_ct24_claimbuster_en.jsonl.gz

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache tests/artifacts
