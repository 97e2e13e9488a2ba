"""Admin URLs of plans, at /admin/plans/ (namespace ``plans``)."""

from django.urls import path

from tuyengiao.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/export/<str:fmt>/", views.PlanExportView.as_view(), name="export"),
    path("<int:pk>/import/", views.PlanImportView.as_view(), name="import"),
    path("items/<int:pk>/", views.WorkItemView.as_view(), name="item"),
    path("items/<int:pk>/status/", views.ItemStatusView.as_view(), name="item_status"),
    path("items/<int:pk>/comment/", views.CommentView.as_view(), name="comment"),
    path(
        "assignments/<int:pk>/status/",
        views.AssignmentStatusView.as_view(),
        name="assignment_status",
    ),
    path("reminders/", views.ReminderListView.as_view(), name="reminders"),
    path("tracking/<int:pk>/", views.TrackingView.as_view(), name="tracking"),
]
