"""The API tests every entity shares, driven by its `EntityCase` (tests/factories.py, derived from entities.yml).

Each entity's test module (tests/<entities>/test_<entities>_api.py) is a class that names its case and the groups of
tests below that apply to it: a unique field brings `UniqueTests`, a relation `ToOneTests` or `ManyToManyTests`, and
so on. Parametrized tests take their values from the case (see `EntityTests.pytest_generate_tests`).
"""

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.config import get_settings

Client = AsyncTestClient[Litestar]


def nested_json(depth: int) -> dict[str, Any]:
    """A JSON object nested `depth` levels deep: `{"a": {"a": ... {}}}`."""
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


# A value for a json field one level deeper than the API takes (MAX_JSON_DEPTH).
TOO_DEEP_JSON = nested_json(get_settings().max_json_depth + 1)


@dataclass(frozen=True)
class ToOne:
    """A many-to-one or one-to-one relation: its key in the API, the case of its target, and its rules."""

    field: str
    target: str
    nullable: bool
    on_delete: Literal["cascade", "restrict", "set_null"]


@dataclass(frozen=True)
class ManyToMany:
    field: str
    target: str
    self_reference: bool


@dataclass(frozen=True)
class Include:
    """A relation that answers may carry as records (`?include=<name>`): the case of its records, whether they are a
    list, and the key that links them (`key`, on this case's record, or on the related record for a back reference)."""

    name: str
    target: str
    many: bool
    key: str
    back: bool = False
    key_is_list: bool = False  # the key is a many-to-many's list of ids
    embed: bool = False
    summary: bool = False  # records of the built-in User: their id and email only


@dataclass(frozen=True)
class FieldFilter:
    """A list filter on a field: any of several values (an enum), or equal to one (a boolean)."""

    field: str
    is_enum: bool


@dataclass(frozen=True)
class EntityCase:
    """What the tests need to know of one entity: where it lives, valid bodies, and what the API must refuse."""

    key: str
    url: str
    samples: list[dict[str, Any]]  # valid create bodies without relation ids, one per test record (0 to 2)
    unknown_id: str | int  # well-formed, and no test record's
    update: tuple[str, Any] | None = None  # a field whose value differs between records 0 and 1, and record 1's value
    bad_values: list[tuple[str, Any]] = field(default_factory=list)  # (field, value) pairs refused with a 400
    required: tuple[str, ...] = ()  # what a create body must hold
    unique: tuple[str, ...] = ()
    searchable: tuple[str, ...] = ()
    order_by: str | None = None  # a field whose records sort in another order than they were created
    nullable_order: str | None = None  # an optional field lists may be ordered by
    to_one: tuple[ToOne, ...] = ()
    many_to_many: tuple[ManyToMany, ...] = ()
    filters: tuple[FieldFilter, ...] = ()
    includes: tuple[Include, ...] = ()
    audit: bool = True
    # With access control (tests/access.py): the level of each operation (read, create, update, delete) as
    # "public", "authenticated" or the roles that pass; whether rows belong to their creator, and the table.
    access: dict[str, Any] = field(default_factory=dict)
    owned: bool = False
    table: str = ""

    all: ClassVar[dict[str, "EntityCase"]] = {}

    def __post_init__(self) -> None:
        EntityCase.all[self.key] = self

    def target(self, relation: ToOne | ManyToMany | Include) -> "EntityCase":
        return EntityCase.all[relation.target]


# Records created in the current test, by (entity, index): `create(client, AUTHOR, 1)` creates author 1 only once, so
# that every record needing it shares it instead of colliding with it on a unique value.
_created: dict[tuple[str, int], dict[str, Any]] = {}


def forget_created_records() -> None:
    """Called before each test, whose database starts empty."""
    _created.clear()


async def payload(client: Client, case: EntityCase, index: int = 0) -> dict[str, Any]:
    """A valid body to create record number `index` (0 to 2) of the case, creating the records it needs."""
    body = dict(case.samples[index])
    for relation in case.to_one:
        if not relation.nullable:
            body[relation.field] = (await create(client, case.target(relation), index))["id"]
    return body


async def create(client: Client, case: EntityCase, index: int = 0) -> dict[str, Any]:
    """Create record number `index` of the case through the API (once per test) and return the response body."""
    key = (case.key, index)
    if key not in _created:
        response = await client.post(case.url, json=await payload(client, case, index))
        assert response.status_code == 201, response.text
        _created[key] = response.json()
    return _created[key]


def error_fields(response_body: dict[str, Any]) -> set[str]:
    """The request fields a 400 problem detail names."""
    return {str(error.get("key")) for error in response_body.get("errors", [])}


async def count(client: Client, case: EntityCase) -> int:
    """How many records of the case the API lists."""
    response = await client.get(case.url)
    assert response.status_code == 200, response.text
    total: int = response.json()["total"]
    return total


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


class EntityTests:
    """The base of every group: the case, and the parameters its tests take from it."""

    case: ClassVar[EntityCase]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        values: dict[str, list[Any]] = {
            "method": ["GET", "PATCH", "DELETE"],
            "sort_order": ["asc", "desc"],
            "bad_value": self.case.bad_values,
            "required_field": list(self.case.required),
            "unique_field": list(self.case.unique),
            "to_one": list(self.case.to_one),
            "required_to_one": [r for r in self.case.to_one if not r.nullable],
            "many_to_many": list(self.case.many_to_many),
            "field_filter": list(self.case.filters),
            "include": list(self.case.includes),
            "included_list": [i for i in self.case.includes if i.many],
            "embedded": [i for i in self.case.includes if i.embed],
        }
        for name in metafunc.fixturenames:
            if name in values:
                metafunc.parametrize(name, values[name], ids=_test_id)


def _test_id(value: Any) -> str:
    if isinstance(value, ToOne | ManyToMany | FieldFilter):
        return value.field
    if isinstance(value, Include):
        return value.name
    if isinstance(value, tuple):
        return str(value[0])
    return str(value)


class CrudTests(EntityTests):
    """Create, read, update and delete; unknown ids; bodies that are not JSON or too big (tests/paging.py: lists)."""

    async def test_create_read_update_delete(self, client: Client) -> None:
        created = await create(client, self.case)
        url = f"{self.case.url}/{created['id']}"

        response = await client.get(url)
        assert response.status_code == 200
        assert response.json() == created
        if self.case.update is not None:
            name, value = self.case.update
            response = await client.patch(url, json={name: value})
            assert response.status_code == 200, response.text
            assert response.json()[name] == value

        response = await client.delete(url)
        assert response.status_code == 204
        response = await client.get(url)
        assert response.status_code == 404

    async def test_unknown_id_is_404_problem(self, client: Client, method: str) -> None:
        url = f"{self.case.url}/{self.case.unknown_id}"
        assert_problem(await client.request(method, url, json={} if method == "PATCH" else None), 404)

    async def test_id_beyond_64_bits_is_refused(self, client: Client, method: str) -> None:
        """400 naming the id where ids are 64-bit integers; where they are UUIDs, no route has such a path (404)."""
        url = f"{self.case.url}/{2**64}"
        response = await client.request(method, url, json={} if method == "PATCH" else None)
        if isinstance(self.case.unknown_id, int):
            assert error_fields(assert_problem(response, 400))
        else:
            assert_problem(response, 404)

    async def test_body_not_sent_as_json_is_415(self, client: Client) -> None:
        body = json.dumps(await payload(client, self.case))
        response = await client.post(self.case.url, content=body, headers={"content-type": "text/plain"})
        assert_problem(response, 415)
        assert await count(client, self.case) == 0

    async def test_body_above_the_size_limit_is_413(self, client: Client) -> None:
        body = {**await payload(client, self.case), "padding": "x" * get_settings().max_request_body_size}
        assert_problem(await client.post(self.case.url, json=body), 413)
        assert await count(client, self.case) == 0


class InvalidValueTests(EntityTests):
    async def test_invalid_value_is_400_naming_the_field(self, client: Client, bad_value: tuple[str, Any]) -> None:
        """Nothing is written: what the database could not hold is refused before it gets there."""
        name, value = bad_value
        body = await payload(client, self.case)
        body[name] = value
        response = await client.post(self.case.url, json=body)
        assert name in error_fields(assert_problem(response, 400))
        assert await count(client, self.case) == 0


class RequiredFieldTests(EntityTests):
    async def test_missing_required_field_is_400(self, client: Client, required_field: str) -> None:
        body = await payload(client, self.case)
        del body[required_field]
        response = await client.post(self.case.url, json=body)
        assert response.status_code == 400, response.text
        assert required_field in error_fields(response.json())


class UniqueTests(EntityTests):
    async def test_duplicate_unique_value_is_409(self, client: Client, unique_field: str) -> None:
        first = await create(client, self.case, 0)
        body = await payload(client, self.case, 1)
        body[unique_field] = first[unique_field]
        response = await client.post(self.case.url, json=body)
        problem = assert_problem(response, 409)
        assert problem["detail"] == f"{unique_field}: already taken"
        assert error_fields(problem) == {unique_field}


class SearchTests(EntityTests):
    async def test_search_is_case_insensitive(self, client: Client) -> None:
        created = [await create(client, self.case, index) for index in range(3)]
        wanted = created[1][self.case.searchable[0]]
        response = await client.get(self.case.url, params={"searchString": wanted.upper()})
        assert response.status_code == 200
        assert created[1]["id"] in {item["id"] for item in response.json()["items"]}
        for item in response.json()["items"]:
            assert any(wanted.lower() in str(item[name]).lower() for name in self.case.searchable)

    async def test_search_for_text_no_field_can_hold_is_400_naming_it(self, client: Client) -> None:
        # NUL: PostgreSQL cannot compare with it; no text the API stores holds it.
        response = await client.get(self.case.url, params={"searchString": "a\x00b"})
        assert error_fields(assert_problem(response, 400)) == {"searchString"}


class OrderTests(EntityTests):
    async def test_list_orders_by_field(self, client: Client, sort_order: str) -> None:
        for index in (1, 0, 2):
            await create(client, self.case, index)
        response = await client.get(self.case.url, params={"orderBy": self.case.order_by, "sortOrder": sort_order})
        assert response.status_code == 200
        values = [item[str(self.case.order_by)] for item in response.json()["items"]]
        assert values == sorted(values, reverse=sort_order == "desc")


class AuditTests(EntityTests):
    async def test_created_and_updated_ranges_combine(self, client: Client) -> None:
        created = [await create(client, self.case, index) for index in range(2)]
        past, future = "2000-01-01T00:00:00Z", "2999-01-01T00:00:00Z"
        response = await client.get(self.case.url, params={"createdAfter": past, "updatedBefore": future})
        assert response.status_code == 200, response.text
        assert response.json()["total"] == len(created)
        response = await client.get(self.case.url, params={"createdAfter": future, "updatedBefore": future})
        assert response.status_code == 200, response.text
        assert response.json()["total"] == 0


class ManyToManyTests(EntityTests):
    async def test_ids_are_written_and_read(self, client: Client, many_to_many: ManyToMany) -> None:
        target = self.case.target(many_to_many)
        related = [await create(client, target, index) for index in (1, 2)]
        body = await payload(client, self.case)
        body[many_to_many.field] = [item["id"] for item in related]
        response = await client.post(self.case.url, json=body)
        assert response.status_code == 201, response.text
        created = response.json()
        assert set(created[many_to_many.field]) == {item["id"] for item in related}

        url = f"{self.case.url}/{created['id']}"
        response = await client.patch(url, json={many_to_many.field: []})
        assert response.status_code == 200, response.text
        assert response.json()[many_to_many.field] == []

        response = await client.patch(url, json={many_to_many.field: [target.unknown_id]})
        assert response.status_code == 409, response.text
        assert many_to_many.field in response.json()["detail"]


class ToOneTests(EntityTests):
    async def test_unknown_related_id_is_409_naming_it(self, client: Client, to_one: ToOne) -> None:
        body = await payload(client, self.case)
        body[to_one.field] = self.case.target(to_one).unknown_id
        response = await client.post(self.case.url, json=body)
        assert response.status_code == 409, response.text
        assert to_one.field in response.json()["detail"]

    async def test_deleting_the_related_record_follows_on_delete(self, client: Client, to_one: ToOne) -> None:
        target = self.case.target(to_one)
        # A target record only this relation refers to: the item's other relations to the same entity (another
        # rule, such as `restrict`) point at record 0.
        target_id = (await create(client, target, 1))["id"]
        if to_one.nullable:
            item = await create(client, self.case)
            response = await client.patch(f"{self.case.url}/{item['id']}", json={to_one.field: target_id})
            assert response.status_code == 200, response.text
        else:
            body = await payload(client, self.case)
            response = await client.post(self.case.url, json=body | {to_one.field: target_id})
            assert response.status_code == 201, response.text
            item = response.json()

        response = await client.delete(f"{target.url}/{target_id}")
        after = await client.get(f"{self.case.url}/{item['id']}")
        if to_one.on_delete == "restrict":
            assert response.status_code == 409, response.text
            assert "cannot be deleted while" in response.json()["detail"]
            assert after.json()[to_one.field] == target_id
        elif to_one.on_delete == "cascade":
            assert response.status_code == 204, response.text
            assert after.status_code == 404
        else:
            assert response.status_code == 204, response.text
            assert after.json()[to_one.field] is None


class RequiredToOneFilterTests(EntityTests):
    async def test_list_filters_by_related_id(self, client: Client, required_to_one: ToOne) -> None:
        created = [await create(client, self.case, index) for index in range(3)]
        wanted = created[1][required_to_one.field]
        response = await client.get(self.case.url, params={required_to_one.field: wanted})
        assert response.status_code == 200, response.text
        assert [item["id"] for item in response.json()["items"]] == [created[1]["id"]]


class FieldFilterTests(EntityTests):
    async def test_list_filters_by_field(self, client: Client, field_filter: FieldFilter) -> None:
        name = field_filter.field
        created = [await create(client, self.case, index) for index in range(3)]
        wanted = created[0][name]
        response = await client.get(
            self.case.url, params={name: wanted if field_filter.is_enum else str(wanted).lower()}
        )
        assert response.status_code == 200, response.text
        expected = {item["id"] for item in created if item[name] == wanted}
        assert {item["id"] for item in response.json()["items"]} == expected
        if field_filter.is_enum:
            values = sorted({item[name] for item in created})
            response = await client.get(self.case.url, params={name: values})
            assert response.json()["total"] == len(created)

        response = await client.get(self.case.url, params={name: "not_a_value"})
        assert response.status_code == 400, response.text
        assert name in error_fields(response.json())
