from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    """分类指导: group sets of organisations (DHIS2's organisation unit group sets) and 条块结合, the affiliation of
    grassroots unions to provincial industry unions."""

    name = "groups"
    verbose_name = _("分类指导")

    def ready(self):
        from core.changes import register

        from .models import Group, GroupSet

        # The sets and their groups belong to no organisation: a change stamps area 0 (core.changes), which every
        # rollup and cached page reads. Memberships are PortalModels and stamp their organisation's area.
        register(GroupSet)
        register(Group)
