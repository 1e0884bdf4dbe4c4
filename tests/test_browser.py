"""The app in a real browser: Debian's chromium driven by Playwright, against
``streamlit run app.py`` on a free loopback port with the seed corpus.

Saves full-page screenshots of the claims view and a claim detail under
``tests/artifacts/`` (not committed; ``docs/`` holds reviewed copies).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# A full run of the seed corpus takes minutes on two shared cores: more than the suite's
# default per-test limit.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
STANCE_MODEL = REPO / "verification" / "models" / "stance-minilm" / "model.onnx"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_S = 90
RUN_TIMEOUT_MS = 1_500_000
UI_TIMEOUT_MS = 60_000
WIDTH = 1440


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason + " — required when CI is set")
        pytest.skip(reason)
    return CHROMIUM


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server and everything it started (its own process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def _start(corpus: Path, data: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "CROSSCHECK_CORPUS": str(corpus),
        "CROSSCHECK_DATA_DIR": str(data),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
    }
    if not STANCE_MODEL.is_file():
        env["CROSSCHECK_VERIFIER"] = "similarity"  # until the stance model ships
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with all children
        )
    return proc, f"http://127.0.0.1:{port}"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Path], str]]:
    """Starts ``streamlit run app.py`` on a corpus folder; every server is always stopped."""
    started: list[subprocess.Popen[bytes]] = []

    def start(corpus: Path) -> str:
        n = len(started)
        log_path = tmp_path / f"streamlit-{n}.log"
        proc, url = _start(corpus, tmp_path / f"data-{n}", log_path)
        started.append(proc)
        deadline = time.monotonic() + STARTUP_S
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.5)
        return url

    try:
        yield start
    finally:
        for proc in started:
            _stop(proc)


@pytest.fixture
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


def _wait_idle(page: Any) -> None:
    """Until the script run a click started is over: no 'Running…' widget, no element
    left stale from the previous run."""
    from playwright.sync_api import expect

    page.wait_for_timeout(500)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=RUN_TIMEOUT_MS)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=RUN_TIMEOUT_MS)


def _full_page(page: Any, name: str) -> Path:
    """Screenshot the whole app: Streamlit scrolls inside its main container, so the
    viewport is made as tall as that container first."""
    _wait_idle(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(1, 1)  # no tooltip in the picture
    main = page.get_by_test_id("stMain")
    height = main.evaluate("e => Math.max(e.scrollHeight, 900)")
    page.set_viewport_size({"width": WIDTH, "height": int(height) + 40})
    page.wait_for_timeout(800)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    return path


def test_run_detail_export_in_chromium(
    browser: Any, serve: Callable[[Path], str], seeds_dir: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": WIDTH, "height": 1000}, accept_downloads=True)
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.goto(serve(seeds_dir))
    run = page.get_by_role("button", name="Run checks")
    expect(run).to_be_enabled()
    expect(page.get_by_text("5 article(s)")).to_be_visible()
    run.click()

    # the run: progress in a status box, then the claims table
    expect(page.get_by_text("Showing", exact=False)).to_be_visible(timeout=RUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    table = page.locator(".st-key-claims_table")
    expect(table).to_be_visible()
    expect(page.get_by_test_id("stMetric")).to_have_count(5)
    claims_png = _full_page(page, "screenshot-claims.png")

    # a row picked in the table opens its detail (the checkbox of the first row)
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    expect(page.get_by_text("Verdict:")).to_be_visible()

    # a casualty claim chosen by text: evidence from other articles
    page.locator(".st-key-detail_claim").click()
    page.keyboard.type("129")
    page.keyboard.press("Enter")
    expect(page.get_by_role("combobox", name="Claim", exact=True)).to_have_value(re.compile("129"))
    expect(page.get_by_role("heading", name=re.compile("129"))).to_be_visible()
    expect(page.get_by_text("Evidence from other articles")).to_be_visible()
    expect(page.locator("[class*='st-key-detail_card_']").first).to_be_visible()
    detail_png = _full_page(page, "screenshot-detail.png")

    # the JSON export, downloaded and parsed
    page.get_by_role("tab", name="Export").click()
    expect(page.get_by_text("Claims to export")).to_be_visible()
    _wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="JSON").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert len(data["claims"]) > 5
    assert len(data["documents"]) == 5
    assert any("129" in c["text"] for c in data["claims"])
    assert claims_png.stat().st_size > 20_000
    assert detail_png.stat().st_size > 20_000


HOSTILE = (
    "Breaking news <script>window.pwned = 1</script> from the wire.\n\n"
    "An image ![x](http://evil.example/pixel.png) and a [link](javascript:alert(1)).\n"
    'Raw <img src=x onerror="window.pwned=2"> and <b>bold</b>, www.example.com, '
    "https://example.com/a, mail@example.com, 12 -> 13, :smile: and $x^2$ here.\n"
)


def test_hostile_article_is_shown_inert(
    browser: Any, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    """What the escaping unit tests promise, checked in the DOM a reader gets."""
    from playwright.sync_api import expect

    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    url = serve(folder)
    page.goto(url)
    page.get_by_role("tab", name="Articles").click()
    article = page.get_by_test_id("stMarkdownContainer").filter(has_text="mail@")
    expect(article).to_have_count(1)
    text = article.inner_text().replace("\u2060", "")
    for literal in (
        "<script>window.pwned = 1</script>",
        "![x](http://evil.example/pixel.png)",
        "[link](javascript:alert(1))",
        '<img src=x onerror="window.pwned=2">',
        "<b>bold</b>",
        "www.example.com, https://example.com/a, mail@example.com, 12 -> 13",
        ":smile: and $x^2$",
    ):
        assert literal in text
    for tag in ("a", "img", "script", "b", "strong", "em", ".katex"):
        assert article.locator(tag).count() == 0, tag
    assert page.evaluate("() => window.pwned") is None
    assert all(r.startswith(url) for r in requests), requests
