"""URL map: staff admin at /admin/, JSON API at /api/v1/, the public portal everywhere else."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from tuyengiao.api.main import api
from tuyengiao.core.password_reset import PasswordResetView
from tuyengiao.documents import views as document_views

urlpatterns = [
    # Wagtail's password-reset page with a limit on requests; same path, so it answers first
    # and Wagtail's name ("wagtailadmin_password_reset") still reverses to it.
    path("admin/password_reset/", PasswordResetView.as_view()),
    # Two-step sign-in: the code form, enrolment, recovery codes (core/twofactor/).
    path("admin/two-factor/", include("tuyengiao.core.twofactor.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    # A document's file, for whoever may see the document (public ones for anyone): outside
    # /admin/ so that the portal can link public documents' files (core/files.py).
    path("tep/van-ban/<int:pk>/", document_views.FileDownloadView.as_view(), name="document_file"),
    path("cuoc-thi/", include("tuyengiao.contests.public_urls", namespace="contests_public")),
    # The language switch posts here (Django's set_language view).
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from pathlib import Path

    from django.conf.urls.static import static

    # Only the portal's pictures have a public address; internal files are sent by views that
    # check who asks (core/files.py), and Wagtail's documents by its own view.
    for folder in ("images", "original_images"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT) / folder
        )

urlpatterns += [
    path("", include("tuyengiao.portal.urls")),
    path("", include(wagtail_urls)),
]
