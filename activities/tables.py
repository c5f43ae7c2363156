import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import PortalTable

from .models import Activity


class ActivityTable(PortalTable):
    date = tables.Column(verbose_name=_("日期"))
    title = tables.Column(linkify=True, verbose_name=_("活动名称"))
    category = tables.Column(verbose_name=_("类别"))
    organisation = tables.Column(linkify=True, verbose_name=_("主办工会"))
    station = tables.Column(linkify=True, verbose_name=_("服务站"))
    home = tables.Column(linkify=True, verbose_name=_("职工之家"))
    participants = tables.Column(verbose_name=_("参与人数"))

    class Meta(PortalTable.Meta):
        model = Activity
        fields = ("date", "title", "category", "organisation", "station", "home", "participants")
