"""Reading a subgraph's `@link`s: the federation version and specs it imports, and how it spells
federation names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import ConstDirectiveNode, ListValueNode, ObjectValueNode, StringValueNode

from gateway.composition.errors import Location
from gateway.composition.subgraph.model import Applied, Link

__all__ = [
    "FEDERATION_DIRECTIVES",
    "KNOWN_FEDERATION_VERSIONS",
    "LinkInfo",
    "NameResolver",
    "federation_link_loc",
    "read_link_info",
]

FEDERATION_URL_PREFIX = "https://specs.apollo.dev/federation/"
LINK_URL_PREFIX = "https://specs.apollo.dev/link/"
KNOWN_FEDERATION_VERSIONS = frozenset((2, minor) for minor in range(15))

# Canonical federation directive name -> first federation version defining it.
FEDERATION_DIRECTIVES: dict[str, tuple[int, int]] = {
    "key": (2, 0),
    "requires": (2, 0),
    "provides": (2, 0),
    "external": (2, 0),
    "tag": (2, 0),
    "extends": (2, 0),
    "shareable": (2, 0),
    "inaccessible": (2, 0),
    "override": (2, 0),
    "composeDirective": (2, 1),
    "interfaceObject": (2, 3),
    "authenticated": (2, 5),
    "requiresScopes": (2, 5),
    "policy": (2, 6),
    "context": (2, 8),
    "fromContext": (2, 8),
    "cost": (2, 9),
    "listSize": (2, 9),
}
FED1_DIRECTIVES = ("key", "requires", "provides", "external", "extends", "tag", "inaccessible")
_URL = re.compile(r"^(?P<base>.*)/(?P<name>[A-Za-z_][\w-]*)/v(?P<major>\d+)\.(?P<minor>\d+)/?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class NameResolver:
    """Maps a directive name as written in a subgraph to its canonical federation name."""

    by_local: dict[str, str]
    namespace: str | None

    def canonical(self, local: str) -> str | None:
        if local in self.by_local:
            return self.by_local[local]
        if self.namespace and local.startswith(self.namespace + "__"):
            name = local[len(self.namespace) + 2 :]
            if name in FEDERATION_DIRECTIVES:
                return name
        return None

    def local(self, canonical: str) -> str:
        for local, canon in self.by_local.items():
            if canon == canonical:
                return local
        return f"{self.namespace}__{canonical}" if self.namespace else canonical


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkInfo:
    fed_version: tuple[int, int] | None
    fed_version_text: str | None
    resolver: NameResolver
    others: tuple[Link, ...]
    link_directive_name: str
    federation_imports: tuple[str, ...] = ()  # as written in the federation @link (spec names)


def _imports(node: ConstDirectiveNode) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for arg in node.arguments:
        if arg.name.value != "import" or not isinstance(arg.value, ListValueNode):
            continue
        for item in arg.value.values:
            if isinstance(item, StringValueNode):
                out.append((item.value, item.value))
            elif isinstance(item, ObjectValueNode):
                fields = {
                    f.name.value: f.value.value
                    for f in item.fields
                    if isinstance(f.value, StringValueNode)
                }
                if "name" in fields:
                    out.append((fields["name"], fields.get("as", fields["name"])))
    return out


def _string_arg(node: ConstDirectiveNode, name: str) -> str | None:
    for arg in node.arguments:
        if arg.name.value == name and isinstance(arg.value, StringValueNode):
            return arg.value.value
    return None


def federation_link_loc(schema_directives: tuple[Applied, ...]) -> Location | None:
    """Where the subgraph's federation `@link` is applied, whatever `@link` is called there."""
    for d in schema_directives:
        for name, value in d.args:
            if (
                name == "url"
                and isinstance(value, StringValueNode)
                and value.value.startswith(FEDERATION_URL_PREFIX)
            ):
                return d.loc
    return None


def read_link_info(schema_directives: list[ConstDirectiveNode]) -> LinkInfo:
    """What the subgraph's schema `@link`s declare: its federation version, how it spells
    federation directives, and the other specs it links."""
    fed_version: tuple[int, int] | None = None
    fed_text: str | None = None
    fed_imports: list[str] = []
    by_local: dict[str, str] = {}
    namespace: str | None = None
    others: list[Link] = []
    links = [d for d in schema_directives if d.name.value == "link"]
    for node in links:
        url = _string_arg(node, "url")
        if url is None:
            continue
        match = _URL.match(url)
        if match is None:
            continue
        alias = _string_arg(node, "as")
        version = (int(match["major"]), int(match["minor"]))
        if url.startswith(FEDERATION_URL_PREFIX):
            fed_version, fed_text = version, f"v{match['major']}.{match['minor']}"
            namespace = alias or "federation"
            fed_imports = [spec for spec, _ in _imports(node)]
            for spec_name, local in _imports(node):
                if spec_name.startswith("@") and spec_name[1:] in FEDERATION_DIRECTIVES:
                    by_local[local.lstrip("@")] = spec_name[1:]
        elif not url.startswith(LINK_URL_PREFIX):
            imports = tuple(
                (s.lstrip("@"), loc.lstrip("@")) for s, loc in _imports(node) if s.startswith("@")
            )
            others.append(
                Link(
                    url=url,
                    name=match["name"],
                    version=f"v{match['major']}.{match['minor']}",
                    alias=alias,
                    imports=imports,
                )
            )
    if fed_version is None:
        by_local = {name: name for name in FED1_DIRECTIVES}
    return LinkInfo(
        fed_version=fed_version,
        fed_version_text=fed_text,
        federation_imports=tuple(fed_imports),
        resolver=NameResolver(by_local=by_local, namespace=namespace),
        others=tuple(others),
        link_directive_name="link",
    )
