"""Admin URLs of the document registry, at /admin/registry/ (namespace ``documents``)."""

from django.urls import path

from tuyengiao.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("new/", views.DocumentRegisterView.as_view(), name="register"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DocumentEditView.as_view(), name="edit"),
    path("<int:pk>/files/", views.FileAttachView.as_view(), name="attach"),
    path("<int:pk>/relations/", views.RelationAddView.as_view(), name="relation_add"),
    path("relations/<int:pk>/", views.RelationDecideView.as_view(), name="relation_decide"),
]
