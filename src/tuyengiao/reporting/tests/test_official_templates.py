"""Word templates: checked on upload with Vietnamese errors naming the placeholder, filled
with the report's figures, chosen unit first, then the form's default; the starter."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from wagtail.models import ModelLogEntry

from tuyengiao.core.actors import SYSTEM
from tuyengiao.reporting.models import ReportTemplate
from tuyengiao.reporting.official.render import render_report
from tuyengiao.reporting.official.templates import (
    starter_template,
    template_delete,
    template_upload,
    templates_for,
    validate_template,
)
from tuyengiao.reporting.tests.test_official_drafts import small_report  # noqa: F401

pytestmark = pytest.mark.django_db


def word_file(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_a_file_that_is_not_a_word_document_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_template(b"%PDF-1.7 not a docx")
    assert error.value.messages == ["Tệp mẫu phải là tệp Word (.docx); tệp đã chọn không phải."]
    with pytest.raises(ValidationError, match="tệp Word"):
        validate_template(b"PK\x03\x04 a broken zip")


def test_a_syntax_error_quotes_the_placeholder():
    content = word_file("Đơn vị: {{ unit_name }}", "Số lớp: {{ figure('classes' }} trong kỳ.")
    with pytest.raises(ValidationError) as error:
        validate_template(content)
    assert error.value.messages == [
        "Mẫu báo cáo: chỗ giữ số liệu “{{ figure('classes' }}” viết sai cú pháp."
    ]


def test_an_unclosed_block_is_reported():
    with pytest.raises(ValidationError, match="không khớp nhau"):
        validate_template(word_file("{% if reported %}", "Đã gửi"))


def test_unknown_names_are_listed():
    content = word_file("{{ unit_name }} {{ so_lieu }} {{ ten_don_vi }}")
    with pytest.raises(ValidationError) as error:
        validate_template(content)
    message = error.value.messages[0]
    assert message.startswith(
        "Mẫu báo cáo dùng tên không có trong số liệu của báo cáo: “so_lieu”, “ten_don_vi”."
    )
    assert "pair" in message  # the names that may be used are listed


def test_the_starter_template_is_valid(small_report):  # noqa: F811
    content = starter_template(small_report.tf.form)
    validate_template(content)
    document = Document(io.BytesIO(content))
    assert "{{ issuing_body }}" in document.tables[0].cell(0, 0).text
    assert any("thang-classes" in comment.text for comment in document.comments)


def test_an_uploaded_template_is_filled_with_the_figures(
    small_report,  # noqa: F811
    city_specialist,
):
    city = small_report.city.city
    upload = SimpleUploadedFile(
        "mau.docx",
        word_file(
            "{{ issuing_body }} — {{ number_line }}",
            "Toàn thành phố mở được {{ pair('thang-classes', 'thang-learners') }}.",
            "{%p for section in sections %}",
            "[{{ section.heading }}] {{ section.text }}",
            "{%p endfor %}",
            "Người ký: {{ signer_title }} & cộng sự",
        ),
    )
    template = template_upload(
        form=small_report.tf.form, unit=city, name="Mẫu riêng", upload=upload, actor=city_specialist
    )
    assert ModelLogEntry.objects.for_instance(template).get().action == "wagtail.create"
    content = render_report(
        city_specialist, form=small_report.tf.form, unit=city, period=small_report.period
    )
    text = _text(content)
    assert "BAN TUYÊN GIÁO — Số " in text
    assert (
        "Toàn thành phố mở được 07 lớp/135 lượt học viên, trong đó khối Đảng 07 lớp/135 lượt "
        "học viên." in text
    )
    assert "[I. KẾT QUẢ ĐẠT ĐƯỢC]" in text
    assert "Người ký: PHÓ TRƯỞNG BAN & cộng sự" in text  # escaped as XML, read back as text


def test_the_form_default_template_serves_units_without_their_own(
    small_report,  # noqa: F811
    city_specialist,
):
    form, city = small_report.tf.form, small_report.city.city
    own = template_upload(
        form=form, unit=city, name="Mẫu riêng", upload=word_file("MẪU RIÊNG"), actor=city_specialist
    )
    template_upload(
        form=form,
        unit=None,
        name="Mẫu chung",
        upload=starter_template(form),
        actor=city_specialist,
    )
    assert "MẪU RIÊNG" in _text(
        render_report(SYSTEM, form=form, unit=city, period=small_report.period)
    )
    assert {t.name for t in templates_for(form=form, unit=city)} == {"Mẫu riêng", "Mẫu chung"}
    assert [t.name for t in templates_for(form=form, unit=small_report.city.ward_a)] == [
        "Mẫu chung"
    ]
    template_delete(own, actor=city_specialist)
    assert not ReportTemplate.objects.filter(unit=city).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete").exists()
    text = _text(render_report(SYSTEM, form=form, unit=city, period=small_report.period))
    assert "BAN TUYÊN GIÁO" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in text
    assert "{{" not in text


def test_a_ward_officer_cannot_upload_the_city_template(
    small_report,  # noqa: F811
    ward_officer_a,
):
    with pytest.raises(PermissionDenied):
        template_upload(
            form=small_report.tf.form,
            unit=small_report.city.city,
            name="Mẫu",
            upload=word_file("x"),
            actor=ward_officer_a,
        )
    with pytest.raises(PermissionDenied):
        template_upload(
            form=small_report.tf.form,
            unit=None,
            name="Mẫu",
            upload=word_file("x"),
            actor=ward_officer_a,
        )


def test_a_bad_upload_saves_nothing(small_report, city_specialist):  # noqa: F811
    with pytest.raises(ValidationError):
        template_upload(
            form=small_report.tf.form,
            unit=small_report.city.city,
            name="Mẫu",
            upload=word_file("{{ khong_co }}"),
            actor=city_specialist,
        )
    assert not ReportTemplate.objects.exists()
