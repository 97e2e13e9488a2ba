"""The entrants' pages, at /cuoc-thi/ (namespace ``contests_public``)."""

from django.urls import path

from tuyengiao.contests.views import public

app_name = "contests_public"

urlpatterns = [
    path("", public.index, name="index"),
    path("<slug:slug>/", public.contest_page, name="contest"),
    path("<slug:slug>/dang-ky/", public.register, name="register"),
    path("<slug:slug>/xac-nhan/", public.verify, name="verify"),
    path("<slug:slug>/tuan-<int:number>/bat-dau/", public.start, name="start"),
    path("<slug:slug>/tuan-<int:number>/ket-qua/", public.results, name="results"),
    path("<slug:slug>/luot/<uuid:token>/", public.attempt_page, name="attempt"),
    path("<slug:slug>/bao-loi/", public.report, name="report"),
    path("<slug:slug>/du-lieu-cua-toi/", public.my_data, name="my_data"),
]
