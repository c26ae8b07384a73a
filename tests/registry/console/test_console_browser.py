"""The console in real headless Chromium: sign in by keyboard, walk the pages, approve a failed
check with the keyboard alone, and never fetch anything off the registry's origin or trip its
Content-Security-Policy.

With `REGISTRY_CONSOLE_SCREENSHOTS=DIR` the test also saves the screenshots docs/registry.md
shows (`docs/images/console-*.png`)."""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import pytest

from tests.graphiql.devtools import Page, launch_chromium, open_page
from tests.registry.console.scenario import GRAPH, REVIEWS_WITHOUT_RATING, VARIANT, Scene, check

pytestmark = pytest.mark.stores

_KEYS = {"Tab": 9, "Enter": 13}


async def _press(page: Page, key: str, *, shift: bool = False) -> None:
    code = _KEYS[key]
    down: dict[str, object] = {
        "type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": code,
        "modifiers": 8 if shift else 0,
    }  # fmt: skip
    if key == "Enter":
        down["text"] = "\r"
    await page.call("Input.dispatchKeyEvent", **down)
    await page.call(
        "Input.dispatchKeyEvent", type="keyUp", key=key, code=key, windowsVirtualKeyCode=code
    )


async def _loaded(page: Page, path: str) -> None:
    await page.wait_for(
        f"document.readyState === 'complete' && location.pathname === {json.dumps(path)}"
        " && !!document.querySelector('main h1')",
        f"the page {path}",
    )


async def _open(page: Page, base: str, path: str) -> None:
    await page.call("Page.navigate", url=base + path)
    await _loaded(page, path)


async def _tab_to(page: Page, probe: str, what: str, limit: int = 60) -> None:
    """Tab until the focused element satisfies `probe` (JavaScript over `el`)."""
    for _ in range(limit):
        await _press(page, "Tab")
        if await page.evaluate(f"(el => !!el && ({probe}))(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached {what}")


async def _focus_is_visible(page: Page) -> bool:
    outline = await page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    return bool(outline[0] != "none" and outline[1] != "0px")


async def _screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("REGISTRY_CONSOLE_SCREENSHOTS")
    if not folder:
        return
    shot = await page.call("Page.captureScreenshot", format="png")
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - a test helper, once per page
    (target / f"console-{name}.png").write_bytes(base64.b64decode(shot["data"]))


def _assert_stays_home(page: Page, base: str) -> None:
    fetched = [r["url"] for r in page.requests if not r["url"].startswith("data:")]
    assert f"{base}/console/static/console.css" in fetched
    assert [u for u in fetched if not u.startswith(base + "/")] == []
    assert page.websockets == []
    assert page.exceptions == []
    assert page.errors == []


async def test_sign_in_browse_and_approve_with_the_keyboard(scene: Scene, tmp_path: Path) -> None:
    base = scene.registry.url
    result = check(
        scene.registry, tmp_path, REVIEWS_WITHOUT_RATING, "--context", "pr-browser",
        "--format", "json",
    )  # fmt: skip
    assert result.status == 1, result.out
    check_id = json.loads(result.out)["id"]
    variant = f"/console/graphs/{GRAPH}/variants/{VARIANT}"
    async with launch_chromium(tmp_path / "profile") as devtools, open_page(devtools) as page:
        await page.call(
            "Emulation.setDeviceMetricsOverride",
            width=1200, height=800, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip
        await page.call("Page.navigate", url=f"{base}/console/")
        await _loaded(page, "/console/sign-in")
        # The token field has focus on arrival; Enter submits the form.
        assert await page.evaluate("document.activeElement.id") == "token"
        await page.call("Input.insertText", text=scene.registry.admin_token)
        await _press(page, "Enter")
        await _loaded(page, "/console/")
        assert await page.evaluate("document.cookie") == ""  # HttpOnly
        await _screenshot(page, "graphs")

        # The first Tab reaches the skip link, visibly; following links by keyboard works.
        await _press(page, "Tab")
        assert await page.evaluate("document.activeElement.textContent") == "Skip to content"
        assert await _focus_is_visible(page)
        await _tab_to(page, f"el.getAttribute('href') === {json.dumps(variant)}", "the variant")
        assert await _focus_is_visible(page)
        await _press(page, "Enter")
        await _loaded(page, variant)

        for path, heading, shot in (
            (variant + "/schema", f"Schema of {GRAPH}@{VARIANT}", "schema"),
            (variant + "/history", f"History of {GRAPH}@{VARIANT}", "history"),
            (variant + "/operations", f"Operations of {GRAPH}@{VARIANT}", "operations"),
        ):
            await _open(page, base, path)
            assert await page.evaluate("document.querySelector('main h1').textContent") == heading
            await _screenshot(page, shot)
        # The explorer's search by keyboard: type into the field, Enter.
        await _open(page, base, variant + "/schema")
        await _tab_to(page, "el.id === 'q'", "the search field")
        assert await _focus_is_visible(page)
        await page.call("Input.insertText", text="headline")
        await _press(page, "Enter")
        await page.wait_for(
            "document.readyState === 'complete' && location.search.includes('q=headline')",
            "the search's answer",
        )
        found = await page.evaluate("document.querySelector('main').innerText")
        assert "headline" in found
        assert "type Review" not in found
        await _screenshot(page, "search")
        await _open(page, base, variant + "/operations")
        charts = await page.evaluate(
            "[...document.querySelectorAll('svg.plot')].map(s => s.querySelector('title')"
            ".textContent)"
        )
        assert charts == [
            "Requests per hour by operation",
            "Requests per hour by client",
            "Error rate per hour",
            "p95 latency per hour by operation",
        ]
        # The stylesheet applies to the charts (lines drawn with a stroke, not black fill).
        stroke = await page.evaluate(
            "getComputedStyle(document.querySelector('svg.plot polyline')).fill"
        )
        assert stroke == "none"
        # The filters are a plain form: pick a client by keyboard, submit with Enter.
        await _tab_to(page, "el.id === 'client'", "the client filter")
        assert await _focus_is_visible(page)
        await page.evaluate("document.getElementById('client').value = 'ios'")
        await _tab_to(page, "el.type === 'submit' && el.textContent === 'Show'", "Show")
        await _press(page, "Enter")
        await page.wait_for(
            "document.readyState === 'complete' && location.search.includes('client=ios')",
            "the filtered operations",
        )
        text = await page.evaluate("document.querySelector('main').innerText")
        assert "ios@2.3: 60 (12 errors)" in text
        assert "web@4.1" not in text.split("Plans against")[0].split("Show", 1)[1]

        version = await page.evaluate(
            "(async () => { const r = await fetch(location.origin +"
            f" {json.dumps(variant + '/history')}); return await r.text(); }})()"
        )
        newest = re.search(r'href="([^"]+/versions/\d+)"', version)
        assert newest is not None
        await _open(page, base, newest.group(1))
        await _screenshot(page, "version")

        # A check that passed with a worse plan: both plans side by side.
        await _open(page, base, f"/console/checks/{scene.plan_check}")
        text = await page.evaluate("document.querySelector('main').innerText")
        assert "Plan before" in text
        assert "Plan after" in text
        await page.evaluate("document.querySelector('.plans').scrollIntoView()")
        await _screenshot(page, "check-plans")

        await _open(page, base, f"/console/checks/{check_id}")
        text = await page.evaluate("document.querySelector('main').innerText")
        assert "failed" in text
        assert "Review.rating" in text
        await _screenshot(page, "check")
        await _tab_to(page, "el.id === 'approve'", "the Approve button")
        assert await _focus_is_visible(page)
        await _press(page, "Enter")
        await page.wait_for(
            "document.readyState === 'complete' &&"
            " document.querySelector('main').innerText.includes('Approved by admin')",
            "the approval",
        )
        assert await page.evaluate("location.pathname") == f"/console/checks/{check_id}"
        assert await page.evaluate("document.querySelector('#approve')") is None
        assert "passed" in await page.evaluate("document.querySelector('main p').innerText")
        assert await page.csp_violations() == []
        _assert_stays_home(page, base)
