"""Site-wide files of the public portal: robots.txt and the sitemap."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from tuyengiao.portal import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
