"""Reading `@link` (and Federation 1 `@core`): which specs a supergraph uses, under which names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import (
    ConstDirectiveNode,
    DocumentNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
)

from gateway.supergraph.errors import SupergraphError

__all__ = ["LinkedSpec", "SpecNames", "read_links"]

_URL = re.compile(r"^(?P<identity>.+)/(?P<name>[A-Za-z_][\w-]*)/v(?P<major>\d+)\.(?P<minor>\d+)/?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedSpec:
    """One `@link(url:, as:)`: the spec's identity, its version and the prefix used in this SDL."""

    identity: str
    name: str
    version: tuple[int, int]
    prefix: str
    apollo: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SpecNames:
    """The names the join, link and inaccessible machinery has in one supergraph."""

    links: tuple[LinkedSpec, ...]
    join: LinkedSpec
    link_directive: str
    inaccessible: str | None

    def join_name(self, element: str) -> str:
        """`join__type` for element `type` under the default prefix."""
        return f"{self.join.prefix}__{element}"

    def is_machinery(self, name: str) -> bool:
        """Whether a directive or type name belongs to an Apollo spec (dropped from the API)."""
        if name == self.link_directive:
            return True
        for spec in self.links:
            if not spec.apollo:
                continue
            if name == spec.prefix or name.startswith(spec.prefix + "__"):
                return True
        return False


def _string_arg(directive: ConstDirectiveNode, arg: str) -> str | None:
    for argument in directive.arguments or ():
        if argument.name.value == arg and isinstance(argument.value, StringValueNode):
            return argument.value.value
    return None


def read_links(document: DocumentNode) -> SpecNames:
    """Find the `@link`/`@core` applications on the schema definition and name the specs."""
    applications: list[tuple[str, ConstDirectiveNode]] = []
    for definition in document.definitions:
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            for directive in definition.directives or ():
                name = directive.name.value
                if name in ("link", "core"):
                    applications.append((name, directive))
    # The link spec may itself be renamed (`@link(url: ".../link/v1.0", as: "l")`): look for it.
    link_directive = "link"
    specs: list[LinkedSpec] = []
    for kind, directive in applications:
        url = _string_arg(directive, "url" if kind == "link" else "feature")
        if url is None:
            continue
        match = _URL.match(url)
        if match is None:
            continue
        name = match["name"]
        prefix = _string_arg(directive, "as") or name
        identity = f"{match['identity']}/{name}"
        specs.append(
            LinkedSpec(
                identity=identity,
                name=name,
                version=(int(match["major"]), int(match["minor"])),
                prefix=prefix,
                apollo=match["identity"].rstrip("/").endswith("specs.apollo.dev"),
            )
        )
        if name in ("link", "core") and match["identity"].endswith("specs.apollo.dev"):
            link_directive = prefix
    joins = [s for s in specs if s.name == "join" and s.apollo]
    if not joins:
        raise SupergraphError("not a supergraph: no @link to the join spec (specs.apollo.dev/join)")
    join = joins[0]
    if join.version < (0, 1) or join.version > (0, 5):
        raise SupergraphError(f"unsupported join spec version v{join.version[0]}.{join.version[1]}")
    inaccessible = next((s.prefix for s in specs if s.name == "inaccessible" and s.apollo), None)
    return SpecNames(
        links=tuple(specs), join=join, link_directive=link_directive, inaccessible=inaccessible
    )
