"""The document registry in the admin: list and search, register with a file, the chain."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuyengiao.documents.models import Document, DocumentFile
from tuyengiao.documents.tests.builders import seed_chain

pytestmark = pytest.mark.django_db


def test_search_without_accents_and_by_loose_symbol(client, city, city_specialist):
    seed_chain(city)
    client.force_login(city_specialist)
    html = client.get(reverse("documents:list"), {"q": "tuyen truyen mieng"}).content.decode()
    assert "30-CT/TW" in html
    html = client.get(reverse("documents:list"), {"q": "229 kh qu"}).content.decode()
    assert ">229-KH/QU</a>" in html
    assert ">241-KH/TU</a>" not in html


def test_detail_shows_the_chain_up_and_down(client, city, city_specialist):
    _, plan, ward_plan = seed_chain(city)
    client.force_login(city_specialist)
    html = client.get(reverse("documents:detail", args=[ward_plan.pk])).content.decode()
    assert html.index("241-KH/TU") < html.index("30-CT/TW")
    html = client.get(reverse("documents:detail", args=[plan.pk])).content.decode()
    assert "30-CT/TW" in html
    assert "229-KH/QU" in html


def test_register_from_the_form_and_refuse_a_duplicate_with_a_link(client, city, city_specialist):
    client.force_login(city_specialist)
    form = {
        "symbol": "09-NQ/TU",
        "issue_date": "2022-03-01",
        "summary": "Nghị quyết về phát triển công nghiệp văn hóa",
        "owner": city.city.pk,
        "issuer": city.city.pk,
        "status": "in_force",
        "visibility": "internal",
    }
    response = client.post(reverse("documents:register"), form)
    document = Document.objects.get(symbol="09-NQ/TU")
    assert response.status_code == 302
    assert document.issuer_name == "Thành ủy Thành phố"
    again = client.post(reverse("documents:register"), form)
    html = again.content.decode()
    assert again.status_code == 200
    assert reverse("documents:detail", args=[document.pk]) in html
    assert Document.objects.count() == 1


def test_register_reads_the_header_of_a_docx_then_attaches_it(
    client, city, city_specialist, django_capture_on_commit_callbacks
):
    from tuyengiao.documents.tests.samples import official_docx

    client.force_login(city_specialist)
    upload = SimpleUploadedFile("229-KH-QU.docx", official_docx())
    prefill = client.post(
        reverse("documents:register"),
        {"file": upload, "prefill": "1", "owner": city.city.pk},
    )
    html = prefill.content.decode()
    assert 'value="229-KH/QU"' in html
    assert "229-KH-QU.docx" in html
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            reverse("documents:register"),
            {
                "symbol": "229-KH/QU",
                "issue_date": "2024-06-10",
                "summary": "Kế hoạch triển khai thực hiện Chỉ thị số 30-CT/TW",
                "owner": city.city.pk,
                "status": "in_force",
                "visibility": "internal",
            },
        )
    assert saved.status_code == 302
    document = Document.objects.get(symbol="229-KH/QU")
    assert DocumentFile.objects.get(document=document).original_name == "229-KH-QU.docx"
    assert "30-CT/TW" in Document.objects.get(pk=document.pk).body


def test_bad_upload_is_explained_and_leaves_nothing(client, city, city_specialist):
    directive, _, _ = seed_chain(city)
    client.force_login(city_specialist)
    response = client.post(
        reverse("documents:attach", args=[directive.pk]),
        {"file": SimpleUploadedFile("chi-thi.pdf", b"not a pdf at all")},
        follow=True,
    )
    assert "chi-thi.pdf" in response.content.decode()
    assert not DocumentFile.objects.exists()


def test_ward_officer_sees_only_public_and_own_documents(client, city, ward_officer_a):
    _, plan, _ = seed_chain(city)
    client.force_login(ward_officer_a)
    html = client.get(reverse("documents:list")).content.decode()
    assert ">30-CT/TW</a>" in html  # public
    assert ">241-KH/TU</a>" not in html  # internal to the city
    assert client.get(reverse("documents:detail", args=[plan.pk])).status_code == 404
