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


def _selected_heading(page: Any) -> str:
    return str(page.locator(".st-key-detail_pane h4").first.inner_text())


def test_worksheet_review_by_keyboard_and_exports_in_chromium(
    browser: Any, serve: Callable[[Path], str], seeds_dir: Path, tmp_path: Path
) -> None:
    """Run the seeds, review two claims by keyboard (accept one, override the other with a
    note), then find the override and the note in the Markdown and JSON exports."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": WIDTH, "height": 1000}, accept_downloads=True)
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.goto(serve(seeds_dir))
    run = page.get_by_role("button", name="Run checks")
    expect(run).to_be_enabled()
    expect(page.get_by_text(re.compile(r"\d article\(s\)"))).to_be_visible()
    run.click()
    # the progress bar and Cancel are in plain sight while the run goes
    expect(page.get_by_role("button", name="Cancel")).to_be_visible()
    expect(page.get_by_test_id("stProgress")).to_be_visible()

    expect(page.get_by_text("check-worthy claims reviewed", exact=False)).to_be_visible(
        timeout=RUN_TIMEOUT_MS
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("[class*='st-key-claims_table']")).to_be_visible()
    expect(page.get_by_test_id("stMetric")).to_have_count(5)
    _wait_idle(page)
    # the detail is beside the list, in view without scrolling
    pane = page.locator(".st-key-detail_pane")
    expect(pane).to_be_visible()
    box = pane.bounding_box()
    assert box is not None and box["y"] < 1000 and box["x"] > WIDTH / 3
    worksheet_png = _full_page(page, "screenshot-worksheet.png")

    # claim 1: accepted with the A key
    page.get_by_text("Settings (verifier", exact=False).click()  # focus off any widget
    first = _selected_heading(page)
    page.keyboard.press("a")
    expect(page.get_by_text("1 of ", exact=False).first).to_be_visible()
    _wait_idle(page)
    # claim 2: ↓ moves to the next claim; the verdict overridden, a note, Ctrl+Enter saves
    page.keyboard.press("ArrowDown")
    _wait_idle(page)
    second = _selected_heading(page)
    assert second != first
    verdict = page.locator("[class*='st-key-rv_verdict_'] input")
    verdict.focus()
    page.keyboard.type("Override: ")
    machine = page.locator(".st-key-detail_pane").get_by_text("Machine verdict:").inner_text()
    target = "not enough evidence" if "not enough evidence" not in machine else "refuted"
    page.keyboard.type(target.split()[0])
    page.keyboard.press("Enter")
    note = page.locator("[class*='st-key-rv_note_'] textarea")
    note.focus()
    page.keyboard.type("Checked with the prosecutor: figure disputed.")
    page.keyboard.press("Control+Enter")
    _wait_idle(page)
    expect(page.get_by_text("(machine:", exact=False).first).to_be_visible()
    detail_png = _full_page(page, "screenshot-reviewed-detail.png")

    # the exports carry the review
    page.get_by_role("tab", name="Export").click()
    expect(page.get_by_text("Claims to export")).to_be_visible()
    _wait_idle(page)
    saved: dict[str, str] = {}
    for name in ("JSON", "MD"):
        with page.expect_download() as download:
            page.get_by_role("button", name=name).click()
        path = tmp_path / f"export.{name.lower()}"
        download.value.save_as(path)
        saved[name] = path.read_text(encoding="utf-8")
    data = json.loads(saved["JSON"])
    reviewed = [c for c in data["claims"] if c.get("review")]
    assert len(reviewed) == 2
    override = next(c for c in reviewed if c["review"]["verdict"])
    assert override["review"]["verdict"] == target.replace(" ", "_")
    assert override["review"]["machine_verdict"] == override["verdict"]
    assert override["review"]["note"] == "Checked with the prosecutor: figure disputed."
    markdown = re.sub(r"\\(.)", r"\1", saved["MD"])
    assert f"**Editor:** {target} (machine: " in markdown
    assert "Checked with the prosecutor: figure disputed." in markdown
    assert worksheet_png.stat().st_size > 20_000
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
