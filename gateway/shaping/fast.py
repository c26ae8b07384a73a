"""The fast path of shaping: Python code generated once per compiled shape.

`shape_response`'s walker interprets an `ObjectShape` field by field.  For a shape used again
and again (every request of a cached operation) this module writes one Python function per
object shape instead: all of an object's keys read by one `itemgetter` call into a dict
display, the objects below it built in line, a loop per list, a dict of functions per abstract
type.  The generated code handles only the clean case:
the moment anything would need an error (a null in a non-null position, a value that does not
fit its field's type, an enum value the schema hides, a `__typename` it does not show), it
raises `Miss` and the caller shapes the whole response again with the walker, which writes the
errors and bubbles the nulls exactly as the spec says.  So the two agree by construction on
every clean response, and errors keep their one careful implementation.

Leaves of built-in scalars are checked where they are read, by the cheapest test that passes
every clean value of plain JSON (`_CLEAN`): `type(v) is str` for a String, `v is True or v is
False` for a Boolean, an exact `int` within 30 bits for an Int (the range CPython 3.11 compares
fastest).  A value failing it (a null, a subclass, an Int between 30 and 32 bits, a wrong
value) goes to `_leaf`, which applies the walker's own check and raises `Miss` only when that
fails.  `type`, `str`, `int` and `float` are parameters with defaults of every generated
function: local names are read faster than built-in ones.

Only response keys and type names reach the generated source, as `repr` literals; everything
else (enum value sets, item getters, field shapes, the other functions) is passed in the
namespace.

With the compiled hot path (`gateway.native`), one more layer stands in front: the C shaper
(`_cshaper.c`) walks a description of the shape (`describe`: nested tuples) and builds the
clean case without Python frames, item getters' tuples or per-leaf bytecode; it gives up on
less than the generated code does (a dict or list subclass, an Int it would have to look at
twice) and then hands the whole response to the generated function, whose answer it equals
whenever it answers at all.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from gateway.native import extension
from gateway.shaping.shape import FieldKind, FieldShape, ObjectShape

__all__ = ["Miss", "describe", "fast_shaper"]

Shaper = Callable[[dict[str, Any]], dict[str, Any]]


class Miss(Exception):
    """The fast path met something that needs an error; the walker takes over."""


_MISS = Miss()


_C: Any = extension("gateway.shaping._cshaper")


def fast_shaper(shape: ObjectShape) -> Shaper:
    """The shaper for `shape` (a root shape), made on first use and kept: the generated
    function, behind the C shaper when there is one."""
    memo = shape.fast
    if not memo:
        generated = _Generator().root(shape)
        memo.append(generated if _C is None else _C.Shaper(describe(shape), generated))
    return memo[0]  # type: ignore[no-any-return]


# What the C shaper does with a field (`_cshaper.c` has the same numbers).
_TYPENAME, _PASSTHROUGH, _COMPOSITE, _ANY, _ENUM = 0, 1, 2, 3, 4
_SCALAR_OPS = {"String": 5, "ID": 6, "Boolean": 7, "Int": 8, "Float": 9}

Description = tuple[Any, ...]


def describe(shape: ObjectShape, made: dict[int, Description] | None = None) -> Description:
    """`shape` as the C shaper reads it: `(abstract, type name, fields, fields by type, abstract
    names)`, each field `(response key, operation, non-null flags, object below, enum values)`.

    A shape met twice (by identity) is described once.
    """
    made = {} if made is None else made
    found = made.get(id(shape))
    if found is not None:
        return found
    fields = tuple(_describe_field(field, made) for field in shape.fields)
    description: Description
    if shape.abstract:
        by_type = {
            name: tuple(_describe_field(field, made) for field in typed)
            for name, typed in shape.by_type.items()
        }
        description = (True, shape.type_name, fields, by_type, frozenset(shape.abstract_names))
    else:
        description = (False, shape.type_name, fields, None, None)
    made[id(shape)] = description
    return description


def _describe_field(field: FieldShape, made: dict[int, Description]) -> Description:
    if field.kind is FieldKind.TYPENAME:
        op = _TYPENAME
    elif field.kind is FieldKind.PASSTHROUGH:
        op = _PASSTHROUGH
    elif field.kind is FieldKind.COMPOSITE:
        op = _COMPOSITE
    elif field.enum_values is not None:
        op = _ENUM
    elif field.check is not None:
        op = _SCALAR_OPS[field.named or ""]  # a check is only given to these scalars
    else:
        op = _ANY
    sub = None if field.sub is None else describe(field.sub, made)
    return (field.key, op, tuple(field.non_null), sub, field.enum_values)


def _or_none(value: Any, sub: Shaper) -> Any:
    """A nullable object's value that is not a plain dict: shaped if it is a dict at all (as the
    walker checks), null if null; anything else needs the walker's error."""
    if isinstance(value, dict):
        return sub(value)
    if value is None:
        return None
    raise _MISS


def _leaf(value: Any, field: FieldShape) -> Any:
    """A leaf that failed the generated code's quick test: kept if the walker would keep it."""
    if value is None:
        if field.non_null[0]:
            raise _MISS
        return None
    assert field.check is not None
    if field.check(value):
        return value
    raise _MISS


def _complete(value: Any, field: FieldShape, depth: int, sub: Shaper | None) -> Any:
    """A list level (or the value inside it) as the walker completes it, for the clean case."""
    non_null = field.non_null
    if value is None:
        if non_null[depth]:
            raise _MISS
        return None
    if depth + 1 < len(non_null):
        if not isinstance(value, list):
            raise _MISS
        if (
            field.kind is FieldKind.LEAF
            and field.enum_values is None
            and field.check is None
            and not any(non_null[depth + 1 :])
        ):
            return value
        return [_complete(item, field, depth + 1, sub) for item in value]
    if field.kind is FieldKind.LEAF:
        if field.enum_values is not None:
            if type(value) is not str or value not in field.enum_values:
                raise _MISS
        elif field.check is not None and not field.check(value):
            raise _MISS
        return value
    if not isinstance(value, dict):
        raise _MISS
    assert sub is not None
    return sub(value)


class _Generator:
    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_complete": _complete,
            "_leaf": _leaf,
            "_or_none": _or_none,
            "_MISS": _MISS,
        }
        self.lines: list[str] = []
        self.count = 0
        # Function name per shape (by identity): each is written once, however often inlined.
        self.made: dict[int, str] = {}

    def name(self, prefix: str, value: Any) -> str:
        self.count += 1
        name = f"{prefix}{self.count}"
        self.namespace[name] = value
        return name

    def root(self, shape: ObjectShape) -> Shaper:
        entry = self.object(shape)
        source = "\n".join(self.lines)
        exec(compile(source, f"<shape {shape.type_name}>", "exec"), self.namespace)  # noqa: S102 - our own generated code, literals via repr only
        # The root's data may be any dict (`shape_response` accepts subclasses).
        return self.namespace[f"{entry}g"]  # type: ignore[no-any-return]

    def object(self, shape: ObjectShape) -> str:
        """The name of a function `(src) -> dict` for objects of `shape` that are plain dicts;
        the same name with `g` appended takes any dict."""
        made = self.made.get(id(shape))
        if made is None:
            made = self.made[id(shape)] = self.make(shape)
        return made

    def make(self, shape: ObjectShape) -> str:
        if not shape.abstract:
            return self.fields(shape.fields, repr(shape.type_name))
        by_type = {
            typename: self.fields(fields, "typename") for typename, fields in shape.by_type.items()
        }
        fallback = self.fields(shape.fields, "typename")
        names = self.name("A", shape.abstract_names)
        fn = self.name("o", None)
        # `fn` for plain dicts, `fn`g for any dict: each calls the field functions of its kind.
        for suffix in ("", "g"):
            table = self.name("T", None)
            entries = ", ".join(f"{name!r}: {by}{suffix}" for name, by in by_type.items())
            self.lines.append(f"{table} = {{{entries}}}")  # after the functions it names
            self.lines += [
                f"def {fn}{suffix}(src):",
                "    typename = src.get('__typename')",
                "    if typename is None:",
                f"        return {fallback}{suffix}(src, {shape.type_name!r})",
                "    if type(typename) is not str:",
                "        raise _MISS",
                f"    found = {table}.get(typename)",
                "    if found is not None:",
                "        return found(src, typename)",
                f"    if typename in {names}:",  # an @interfaceObject's answer: common fields only
                f"        return {fallback}{suffix}(src, typename)",
                "    raise _MISS",  # a type the API schema does not show: the walker reports it
            ]
        return fn

    def fields(self, fields: tuple[FieldShape, ...], typename: str) -> str:
        """A function building one object's fields; `typename` is a literal or the parameter.

        Two functions are written.  The one returned reads every key at once with an
        `operator.itemgetter` (one C call instead of a `get` per key), for a plain `dict` that
        has them all, and builds the objects below it in line (`block`); a missing key (a
        `KeyError`) hands the object to the second, which reads key by key with `get`, a
        missing key being null as in the walker.  Any dict subclass goes straight to the
        second: its `__missing__`, if any, must not answer for a key.
        """
        fn = self.name("f", None)
        params = "src, typename" if typename == "typename" else "src"
        params += _LOCALS
        by_get = [f"def {fn}g({params}):", "    get = src.get"]
        for index, field in enumerate(fields):
            var = f"v0_{index}"
            if field.kind is not FieldKind.TYPENAME:
                by_get.append(f"    {var} = get({field.key!r})")
            by_get += [f"    {line}" for line in self.field(field, var, typename, _INLINE)]
        by_get.append(f"    return {_display(fields, 0)}")
        fast = self.block(fields, typename, "src", f"{fn}g({params})", None, 0)
        self.lines += by_get
        self.lines += [f"def {fn}({params}):", *(f"    {line}" for line in fast)]
        return fn

    def block(
        self,
        fields: tuple[FieldShape, ...],
        typename: str,
        src: str,
        fallback: str,
        out: str | None,
        depth: int,
    ) -> list[str]:
        """Lines building the object in `src` into `out` (returning it when `out` is None).

        Variables are named by `depth` so that an object built in line inside another never
        overwrites its parent's; siblings may reuse them, each done before the next begins.
        """
        read = [
            (index, field)
            for index, field in enumerate(fields)
            if field.kind is not FieldKind.TYPENAME
        ]
        body: list[str] = []
        for index, field in enumerate(fields):
            body += self.field(field, f"v{depth}_{index}", typename, depth)
        finish = (
            f"return {_display(fields, depth)}"
            if out is None
            else f"{out} = {_display(fields, depth)}"
        )
        give_up = f"return {fallback}" if out is None else f"{out} = {fallback}"
        if not read:
            return [*body, finish]
        if len(read) == 1:
            index, field = read[0]
            target, lookup = f"v{depth}_{index}", f"{src}[{field.key!r}]"
        else:
            getter = self.name("G", itemgetter(*(field.key for _, field in read)))
            target = ", ".join(f"v{depth}_{index}" for index, _ in read)
            lookup = f"{getter}({src})"
        return [
            "try:",
            f"    {target} = {lookup}",
            "except KeyError:",
            f"    {give_up}",
            "else:",
            *(f"    {line}" for line in body),
            f"    {finish}",
        ]

    def field(self, field: FieldShape, var: str, typename: str, depth: int) -> list[str]:
        """Lines completing `var`, which holds the key's value already; objects below are built
        in line up to `_INLINE` levels down (`depth` is this object's), then by a call."""
        if field.kind is FieldKind.TYPENAME:
            return [f"{var} = {typename}"]
        if field.kind is FieldKind.PASSTHROUGH:
            return []
        if len(field.non_null) > 1:
            return self.list_field(field, var, depth)
        if field.kind is FieldKind.LEAF:
            return self.leaf(field, var)
        assert field.sub is not None
        sub = self.object(field.sub)
        build = self.build(field.sub, sub, var, var, depth)
        otherwise = "raise _MISS" if field.non_null[0] else f"{var} = _or_none({var}, {sub}g)"
        return [f"if type({var}) is dict:", *build, "else:", f"    {otherwise}"]

    def leaf(self, field: FieldShape, var: str) -> list[str]:
        """Lines checking the leaf in `var` (not a list)."""
        if field.check is not None:
            test = self.test(field, var, field.non_null[0])
            return [f"if {test}:", f"    {var} = _leaf({var}, {self.name('S', field)})"]
        lines: list[str] = []
        if field.enum_values is not None:
            values = self.name("E", field.enum_values)
            lines += [
                f"if {var} is not None and (type({var}) is not str or {var} not in {values}):",
                "    raise _MISS",
            ]
        if field.non_null[0]:
            lines += [f"if {var} is None:", "    raise _MISS"]
        return lines

    @staticmethod
    def test(field: FieldShape, var: str, non_null: bool) -> str:
        """True when the value in `var` needs a closer look (`_CLEAN`'s quick test fails)."""
        clean = _CLEAN[field.named or ""].format(v=var)
        # A null is clean in a nullable position: tested second, it costs clean values nothing.
        return f"not ({clean})" if non_null else f"not ({clean}) and {var} is not None"

    def build(self, shape: ObjectShape, sub: str, src: str, out: str, depth: int) -> list[str]:
        """Indented lines building the plain dict in `src` (an object of `shape`) into `out`."""
        if shape.abstract or depth >= _INLINE:
            return [f"    {out} = {sub}({src})"]
        fallback = f"{sub}g({src})"
        lines = self.block(shape.fields, repr(shape.type_name), src, fallback, out, depth + 1)
        return [f"    {line}" for line in lines]

    def list_field(self, field: FieldShape, var: str, depth: int) -> list[str]:
        sub = "None" if field.sub is None else self.object(field.sub)
        any_dict = "None" if field.sub is None else f"{sub}g"
        shape = self.name("S", field)
        if len(field.non_null) == 2 and field.kind is FieldKind.COMPOSITE:
            assert field.sub is not None
            # The common list of objects: one loop, each item built directly when it is one.
            # A loop rather than a comprehension: on 3.11 each comprehension is a function made
            # and called, dear for the short lists responses are full of.
            item, items = f"i{depth}", f"items{depth}"
            return [
                f"if type({var}) is list:",
                f"    {items} = []",
                f"    for {item} in {var}:",
                f"        if type({item}) is dict:",
                *(f"        {line}" for line in self.build(field.sub, sub, item, item, depth)),
                "        else:",
                f"            {item} = _complete({item}, {shape}, 1, {any_dict})",
                f"        {items}.append({item})",
                f"    {var} = {items}",
                "else:",
                f"    {var} = _complete({var}, {shape}, 0, {any_dict})",
            ]
        if len(field.non_null) == 2 and field.check is not None:
            # A list of built-in scalars: each item tested in place, the list kept as it is.
            item = f"i{depth}"
            test = self.test(field, item, field.non_null[1])
            return [
                f"if type({var}) is list:",
                f"    for {item} in {var}:",
                f"        if {test}:",
                f"            {var} = _complete({var}, {shape}, 0, None)",
                "            break",
                "else:",
                f"    {var} = _complete({var}, {shape}, 0, None)",
            ]
        return [f"{var} = _complete({var}, {shape}, 0, {any_dict})"]


def _display(fields: tuple[FieldShape, ...], depth: int) -> str:
    """The dict display of one object's fields, in the selection's order."""
    return (
        "{"
        + ", ".join(f"{field.key!r}: v{depth}_{index}" for index, field in enumerate(fields))
        + "}"
    )


# The quick test of a clean value per built-in scalar (see the module docstring).  Bounds within
# +-(2**30 - 1) keep both sides of an Int's comparisons single-digit ints, which CPython 3.11
# compares in its specialised fast path; `_leaf` settles the rest of the 32-bit range.
_CLEAN = {
    "String": "type({v}) is str",
    "ID": "type({v}) is str or type({v}) is int",
    "Boolean": "{v} is True or {v} is False",
    "Int": "type({v}) is int and -1073741823 <= {v} <= 1073741823",
    "Float": "type({v}) is float or type({v}) is int",
}

_LOCALS = ", type=type, str=str, int=int, float=float"

# How many levels of objects one generated function builds in line before calling another
# (bounds the source written for deep selections: each function holds at most this many).
_INLINE = 3
