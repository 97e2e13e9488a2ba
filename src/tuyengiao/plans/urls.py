"""Admin URLs of plans, at /admin/plans/ (namespace ``plans``)."""

from django.urls import path

from tuyengiao.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("new/", views.PlanCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="edit"),
    path("<int:pk>/items/new/", views.WorkItemCreateView.as_view(), name="item_add"),
    path("<int:pk>/export/<str:fmt>/", views.PlanExportView.as_view(), name="export"),
    path("<int:pk>/import/", views.PlanImportView.as_view(), name="import"),
    path("items/<int:pk>/", views.WorkItemView.as_view(), name="item"),
    path("items/<int:pk>/edit/", views.WorkItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/delete/", views.WorkItemDeleteView.as_view(), name="item_delete"),
    path("items/<int:pk>/evidence/", views.EvidenceView.as_view(), name="evidence"),
    path("items/<int:pk>/status/", views.ItemStatusView.as_view(), name="item_status"),
    path("items/<int:pk>/comment/", views.CommentView.as_view(), name="comment"),
    path(
        "assignments/<int:pk>/status/",
        views.AssignmentStatusView.as_view(),
        name="assignment_status",
    ),
    path("reminders/", views.ReminderListView.as_view(), name="reminders"),
    path("tracking/new/", views.TrackingCreateView.as_view(), name="tracking_create"),
    path("tracking/<int:pk>/", views.TrackingView.as_view(), name="tracking"),
    path("tracking/<int:pk>/milestone/", views.MilestoneView.as_view(), name="milestone"),
]
