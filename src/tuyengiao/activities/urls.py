"""Admin URLs of the activity log, at /admin/activities/ (namespace ``activities``)."""

from django.urls import path

from tuyengiao.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="list"),
    path("calendar/", views.ActivityCalendarView.as_view(), name="calendar"),
    path("new/", views.ActivityNewView.as_view(), name="new"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/", views.ImportTemplateView.as_view(), name="import_template"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ActivityEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="delete"),
    path("<int:pk>/files/", views.FileAttachView.as_view(), name="attach"),
    path("<int:pk>/files/<int:file_id>/", views.FileDownloadView.as_view(), name="file"),
]
