"""The merger's shared state: subgraphs, their metadata, the schema being built, errors, hints."""

from __future__ import annotations

import re
from collections.abc import Iterable

from gateway.composition.errors import CompositionError, Hint, Location, subgraph_names
from gateway.composition.output.model import SDirective, SuperSchema
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Applied, Field, Kind, Subgraph, TypeDef, has_fed
from gateway.composition.subgraph.spec_imports import federation_link_loc
from gateway.composition.typeref import is_strict_subtype

__all__ = ["MERGED_FEDERATION_DIRECTIVES", "MergeState", "Pending"]

MERGED_FEDERATION_DIRECTIVES = frozenset(
    {
        "tag",
        "inaccessible",
        "authenticated",
        "requiresScopes",
        "policy",
        "cost",
        "listSize",
        "context",
    }
)
ACCESS_CONTROL = ("authenticated", "requiresScopes", "policy")
BUILTIN_MERGED = frozenset({"deprecated", "specifiedBy"})

# (destination list, directive names, sources, coordinate of the element for messages)
Pending = tuple[list[SDirective], tuple[str, ...], tuple[tuple[int, tuple[Applied, ...]], ...], str]


def _sanitize(name: str) -> str:
    text = re.sub(r"[^0-9A-Za-z_]", "_", name)
    if text[:1].isdigit():
        text = "_" + text
    if re.search(r"_\d+$", text):
        text += "_"  # keeps room for the _<n> suffix used to separate clashing names
    return text.upper()


def graph_enum_names(names: Iterable[str]) -> list[str]:
    """join__Graph value per subgraph: sanitised upper-case names; names that sanitise to the
    same value are numbered `_1`, `_2`, ... in subgraph order."""
    names = list(names)
    sanitized = [_sanitize(n) for n in names]
    out: list[str] = []
    for i, value in enumerate(sanitized):
        clashing = [j for j, other in enumerate(sanitized) if other == value]
        out.append(value if len(clashing) == 1 else f"{value}_{clashing.index(i) + 1}")
    return out


class MergeState:
    """Mutable for the duration of one `merge` call only."""

    def __init__(self, subgraphs: list[Subgraph], metas: list[Metadata]) -> None:
        self.sgs = subgraphs
        self.metas = metas
        self.names = [s.name for s in subgraphs]
        self.graphs = graph_enum_names(self.names)
        self.schema = SuperSchema()
        self.errors: list[CompositionError] = []
        self.hints: list[Hint] = []
        self.pending: list[Pending] = []
        self.enum_usage: dict[str, tuple[str, dict[str, str]]] = {}
        self.used_features: set[str] = set()
        self._acl: dict[str, list[tuple[int, tuple[Applied, ...]]]] | None = None
        self.renamed = self._supergraph_names()
        self.has_interface_objects = any(
            self.is_interface_object(t) for s in subgraphs for t in s.types.values()
        )
        self.composed: set[str] = {n for s in subgraphs for n in s.compose_directives}
        self.fields_with_override = {
            (t.name, f.name)
            for s in subgraphs
            for t in s.types.values()
            for f in t.fields
            if has_fed(f.directives, "override")
        }

    def _supergraph_names(self) -> dict[str, str]:
        """Feature directives keep the name the first subgraph using them imported them as."""
        out: dict[str, str] = {}
        decided: set[str] = set()
        spellings: dict[str, list[tuple[str, str, str]]] = {}  # name -> (local, subgraph, url)
        for sg in self.sgs:
            used = {
                d.name
                for t in sg.types.values()
                for d in (
                    *t.directives,
                    *(x for f in t.fields for x in f.directives),
                    *(x for f in t.fields for a in f.args for x in a.directives),
                    *(x for v in t.values for x in v.directives),
                    *(x for i in t.input_fields for x in i.directives),
                )
                if d.federation and d.name in MERGED_FEDERATION_DIRECTIVES
            }
            version = sg.fed_version or (2, 0)
            url = f"https://specs.apollo.dev/federation/v{version[0]}.{version[1]}"
            for name in sorted(used):
                spellings.setdefault(name, []).append(
                    (sg.renamed_imports.get(name, name), sg.name, url)
                )
            for name in sorted(used - decided):
                decided.add(name)
                if name in sg.renamed_imports:
                    out[name] = sg.renamed_imports[name]
        for name, uses in spellings.items():
            locals_ = list(dict.fromkeys(local for local, _, _ in uses))
            if len(locals_) < 2:
                continue
            # Apollo reports from the first subgraph that disagrees with the first spelling.
            mismatch = next(local for local, _, _ in uses if local != locals_[0])
            order = [mismatch] + [x for x in locals_ if x != mismatch]
            parts = [
                f'"@{local}" in {subgraph_names([s for x, s, _ in uses if x == local])}'
                for local in order
            ]
            # The spelling is chosen by each subgraph's federation @link import list.
            by_name = {sg.name: sg for sg in self.sgs}
            self.error(
                "LINK_IMPORT_NAME_MISMATCH",
                f'The "@{name}" directive (from {uses[0][2]}) is imported with mismatched name '
                f"between subgraphs: it is imported as {parts[0]} but " + " and ".join(parts[1:]),
                [federation_link_loc(by_name[s].schema_directives) for _, s, _ in uses],
            )
        return out

    # -- reporting -------------------------------------------------------------------------
    def error(
        self,
        code: str,
        message: str,
        locs: Iterable[Location | None] = (),
        subgraph: str | None = None,
    ) -> None:
        self.errors.append(
            CompositionError(
                code=code,
                message=message,
                locations=tuple(loc for loc in locs if loc is not None),
                subgraph=subgraph,
            )
        )

    def hint(self, code: str, message: str, locs: Iterable[Location | None] = ()) -> None:
        self.hints.append(
            Hint(code=code, message=message, locations=tuple(x for x in locs if x is not None))
        )

    # -- lookups ---------------------------------------------------------------------------
    def expected_kind(self, t: TypeDef) -> Kind:
        if t.kind is Kind.OBJECT and has_fed(t.directives, "interfaceObject"):
            return Kind.INTERFACE
        return t.kind

    def is_interface_object(self, t: TypeDef | None) -> bool:
        return t is not None and t.kind is Kind.OBJECT and has_fed(t.directives, "interfaceObject")

    def sources_of(self, name: str, kind: Kind) -> dict[int, TypeDef]:
        out: dict[int, TypeDef] = {}
        for i, sg in enumerate(self.sgs):
            t = sg.types.get(name)
            if t is not None and self.expected_kind(t) is kind:
                out[i] = t
        return out

    def access_control_sources(self) -> dict[str, list[tuple[int, tuple[Applied, ...]]]]:
        """Access-control applications an interface (or an interfaceObject's implementations)
        inherits from the types and fields that implement it, keyed `<coordinate>_<name>`."""
        if self._acl is not None:
            return self._acl
        impl_to_itf: dict[str, list[str]] = {}
        itf_to_impl: dict[str, list[str]] = {}
        for stype in self.schema.types.values():
            if stype.kind is Kind.OBJECT:
                for itf in stype.interfaces:
                    impl_to_itf.setdefault(stype.name, []).append(itf)
                    itf_to_impl.setdefault(itf, []).append(stype.name)
        out: dict[str, list[tuple[int, tuple[Applied, ...]]]] = {}

        def add(key: str, idx: int, d: Applied) -> None:
            out.setdefault(key, []).append((idx, (d,)))

        for idx, sg in enumerate(self.sgs):
            for t in sg.types.values():
                if t.kind is not Kind.OBJECT:
                    continue
                for d in t.directives:
                    if d.federation and d.name in ACCESS_CONTROL:
                        for itf in impl_to_itf.get(t.name, []):
                            add(f"{itf}_{d.name}", idx, d)
                for f in t.fields:
                    if self.metas[idx].is_external(t.name, f.name):
                        continue
                    for d in f.directives:
                        if not (d.federation and d.name in ACCESS_CONTROL):
                            continue
                        if self.is_interface_object(t):
                            others: list[str] = []
                            for impl in itf_to_impl.get(t.name, []):
                                add(f"{impl}.{f.name}_{d.name}", idx, d)
                                others += [i for i in impl_to_itf.get(impl, []) if i != t.name]
                            for itf in dict.fromkeys(others):
                                add(f"{itf}.{f.name}_{d.name}", idx, d)
                        else:
                            for itf in impl_to_itf.get(t.name, []):
                                add(f"{itf}.{f.name}_{d.name}", idx, d)
        self._acl = out
        return out

    def abstracted_by_interface_object(
        self, type_name: str, field: str, idx: int
    ) -> list[tuple[str, Field]]:
        """Fields an @interfaceObject of subgraph `idx` contributes to object `type_name`
        (which that subgraph does not define) through an interface the type implements."""
        if not self.has_interface_objects:
            return []
        dest = self.schema.types.get(type_name)
        sg = self.sgs[idx]
        if dest is None or dest.kind is not Kind.OBJECT or type_name in sg.types:
            return []
        out: list[tuple[str, Field]] = []
        for itf in dest.interfaces:
            local = sg.types.get(itf)
            if local is not None and local.kind is Kind.OBJECT:
                f = local.field(field)
                if f is not None:
                    out.append((itf, f))
        return out

    def is_merged_directive(self, idx: int, d: Applied) -> bool:
        if d.federation:
            return d.name in MERGED_FEDERATION_DIRECTIVES
        return d.name in BUILTIN_MERGED or d.name in self.sgs[idx].compose_directives

    def named_subtype(self, general: str, specific: str) -> bool:
        g = self.schema.types.get(general)
        s = self.schema.types.get(specific)
        if g is None or s is None:
            return False
        if g.kind is Kind.UNION:
            return specific in g.members
        if g.kind is Kind.INTERFACE:
            return general in s.interfaces
        return False

    def strict_subtype(self, general: str, specific: str) -> bool:
        return is_strict_subtype(general, specific, self.named_subtype)

    def join_args(self, **args: object) -> str:
        from gateway.composition.values import python_to_str

        parts = []
        for name, value in args.items():
            if value is None:
                continue
            if name == "graph" or name == "member_enum":
                parts.append(f"graph: {value}")
                continue
            parts.append(f"{name}: {python_to_str(value)}")
        return "(" + ", ".join(parts) + ")"
