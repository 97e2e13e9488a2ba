"""Admin screens whose text Wagtail does not offer for translation are Vietnamese too."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_list_of_sites_titles_its_columns_in_vietnamese(client, system_admin):
    client.force_login(system_admin)

    html = client.get(reverse("wagtailsites:index")).content.decode()

    for title in ("Cổng", "Tên trang web", "Trang gốc"):
        assert title in html
    for english in ("Port", "Site name", "Root page"):
        assert english not in html
