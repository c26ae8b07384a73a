"""`python -m gateway plan`: print the query plan of an operation against a supergraph file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphql import GraphQLError, parse, validate

from gateway.plan.printer import print_plan
from gateway.planner import QueryPlanner
from gateway.planner.result import PlanningFailure
from gateway.supergraph import SupergraphError, load_supergraph

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway plan", description=__doc__)
    parser.add_argument("--supergraph", required=True, type=Path, help="supergraph SDL file")
    parser.add_argument("--query", required=True, type=Path, help="file with the operation")
    parser.add_argument("--operation-name", default=None, help="operation to plan, if several")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        sdl = args.supergraph.read_text(encoding="utf-8")
        query = args.query.read_text(encoding="utf-8")
    except OSError as error:
        print(f"error: cannot read {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    supergraph = load_supergraph(sdl)
    if isinstance(supergraph, SupergraphError):
        print(f"error: {args.supergraph}: {supergraph.message}", file=sys.stderr)
        return 1
    try:
        document = parse(query)
    except GraphQLError as error:
        print(f"error: {args.query}: {error.message}", file=sys.stderr)
        return 1
    problems = validate(supergraph.api_schema, document)
    if problems:
        for problem in problems:
            print(f"error: {args.query}: {problem.message}", file=sys.stderr)
        return 1
    plan = QueryPlanner(supergraph).try_plan(document, args.operation_name)
    if isinstance(plan, PlanningFailure):
        print(f"error: cannot plan {args.query}: {plan.message}", file=sys.stderr)
        return 1
    print(print_plan(plan))
    return 0
