from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    """分类指导: group sets of organisations (DHIS2's organisation unit group sets) and 条块结合, the affiliation of
    grassroots unions to provincial industry unions."""

    name = "groups"
    verbose_name = _("分类指导")

    def ready(self):
        from core.changes import register
        from core.registry import register_demo, register_menu_item, register_panel
        from orgs.models import Organisation

        from .demo import fill_groups
        from .models import Group, GroupSet
        from .views import organisation_panel

        register_menu_item("tongji", _("分类指导"), "groups:groupset_list")
        register_menu_item("tongji", _("分类完整性"), "groups:integrity")
        register_panel(Organisation, _("分类"), "groups/panel_organisation.html", organisation_panel, order=880)
        register_demo(fill_groups, order=360)

        # The sets and their groups belong to no organisation: a change stamps area 0 (core.changes), which every
        # rollup and cached page reads. Memberships are PortalModels and stamp their organisation's area.
        register(GroupSet)
        register(Group)
