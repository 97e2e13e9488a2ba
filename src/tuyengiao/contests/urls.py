"""Admin URLs of the contests, at /admin/contests/ (namespace ``contests``)."""

from django.urls import path

from tuyengiao.contests.views import staff

app_name = "contests"

urlpatterns = [
    path("", staff.ContestListView.as_view(), name="list"),
    path("new/", staff.ContestFormView.as_view(), name="create"),
    path("<int:pk>/", staff.ContestDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", staff.ContestFormView.as_view(), name="edit"),
    path("<int:pk>/import/", staff.QuestionImportView.as_view(), name="import"),
    path("<int:pk>/rounds/new/", staff.RoundFormView.as_view(), name="round_add"),
    path("rounds/<int:round_pk>/", staff.RoundFormView.as_view(), name="round_edit"),
    path("rounds/<int:round_pk>/monitor/", staff.RoundMonitorView.as_view(), name="monitor"),
    path("rounds/<int:round_pk>/results/", staff.RoundResultsView.as_view(), name="results"),
    path("rounds/<int:round_pk>/results.xlsx", staff.RoundExportView.as_view(), name="export"),
    path("reports/<int:report_pk>/resolve/", staff.ReportResolveView.as_view(), name="resolve"),
]
