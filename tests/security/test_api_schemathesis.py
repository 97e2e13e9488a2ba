"""The API keeps its OpenAPI contract under generated input (schemathesis).

Against the live test server, every operation of ``/api/v1/openapi.json`` is called with
data generated from its own schema — empty strings, the largest integers the schema allows,
dates at its bounds — as a ward officer (bearer token), as an administrator (bearer token)
and as nobody. Each answer must not be a server error, must have a status the operation
documents, the content type it documents, and a body that matches the documented schema.

Bounded so that it runs with the normal suite: a few examples per operation and caller, no
shrinking, and a time budget after which the remaining operations are left out (the run says
which). Every problem found is listed at the end, not only the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import APIToken

from tuyengiao.core.models import User

EXAMPLES_PER_OPERATION = 4
BUDGET_SECONDS = 150
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _bearer(user: User) -> dict[str, str]:
    _token, plaintext = APIToken.create_token(user=user, name="Kiểm thử hợp đồng API")
    return {"Authorization": f"Bearer {plaintext}"}


def _exercise(operation: Any, base_url: str, headers: dict[str, str]) -> Callable[[], None]:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=60)

    return run


@pytest.fixture
def fresh_content_types() -> None:
    """Forget content type ids cached before an earlier transactional test emptied the tables
    (the personas' audit entries would name ids that are gone)."""
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_operation_keeps_its_contract(
    fresh_content_types, live_server, city, ward_officer_a, system_admin
):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    callers = {
        "ward officer": _bearer(ward_officer_a),
        "administrator": _bearer(system_admin),
        "nobody": {},
    }
    started = time.monotonic()
    failures: list[str] = []
    left_out: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for name, headers in callers.items():
        for operation in operations:
            label = f"{name}: {operation.label}"
            if time.monotonic() - started > BUDGET_SECONDS:
                left_out.append(label)
                continue
            try:
                _exercise(operation, live_server.url, headers)()
            except Exception as error:  # each failure is reported, the run goes on
                failures.append(f"{label}\n{error}")
    if left_out:
        print(f"Over the time budget; not exercised: {', '.join(left_out)}")
    assert not failures, "\n\n".join(failures)
    assert len(left_out) < len(operations), "the budget did not cover one caller's pass"
