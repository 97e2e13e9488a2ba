"""Fixtures shared by every test in the project."""

pytest_plugins = ["tuyengiao.core.tests.personas", "tuyengiao.orgs.tests.personas"]


def pytest_report_header(config) -> str:  # type: ignore[no-untyped-def]
    """Name the database the run uses, so that each leg's log shows which one it tested."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({database.get('HOST') or 'local file'})"
