"""Two-step sign-in screens, mounted at /admin/two-factor/ (see tuyengiao/urls.py)."""

from django.urls import path

from tuyengiao.core.twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("code/", views.verify, name="verify"),
    path("setup/", views.enrol, name="enrol"),
    path("recovery-codes/", views.codes, name="codes"),
    path("recovery-codes/new/", views.renew, name="renew"),
    path("turn-off/", views.remove, name="remove"),
]
