"""/api/v1/version: which release runs, and whether the database has its migrations."""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from tuyengiao import __version__
from tuyengiao.api.routers import core


@pytest.mark.django_db
def test_version_names_the_release_and_its_commit(client, settings):
    settings.TUYENGIAO_COMMIT = "3f2a9c1"
    response = client.get("/api/v1/version")
    assert response.status_code == 200
    assert response.json() == {"version": __version__, "commit": "3f2a9c1", "pending_migrations": 0}


@pytest.fixture(autouse=True)
def _fresh_reading(monkeypatch):
    monkeypatch.setattr(core, "_pending", None)


@pytest.mark.django_db
def test_version_counts_the_migrations_the_database_lacks(client):
    """After an upgrade and before `tuyengiao migrate`, the release says what is missing."""
    recorder = MigrationRecorder(connection)
    latest = recorder.migration_qs.filter(app="core").order_by("-id").first()
    latest.delete()
    assert client.get("/api/v1/version").json()["pending_migrations"] == 1
