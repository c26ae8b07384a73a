"""Random operations against our gateway and reference gateways on live subgraphs.

Usage: `uv run python tests/differential/tools/explore.py DIR [--seeds N] [--only NAME ...]`

DIR holds `<name>.graphql` supergraphs whose subgraphs are running at the URLs they name,
and optionally `<name>.samples.json` (a list of operations whose literal arguments the
generator reuses). For each supergraph it starts ours and the references, sends each
generated operation to all of them, and prints every operation where ours disagrees with a
reference; `--out FILE` writes them as JSON. Needs Node >= 22 and `npm ci` in bench/js.
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

from differential.compare import agrees, outcome, same  # noqa: E402 - after the sys.path entry above
from differential.generator import Generator, harvest_arguments  # noqa: E402 - after the sys.path entry above
from differential.oracles import metamorphic_problems  # noqa: E402 - after the sys.path entry above
from differential.processes import Gateway, start  # noqa: E402 - after the sys.path entry above
from differential.shrink import shrink  # noqa: E402 - after the sys.path entry above
from gateway.supergraph import SupergraphError, load_supergraph  # noqa: E402 - after the sys.path entry above


def explore(
    name: str,
    supergraph: Path,
    samples: list[str],
    seeds: range,
    references: list[str],
    work: Path,
    shrinking: bool = False,
) -> list[dict[str, Any]]:
    loaded = load_supergraph(supergraph.read_text())
    if isinstance(loaded, SupergraphError):
        return [{"suite": name, "problem": f"supergraph does not load: {loaded}"}]
    generator = Generator(loaded.api_schema, harvest_arguments(loaded.api_schema, samples))
    gateways: dict[str, Gateway] = {}
    found: list[dict[str, Any]] = []
    try:
        for who in ["ours", *references]:
            gateways[who] = start(who, supergraph, work / f"{name}-{who}.log")
        for seed in seeds:
            operation = generator.operation(seed)
            if operation is None:
                continue
            if not references:
                entry = _metamorphic(gateways["ours"], loaded.api_schema, operation, shrinking)
                if entry is not None:
                    found.append({"suite": name, "seed": seed, **entry})
                continue
            body = {"query": operation.query, "variables": dict(operation.variables)}
            answers = {who: gw.post(body) for who, gw in gateways.items()}
            outcomes = {who: outcome(*answer) for who, answer in answers.items()}
            refs = [outcomes[who] for who in references]
            agree = all(same(refs[0], other) for other in refs[1:])
            ours_ok = any(
                agrees(outcomes["ours"], outcomes[who], answers[who][1].get("data"))
                for who in references
                if isinstance(answers[who][1], dict)
            )
            if not ours_ok:
                found.append(
                    {
                        "suite": name,
                        "seed": seed,
                        "references_agree": agree,
                        "query": operation.query,
                        "variables": operation.variables,
                        "answers": {who: answer[1] for who, answer in answers.items()},
                        "status": {who: answer[0] for who, answer in answers.items()},
                    }
                )
    finally:
        for gw in gateways.values():
            gw.stop()
    return found


def _metamorphic(
    gateway: Gateway, schema: Any, operation: Any, shrinking: bool
) -> dict[str, Any] | None:
    """The rewrite problems of one operation (and a shrunk operation showing the first)."""
    post = gateway.post
    problems = metamorphic_problems(
        post, schema, operation.query, operation.variables, unplannable_ok=True
    )
    if not problems:
        return None
    entry: dict[str, Any] = {
        "query": operation.query,
        "variables": operation.variables,
        "problems": problems,
    }
    if shrinking:
        kind = problems[0].split(":")[0]

        def fails(text: str, values: Any) -> bool:
            found = metamorphic_problems(
                post, schema, text, values, rewrites=(kind,), unplannable_ok=True
            )
            return bool(found)

        entry["shrunk"] = shrink(schema, operation.query, operation.variables, fails)
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--references", default="hive-router-runtime,apollo")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--shrink", action="store_true", help="shrink rewrite failures")
    args = parser.parse_args(argv)
    references = [r for r in args.references.split(",") if r]
    total: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(args.directory.glob("*.graphql")):
            name = path.stem
            if args.only and name not in args.only:
                continue
            sample_path = path.with_suffix(".samples.json")
            samples = json.loads(sample_path.read_text()) if sample_path.exists() else []
            seeds = range(args.first_seed, args.first_seed + args.seeds)
            found = explore(name, path, samples, seeds, references, Path(tmp), args.shrink)
            total.extend(found)
            ours_alone = sum(1 for f in found if f.get("references_agree"))
            print(
                f"{name}: {len(found)} disagreements ({ours_alone} where references agree)",
                flush=True,
            )
            if args.out:
                args.out.write_text(json.dumps(total, indent=1))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
