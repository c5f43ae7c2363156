"""The OpenAPI schema generates cleanly: integrators' client generators choke on warnings' causes."""

from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    assert "/api/v1/orgs/" in text
    assert "within" in text
