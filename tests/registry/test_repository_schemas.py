"""The platform's own schema gate: every subgraph's SDL in schema/subgraphs/ is checked
against a local registry holding the previous commit's files, as a subgraph team's CI would.

A breaking change fails unless schema/approved-changes.txt lists it (`TYPE:coordinate`, one per
line, `#` comments): the repository's way of approving a change on purpose.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.registry.conftest import Registry, run_cli
from tests.registry.schemas import write

pytestmark = pytest.mark.stores

ROOT = Path(__file__).resolve().parents[2]
# Payments last: it requires fields the others own, so it composes only after them.
SUBGRAPHS = ("accounts", "tutors", "reviews", "scheduling", "learning", "payments")


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _baseline() -> str:
    """The previous commit, or this one when the clone has no history (a shallow clone)."""
    previous = _git("rev-parse", "--verify", "--quiet", "HEAD~1")
    if previous.returncode == 0:
        return previous.stdout.strip()
    head = _git("rev-parse", "HEAD")
    assert head.returncode == 0, f"not a git checkout: {head.stderr}"
    return head.stdout.strip()


def _approved() -> set[str]:
    path = ROOT / "schema" / "approved-changes.txt"
    lines = path.read_text().splitlines() if path.exists() else []
    return {line.split("#", 1)[0].strip() for line in lines} - {""}


def _breaking(registry: Registry, directory: Path, name: str, sdl: str) -> list[str]:
    result = run_cli(
        "subgraph",
        "check",
        "--graph",
        "tutorgraph",
        "--name",
        name,
        "--schema",
        write(directory, f"check-{name}", sdl),
        "--format",
        "json",
        url=registry.url,
        token=registry.admin_token,
    )
    report = json.loads(result.out)
    assert report["composition"]["succeeded"], report["composition"]["errors"]
    return [
        f"{c['type']}:{c['coordinate']}"
        for c in report["changes"]
        if c["criticality"] == "BREAKING"
    ]


def test_the_committed_subgraph_schemas_change_nothing_unapproved(
    registry: Registry, tmp_path: Path
) -> None:
    base = _baseline()
    for name in SUBGRAPHS:
        shown = _git("show", f"{base}:schema/subgraphs/{name}.graphql")
        sdl = shown.stdout if shown.returncode == 0 else ""
        if not sdl:
            continue  # a subgraph new in this commit has no baseline to break
        published = run_cli(
            "subgraph",
            "publish",
            "--graph",
            "tutorgraph",
            "--name",
            name,
            "--schema",
            write(tmp_path, f"base-{name}", sdl),
            "--url",
            f"http://127.0.0.1:1/{name}",
            url=registry.url,
            token=registry.admin_token,
        )
        assert published.status == 0, published.out + published.err
    approved = _approved()
    unapproved = {
        name: sorted(set(changes) - approved)
        for name in SUBGRAPHS
        if (
            changes := _breaking(
                registry,
                tmp_path,
                name,
                (ROOT / "schema" / "subgraphs" / f"{name}.graphql").read_text(),
            )
        )
    }
    assert {name: found for name, found in unapproved.items() if found} == {}

    # The gate can fail: dropping a field clients can select is caught.
    reviews = (ROOT / "schema" / "subgraphs" / "reviews.graphql").read_text()
    assert "  comment: String!\n" in reviews
    caught = _breaking(
        registry, tmp_path, "reviews", reviews.replace("  comment: String!\n", "", 1)
    )
    assert "FIELD_REMOVED:Review.comment" in caught
