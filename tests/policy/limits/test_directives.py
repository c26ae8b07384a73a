"""Reading @cost and @listSize from a supergraph, under whatever names its @link gives them."""

from __future__ import annotations

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.policy.limits import ListSizeSpec, read_cost_directives
from gateway.supergraph import Supergraph, load_supergraph

from .support import supergraph_of

SUBGRAPH = """
type Query {
  books(first: Int, after: String): BookPage
    @listSize(slicingArguments: ["first"], sizedFields: ["items", "groups { items }"],
              requireOneSlicingArgument: false)
  search(input: Search @cost(weight: 4)): [Book!]! @listSize(slicingArguments: ["input.page.size"])
  top: [Book!]! @listSize(assumedSize: 3) @cost(weight: 7)
  shelf: Level
}
type BookPage { items: [Book!]! groups: [Group!]! }
type Group { items: [Book!]! }
type Book @key(fields: "id") @cost(weight: 2) { id: ID! title: String @cost(weight: 3) }
input Search { text: String @cost(weight: 6) page: Page }
input Page { size: Int }
enum Level @cost(weight: 5) { LOW HIGH }
scalar Money @cost(weight: 9)
type Mutation { price(amount: Money): Int }
"""


def test_composed_supergraph_carries_every_weight_and_list_size() -> None:
    read = read_cost_directives(supergraph_of(books=SUBGRAPH).schema)
    assert dict(read.types) == {"Book": 2.0, "Level": 5.0, "Money": 9.0}
    assert dict(read.fields) == {("Query", "top"): 7.0, ("Book", "title"): 3.0}
    assert dict(read.arguments) == {("Query", "search", "input"): 4.0}
    assert dict(read.input_fields) == {("Search", "text"): 6.0}
    assert dict(read.list_sizes) == {
        ("Query", "books"): ListSizeSpec(
            slicing_arguments=(("first",),),
            sized_fields=(("items",), ("groups", "items")),
            require_one_slicing_argument=False,
        ),
        ("Query", "search"): ListSizeSpec(slicing_arguments=(("input", "page", "size"),)),
        ("Query", "top"): ListSizeSpec(assumed_size=3),
    }


def _renamed(supergraph: Supergraph, link: str, cost: str, list_size: str) -> Supergraph:
    sdl = (
        supergraph.sdl.replace(
            '@link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"])', link
        )
        .replace("@cost(", f"@{cost}(")
        .replace("@listSize(", f"@{list_size}(")
    )
    loaded = load_supergraph(sdl)
    assert isinstance(loaded, Supergraph), loaded
    return loaded


def test_names_follow_the_link_prefix_and_import_aliases() -> None:
    base = supergraph_of(books=SUBGRAPH)
    link = (
        '@link(url: "https://specs.apollo.dev/cost/v0.1", as: "demand",'
        ' import: [{name: "@listSize", as: "@size"}])'
    )
    read = read_cost_directives(_renamed(base, link, "demand", "size").schema)
    assert read.fields[("Query", "top")] == 7.0
    assert read.list_sizes[("Query", "top")] == ListSizeSpec(assumed_size=3)


def test_list_size_not_imported_goes_by_the_prefixed_name() -> None:
    base = supergraph_of(books=SUBGRAPH)
    link = '@link(url: "https://specs.apollo.dev/cost/v0.1")'
    read = read_cost_directives(_renamed(base, link, "cost", "cost__listSize").schema)
    assert read.types["Book"] == 2.0
    assert read.list_sizes[("Query", "top")] == ListSizeSpec(assumed_size=3)


def test_directives_of_an_unlinked_spec_are_not_read_under_other_names() -> None:
    base = supergraph_of(books=SUBGRAPH)
    link = '@link(url: "https://specs.apollo.dev/cost/v0.1", as: "demand")'
    # Linked as "demand": a directive still spelled @cost is someone else's.
    renamed = _renamed(base, link, "cost", "listSize").sdl.replace(
        "directive @cost(", "directive @demand(weight: Int!) on OBJECT\ndirective @cost("
    )
    loaded = load_supergraph(renamed)
    assert isinstance(loaded, Supergraph)
    read = read_cost_directives(loaded.schema)
    assert dict(read.types) == {}
    assert dict(read.list_sizes) == {}


def test_weights_written_as_strings_are_read_as_numbers() -> None:
    # Newer Apollo composition declares `@cost(weight: String!)`.
    base = supergraph_of(books=SUBGRAPH)
    sdl = (
        base.sdl.replace("directive @cost(weight: Int!)", "directive @cost(weight: String!)")
        .replace("@cost(weight: 7)", '@cost(weight: "7.5")')
        .replace("@cost(weight: 2)", '@cost(weight: "2")')
    )
    loaded = load_supergraph(sdl)
    assert isinstance(loaded, Supergraph)
    read = read_cost_directives(loaded.schema)
    assert read.fields[("Query", "top")] == 7.5
    assert read.types["Book"] == 2.0


def test_a_supergraph_without_cost_directives_reads_empty() -> None:
    read = read_cost_directives(supergraph_of(a="type Query { a: [Int] }").schema)
    assert (dict(read.types), dict(read.fields), dict(read.list_sizes)) == ({}, {}, {})


def test_subgraph_import_aliases_survive_composition_and_are_read() -> None:
    sdl = """
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
      import: ["@key", {name: "@cost", as: "@weight"}, {name: "@listSize", as: "@size"}])
    type Query { top: [Book!]! @size(assumedSize: 3) @weight(weight: 7) }
    type Book @key(fields: "id") @weight(weight: 2) { id: ID! }
    """
    result = compose([SubgraphInput(name="books", url="http://books.example", sdl=sdl)])
    assert isinstance(result, CompositionSuccess)
    loaded = load_supergraph(result.supergraph_sdl)
    assert isinstance(loaded, Supergraph)
    read = read_cost_directives(loaded.schema)
    assert dict(read.fields) == {("Query", "top"): 7.0}
    assert dict(read.types) == {"Book": 2.0}
    assert dict(read.list_sizes) == {("Query", "top"): ListSizeSpec(assumed_size=3)}
