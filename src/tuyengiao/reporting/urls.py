"""Admin URLs of periodic reporting, at /admin/reports/ (namespace ``reporting``)."""

from django.urls import path

from tuyengiao.reporting import dashboard_views, official_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("entry/", views.EntryOpenView.as_view(), name="entry_open"),
    path("submissions/<int:pk>/", views.EntryView.as_view(), name="entry"),
    path("submissions/<int:pk>/save/", views.AutosaveView.as_view(), name="autosave"),
    path("submissions/<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("completeness/exception/", views.ExceptionGrantView.as_view(), name="exception"),
    path("pivot/", views.PivotView.as_view(), name="pivot"),
    path("values/", views.ValuesTransferView.as_view(), name="values"),
    path("dashboard/", dashboard_views.DashboardView.as_view(), name="dashboard"),
    path("official/", official_views.OfficialReportView.as_view(), name="official"),
    path("official/render/", official_views.RenderRequestView.as_view(), name="render"),
    path(
        "official/files/<int:pk>/", official_views.RenderStatusView.as_view(), name="render_status"
    ),
    path(
        "official/files/<int:pk>/download/",
        official_views.RenderFileView.as_view(),
        name="render_file",
    ),
    path(
        "official/templates/",
        official_views.TemplateUploadView.as_view(),
        name="template_upload",
    ),
    path(
        "official/templates/<int:pk>/",
        official_views.TemplateFileView.as_view(),
        name="template_file",
    ),
    path(
        "official/templates/<int:pk>/delete/",
        official_views.TemplateDeleteView.as_view(),
        name="template_delete",
    ),
]
