"""`python -m registry …` (also the `registry` console script): the service and the CLI CI runs.

    serve [--config FILE] [--dev] [--host H] [--port P]
    subgraph publish|check|delete   --graph --variant --name [--schema FILE --url URL]
    supergraph fetch                --graph --variant [--output FILE]
    schema diff OLD NEW             offline, no service
    history                         --graph --variant [--name SUBGRAPH]
    token create                    --name --scope [--graph] [--variant]
    check approve ID                an admin approves a check's breaking changes for its context

`REGISTRY_URL` and `REGISTRY_TOKEN` come from the environment (or `--registry-url`,
`--token`). `--format text|json|markdown`. Exit status: 0 passed, 1 the check (or publish)
found a problem, 2 usage error, 3 the registry could not be reached or refused the token.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from registry.cli.client import ApiError, RegistryClient, Unreachable
from registry.cli.render import render_changes, render_check, render_history, render_publish

__all__ = ["main"]

PASSED, PROBLEM, USAGE, UNREACHABLE = 0, 1, 2, 3

_CHECK_FIELDS = "id passed url report"
_VERSION_FIELDS = "id subgraph sdlHash routingUrl author commit createdAt"
_COMPOSITION_FIELDS = (
    "id status supergraphHash trigger createdAt versions "
    "errors { code message subgraph locations } hints { code message subgraph locations }"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: error: {message}\n")


def _client(args: argparse.Namespace) -> RegistryClient:
    url = args.registry_url or os.environ.get("REGISTRY_URL", "")
    if not url:
        raise SystemExit(_fail("set REGISTRY_URL or pass --registry-url", USAGE))
    token = args.token or os.environ.get("REGISTRY_TOKEN") or None
    return RegistryClient(url=url, token=token)


def _fail(message: str, status: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def _read(path: str, what: str) -> str:
    try:
        return Path(path).read_text()
    except OSError as exc:
        raise SystemExit(_fail(f"cannot read {what} {path}: {exc.strerror}", USAGE)) from None


def _publish(args: argparse.Namespace) -> int:
    data = _client(args).graphql(
        f"""mutation($graph: String!, $variant: String!, $name: String!, $sdl: String!,
                     $url: String!, $author: String!, $commit: String!) {{
              publishSubgraph(graph: $graph, variant: $variant, name: $name, sdl: $sdl, url: $url,
                              author: $author, commit: $commit) {{
                outcome notes
                version {{ {_VERSION_FIELDS} }}
                composition {{ {_COMPOSITION_FIELDS} }}
              }}
            }}""",
        {
            "graph": args.graph,
            "variant": args.variant,
            "name": args.name,
            "sdl": _read(args.schema, "schema"),
            "url": args.url,
            "author": args.author or os.environ.get("USER", ""),
            "commit": args.commit or os.environ.get("GITHUB_SHA", ""),
        },
    )
    payload = data["publishSubgraph"]
    print(render_publish(payload, args.format))
    return PROBLEM if payload["outcome"] == "COMPOSITION_FAILED" else PASSED


def _check(args: argparse.Namespace) -> int:
    data = _client(args).graphql(
        f"""mutation($graph: String!, $variant: String!, $name: String!, $sdl: String!,
                     $url: String, $context: String, $strict: Boolean!, $windowDays: Int,
                     $minCount: Int!, $excluded: [String!], $maxAddedFetches: Int,
                     $author: String!, $commit: String!) {{
              checkSubgraph(graph: $graph, variant: $variant, name: $name, sdl: $sdl, url: $url,
                            context: $context, strict: $strict, windowDays: $windowDays,
                            minCount: $minCount, excludedClients: $excluded,
                            maxAddedFetches: $maxAddedFetches, author: $author, commit: $commit) {{
                {_CHECK_FIELDS}
              }}
            }}""",
        {
            "graph": args.graph,
            "variant": args.variant,
            "name": args.name,
            "sdl": _read(args.schema, "schema"),
            "url": args.url,
            "context": args.context,
            "strict": args.strict,
            "windowDays": args.window_days,
            "minCount": args.min_count,
            "excluded": args.exclude_client or None,
            "maxAddedFetches": args.max_added_fetches,
            "author": args.author or os.environ.get("USER", ""),
            "commit": args.commit or os.environ.get("GITHUB_SHA", ""),
        },
    )
    check = data["checkSubgraph"]
    print(render_check(check["report"], args.format), end="" if args.format == "markdown" else "\n")
    return PASSED if check["passed"] else PROBLEM


def _approve(args: argparse.Namespace) -> int:
    data = _client(args).graphql(
        f"mutation($id: Int!) {{ approveCheck(id: $id) {{ {_CHECK_FIELDS} }} }}", {"id": args.id}
    )
    check = data["approveCheck"]
    print(render_check(check["report"], args.format), end="" if args.format == "markdown" else "\n")
    return PASSED if check["passed"] else PROBLEM


def _delete(args: argparse.Namespace) -> int:
    data = _client(args).graphql(
        f"""mutation($graph: String!, $variant: String!, $name: String!) {{
              deleteSubgraph(graph: $graph, variant: $variant, name: $name) {{
                {_COMPOSITION_FIELDS}
              }}
            }}""",
        {"graph": args.graph, "variant": args.variant, "name": args.name},
    )
    composition = data["deleteSubgraph"]
    if args.format == "json":
        print(render_history({"compositions": [composition]}, "json"))
    elif composition["status"] == "SUCCEEDED":
        print(f"Deleted {args.name}; composition {composition['id']} is served.")
    else:
        print(f"{args.name} was not deleted: the others do not compose without it.")
        for error in composition["errors"]:
            print(f"  [{error['code']}] {error.get('subgraph') or ''} {error['message']}")
    return PASSED if composition["status"] == "SUCCEEDED" else PROBLEM


def _fetch(args: argparse.Namespace) -> int:
    found = _client(args).supergraph(args.graph, args.variant)
    if found is None:
        return _fail(f"{args.graph}@{args.variant} serves no supergraph", PROBLEM)
    sdl, _etag = found
    if args.output:
        Path(args.output).write_text(sdl)
    else:
        sys.stdout.write(sdl)
    return PASSED


def _history(args: argparse.Namespace) -> int:
    versions = (
        f"versions(subgraph: $name, limit: $limit) {{ {_VERSION_FIELDS} }}" if args.name else ""
    )
    name_variable = ", $name: String!" if args.name else ""
    data = _client(args).graphql(
        f"""query($graph: String!, $variant: String!, $limit: Int!{name_variable}) {{
              variant(graph: $graph, variant: $variant) {{
                {versions}
                compositions(limit: $limit) {{ {_COMPOSITION_FIELDS} }}
              }}
            }}""",
        {"graph": args.graph, "variant": args.variant, "limit": args.limit}
        | ({"name": args.name} if args.name else {}),
    )
    print(render_history(data["variant"], args.format))
    return PASSED


def _token(args: argparse.Namespace) -> int:
    data = _client(args).graphql(
        """mutation($name: String!, $scope: String!, $graph: String, $variant: String) {
             createToken(name: $name, scope: $scope, graph: $graph, variant: $variant) {
               token name scope graph variant
             }
           }""",
        {"name": args.name, "scope": args.scope, "graph": args.graph, "variant": args.variant},
    )
    created = data["createToken"]
    if args.format == "json":
        print(json.dumps(created, indent=2))
    else:
        print(created["token"])
    return PASSED


def _diff(args: argparse.Namespace) -> int:
    from registry.changes import changes_json, diff_sdl

    try:
        changes = diff_sdl(_read(args.old, "schema"), _read(args.new, "schema"))
    except Exception as exc:
        return _fail(f"cannot compare the schemas: {exc}", USAGE)
    print(render_changes(changes_json(changes)["changes"], args.format))
    return PROBLEM if any(c.criticality.value == "BREAKING" for c in changes) else PASSED


def _serve(args: argparse.Namespace) -> int:
    from registry.service.serve import serve

    return serve(config=args.config, dev=args.dev, host=args.host, port=args.port)


def _common(parser: argparse.ArgumentParser, *, variant: bool = True) -> None:
    parser.add_argument("--registry-url", help="the registry (default: $REGISTRY_URL)")
    parser.add_argument("--token", help="a registry token (default: $REGISTRY_TOKEN)")
    parser.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    if variant:
        parser.add_argument("--graph", required=True)
        parser.add_argument("--variant", default="current")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="registry", description="The schema registry and its CI commands.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = commands.add_parser("serve", help="run the registry service")
    serve.add_argument("--config", type=Path, help="YAML file (database_url, host, port, …)")
    serve.add_argument("--dev", action="store_true", help="use the project's local PostgreSQL")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(run=_serve)

    subgraph = commands.add_parser("subgraph", help="publish, check or delete a subgraph")
    actions = subgraph.add_subparsers(dest="action", required=True, parser_class=_Parser)
    for name, run, needs_schema in (
        ("publish", _publish, True),
        ("check", _check, True),
        ("delete", _delete, False),
    ):
        action = actions.add_parser(name)
        _common(action)
        action.add_argument("--name", required=True, help="the subgraph's name")
        if needs_schema:
            action.add_argument("--schema", required=True, help="the subgraph's SDL file")
            action.add_argument("--author", default="")
            action.add_argument("--commit", default="")
        if name == "publish":
            action.add_argument("--url", required=True, help="the subgraph's routing URL")
        if name == "check":
            action.add_argument("--url", default=None, help="routing URL (default: the current)")
            action.add_argument("--context", help="e.g. the pull request; approvals stick to it")
            action.add_argument(
                "--strict", action="store_true", help="unused breaking changes fail too"
            )
            action.add_argument("--window-days", type=int, default=None)
            action.add_argument("--min-count", type=int, default=1)
            action.add_argument("--exclude-client", action="append", default=[])
            action.add_argument("--max-added-fetches", type=int, default=None)
        action.set_defaults(run=run)

    supergraph = commands.add_parser("supergraph", help="fetch the served supergraph")
    supergraph_actions = supergraph.add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    fetch = supergraph_actions.add_parser("fetch")
    _common(fetch)
    fetch.add_argument("--output", help="write to this file instead of stdout")
    fetch.set_defaults(run=_fetch)

    schema = commands.add_parser("schema", help="offline schema tools")
    schema_actions = schema.add_subparsers(dest="action", required=True, parser_class=_Parser)
    diff = schema_actions.add_parser("diff", help="classify the changes from OLD to NEW")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    diff.set_defaults(run=_diff)

    history = commands.add_parser("history", help="compositions (and a subgraph's versions)")
    _common(history)
    history.add_argument("--name", help="also list this subgraph's versions")
    history.add_argument("--limit", type=int, default=20)
    history.set_defaults(run=_history)

    token = commands.add_parser("token", help="tokens")
    token_actions = token.add_subparsers(dest="action", required=True, parser_class=_Parser)
    create = token_actions.add_parser("create")
    _common(create, variant=False)
    create.add_argument("--name", required=True)
    create.add_argument("--scope", required=True, choices=["read", "check", "publish", "admin"])
    create.add_argument("--graph", default=None, help="limit the token to one graph")
    create.add_argument("--variant", default=None, help="limit the token to one variant")
    create.set_defaults(run=_token)

    check = commands.add_parser("check", help="checks")
    check_actions = check.add_subparsers(dest="action", required=True, parser_class=_Parser)
    approve = check_actions.add_parser("approve")
    _common(approve, variant=False)
    approve.add_argument("id", type=int)
    approve.set_defaults(run=_approve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except Unreachable as exc:
        return _fail(str(exc), UNREACHABLE)
    except ApiError as exc:
        status = USAGE if exc.code == "BAD_USER_INPUT" else PROBLEM
        return _fail(f"{exc} ({exc.code})", status)
    return status
