"""Admin integration of the document registry: menu, URLs and audit actions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tuyengiao.documents import urls
from tuyengiao.orgs.menu import CapabilityMenuItem


@hooks.register("register_admin_urls")
def register_documents_urls():  # type: ignore[no-untyped-def]
    return [path("registry/", include(urls, namespace="documents"))]


@hooks.register("register_admin_menu_item")
def register_registry_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Document registry"), reverse_lazy("documents:list"), icon_name="doc-full", order=160
    )


@hooks.register("register_log_actions")
def register_documents_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action(
        "tuyengiao.documents.relation", _("Relate documents"), _("Documents related")
    )
