"""Admin URLs of the organisations app, mounted at /admin/units/ (namespace ``orgs``)."""

from django.urls import path

from tuyengiao.orgs.views import changes, imports, memberships, tree, versions

app_name = "orgs"

urlpatterns = [
    path("", tree.TreeView.as_view(), name="tree"),
    path("export/", tree.ExportView.as_view(), name="export"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("merge/", changes.MergeView.as_view(), name="merge"),
    path("versions/", versions.VersionListView.as_view(), name="versions"),
    path(
        "versions/<int:pk>/publish/", versions.VersionPublishView.as_view(), name="version_publish"
    ),
    path("memberships/", memberships.MembershipListView.as_view(), name="memberships"),
    path("memberships/grant/", memberships.GrantView.as_view(), name="membership_grant"),
    path(
        "memberships/<int:pk>/revoke/",
        memberships.RevokeView.as_view(),
        name="membership_revoke",
    ),
    path("unit/<str:code>/", tree.UnitView.as_view(), name="unit"),
    path("unit/<str:code>/rename/", changes.RenameView.as_view(), name="rename"),
    path("unit/<str:code>/move/", changes.MoveView.as_view(), name="move"),
    path("unit/<str:code>/split/", changes.SplitView.as_view(), name="split"),
    path("unit/<str:code>/dissolve/", changes.DissolveView.as_view(), name="dissolve"),
]
