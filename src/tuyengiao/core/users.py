"""The admin's list of people, sorted by name the Vietnamese way."""

from __future__ import annotations

from wagtail.users.views import users

from tuyengiao.core.collation import people_by_name


class IndexView(users.IndexView):
    def order_queryset(self, queryset):  # type: ignore[no-untyped-def]
        if self.ordering in ("name", "-name"):
            return people_by_name(queryset, descending=self.ordering == "-name")
        return super().order_queryset(queryset)


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView
