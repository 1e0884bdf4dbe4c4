"""The one place that builds the real pipeline from settings."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from claims.base import ClaimExtractor
from claims.entity_cache import EntityCache
from crosscheck.config import Settings
from crosscheck.errors import ConfigError
from crosscheck.models import Claim, Document
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from crosscheck.workers import WorkerPool, available_cpus
from retrieval.base import Embedder
from retrieval.embedder import MiniLMEmbedder
from retrieval.hybrid import HybridIndex
from retrieval.vector_cache import CachedEmbedder, VectorCache
from verification.base import StanceModel, Verifier

if TYPE_CHECKING:
    from retrieval.archive import ArchiveStats
    from retrieval.vector_store import IndexProgress


def _prepare_claims(
    claims: Sequence[Claim],
    embedder: Embedder,
    progress: Callable[[int, int], None] | None = None,
) -> list[Claim]:
    from claims.clusters import assign_clusters

    return assign_clusters(claims, embedder, progress=progress)


def build_embedder() -> Embedder:
    """MiniLM through onnxruntime (no torch import); ``CROSSCHECK_EMBEDDINGS=torch`` picks
    sentence-transformers. Both give the same vectors to ~1e-6."""
    if os.environ.get("CROSSCHECK_EMBEDDINGS", "onnx").lower() == "torch":
        return MiniLMEmbedder()
    from retrieval.onnx_embedder import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder()


def verification_store(settings: Settings) -> KeyValueStore:
    return KeyValueStore(settings.data_dir / "verification.sqlite3")


def build_verifier(
    settings: Settings,
    embedder: Embedder,
    store: KeyValueStore | None = None,
    entities: EntityCache | None = None,
) -> Verifier:
    """The offline verifier; spaCy's entities and the passages' judgements are kept under
    the data dir (``store``), so a rerun judges only the claim-passage pairs it has never met."""
    from verification.engine import SimilarityStanceModel, StanceVerifier
    from verification.stance_models import HFStanceModel, OnnxStanceModel
    from verification.statements import StatementReader

    store = store or verification_store(settings)
    reader = StatementReader(entity_cache=entities or EntityCache(store))
    if settings.verifier == "similarity":
        return StanceVerifier(
            SimilarityStanceModel(embedder), embedder=embedder, reader=reader, judgement_cache=store
        )
    if settings.verifier == "nli":
        if not settings.nli_model_path:
            raise ConfigError(
                "verifier 'nli' needs a model path (--nli-model or CROSSCHECK_NLI_MODEL)"
            )
        model: StanceModel = HFStanceModel(settings.nli_model_path)
    else:
        model = OnnxStanceModel(settings.stance_model_dir)
    return StanceVerifier(model, embedder=embedder, reader=reader, judgement_cache=store)


def index_archive_folder(
    settings: Settings, documents: Sequence[Document], progress: IndexProgress | None = None
) -> ArchiveStats:
    """``crosscheck index``: add documents to the archive under ``settings.data_dir``."""
    from retrieval.archive import index_archive

    data = settings.data_dir
    return index_archive(
        documents,
        data,
        build_embedder(),
        passage_cache=KeyValueStore(data / "cache.sqlite3"),
        chroma_url=settings.chroma_url,
        progress=progress,
    )


def _actor_verifier(settings: Settings) -> Verifier:
    """Built inside each Ray actor or worker process: the same verifier, its own models."""
    return build_verifier(settings, build_embedder())


def _worker_extractor(settings: Settings) -> ClaimExtractor:
    """Built inside each worker process: the same extractor, leaving entities where the
    verifiers read them."""
    from claims.offline import OfflineClaimExtractor

    return OfflineClaimExtractor(entity_cache=EntityCache(verification_store(settings)))


def _on_ray(settings: Settings, verifier: Verifier) -> tuple[Embedder, Verifier]:
    from crosscheck.distributed import RayEmbedder, RayVerifier, connect

    if settings.backend == "openai" or settings.verifier == "llm":
        raise ConfigError("--ray runs the offline verifiers; the LLM backend batches itself")
    # One CPU stays with the driver (extraction, retrieval); at least one actor each.
    actors = max(1, connect(settings.ray_address or "local") - 1)
    return (
        RayEmbedder(build_embedder, actors),
        RayVerifier(partial(_actor_verifier, settings), verifier.name, actors),
    )


def build_pipeline(settings: Settings | None = None, *, archive: bool = False) -> Pipeline:
    """Real components, loaded lazily: building is instant, the first use loads models.

    ``archive``: ``settings.data_dir`` holds an indexed archive; evidence comes from it and
    from the corpus being checked."""
    settings = settings or Settings.from_env()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from claims.offline import OfflineClaimExtractor

    embedder = build_embedder()
    store = verification_store(settings)
    # One entity cache: the extractor leaves each sentence's entities for the verifier.
    entities = EntityCache(store)
    extractor: ClaimExtractor = OfflineClaimExtractor(entity_cache=entities)
    verifier = build_verifier(settings, embedder, store, entities)
    if settings.ray_address:
        embedder, verifier = _on_ray(settings, verifier)
    pool = None
    workers = settings.workers or available_cpus()
    offline = settings.backend == "offline" and settings.verifier != "llm"
    if offline and not settings.ray_address and workers > 1:
        pool = WorkerPool(
            partial(_actor_verifier, settings),
            workers,
            make_extractor=partial(_worker_extractor, settings),
        )
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
    cache = KeyValueStore(data / "cache.sqlite3")
    # Claims are embedded for clustering and as queries on every run: kept on disk, so an
    # unchanged rerun never loads the model. Passage vectors live in Chroma only.
    claim_embedder = CachedEmbedder(embedder, VectorCache(data / "claim-vectors.sqlite3"))
    index: HybridIndex
    document_text = None
    if archive:
        from retrieval.archive import ArchiveIndex

        index = ArchiveIndex(
            embedder,
            data,
            query_embedder=claim_embedder,
            chroma_url=settings.chroma_url,
            passage_cache=cache,
        )
        document_text = index.archive.text
    else:
        index = HybridIndex(
            embedder,
            persist_dir=data / "chroma",
            query_embedder=claim_embedder,
            chroma_url=settings.chroma_url,
            passage_cache=cache,
        )
    return Pipeline(
        settings=settings,
        extractor=extractor,
        embedder=claim_embedder,
        index=index,
        verifier=verifier,
        cache=cache,
        prepare_claims=_prepare_claims,
        describe=describe,
        usage=usage,
        notices=notices,
        document_text=document_text,
        worker_pool=pool,
    )
