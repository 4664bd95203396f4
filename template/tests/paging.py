"""The list endpoint of every entity (app/lib/pages.py), driven by its case like tests/crud.py: offset pages, the
`ids` filter, the list parameters' checks and cursor pages.

A walk from `cursor=start` meets every record once, in the order of the offset pages, for every order it may take;
it counts nothing; a cursor works only with the order and filters it was made for.
"""

import base64
import json
from typing import Any

import pytest

from app.lib.filters import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from tests.crud import Client, EntityTests, assert_problem, create, error_fields

# More pages than three records make: a walk that has not ended by then never does.
MAX_WALK = 10

INVALID_LIST_PARAMETERS = [
    ("orderBy", "notAColumn"),
    ("sortOrder", "sideways"),
    ("pageSize", MAX_PAGE_SIZE + 1),
    ("pageSize", 0),
    ("currentPage", 0),
    # A page whose offset no 64-bit OFFSET can hold.
    ("currentPage", MAX_PAGE + 1),
    ("ids", "not-an-id"),
    ("cursor", "not-a-cursor"),
]


def _order_params(order_by: str | None, sort_order: str) -> dict[str, Any]:
    return {"sortOrder": sort_order, **({"orderBy": order_by} if order_by else {})}


async def offset_ids(client: Client, url: str, params: dict[str, Any]) -> list[Any]:
    """The ids of every record, in the order of one offset page that holds them all."""
    response = await client.get(url, params={**params, "pageSize": MAX_PAGE_SIZE})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def walk(client: Client, url: str, params: dict[str, Any], cursor: str = "start") -> list[Any]:
    """The ids a walk of cursor pages of one record meets, from `cursor` to the last page."""
    seen: list[Any] = []
    for _ in range(MAX_WALK):
        response = await client.get(url, params={**params, "pageSize": 1, "cursor": cursor})
        assert response.status_code == 200, response.text
        page = response.json()
        assert (page["total"], page["offset"], page["limit"]) == (None, None, 1)
        seen += [item["id"] for item in page["items"]]
        if page["nextCursor"] is None:
            return seen
        cursor = page["nextCursor"]
    pytest.fail(f"the walk had not ended after {MAX_WALK} pages: {seen}")


def _altered(cursor: str) -> str:
    """The cursor with its record's id replaced by something that is no id."""
    digest, value, _ = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return base64.urlsafe_b64encode(json.dumps([digest, value, {"no": "id"}]).encode()).decode()


class ListTests(EntityTests):
    """Offset pages, the `ids` filter and the list parameters' checks, for every entity."""

    async def test_list_paginates(self, client: Client) -> None:
        created = [await create(client, self.case, index) for index in range(3)]

        response = await client.get(self.case.url, params={"pageSize": 2, "currentPage": 1})
        assert response.status_code == 200
        page = response.json()
        assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (3, 2, 0, 2)
        assert page["nextCursor"] is not None

        response = await client.get(self.case.url, params={"pageSize": 2, "currentPage": 2})
        assert (response.json()["total"], len(response.json()["items"])) == (3, 1)
        assert response.json()["nextCursor"] is None
        listed = {item["id"] for item in page["items"] + response.json()["items"]}
        assert listed == {item["id"] for item in created}

        # Past the last record: no record to read, the count still right.
        past = (await client.get(self.case.url, params={"pageSize": 2, "currentPage": 3})).json()
        assert (past["total"], past["offset"], past["items"], past["nextCursor"]) == (3, 4, [], None)

        response = await client.get(self.case.url)
        assert response.json()["limit"] == DEFAULT_PAGE_SIZE

    async def test_list_filters_by_ids(self, client: Client) -> None:
        created = [await create(client, self.case, index) for index in range(3)]
        wanted = {created[0]["id"], created[2]["id"]}
        response = await client.get(self.case.url, params={"ids": sorted(wanted)})
        assert response.status_code == 200, response.text
        assert {item["id"] for item in response.json()["items"]} == wanted

    @pytest.mark.parametrize(
        "list_parameter", INVALID_LIST_PARAMETERS, ids=[name for name, _ in INVALID_LIST_PARAMETERS]
    )
    async def test_invalid_list_parameter_is_400_naming_it(
        self, client: Client, list_parameter: tuple[str, Any]
    ) -> None:
        parameter, value = list_parameter
        response = await client.get(self.case.url, params={parameter: str(value)})
        assert parameter in error_fields(assert_problem(response, 400))

    async def test_list_statement_count_does_not_grow_with_the_page(
        self, client: Client, sql_statements: list[str]
    ) -> None:
        created = [await create(client, self.case, index) for index in range(3)]
        for link in self.case.many_to_many:
            if link.self_reference:
                linked = [created[1]["id"], created[2]["id"]]
            else:
                linked = [(await create(client, self.case.target(link), index))["id"] for index in (1, 2)]
            for item in created:
                response = await client.patch(f"{self.case.url}/{item['id']}", json={link.field: linked})
                assert response.status_code == 200, response.text
        counts = []
        for page_size in (1, 3):
            sql_statements.clear()
            response = await client.get(self.case.url, params={"pageSize": page_size})
            assert response.status_code == 200, response.text
            assert len(response.json()["items"]) == page_size
            counts.append(len(sql_statements))
        assert counts[0] == counts[1], sql_statements


class CursorTests(EntityTests):
    """Cursor pages, for every entity."""

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "walk_order" in metafunc.fixturenames:
            orders = [None, "id", *(order for order in (self.case.order_by, self.case.nullable_order) if order)]
            walks = [(order, sort) for order in orders for sort in ("asc", "desc")]
            metafunc.parametrize("walk_order", walks, ids=[f"{order or 'default'}-{sort}" for order, sort in walks])
        super().pytest_generate_tests(metafunc)

    async def test_walk_meets_every_record_once_in_offset_order(
        self, client: Client, walk_order: tuple[str | None, str]
    ) -> None:
        created = [await create(client, self.case, index) for index in range(3)]
        params = _order_params(*walk_order)
        walked = await walk(client, self.case.url, params)
        assert sorted(map(str, walked)) == sorted(str(item["id"]) for item in created)
        assert walked == await offset_ids(client, self.case.url, params)

    async def test_offset_page_continues_as_a_walk(self, client: Client) -> None:
        for index in range(3):
            await create(client, self.case, index)
        response = await client.get(self.case.url, params={"pageSize": 1})
        first = response.json()
        expected = await offset_ids(client, self.case.url, {})
        assert [item["id"] for item in first["items"]] + await walk(client, self.case.url, {}, first["nextCursor"]) == (
            expected
        )
        last = await client.get(self.case.url, params={"pageSize": 1, "currentPage": 3})
        assert last.json()["nextCursor"] is None

    async def test_cursor_page_counts_nothing_offset_page_counts_as_it_reads(
        self, client: Client, sql_statements: list[str]
    ) -> None:
        await create(client, self.case)
        response = await client.get(self.case.url, params={"cursor": "start"})
        assert response.status_code == 200, response.text
        assert not any("count(" in statement.lower() for statement in sql_statements), sql_statements
        sql_statements.clear()
        await client.get(self.case.url)
        # An offset page counts, in the statement that reads it: one round trip.
        counting = [statement for statement in sql_statements if "count(" in statement.lower()]
        assert len(counting) == 1, sql_statements
        assert "limit" in counting[0].lower(), counting

    async def test_cursor_is_bound_to_its_order_and_filters(self, client: Client) -> None:
        created = [await create(client, self.case, index) for index in range(3)]
        response = await client.get(self.case.url, params={"pageSize": 1, "cursor": "start"})
        cursor = response.json()["nextCursor"]
        assert (await client.get(self.case.url, params={"pageSize": 1, "cursor": cursor})).status_code == 200
        # Another column than the default order's (the id's without audit columns), where the entity has one.
        other_order = "id" if self.case.audit else self.case.order_by or self.case.nullable_order
        others: list[dict[str, Any]] = [{"sortOrder": "asc"}, {"ids": [item["id"] for item in created]}]
        others += [{"currentPage": 2}, *([{"orderBy": other_order}] if other_order else [])]
        for other in others:
            response = await client.get(self.case.url, params={"cursor": cursor, **other})
            assert "cursor" in error_fields(assert_problem(response, 400)), other
        for broken in ("not-a-cursor", cursor[:-4], _altered(cursor), "W10"):
            response = await client.get(self.case.url, params={"cursor": broken})
            assert "cursor" in error_fields(assert_problem(response, 400)), broken


class NullOrderTests(EntityTests):
    """Ordered by an optional field: NULLs come last ascending, first descending (as PostgreSQL's indexes hold them),
    the id breaking their ties, by offset and by cursor alike."""

    async def test_nulls_come_last_ascending_and_first_descending(self, client: Client, sort_order: str) -> None:
        name = str(self.case.nullable_order)
        created = [await create(client, self.case, index) for index in range(3)]
        for item in created[:2]:
            response = await client.patch(f"{self.case.url}/{item['id']}", json={name: None})
            assert response.status_code == 200, response.text
        params = _order_params(name, sort_order)
        listed = await offset_ids(client, self.case.url, params)
        assert await walk(client, self.case.url, params) == listed
        response = await client.get(self.case.url, params={**params, "pageSize": MAX_PAGE_SIZE})
        nulls = [item[name] is None for item in response.json()["items"]]
        assert nulls == ([False, True, True] if sort_order == "asc" else [True, True, False])
