"""Walking the supergraph API from its roots, keeping the set of subgraph states that can be at
each position, and reporting a SATISFIABILITY_ERROR where no state can resolve a field."""

from __future__ import annotations

from gateway.composition.errors import CompositionError, Hint
from gateway.composition.fieldset import Sel, collect_fields
from gateway.composition.output.model import SField, SType, SuperSchema
from gateway.composition.satisfiability.reach import Reach, State, parse_or_empty
from gateway.composition.satisfiability.runtime_types import check_runtime_types
from gateway.composition.satisfiability.witness import Step, print_witness
from gateway.composition.subgraph.metadata import Metadata
from gateway.composition.subgraph.model import Field, Kind, Subgraph, fed_of
from gateway.composition.typeref import base_name

__all__ = ["check_satisfiability"]

MAX_ERRORS = 20


def _inaccessible(directives: list) -> bool:  # type: ignore[type-arg]
    return any(d.name == "inaccessible" for d in directives)


class _Walker:
    def __init__(
        self,
        schema: SuperSchema,
        sgs: list[Subgraph],
        metas: list[Metadata],
        reach: Reach | None = None,
    ) -> None:
        self.schema = schema
        self.sgs = sgs
        self.metas = metas
        self.reach = reach or Reach(
            sgs, metas, {n: list(t.interfaces) for n, t in schema.types.items()}
        )
        self.errors: list[CompositionError] = []
        self.hints: list[Hint] = []
        self._impls: dict[str, list[str]] | None = None
        self.visited: set[tuple[str, frozenset[State]]] = set()
        self.reported: set[str] = set()
        self.interface_objects = {
            t.name for s in sgs for t in s.types.values() if fed_of(t.directives, "interfaceObject")
        }

    def run(self) -> list[CompositionError]:
        for op, root in self.schema.roots.items():
            if op == "mutation":
                self._mutations(self.schema.types[root])
                continue
            states = frozenset(
                State(subgraph_index=i) for i, s in enumerate(self.sgs) if root in s.types
            )
            self.visit(op, self.schema.types[root], states, [])
        return self.errors

    def _mutations(self, root: SType) -> None:
        """A mutation field runs once, in one subgraph: each top-level mutation field must be
        satisfiable starting from (at least) one subgraph that defines it."""
        for f in root.fields.values():
            if _inaccessible(f.directives):
                continue
            attempts: dict[str, list[CompositionError]] = {}
            for i, sg in enumerate(self.sgs):
                local = sg.types.get(root.name)
                if local is None or local.field(f.name) is None:
                    continue
                sub = _Walker(self.schema, self.sgs, self.metas, self.reach)
                sub.advance(
                    "mutation", root, f, frozenset({State(subgraph_index=i)}), [], report=True
                )
                attempts[sg.name] = sub.errors
            if not attempts or any(not errors for errors in attempts.values()):
                continue
            if len(attempts) == 1:
                self.errors.extend(next(iter(attempts.values())))
                continue
            coord = f"{root.name}.{f.name}"
            parts = [
                f'Supergraph API queries using the mutation field "{coord}" at top-level must be '
                "satisfiable without needing to call that field from multiple subgraphs, but every "
                "subgraph with that field encounters satisfiability errors. Please fix these "
                "satisfiability errors for (at least) one of the following subgraphs with the "
                "mutation field:"
            ]
            for name, errors in attempts.items():
                parts.append(f'- When calling "{coord}" at top-level from subgraph "{name}":')
                for error in errors:
                    parts += [("  " + line) if line else line for line in error.message.split("\n")]
            self.errors.append(
                CompositionError(code="SATISFIABILITY_ERROR", message="\n".join(parts))
            )

    def visit(
        self,
        op: str,
        t: SType,
        states: frozenset[State],
        path: list[Step],
        preferred: frozenset[State] | None = None,
    ) -> None:
        """`preferred` approximates the subgraph paths Apollo keeps (direct fields over key
        jumps); it only feeds the shared-field runtime-type check."""
        preferred = states if preferred is None else preferred
        key = (t.name, states)
        if key in self.visited or len(self.errors) >= MAX_ERRORS or _inaccessible(t.directives):
            return
        self.visited.add(key)
        if t.kind in (Kind.OBJECT, Kind.INTERFACE):
            for f in t.fields.values():
                if _inaccessible(f.directives):
                    continue
                self.advance(op, t, f, states, path, t.kind is Kind.OBJECT, preferred)
        if t.kind in (Kind.INTERFACE, Kind.UNION):
            runtime = list(t.members) if t.kind is Kind.UNION else self._implementations(t.name)
            for name in runtime:
                target = self.schema.types.get(name)
                if target is None:
                    continue
                casted = frozenset(
                    State(subgraph_index=s.subgraph_index, provided=s.provided)
                    for s in states
                    if self._can_cast(s.subgraph_index, t, name)
                )
                casted_preferred = frozenset(
                    s for s in preferred if self._can_cast(s.subgraph_index, t, name)
                )
                if casted:
                    self.visit(op, target, casted, [*path, Step(cast=name)], casted_preferred)

    def _implementations(self, interface: str) -> list[str]:
        if self._impls is None:
            self._impls = {}
            for t in self.schema.types.values():
                if t.kind is Kind.OBJECT:
                    for itf in t.interfaces:
                        self._impls.setdefault(itf, []).append(t.name)
        return self._impls.get(interface, [])

    def _can_cast(self, subgraph_index: int, abstract: SType, name: str) -> bool:
        local = self.sgs[subgraph_index].types.get(abstract.name)
        runtime = self.sgs[subgraph_index].types.get(name)
        if local is None or runtime is None:
            return False
        if abstract.kind is Kind.UNION:
            return name in local.members
        return abstract.name in runtime.interfaces

    def advance(
        self,
        op: str,
        t: SType,
        f: SField,
        states: frozenset[State],
        path: list[Step],
        report: bool,
        preferred_in: frozenset[State] | None = None,
    ) -> None:
        nxt: set[State] = set()
        # Per previous state, the direct option when there is one (Apollo prefers it); used
        # for the shared-field runtime-type check, while the walk keeps every option.
        preferred: set[State] = set()
        for st in sorted(states, key=lambda s: s.subgraph_index):
            collected = self._collect(st, t.name, f.name)
            if preferred_in is None or st in preferred_in:
                direct = {s for s in collected if s.subgraph_index == st.subgraph_index}
                preferred |= direct or collected
            nxt |= collected
            if t.kind is Kind.INTERFACE:
                # Type explosion: the field may also be reached through each implementation.
                for impl in self._implementations(t.name):
                    if self._can_cast(st.subgraph_index, t, impl):
                        nxt |= self._collect(
                            State(subgraph_index=st.subgraph_index, provided=st.provided),
                            impl,
                            f.name,
                        )
        target = self.schema.types.get(base_name(f.type))
        leaf = target is None or target.kind in (Kind.SCALAR, Kind.ENUM)
        if not nxt:
            coord = f"{t.name}.{f.name}"
            if report and coord not in self.reported:
                self.reported.add(coord)
                self.errors.append(self._error(op, t, f, states, [*path, Step(field=f)], leaf))
            return
        if (
            target is not None
            and target.kind in (Kind.INTERFACE, Kind.UNION)
            and len({s.subgraph_index for s in preferred}) > 1
            and self._resolved_by_several(t.name, f.name)
        ):
            witness = print_witness(self.schema, op, [*path, Step(field=f)], False)
            found = check_runtime_types(self.schema, self.sgs, t, f, target, preferred, witness)
            if isinstance(found, CompositionError):
                self.errors.append(found)
                return
            if found is not None and found.message not in {h.message for h in self.hints}:
                self.hints.append(found)
        if not leaf and target is not None:
            self.visit(op, target, frozenset(nxt), [*path, Step(field=f)], frozenset(preferred))

    def _resolved_by_several(self, type_name: str, field: str) -> bool:
        count = 0
        for i, sg in enumerate(self.sgs):
            t = sg.types.get(type_name)
            if (
                t is not None
                and t.field(field) is not None
                and not self.metas[i].is_external(type_name, field)
            ):
                count += 1
        return count > 1

    def _collect(self, st: State, type_name: str, field_name: str) -> set[State]:
        out: set[State] = set()
        options = self.reach.jumps(st, type_name)
        defining = self.reach.defining.get((type_name, field_name), set())
        for option in options:
            if option.via is None and option.subgraph_index not in defining:
                continue
            field = self.reach.local_field(option, type_name, field_name)
            if field is None or not self.reach.requires_ok(options, option, type_name, field):
                continue
            provided: tuple[Sel, ...] = ()
            inner = self.reach.selection_for(option.provided, type_name, field_name)
            if inner is not None:
                provided = inner.children
            for d in fed_of(field.directives, "provides"):
                provided = (*provided, *parse_or_empty(d.value("fields")))
            out.add(State(subgraph_index=option.subgraph_index, provided=provided))
        return out

    def _error(
        self, op: str, t: SType, f: SField, states: frozenset[State], path: list[Step], leaf: bool
    ) -> CompositionError:
        coord = f"{t.name}.{f.name}"
        blocks = []
        for st in sorted(states, key=lambda s: s.subgraph_index):
            reasons = self._reasons(st, t, f, coord)
            name = self.sgs[st.subgraph_index].name
            if len(reasons) == 1:
                blocks.append(f'- from subgraph "{name}": {reasons[0]}.')
            else:
                blocks.append(
                    f'- from subgraph "{name}":' + "".join(f"\n  - {r}." for r in reasons)
                )
        message = (
            "The following supergraph API query:\n"
            + print_witness(self.schema, op, path, leaf)
            + "\ncannot be satisfied by the subgraphs because:\n"
            + "\n".join(blocks)
        )
        return CompositionError(code="SATISFIABILITY_ERROR", message=message)

    def _requires_reason(self, st: State, type_name: str, field: Field, coord: str) -> str:
        reach = self.reach
        options = reach.jumps(st, type_name)
        needed = [parse_or_empty(d.value("fields")) for d in fed_of(field.directives, "requires")]
        local_type = reach.type_in(st.subgraph_index, type_name)
        external_keys: list[str] = []
        if local_type is not None:
            external_keys = [
                c[1]
                for k in fed_of(local_type.directives, "key")
                for c in collect_fields(
                    self.sgs[st.subgraph_index], local_type, str(k.value("fields") or "")
                )
                if self.metas[st.subgraph_index].is_external(*c)
            ]
        warning = ""
        if external_keys:
            warning = (
                f' (please ensure that this is not due to key field "{external_keys[0]}" being '
                "accidentally marked @external)"
            )
        elif all(reach.collectable(options, type_name, selections) for selections in needed):
            return (
                f'@require condition on field "{coord}" can be satisfied but missing usable key '
                f'on "{type_name}" in subgraph "{self.sgs[st.subgraph_index].name}" to resume query'
            )
        return f'cannot satisfy @require conditions on field "{coord}"{warning}'

    def _reasons(self, st: State, t: SType, f: SField, coord: str) -> list[str]:
        reach = self.reach
        reasons: list[str] = []
        local_type = reach.type_in(st.subgraph_index, t.name)
        local = local_type.field(f.name) if local_type else None
        if local is None:
            reasons.append(f'cannot find field "{coord}"')
        elif reach.local_field(st, t.name, f.name) is None:
            reasons.append(f'field "{coord}" is not resolvable because marked @external')
        else:
            reasons.append(self._requires_reason(st, t.name, local, coord))
        source = self.sgs[st.subgraph_index].name
        for j, sg in enumerate(self.sgs):
            other = sg.types.get(t.name)
            if j == st.subgraph_index or other is None or other.field(f.name) is None:
                continue
            keys = fed_of(other.directives, "key")
            kind = "type" if other.kind is Kind.OBJECT else "interface"
            if not keys:
                reasons.append(
                    f'cannot move to subgraph "{sg.name}", which has field "{coord}", because '
                    f'{kind} "{t.name}" has no @key defined in subgraph "{sg.name}"'
                )
            elif all(k.value("resolvable") is False for k in keys):
                reasons.append(
                    f'cannot move to subgraph "{sg.name}", which has field "{coord}", because none '
                    f'of the @key defined on {kind} "{t.name}" in subgraph "{sg.name}" are '
                    'resolvable (they are all declared with their "resolvable" argument set to '
                    "false)"
                )
            else:
                for k in keys:
                    if k.value("resolvable") is False:
                        continue
                    reasons.append(
                        f'cannot move to subgraph "{sg.name}" using @key(fields: '
                        f'"{k.value("fields")}") of "{t.name}", the key field(s) cannot be '
                        f'resolved from subgraph "{source}"'
                    )
        return reasons


def check_satisfiability(
    schema: SuperSchema, sgs: list[Subgraph], metas: list[Metadata]
) -> tuple[list[CompositionError], list[Hint]]:
    walker = _Walker(schema, sgs, metas)
    errors = walker.run()
    return errors, walker.hints
