"""schemathesis over every operation of the OpenAPI schema, through the WSGI app, as a logged-in province officer
over demo data: no answer may be a server error or contradict the schema (status code, content type, body).

Bounded so that CI stays within minutes: SCHEMATHESIS_MAX_EXAMPLES examples per operation (default 6) in the
coverage and fuzzing phases. The figures (requests, failures) are printed at the end of the run."""

import io
import json
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings

from unionportal.wsgi import application

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
        },
    }
)
COUNTS = {"requests": 0, "operations": set(), "failures": 0}


@pytest.fixture(scope="module")
def demo_token(django_db_setup, django_db_blocker):
    """Demo data loaded once for the module inside a transaction rolled back at its end, so other tests see an
    empty database; each operation's test runs in a savepoint inside it."""
    from rest_framework.authtoken.models import Token

    # The WSGI handler closes "old" connections around each request, which would end the open transaction;
    # Django's own test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--grassroots", "60", stdout=io.StringIO())
        from django.contrib.auth import get_user_model

        token, _created = Token.objects.get_or_create(user=get_user_model().objects.get(username="sheng"))
        yield token.key
        transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    summary = {"requests": COUNTS["requests"], "operations": len(COUNTS["operations"]), "failures": COUNTS["failures"]}
    report_dir = os.environ.get("SCHEMATHESIS_REPORT_DIR")
    if report_dir:  # one file per xdist worker; .ci/run adds them up
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(os.path.join(report_dir, f"schemathesis-{worker}.json"), "w", encoding="utf-8") as handle:
            json.dump(summary, handle)
    print(f"\nschemathesis: {summary}")


def load_schema():
    """The schema exactly as /api/schema/ serves it, built at collection so that each operation is a test."""
    from drf_spectacular.generators import SchemaGenerator

    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=CONFIG)
    loaded.app = application
    return loaded


schema = load_schema()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=MAX_EXAMPLES)
@pytest.mark.django_db
def test_every_operation_answers_as_documented(case, demo_token):
    COUNTS["requests"] += 1
    COUNTS["operations"].add(case.operation.label)
    try:
        case.call_and_validate(headers={"Authorization": f"Token {demo_token}"})
    except Exception:
        COUNTS["failures"] += 1
        raise
