"""Finding one's way in long console pages over HTTP: the schema explorer's search, the
history's keyset paging of versions and compositions, and the checks list's filters and
paging; bad query strings are named as ignored, never an error.

The graphs here are this module's own (`explorer`, `paging`), published next to the scenario's
so that its pages keep what the other console tests expect."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from registry.console.layout import CSP
from registry.console.schema_view import FieldView, TypeView, search
from registry.store.repository import CheckRecord, RegistryStore
from tests.registry.conftest import Registry, run_cli
from tests.registry.console.conftest import signed_in
from tests.registry.console.scenario import Scene

pytestmark = pytest.mark.stores

EXPLORER = "/console/graphs/explorer/variants/current"
PAGING = "/console/graphs/paging/variants/current"

LIBRARY = '''
"""A book on the shelf."""
type Book {
  id: ID!
  """The title as printed on the cover."""
  title: String!
  author: Author
  isbn: String @deprecated(reason: "Read `id`.")
}

type Author {
  name: String!
  books: [Book!]!
}

enum Genre {
  FICTION
  BIOGRAPHY
}

input BookFilter {
  titleContains: String
  genre: Genre
}

type Query {
  book(id: ID!): Book
  books(filter: BookFilter): [Book!]!
}
'''

VERSIONS = 60  # published to paging@current: more than a page of 50, and not two
CHECKS = 55  # in paging@current: more than a page of 50


def _text(html: str) -> str:
    """The page's text with tags dropped and whitespace collapsed, for assertions."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _publish(registry: Registry, tmp: Path, graph: str, sdl: str, n: int = 0) -> None:
    path = tmp / f"{graph}-{n}.graphql"
    path.write_text(sdl)
    result = run_cli(
        "subgraph", "publish", "--graph", graph, "--variant", "current", "--name", "counter",
        "--schema", str(path), "--url", "http://counter.internal/graphql",
        "--author", "ci", "--commit", f"c{n:04}",
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip
    assert result.status == 0, result.out + result.err


@dataclass(frozen=True, slots=True)
class Saved:
    id: int
    subgraph: str
    passed: bool
    context: str | None
    approved: bool


@pytest.fixture(scope="module")
def published(scene: Scene, tmp_path_factory: pytest.TempPathFactory) -> Scene:
    """The library in explorer@current and `VERSIONS` versions of a one-field subgraph in
    paging@current (each a version and a composition)."""
    tmp = tmp_path_factory.mktemp("navigation")
    _publish(scene.registry, tmp, "explorer", LIBRARY)
    for n in range(VERSIONS):
        _publish(scene.registry, tmp, "paging", f"type Query {{ field{n}: Int }}", n)
    return scene


@pytest.fixture(scope="module")
async def saved_checks(published: Scene) -> list[Saved]:
    """`CHECKS` checks of paging@current, newest first: subgraphs, outcomes (some approved)
    and contexts (some none) mixed."""
    store = RegistryStore.connect(published.registry.database_url, pool_size=1)
    saved = []
    try:
        for n in range(CHECKS):
            subgraph = "counter" if n % 2 else "other"
            passed = n % 3 != 0
            approved = passed and n % 5 == 0
            context = f"pr-{n % 4}" if n % 4 else None
            report = {"approvedBy": "admin"} if approved else {}
            record = CheckRecord(
                subgraph=subgraph, sdl_hash="0" * 64, context=context, author="ci",
                commit=f"c{n}", passed=passed, report=report,
            )  # fmt: skip
            check_id = await store.save_check("paging", "current", record)
            saved.append(Saved(check_id, subgraph, passed, context, approved))
    finally:
        await store.close()
    return sorted(saved, key=lambda s: -s.id)


def _get(scene: Scene, path: str) -> httpx.Response:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        answer = client.get(path)
    assert answer.status_code == 200, (path, answer.text)
    assert answer.headers["content-security-policy"] == CSP
    assert "<script" not in answer.text
    assert "style=" not in answer.text
    return answer


def _section(page: str, type_name: str) -> str | None:
    start = page.find(f'<section id="type-{type_name}"')
    if start < 0:
        return None
    # Without the search's highlighting, which would split the names.
    return _text(re.sub(r"</?mark>", "", page[start : page.index("</section>", start)]))


def _link(page: str, label: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(label)}</a>', page)
    return None if found is None else unescape(found.group(1))


# -- the explorer's search ------------------------------------------------------------------


def test_search_keeps_types_by_name_whole_and_others_with_their_matching_members() -> None:
    def field(name: str, description: str | None = None) -> FieldView:
        return FieldView(
            name=name, type="Int", arguments="", description=description, deprecated=None,
            owners=(),
        )  # fmt: skip

    def kind(name: str, *fields: FieldView) -> TypeView:
        return TypeView(kind="type", name=name, description=None, owners=(), fields=fields)

    views = (
        kind("Author", field("name"), field("books")),
        kind("Book", field("id"), field("title", "As printed")),
        kind("Query", field("book"), field("me")),
    )
    found = search(views, "BOOK")
    assert [(t.name, [f.name for f in t.fields]) for t in found.types] == [
        ("Author", ["books"]),
        ("Book", ["id", "title"]),
        ("Query", ["book"]),
    ]
    assert (found.type_matches, found.member_matches) == (1, 2)
    assert search(views, "printed").types == ()
    assert [t.name for t in search(views, "printed", descriptions=True).types] == ["Book"]


def test_the_explorer_has_a_labelled_get_search_form(published: Scene) -> None:
    page = _get(published, EXPLORER + "/schema").text
    start = page.index('<form method="get"')
    form = page[start : page.index("</form>", start)]
    assert 'method="get"' in form
    assert '<label for="q">' in form
    assert '<input type="search" id="q" name="q" value="" maxlength="200">' in form
    assert '<label for="descriptions">' in form
    assert "No type or field matches" not in page
    for name in ("Author", "Book", "BookFilter", "Genre", "Query"):
        assert _section(page, name) is not None, name


def test_a_search_shows_types_found_by_name_whole_and_only_the_matching_members_of_others(
    published: Scene,
) -> None:
    page = _get(published, EXPLORER + "/schema?q=book").text
    text = _text(page)
    # By name: Book and BookFilter; fields: Author.books, Query.book, Query.books.
    assert "2 types and 3 fields match “book”; 4 types shown." in text
    book = _section(page, "Book")
    assert book is not None
    for name in ("id", "title", "author", "isbn"):
        assert f" {name} " in book, name
    assert "Read `id`." in book
    author = _section(page, "Author")
    assert author is not None
    assert " books " in author
    assert " name " not in author
    query = _section(page, "Query")
    assert query is not None
    assert " book(id: ID!) " in query
    assert " books(filter: BookFilter) " in query
    assert _section(page, "Genre") is None
    # The index lists what is shown, and its anchors and the usage links still lead somewhere.
    index = page[page.index('<nav aria-label="Types">') :]
    index = index[: index.index("</nav>")]
    assert re.findall(r'href="#type-(\w+)"', index) == ["Author", "Book", "BookFilter", "Query"]
    assert 'id="type-BookFilter"' in page
    assert f'<a href="{EXPLORER}/schema/fields/Author.books" ' in page
    assert f'<a href="{EXPLORER}/schema/fields/Book.title" ' in page
    assert '<input type="search" id="q" name="q" value="book"' in page
    assert f'<a href="{EXPLORER}/schema">Show every type</a>' in page


@pytest.mark.parametrize(
    ("query", "summary", "shown"),
    [
        ("q=TITLE", "0 types and 2 fields match “TITLE”; 2 types shown.", {"Book", "BookFilter"}),
        ("q=fiction", "0 types and 1 field match “fiction”; 1 type shown.", {"Genre"}),
        ("q=+genre+", "1 type and 1 field match “genre”; 2 types shown.", {"Genre", "BookFilter"}),
        (
            "q=printed&descriptions=1",
            "0 types and 1 field match “printed” (names or descriptions); 1 type shown.",
            {"Book"},
        ),
        ("q=printed", "No type or field matches “printed”.", set()),
        ("q=%3Cscript%3E", "No type or field matches “<script>”.", set()),
    ],
)
def test_a_search_is_case_blind_counts_its_matches_and_may_read_descriptions(
    published: Scene, query: str, summary: str, shown: set[str]
) -> None:
    page = _get(published, f"{EXPLORER}/schema?{query}").text
    assert summary in _text(page)
    assert set(re.findall(r'<section id="type-(\w+)"', page)) == shown
    if "fiction" in query:
        genre = _section(page, "Genre")
        assert genre is not None
        assert "FICTION" in genre
        assert "BIOGRAPHY" not in genre


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("q=", None),
        ("q=+++", None),
        ("q=" + "x" * 201, "Ignored: q (at most 200 printable characters)."),
        ("q=a%00b", "Ignored: q (at most 200 printable characters)."),
        ("q=&descriptions=yes", "Ignored: descriptions (one of 1, on)."),
    ],
)
def test_an_empty_or_bad_search_shows_every_type(
    published: Scene, query: str, ignored: str | None
) -> None:
    page = _get(published, f"{EXPLORER}/schema?{query}").text
    text = _text(page)
    assert len(re.findall(r'<section id="type-', page)) == 5
    assert " match " not in text
    if ignored is None:
        assert "Ignored:" not in text
    else:
        assert ignored in text
    assert "x" * 201 not in page


# -- the history's paging --------------------------------------------------------------------


def _versions(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'/versions/(\d+)">version \d+</a>', page)]


def _compositions(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr><td>(\d+)</td><td class="(?:SUCCEEDED|FAILED)"', page)]


def test_history_pages_versions_fifty_at_a_time_with_older_and_newer_links(
    published: Scene,
) -> None:
    first = _get(published, PAGING + "/history").text
    newest = _versions(first)
    assert len(newest) == 50
    assert newest == sorted(newest, reverse=True)
    assert _link(first, "Newer versions") is None
    assert _link(first, "Newest versions") is None
    older_href = _link(first, "Older versions")
    assert older_href == f"{PAGING}/history?before={newest[-1]}#versions"

    older = _get(published, older_href).text
    rest = _versions(older)
    assert len(rest) == VERSIONS - 50
    assert max(rest) < min(newest)
    assert _link(older, "Older versions") is None
    newer_href = _link(older, "Newer versions")
    assert newer_href == f"{PAGING}/history?after={rest[0]}#versions"
    assert _link(older, "Newest versions") == f"{PAGING}/history#versions"
    assert _versions(_get(published, newer_href).text) == newest

    # A page in the middle links both ways.
    middle = _get(published, f"{PAGING}/history?before={newest[4]}").text
    assert _versions(middle) == (newest + rest)[5:55]
    assert _link(middle, "Newer versions") == f"{PAGING}/history?after={newest[5]}#versions"
    assert _link(middle, "Older versions") == f"{PAGING}/history?before={rest[4]}#versions"
    assert _versions(_get(published, f"{PAGING}/history?after={newest[5]}").text) == newest[:5]


def test_history_pages_compositions_on_their_own_keeping_the_versions_page(
    published: Scene,
) -> None:
    first = _get(published, PAGING + "/history").text
    compositions = _compositions(first)
    assert len(compositions) == 50
    older_href = _link(first, "Older compositions")
    assert older_href == f"{PAGING}/history?compositions_before={compositions[-1]}#compositions"
    both = _get(published, f"{PAGING}/history?before={_versions(first)[-1]}").text
    # Paging the compositions keeps the versions where they are, and the other way round.
    href = _link(both, "Older compositions")
    assert href is not None
    assert f"before={_versions(first)[-1]}" in href
    older = _get(published, href).text
    assert len(_compositions(older)) == VERSIONS - 50
    assert max(_compositions(older)) < min(compositions)
    assert len(_versions(older)) == VERSIONS - 50
    back = _link(older, "Older versions")
    assert back is None
    newer = _link(older, "Newer versions")
    assert newer is not None
    assert f"compositions_before={compositions[-1]}" in newer


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("before=abc", "before (a version id)"),
        ("before=-5", "before (a version id)"),
        ("before=0", "before (a version id)"),
        ("before=99999999999999999999999", "before (a version id)"),
        ("before=9223372036854775808", "before (a version id)"),
        ("before=%D9%A3", "before (a version id)"),  # an Arabic-Indic three
        ("after=1.5", "after (a version id)"),
        ("before=3&after=4", "after (not with before)"),
        ("compositions_before=%00", "compositions_before (a composition id)"),
        ("compositions_after=x&before=", "compositions_after (a composition id)"),
    ],
)
def test_bad_history_cursors_are_ignored_and_named(
    published: Scene, query: str, ignored: str
) -> None:
    page = _get(published, f"{PAGING}/history?{query}").text
    assert f"Ignored: {ignored}." in _text(page)
    if "before=3" not in query:
        assert len(_versions(page)) == 50


def test_a_history_cursor_past_either_end_shows_an_empty_page_and_the_way_back(
    published: Scene,
) -> None:
    page = _get(published, f"{PAGING}/history?before=1&compositions_after=9223372036854775807")
    text = _text(page.text)
    assert "No versions on this page." in text
    assert "No compositions on this page." in text
    assert _link(page.text, "Newest versions") == (
        f"{PAGING}/history?compositions_after=9223372036854775807#versions"
    )
    assert _link(page.text, "Newest compositions") == f"{PAGING}/history?before=1#compositions"


# -- the checks list -------------------------------------------------------------------------


def _checks(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/console/checks/(\d+)">check \d+</a>', page)]


def test_the_checks_list_has_a_labelled_get_filter_form(
    published: Scene, saved_checks: list[Saved]
) -> None:
    page = _get(published, PAGING + "/checks").text
    start = page.index('<form method="get"')
    form = page[start : page.index("</form>", start)]
    for control in ("subgraph", "outcome", "context", "size"):
        assert f'<label for="{control}">' in form, control
        assert f'id="{control}" name="{control}"' in form, control
    assert '<option value="counter">counter</option>' in form
    assert '<option value="other">other</option>' in form
    assert _checks(page) == [s.id for s in saved_checks][:50]
    approved = next(s for s in saved_checks if s.approved)
    row = re.search(rf'<tr><td><a href="/console/checks/{approved.id}">.*?</tr>', page)
    assert row is not None
    assert _text(row.group(0)).startswith(
        f" check {approved.id} {approved.subgraph} passed (approved) {approved.context or ''}"
    )


@pytest.mark.parametrize(
    ("query", "keeps"),
    [
        ("subgraph=counter", lambda s: s.subgraph == "counter"),
        ("outcome=failed", lambda s: not s.passed),
        ("outcome=passed", lambda s: s.passed),
        ("outcome=approved", lambda s: s.approved),
        ("context=pr-1", lambda s: s.context == "pr-1"),
        ("context=-", lambda s: s.context is None),
        (
            "subgraph=other&outcome=passed&context=pr-2",
            lambda s: (s.subgraph, s.passed, s.context) == ("other", True, "pr-2"),
        ),
        ("subgraph=nowhere", lambda s: False),
    ],
)
def test_the_checks_list_filters_by_subgraph_outcome_and_context(
    published: Scene, saved_checks: list[Saved], query: str, keeps: Callable[[Saved], bool]
) -> None:
    page = _get(published, f"{PAGING}/checks?{query}&size=100").text
    expected = [s.id for s in saved_checks if keeps(s)]
    assert _checks(page) == expected
    assert "Ignored:" not in page
    if not expected:
        assert "No checks match these filters." in _text(page)


def test_the_checks_list_pages_by_the_chosen_size_keeping_its_filters(
    published: Scene, saved_checks: list[Saved]
) -> None:
    counter = [s.id for s in saved_checks if s.subgraph == "counter"]
    assert len(counter) == 27
    pages: list[str] = []
    href: str | None = f"{PAGING}/checks?subgraph=counter&size=10"
    while href is not None:
        pages.append(_get(published, href).text)
        href = _link(pages[-1], "Older checks")
        n = len(pages)
        if href is not None:
            last = counter[10 * n - 1]
            assert href == f"{PAGING}/checks?subgraph=counter&size=10&before={last}"
    assert [_checks(page) for page in pages] == [counter[:10], counter[10:20], counter[20:]]
    assert '<option value="10" selected>10</option>' in pages[0]
    assert _link(pages[0], "Newer checks") is None
    # Back from the oldest page, through the middle one.
    newer = _link(pages[2], "Newer checks")
    assert newer == f"{PAGING}/checks?subgraph=counter&size=10&after={counter[20]}"
    middle = _get(published, newer).text
    assert _checks(middle) == counter[10:20]
    newest = _link(middle, "Newer checks")
    assert newest is not None
    assert _checks(_get(published, newest).text) == counter[:10]
    assert _link(middle, "Newest checks") == f"{PAGING}/checks?subgraph=counter&size=10"
    # Fifty to a page unless asked.
    assert len(_checks(_get(published, PAGING + "/checks").text)) == 50


@pytest.mark.parametrize(
    ("query", "ignored", "keeps"),
    [
        ("outcome=maybe&subgraph=counter", "outcome (one of passed, failed, approved)", "counter"),
        ("size=7&subgraph=counter", "size (one of 10, 20, 50, 100)", "counter"),
        ("size=-1", "size (one of 10, 20, 50, 100)", None),
        ("subgraph=" + "x" * 65, "subgraph (at most 64 printable characters)", None),
        ("context=%00", "context (at most 256 printable characters)", None),
        ("before=-1&subgraph=counter", "before (a check id)", "counter"),
        ("after=1e3", "after (a check id)", None),
    ],
)
def test_bad_checks_filters_are_ignored_and_named_and_the_rest_applies(
    published: Scene, saved_checks: list[Saved], query: str, ignored: str, keeps: str | None
) -> None:
    page = _get(published, f"{PAGING}/checks?{query}").text
    assert f"Ignored: {ignored}." in _text(page)
    assert _checks(page) == [s.id for s in saved_checks if keeps in (None, s.subgraph)][:50]


def test_checks_filters_are_escaped_in_the_form_and_links(
    published: Scene, saved_checks: list[Saved]
) -> None:
    hostile = '"><script>x</script>'
    query = urlencode({"context": hostile, "subgraph": hostile, "size": "10"})
    answer = _get(published, f"{PAGING}/checks?{query}")
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in answer.text
    assert "No checks match these filters." in _text(answer.text)
    assert saved_checks


def test_ids_past_32_bits_in_addresses_are_not_found_not_errors(published: Scene) -> None:
    with signed_in(published.registry.url, published.registry.admin_token) as client:
        for path, message in (
            ("/console/checks/99999999999", "No check 99999999999."),
            (f"{PAGING}/versions/99999999999", "No version 99999999999 in paging@current."),
        ):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert message in answer.text
