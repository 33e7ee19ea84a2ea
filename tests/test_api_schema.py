"""Property-based API conformance: no 5xx, and every response matches the published OpenAPI schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kechuang.core.services import create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the WSGI app directly; like Django's test client, keep the test's connection open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_it_conforms_to_its_openapi_schema(personas, keep_test_connection):
    _token, key = create_api_token(personas.admin, name="schemathesis")
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the API publishes no operations"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # Business rules (check characters, unknown codes) may reject schema-valid data with 422,
            # so "positive data acceptance" is not asserted; crashes and schema drift are.
            case.call_and_validate(
                headers=headers,
                checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
            )

        check()
