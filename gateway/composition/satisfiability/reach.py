"""Local facts for the satisfiability walk: what one subgraph resolves at a type, and which
subgraphs it can jump to through @key."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.composition.fieldset import FieldSetError, Sel, parse_field_set
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Field, Kind, Subgraph, TypeDef, fed_of
from gateway.composition.typeref import base_name

__all__ = ["Reach", "State", "parse_or_empty"]


@dataclass(frozen=True, slots=True, kw_only=True)
class State:
    """One way of being at the current supergraph position: in subgraph `subgraph_index`, where the
    selections in `provided` were promised by a parent's @provides."""

    subgraph_index: int
    provided: tuple[Sel, ...] = ()
    via: str | None = None  # an @interfaceObject standing in for the current object type


def parse_or_empty(text: object) -> tuple[Sel, ...]:
    try:
        return parse_field_set(str(text))
    except FieldSetError:
        return ()


class Reach:
    def __init__(
        self, sgs: list[Subgraph], metas: list[Metadata], interfaces: dict[str, list[str]]
    ) -> None:
        self.interfaces = interfaces  # supergraph object type -> interfaces it implements
        self.sgs = sgs
        self.metas = metas
        # Fields taken over by a non-progressive @override are no longer resolved at the source.
        self.overridden: set[tuple[int, str, str]] = set()
        self._jumps: dict[tuple[State, str], list[State]] = {}
        names = [s.name for s in sgs]
        # (subgraph, type) -> fields by name, and (type, field) -> subgraphs defining it.
        self.fields: dict[tuple[int, str], dict[str, Field]] = {}
        self.defining: dict[tuple[str, str], set[int]] = {}
        for i, s in enumerate(sgs):
            for t in s.types.values():
                self.fields[(i, t.name)] = {f.name: f for f in t.fields}
                for f in t.fields:
                    self.defining.setdefault((t.name, f.name), set()).add(i)
        for s in sgs:
            for t in s.types.values():
                for f in t.fields:
                    for d in fed_of(f.directives, "override"):
                        source = d.value("from")
                        if source in names and not d.value("label"):
                            self.overridden.add((names.index(source), t.name, f.name))

    def type_in(self, i: int, name: str) -> TypeDef | None:
        return self.sgs[i].types.get(name)

    def selection_for(self, provided: tuple[Sel, ...], type_name: str, field: str) -> Sel | None:
        for selection in provided:
            if selection.name == field:
                return selection
            if selection.name is None and selection.type_condition in (None, type_name):
                found = self.selection_for(selection.children, type_name, field)
                if found is not None:
                    return found
        return None

    def local_field(self, st: State, type_name: str, field: str) -> Field | None:
        """The field if subgraph `st.subgraph_index` can resolve it here (not external unless
        provided)."""
        type_name = st.via or type_name
        f = self.fields.get((st.subgraph_index, type_name), {}).get(field)
        if f is None or (st.subgraph_index, type_name, field) in self.overridden:
            return None
        t = self.type_in(st.subgraph_index, type_name)
        provided = self.selection_for(st.provided, type_name, field) is not None
        external = self.metas[st.subgraph_index].is_external(type_name, field)
        if external and not provided:
            return None
        if t is not None and t.kind is Kind.INTERFACE and not provided:
            # An interface field is only collected directly when every local implementation
            # resolves it; otherwise the query has to go through the implementations.
            for impl in self.sgs[st.subgraph_index].types.values():
                implements = t.name in impl.interfaces and impl.kind is Kind.OBJECT
                if implements and (
                    impl.field(field) is None
                    or self.metas[st.subgraph_index].is_external(impl.name, field)
                ):
                    return None
        return f

    def collectable(self, states: list[State], type_name: str, selections: tuple[Sel, ...]) -> bool:
        """Whether `selections` can be fetched at `type_name` starting from any of `states` (each
        nested selection may itself use key jumps from where its parent field was found)."""
        for selection in selections:
            if selection.name is None:
                if selection.type_condition in (None, type_name) and not self.collectable(
                    states, type_name, selection.children
                ):
                    return False
                continue
            if selection.name == "__typename":
                continue
            if not any(self._collect_field(st, type_name, selection) for st in states):
                return False
        return True

    def _collect_field(self, st: State, type_name: str, selection: Sel) -> bool:
        assert selection.name is not None
        f = self.local_field(st, type_name, selection.name)
        if f is None:
            return False
        if not selection.children:
            return True
        inner = self.selection_for(st.provided, type_name, selection.name)
        child = State(subgraph_index=st.subgraph_index, provided=inner.children if inner else ())
        child_type = base_name(f.type)
        return self.collectable(self.jumps(child, child_type), child_type, selection.children)

    def resolvable_keys(self, j: int, type_name: str) -> tuple[tuple[Sel, ...], ...]:
        t = self.type_in(j, type_name)
        if t is None:
            return ()
        return tuple(
            parse_or_empty(k.value("fields"))
            for k in fed_of(t.directives, "key")
            if k.value("resolvable") is not False
        )

    def jumps(self, st: State, type_name: str) -> list[State]:
        """States reachable from `st` at `type_name` through key jumps (st included, first)."""
        memo_key = (st, type_name)
        if memo_key in self._jumps:
            return self._jumps[memo_key]
        self._jumps[memo_key] = [st]  # guards against cycles while computing
        out = [st]
        if type_name == "Query":
            # Any subgraph can be queried at the root, wherever the Query type shows up.
            out += [
                State(subgraph_index=j)
                for j, s in enumerate(self.sgs)
                if j != st.subgraph_index and "Query" in s.types
            ]
        changed = True
        while changed:
            changed = False
            for j in range(len(self.sgs)):
                if any(o.subgraph_index == j for o in out):
                    continue
                if any(
                    self.collectable(out, type_name, k) for k in self.resolvable_keys(j, type_name)
                ):
                    out.append(State(subgraph_index=j))
                    changed = True
                    continue
                for itf in self.interfaces.get(type_name, ()):
                    local = self.type_in(j, itf)
                    if local is None or local.kind is not Kind.OBJECT:
                        continue
                    if any(
                        self.collectable(out, type_name, k) for k in self.resolvable_keys(j, itf)
                    ):
                        out.append(State(subgraph_index=j, via=itf))
                        changed = True
                        break
        self._jumps[memo_key] = out
        return out

    def requires_ok(self, options: list[State], option: State, type_name: str, f: Field) -> bool:
        requires = fed_of(f.directives, "requires")
        if not requires:
            return True
        needed = [parse_or_empty(d.value("fields")) for d in requires]
        if not all(self.collectable(options, type_name, selections) for selections in needed):
            return False
        if all(self.collectable([option], type_name, selections) for selections in needed):
            return True
        return self.can_resume(option, type_name)

    def can_resume(self, option: State, type_name: str) -> bool:
        """After fetching @requires conditions elsewhere, the query re-enters the subgraph through
        one of its own resolvable keys, which that subgraph must be able to provide itself."""
        local = State(subgraph_index=option.subgraph_index, via=option.via)
        keys = self.resolvable_keys(option.subgraph_index, option.via or type_name)
        return any(self.collectable([local], option.via or type_name, k) for k in keys)
