"""No stored file is a public address.

Every kind of internal file (a document's file, an activity's photo, a written report and a
report template) is fetched through a view that asks the same selector as the page linking
it: nobody signed out and no officer of another ward gets a byte, the owning ward's officer
gets the file, and a public document's file is open to everyone, as the portal links it.
Nothing lies under MEDIA_URL; stored names carry a random folder; in production nginx sends
the bytes (``X-Accel-Redirect``), Python never does.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import clear_url_caches, reverse

from tuyengiao.activities.tests.builders import ward_b_activity
from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.files import move_into_private_storage
from tuyengiao.documents.files import document_file_attach
from tuyengiao.documents.models import Document, DocumentFile
from tuyengiao.documents.tests import samples
from tuyengiao.documents.tests.builders import register
from tuyengiao.orgs.tests.personas import City
from tuyengiao.reporting.tests.builders import ward_b_render, ward_b_submission, ward_b_template

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roots(settings, tmp_path: Path) -> tuple[Path, Path]:
    """Fresh folders: the public MEDIA_ROOT and the private one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.FILES_ACCEL_REDIRECT_PREFIX = ""
    return settings.MEDIA_ROOT, settings.PRIVATE_FILES_ROOT


@dataclass(frozen=True)
class Stored:
    """One stored file of ward B and the address that serves it."""

    field_file: FieldFile
    url: str


def ward_b_document_file(city: City, visibility: str = Document.Visibility.INTERNAL) -> Stored:
    document = register(
        city,
        f"{'12' if visibility == Document.Visibility.PUBLIC else '11'}-KH/ĐU",
        date(2024, 5, 2),
        "Kế hoạch tuyên truyền của phường Bình Minh",
        owner=city.ward_b,
        visibility=visibility,
    )
    record = document_file_attach(
        document=document,
        uploaded=samples.upload("Kế hoạch số 11.pdf", samples.text_pdf([["Ke hoach"]])),
        actor=SYSTEM,
    )
    return Stored(record.file, reverse("document_file", args=[record.pk]))


def ward_b_activity_photo(city: City) -> Stored:
    built = ward_b_activity(city)
    return Stored(
        built.photo.file, reverse("activities:file", args=[built.activity.pk, built.photo.pk])
    )


def ward_b_report_file(city: City) -> Stored:
    render = ward_b_render(city)
    return Stored(render.file, reverse("reporting:render_file", args=[render.pk]))


def ward_b_report_file_by_api(city: City) -> Stored:
    render = ward_b_render(city)
    return Stored(render.file, reverse("api:render_file", args=[render.pk]))


def ward_b_report_template(city: City) -> Stored:
    template = ward_b_template(city)
    submission = ward_b_submission(city)
    query = f"?form={submission.form.code}&unit={city.ward_b.code}&period={submission.period_code}"
    return Stored(template.file, reverse("reporting:template_file", args=[template.pk]) + query)


KINDS: dict[str, Callable[[City], Stored]] = {
    "document file": ward_b_document_file,
    "activity photo": ward_b_activity_photo,
    "written report": ward_b_report_file,
    "written report (API)": ward_b_report_file_by_api,
    "report template": ward_b_report_template,
}


@pytest.fixture(params=list(KINDS))
def stored(request, city: City) -> Stored:
    return KINDS[request.param](city)


def content_of(response) -> bytes:  # type: ignore[no-untyped-def]
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def bytes_of(stored: Stored) -> bytes:
    with stored.field_file.open("rb") as handle:
        return handle.read()


def refused(response, stored: Stored) -> bool:  # type: ignore[no-untyped-def]
    """Turned away (404/403, 401 on the API, or sent to sign in) without the file's bytes."""
    if response.status_code == 302:
        return "/admin/login/" in response["Location"] and not content_of(response)
    return response.status_code in {401, 403, 404} and bytes_of(stored) not in content_of(response)


def test_signed_out_visitor_gets_no_internal_file(client: Client, stored: Stored):
    """Nobody signed out downloads a ward's internal file."""
    assert refused(client.get(stored.url), stored)


def test_other_wards_officer_gets_no_file(client: Client, stored: Stored, ward_officer_a):
    """The officer of ward A does not download ward B's file."""
    client.force_login(ward_officer_a)
    assert refused(client.get(stored.url), stored)


def test_owning_wards_officer_gets_the_bytes(client: Client, stored: Stored, ward_officer_b):
    """The officer of ward B gets the file, private to their browser."""
    client.force_login(ward_officer_b)
    response = client.get(stored.url)
    assert response.status_code == 200
    assert content_of(response) == bytes_of(stored)
    assert "private" in response["Cache-Control"].split(", ")


def test_public_documents_file_is_open_to_everyone(client: Client, city: City):
    """A public document's file downloads without signing in, as the portal links it; the
    Vietnamese name is kept in the saved file's name."""
    public = ward_b_document_file(city, Document.Visibility.PUBLIC)
    response = client.get(public.url)
    assert response.status_code == 200
    assert content_of(response) == bytes_of(public)
    assert "filename*=utf-8''" + quote("Kế hoạch số 11.pdf") in response["Content-Disposition"]


def test_nothing_is_stored_under_media_root(stored: Stored, roots: tuple[Path, Path]):
    """Internal files lie outside MEDIA_ROOT and have no public address."""
    media, private = roots
    assert (private / stored.field_file.name).is_file()
    assert not (media / stored.field_file.name).exists()
    with pytest.raises(ValueError, match="no public URL"):
        stored.field_file.url  # noqa: B018


@pytest.fixture
def debug_urls(settings) -> Iterator[None]:
    """The URL map as development builds it (DEBUG serves some of MEDIA_URL)."""
    import tuyengiao.urls

    settings.DEBUG = True
    importlib.reload(tuyengiao.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(tuyengiao.urls)
    clear_url_caches()


def test_media_url_does_not_serve_internal_files(
    client: Client, stored: Stored, ward_officer_b, debug_urls, roots: tuple[Path, Path]
):
    """Even in development, /media/<name> answers 404 for an internal file, including one
    left behind under MEDIA_ROOT, while the portal's pictures stay served."""
    media, _private = roots
    left_behind = media / stored.field_file.name
    left_behind.parent.mkdir(parents=True)
    left_behind.write_bytes(b"secret")
    picture = media / "images" / "anh.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"picture")
    client.force_login(ward_officer_b)
    assert client.get(f"/media/{stored.field_file.name}").status_code == 404
    assert content_of(client.get("/media/images/anh.png")) == b"picture"


def test_stored_names_are_not_guessable(stored: Stored):
    """A random folder sits in every stored name."""
    assert re.search(r"/[A-Za-z0-9_-]{16}/[^/]+$", stored.field_file.name)


def test_production_hands_the_file_to_nginx(
    client: Client, stored: Stored, ward_officer_b, settings
):
    """With FILES_ACCEL_REDIRECT_PREFIX set, the answer names the file for nginx's internal
    location and carries no body."""
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected/"
    client.force_login(ward_officer_b)
    response = client.get(stored.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected/" + quote(stored.field_file.name)
    assert content_of(response) == b""
    assert "filename" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"].split(", ")


def test_production_refuses_before_naming_the_file(
    client: Client, stored: Stored, ward_officer_a, settings
):
    """Someone who may not see the file is not told where it lies."""
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected/"
    client.force_login(ward_officer_a)
    response = client.get(stored.url)
    assert "X-Accel-Redirect" not in response
    assert refused(response, stored)


def test_files_stored_before_keep_working(client: Client, city: City, ward_officer_b, roots):
    """A file stored under MEDIA_ROOT with an old, plain name is moved to the private folder
    by the migration's step and downloads as before."""
    media, private = roots
    document = ward_b_document_file(city).field_file.instance.document  # type: ignore[attr-defined]
    legacy = DocumentFile.objects.create(
        document=document,
        file=f"documents/{document.pk}/cu.pdf",
        original_name="cũ.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
    )
    (media / "documents" / str(document.pk)).mkdir(parents=True)
    (media / legacy.file.name).write_bytes(b"old")
    move_into_private_storage(DocumentFile, "file")
    assert not (media / legacy.file.name).exists()
    assert (private / legacy.file.name).read_bytes() == b"old"
    client.force_login(ward_officer_b)
    response = client.get(reverse("document_file", args=[legacy.pk]))
    assert content_of(response) == b"old"
