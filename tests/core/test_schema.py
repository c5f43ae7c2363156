"""The OpenAPI schema generates cleanly: integrators' client generators choke on warnings' causes."""

from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    assert "/api/v1/orgs/" in text
    assert "within" in text


def _schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_documents_its_errors(db):
    schema = _schema()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) > 100
    for path, method, operation in operations:
        codes = set(operation["responses"])
        assert {"400", "403", "404"} <= codes, (method, path)
        if "requestBody" in operation:
            assert "413" in codes, (method, path)


def test_schema_says_what_the_answers_are(db):
    schema = _schema()
    # Periods are never posted; the route answers 405 and is not offered.
    assert "post" not in schema["paths"]["/api/v1/return-periods/"]
    # A record's files are one plain array.
    files = schema["paths"]["/api/v1/stations/{id}/files/"]["get"]["responses"]["200"]["content"]
    assert files["application/json"]["schema"]["type"] == "array"
    registration = schema["components"]["schemas"]["Registration"]["properties"]
    assert registration["membership_rate"].get("nullable") and registration["total_employees"].get("nullable")
    opens = schema["components"]["schemas"]["ServiceStation"]["properties"]["opens_at"]
    assert "format" not in str(opens) and "pattern" in str(opens)


def test_time_pattern_accepts_what_the_api_writes():
    import re

    from core.api.schema import TIME_SCHEMA

    for value in ("09:00", "09:00:00", "23:59:59.123456"):
        assert re.fullmatch(TIME_SCHEMA["pattern"].strip("^$"), value)
    for value in ("24:00", "9:00", "09:60"):
        assert not re.fullmatch(TIME_SCHEMA["pattern"].strip("^$"), value)


def test_an_upload_is_documented_as_created(db):
    responses = _schema()["paths"]["/api/v1/stations/{id}/files/"]["post"]["responses"]
    assert "201" in responses and "200" not in responses
