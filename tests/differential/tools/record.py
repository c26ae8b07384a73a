"""Record reference answers to random operations over the conformance scenarios.

Usage: `uv run python tests/differential/tools/record.py [--seeds N] [scenario ...]`

Serves every conformance scenario's Python subgraphs, starts three reference gateways from
npm on each scenario's supergraph (Hive Gateway with its Rust query planner, Hive Gateway
with its JavaScript planner, Apollo Gateway; pinned in bench/js, `npm ci` there first; Node
>= 22 from the nodejs wheel), sends each generated operation to all three and writes
`answers/<scenario>.json`: the operations the trusted references answered alike, with that
answer. A reference is trusted on an operation when its answer survives the rewrites of
`metamorphic` (each of the three has bugs a rewrite exposes: answers that change when an alias
is renamed, say). Operations with no trusted reference, or where trusted ones differ, are
listed on stdout and left out. The test suite replays
the file against our gateway; it needs no Node.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parents[2])]  # tests/ and the repository root

from conformance.harness.subgraph_server import serve_subgraphs  # noqa: E402 - after the sys.path entry above
from conformance.harness.supergraphs import supergraph_sdl  # noqa: E402 - after the sys.path entry above
from conformance.scenarios import all_scenarios  # noqa: E402 - after the sys.path entry above

from differential.compare import outcome, same  # noqa: E402 - after the sys.path entry above
from differential.corpus import ANSWERS_DIR, api_schema, operations_for  # noqa: E402 - after the sys.path entry above
from differential.oracles import metamorphic_problems  # noqa: E402 - after the sys.path entry above
from differential.processes import JS_DIR, Gateway, start  # noqa: E402 - after the sys.path entry above

REFERENCES = ("hive-router-runtime", "hive", "apollo")


def _versions() -> dict[str, str]:
    pinned = json.loads((JS_DIR / "package.json").read_text())["dependencies"]
    return {
        "hive-router-runtime": f"@graphql-hive/gateway {pinned['@graphql-hive/gateway']}"
        f" + @graphql-hive/router-runtime {pinned['@graphql-hive/router-runtime']}",
        "hive": f"@graphql-hive/gateway {pinned['@graphql-hive/gateway']}",
        "apollo": f"@apollo/gateway {pinned['@apollo/gateway']}",
    }


def record(scenario: Any, origin: str, seeds: int, work: Path) -> tuple[int, list[str]]:
    path = work / f"{scenario.name}.graphql"
    path.write_text(supergraph_sdl(scenario, origin))
    gateways: dict[str, Gateway] = {}
    schema = api_schema(scenario)
    kept: list[dict[str, Any]] = []
    disputed: list[str] = []
    try:
        for who in REFERENCES:
            gateways[who] = start(who, path, work / f"{scenario.name}-{who}.log")
        for seed, operation in operations_for(scenario, range(seeds)):
            for subgraph in scenario.subgraphs:
                if subgraph.reset is not None:
                    subgraph.reset()
            body = {"query": operation.query, "variables": dict(operation.variables)}
            answers = {who: gw.post(body) for who, gw in gateways.items()}
            outcomes = {who: outcome(*answer) for who, answer in answers.items()}
            # A reference whose answer changes under a rewrite that must not change it (an
            # alias renamed, a fragment inlined, a condition applied) is wrong on this
            # operation, whatever the others say: its vote does not count.
            trusted = [
                who
                for who in REFERENCES
                if answers[who][0] < 500
                and not metamorphic_problems(
                    gateways[who].post, schema, operation.query, operation.variables
                )
            ]
            majority = next(
                (
                    who
                    for who in trusted
                    if all(same(outcomes[who], outcomes[other]) for other in trusted)
                ),
                None,
            )
            if majority is None:
                disputed.append(
                    f"seed {seed} (trusted: {', '.join(trusted) or 'none'}): "
                    f"{operation.query} {operation.variables}"
                )
                continue
            status, payload = answers[majority]
            errors = payload.get("errors") or [] if isinstance(payload, dict) else []
            kept.append(
                {
                    "seed": seed,
                    "query": operation.query,
                    "variables": operation.variables,
                    "status": status,
                    "data": payload.get("data") if isinstance(payload, dict) else None,
                    "error_paths": outcomes[majority].get("error_paths", []),
                    "errors": bool(errors),
                    "trusted": trusted,
                    "dissent": [
                        who for who in REFERENCES if not same(outcomes[who], outcomes[majority])
                    ],
                }
            )
    finally:
        for gw in gateways.values():
            gw.stop()
    document = {"references": _versions(), "seeds": seeds, "operations": kept}
    ANSWERS_DIR.mkdir(exist_ok=True)
    target = ANSWERS_DIR / f"{scenario.name}.json"
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return len(kept), disputed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args(argv)
    scenarios = [s for s in all_scenarios() if not args.scenarios or s.name in args.scenarios]
    with tempfile.TemporaryDirectory() as tmp, serve_subgraphs(all_scenarios()) as origin:
        for scenario in scenarios:
            count, disputed = record(scenario, origin, args.seeds, Path(tmp))
            print(f"{scenario.name}: {count} recorded, {len(disputed)} disputed", flush=True)
            for line in disputed:
                print("  " + line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
