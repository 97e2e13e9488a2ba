"""Lists sorted by name follow the Vietnamese dictionary, on SQLite and on PostgreSQL."""

import random
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.collation import people_by_name
from tuyengiao.core.services import user_create
from tuyengiao.core.tests.personas import PERSONA_PASSWORD
from tuyengiao.demo.orgs import ensure_demo_orgs
from tuyengiao.documents.forms import DocumentForm
from tuyengiao.orgs.models import Unit
from tuyengiao.orgs.services import (
    NewUnit,
    hierarchy_version_create,
    hierarchy_version_publish,
    unit_create,
)
from tuyengiao.orgs.tests.personas import kind

BEFORE_REFORM = date(2025, 1, 1)
# The dictionary order of a syllable's tones: ngang, huyền, hỏi, ngã, sắc, nặng.
TONES = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def names(units) -> list[str]:  # type: ignore[no-untyped-def]
    return [unit.profile_on(BEFORE_REFORM).name for unit in units]


@pytest.mark.django_db
def test_demo_units_sort_in_dictionary_order():
    ensure_demo_orgs()
    listed = names(
        Unit.objects.filter(is_demo=True).existing_on(BEFORE_REFORM).by_name(BEFORE_REFORM)
    )

    wards = [name.removeprefix("Đảng ủy phường ") for name in listed if "Đình" not in name]
    ba_dinh = [
        "Cống Vị",
        "Điện Biên",
        "Đội Cấn",
        "Giảng Võ",
        "Kim Mã",
        "Liễu Giai",
        "Ngọc Hà",
        "Ngọc Khánh",
        "Nguyễn Trung Trực",
        "Phúc Xá",
        "Quán Thánh",
        "Thành Công",
        "Trúc Bạch",
        "Vĩnh Phúc",
    ]
    assert [ward for ward in wards if ward in ba_dinh] == ba_dinh
    rural = [name.removeprefix("Huyện ủy ") for name in listed if name.startswith("Huyện ủy")]
    assert rural == [
        "Ba Vì",
        "Chương Mỹ",
        "Đan Phượng",
        "Đông Anh",
        "Gia Lâm",
        "Hoài Đức",
        "Mê Linh",
        "Mỹ Đức",
        "Phú Xuyên",
        "Phúc Thọ",
        "Quốc Oai",
        "Sóc Sơn",
        "Thạch Thất",
        "Thanh Oai",
        "Thanh Trì",
        "Thường Tín",
        "Ứng Hòa",
    ]
    # Kinds of committee in the alphabet's order: Đảng ủy after Chi bộ, before Huyện ủy.
    firsts = list(dict.fromkeys(name.split(" ")[0] for name in listed))
    assert firsts == ["Ban", "Chi", "Đảng", "Huyện", "Quận", "Thành", "Thị"]


@pytest.mark.django_db
def test_d_then_dd_then_e_and_tones_in_order_in_unit_lists(system_admin):
    version = hierarchy_version_create(effective_date=date(2020, 1, 1), name="Cây", actor=SYSTEM)
    city = unit_create(
        version=version,
        spec=NewUnit(code="TP", name="Thành ủy", kind=kind("city_committee")),
        actor=SYSTEM,
    )
    places = ["Ea", "Đa", "Da", "Đà", "Dạ", *TONES]
    for number, place in enumerate(random.sample(places, len(places))):
        spec = NewUnit(f"TP.{number}", f"Xã {place}", kind("commune_committee"), city)
        unit_create(version=version, spec=spec, actor=SYSTEM)
    hierarchy_version_publish(version=version, actor=SYSTEM)

    form = DocumentForm(user=system_admin)
    labels = [label for _, label in form.fields["owner"].choices][1:]

    assert [label.split(" (")[0] for label in labels] == [
        "Thành ủy",
        *(f"Xã {place}" for place in ["Da", "Dạ", "Đa", "Đà", "Ea", *TONES]),
    ]


PEOPLE = [
    "Trần Văn Em",
    "Lê Thị Đào",
    "Nguyễn Văn Dũng",
    "Phạm Thị Ánh",
    "Hoàng Văn An",
    "Vũ Thị Ấn",
    "Đỗ Thị Dung",
    "Bùi Thị Ân",
]
# Given name first, then family and middle names, as Vietnamese lists of people are sorted.
PEOPLE_IN_ORDER = [
    "Hoàng Văn An",
    "Phạm Thị Ánh",
    "Bùi Thị Ân",
    "Vũ Thị Ấn",
    "Đỗ Thị Dung",
    "Nguyễn Văn Dũng",
    "Lê Thị Đào",
    "Trần Văn Em",
]


@pytest.fixture
def people(db: None) -> None:
    for number, full_name in enumerate(PEOPLE):
        user_create(
            username=f"nguoi{number}", password=PERSONA_PASSWORD, full_name=full_name, actor=SYSTEM
        )


def test_people_sort_by_given_name_in_dictionary_order(people):
    ordered = people_by_name(get_user_model().objects.filter(username__startswith="nguoi"))

    assert [person.get_full_name() for person in ordered] == PEOPLE_IN_ORDER


def test_the_admin_list_of_people_sorts_by_name(client, people, system_admin):
    client.force_login(system_admin)
    response = client.get(reverse("wagtailusers_users:index"), {"ordering": "name"})
    html = response.content.decode()

    positions = [html.index(full_name) for full_name in PEOPLE_IN_ORDER]
    assert positions == sorted(positions)
    response = client.get(reverse("wagtailusers_users:index"), {"ordering": "-name"})
    html = response.content.decode()
    positions = [html.index(full_name) for full_name in PEOPLE_IN_ORDER]
    assert positions == sorted(positions, reverse=True)
