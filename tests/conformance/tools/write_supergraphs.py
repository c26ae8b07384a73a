"""Regenerate `supergraphs/<scenario>.graphql` with the reference composers from npm.

Usage: `uv run python tests/conformance/tools/write_supergraphs.py [scenario ...]`
The file is @apollo/composition's output; @theguild/federation-composition must accept the
subgraphs too (see tools/compose.mjs for the env vars locating both; NODE: a Node >= 20
binary). Prints composition errors and exits 1 if any scenario fails to compose.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # tests/, so `conformance` imports as a package

from conformance.harness.subgraph_server import PLACEHOLDER_ORIGIN, subgraph_url  # noqa: E402 - after the sys.path entry above
from conformance.harness.supergraphs import SUPERGRAPH_DIR  # noqa: E402 - after the sys.path entry above
from conformance.scenarios import all_scenarios  # noqa: E402 - after the sys.path entry above


def main(names: list[str]) -> int:
    scenarios = [s for s in all_scenarios() if not names or s.name in names]
    request = {
        s.name: [
            {"name": g.name, "url": subgraph_url(PLACEHOLDER_ORIGIN, s.name, g.name), "sdl": g.sdl}
            for g in s.subgraphs
        ]
        for s in scenarios
    }
    node = os.environ.get("NODE", "node")
    done = subprocess.run(
        [node, str(HERE / "compose.mjs")],
        input=json.dumps(request).encode(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stderr.decode(), file=sys.stderr)
        return 1
    failed = 0
    for name, result in json.loads(done.stdout).items():
        if "errors" in result:
            failed += 1
            print(f"{name}: " + "\n  ".join(result["errors"]), file=sys.stderr)
        else:
            (SUPERGRAPH_DIR / f"{name}.graphql").write_text(result["supergraph"])
    print(f"composed {len(scenarios) - failed}/{len(scenarios)} scenarios")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
