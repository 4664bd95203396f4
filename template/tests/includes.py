"""The tests of related records in answers (`?include=` and `embed`), for every relation of a case (tests/crud.py's
`Include`): the records have the shape of their own endpoint's, lists are cut in id order, unknown names are 400s,
and the SQL statements do not grow with the page."""

from typing import Any

import pytest

from app.lib import includes
from tests.crud import Client, EntityCase, EntityTests, Include, assert_problem, create, error_fields


def related_index(case: EntityCase, include: Include, index: int) -> int:
    """The related record of record `index`: the same index, or the next one where both are of the same entity."""
    return (index + 1) % 3 if include.target == case.key else index


async def link(client: Client, case: EntityCase, include: Include, index: int, related_indexes: list[int]) -> None:
    """Relate record `index` of the case to the target's records `related_indexes` through the include's key."""
    target = case.target(include)
    record = await create(client, case, index)
    related = [await create(client, target, i) for i in related_indexes]
    if include.back:
        for item in related:
            value = [record["id"]] if include.key_is_list else record["id"]
            response = await client.patch(f"{target.url}/{item['id']}", json={include.key: value})
            assert response.status_code == 200, response.text
        return
    ids = [item["id"] for item in related]
    value = ids if include.key_is_list else ids[0]
    response = await client.patch(f"{case.url}/{record['id']}", json={include.key: value})
    assert response.status_code == 200, response.text


async def own_answer(client: Client, case: EntityCase, include: Include, record_id: Any) -> dict[str, Any]:
    """A related record as its own endpoint answers it."""
    response = await client.get(f"{case.target(include).url}/{record_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_same_record(included: dict[str, Any], own: dict[str, Any], include: Include) -> None:
    """An included record is its own endpoint's answer (a user's: its id and email only), without related records."""
    if include.summary:
        assert included == {"id": own["id"], "email": own["email"]}
    else:
        assert included == {name: own[name] for name in included}
        assert {"id", "createdAt"} & set(included) <= set(own)


def id_order(ids: list[Any]) -> list[Any]:
    """Ids in the order of the database: numbers by value, UUIDs by their bytes, which their text keeps."""
    return sorted(ids, key=lambda value: value if isinstance(value, int) else str(value))


class IncludeTests(EntityTests):
    async def test_include_adds_the_related_records(self, client: Client, include: Include) -> None:
        index = 0
        related = [related_index(self.case, include, index)]
        await link(client, self.case, include, index, related)
        record = await create(client, self.case, index)
        expected = await create(client, self.case.target(include), related[0])
        own = await own_answer(client, self.case, include, expected["id"])
        plain = await client.get(f"{self.case.url}/{record['id']}")
        assert (include.name in plain.json()) == include.embed
        for is_list, url, params in (
            (False, f"{self.case.url}/{record['id']}", {"include": include.name}),
            (True, self.case.url, {"include": include.name, "ids": record["id"]}),
        ):
            response = await client.get(url, params=params)
            assert response.status_code == 200, response.text
            answer = response.json()["items"][0] if is_list else response.json()
            if include.many:
                assert [item["id"] for item in answer[include.name]] == [expected["id"]]
                assert answer[f"{include.name}Truncated"] is False
                assert_same_record(answer[include.name][0], own, include)
            else:
                assert_same_record(answer[include.name], own, include)

    async def test_unknown_include_is_400_naming_it(self, client: Client) -> None:
        record = await create(client, self.case)
        for url in (self.case.url, f"{self.case.url}/{record['id']}"):
            response = await client.get(url, params={"include": "noSuchRelation"})
            assert "include" in error_fields(assert_problem(response, 400))

    async def test_included_list_is_cut_in_id_order(
        self, client: Client, included_list: Include, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(includes, "LIST_LIMIT", 1)
        related = [1, 2] if included_list.target == self.case.key else [0, 1]
        await link(client, self.case, included_list, 0, related)
        record = await create(client, self.case, 0)
        target = self.case.target(included_list)
        ids = [(await create(client, target, i))["id"] for i in related]
        response = await client.get(f"{self.case.url}/{record['id']}", params={"include": included_list.name})
        assert response.status_code == 200, response.text
        assert [item["id"] for item in response.json()[included_list.name]] == id_order(ids)[:1]
        assert response.json()[f"{included_list.name}Truncated"] is True

    async def test_included_records_cost_statements_per_relation_not_per_record(
        self, client: Client, sql_statements: list[str]
    ) -> None:
        """A page of 3 costs what a page of 1 does, whatever it includes; and including a relation costs at most what
        a page of its records costs at their own endpoint (one statement, and those loading the ids they carry)."""
        linked = set()
        for include in self.case.includes:
            # Both sides of a self reference share one key: linking one side links the other.
            if (include.target, include.key) not in linked:
                for index in range(3):
                    await link(client, self.case, include, index, [related_index(self.case, include, index)])
                linked.add((include.target, include.key))

        async def statements(url: str, **params: Any) -> int:
            sql_statements.clear()
            response = await client.get(url, params=params)
            assert response.status_code == 200, response.text
            assert response.json()["items"], "the page is not empty"
            return len(sql_statements)

        names = [include.name for include in self.case.includes]
        every = [await statements(self.case.url, pageSize=size, include=names) for size in (1, 3)]
        assert every[0] == every[1], sql_statements
        plain = await statements(self.case.url, pageSize=3)
        for include in self.case.includes:
            own = await statements(self.case.target(include).url, pageSize=1)
            assert await statements(self.case.url, pageSize=3, include=include.name) - plain <= own, sql_statements

    async def test_embedded_records_are_in_every_answer(self, client: Client, embedded: Include) -> None:
        record = await create(client, self.case, 0)
        url = f"{self.case.url}/{record['id']}"
        assert embedded.name in record
        listed = await client.get(self.case.url, params={"ids": record["id"]})
        assert listed.status_code == 200, listed.text
        answers = [listed.json()["items"][0]]
        for response in (await client.get(url), await client.patch(url, json={})):
            assert response.status_code == 200, response.text
            answers.append(response.json())
        assert all(embedded.name in answer for answer in answers)
