"""URL map: staff admin at /admin/, JSON API at /api/v1/, the public portal everywhere else."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from tuyengiao.api.main import api
from tuyengiao.core.password_reset import PasswordResetView

urlpatterns = [
    # Wagtail's password-reset page with a limit on requests; same path, so it answers first
    # and Wagtail's name ("wagtailadmin_password_reset") still reverses to it.
    path("admin/password_reset/", PasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("cuoc-thi/", include("tuyengiao.contests.public_urls", namespace="contests_public")),
    # The language switch posts here (Django's set_language view).
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include("tuyengiao.portal.urls")),
    path("", include(wagtail_urls)),
]
