"""Demo content of the public portal: its home page as the root of the default site."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from tuyengiao.portal.models import HomePage

HOME_TITLE = "Cổng thông tin Ban Tuyên giáo và Dân vận"
HOME_INTRO = (
    "<p>Tin tức, văn bản và hoạt động của hệ thống tuyên giáo và dân vận: học tập, quán triệt "
    "nghị quyết; tuyên truyền miệng theo Chỉ thị 30-CT/TW; các cuộc thi trực tuyến.</p>"
)
# The page Wagtail creates on install, replaced by the portal's home page.
WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Make a published portal home page the root of the default site; safe to re-run."""
    home = HomePage.objects.first()
    if home is None:
        Page.objects.filter(
            depth=2, title=WAGTAIL_WELCOME_TITLE, content_type__model="page", numchild=0
        ).delete()
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title=HOME_TITLE, slug="trang-chu", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Tuyên giáo số",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Tuyên giáo số"
        site.save()
    return home
