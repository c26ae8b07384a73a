"""`python -m bench.subgraphs [--port 4200]`: serve every bench subgraph from one process."""

from __future__ import annotations

import argparse

import uvicorn

from bench.subgraphs.app import SubgraphsApp
from bench.subgraphs.scale import scale_schemas
from bench.subgraphs.scenario import scenario_schemas


def build_app() -> SubgraphsApp:
    return SubgraphsApp({**scenario_schemas(), **scale_schemas()})


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.subgraphs", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4200)
    args = parser.parse_args()
    uvicorn.run(
        build_app(), host=args.host, port=args.port, loop="uvloop", http="httptools",
        access_log=False, log_level="warning", lifespan="on", backlog=2048,
    )  # fmt: skip


if __name__ == "__main__":
    main()
