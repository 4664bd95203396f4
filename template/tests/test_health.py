"""`GET /health`: 200 while the database answers, documented with the 503 it answers while it does not."""

from tests.crud import Client


async def test_health_answers_ok_while_the_database_answers(client: Client) -> None:
    answer = await client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok"}


async def test_health_documents_its_503(client: Client) -> None:
    operation = (await client.get("/schema/openapi.json")).json()["paths"]["/health"]["get"]
    assert set(operation["responses"]) == {"200", "503"}
    assert "application/problem+json" in operation["responses"]["503"]["content"]
