"""The one place that builds the real pipeline from settings."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial

from claims.base import ClaimExtractor
from crosscheck.config import Settings
from crosscheck.errors import ConfigError
from crosscheck.models import Claim
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from retrieval.base import Embedder
from retrieval.embedder import MiniLMEmbedder
from retrieval.hybrid import HybridIndex
from verification.base import StanceModel, Verifier


def _prepare_claims(claims: Sequence[Claim], embedder: Embedder) -> list[Claim]:
    from claims.clusters import assign_clusters

    return assign_clusters(claims, embedder)


def build_verifier(settings: Settings, embedder: Embedder) -> Verifier:
    from verification.engine import SimilarityStanceModel, StanceVerifier
    from verification.stance_models import HFStanceModel, OnnxStanceModel

    if settings.verifier == "similarity":
        return StanceVerifier(SimilarityStanceModel(embedder), embedder=embedder)
    if settings.verifier == "nli":
        if not settings.nli_model_path:
            raise ConfigError(
                "verifier 'nli' needs a model path (--nli-model or CROSSCHECK_NLI_MODEL)"
            )
        model: StanceModel = HFStanceModel(settings.nli_model_path)
    else:
        model = OnnxStanceModel(settings.stance_model_dir)
    return StanceVerifier(model, embedder=embedder)


def build_pipeline(settings: Settings | None = None) -> Pipeline:
    """Real components, loaded lazily: building is instant, the first use loads models."""
    settings = settings or Settings.from_env()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from claims.offline import OfflineClaimExtractor

    embedder = MiniLMEmbedder()
    extractor: ClaimExtractor = OfflineClaimExtractor()
    verifier = build_verifier(settings, embedder)
    describe: dict[str, str] = {}
    usage: Callable[[], dict[str, str]] | None = None
    notices: Callable[[], list[str]] | None = None
    if settings.backend == "openai" or settings.verifier == "llm":
        if not settings.llm.configured:
            raise ConfigError("the openai backend needs --base-url and --model")
        from llm import build_llm_stages

        stages = build_llm_stages(settings, extractor, verifier, settings.data_dir)
        extractor, verifier = stages.extractor, stages.verifier
        describe.update(stages.describe)
        usage = partial(stages.accounting.summary, settings)
        notices = stages.notices
    data = settings.data_dir
    return Pipeline(
        settings=settings,
        extractor=extractor,
        embedder=embedder,
        index=HybridIndex(embedder, persist_dir=data / "chroma"),
        verifier=verifier,
        cache=KeyValueStore(data / "cache.sqlite3"),
        prepare_claims=_prepare_claims,
        describe=describe,
        usage=usage,
        notices=notices,
    )
