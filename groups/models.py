"""Group sets (分类指导) and the 条块结合 affiliation.

A group set classifies organisations; each of its groups is one class. Where a set's groups come from:

- `source=manual`: explicit memberships (GroupMembership), managed by province staff;
- `source=industry_union`: memberships too, each group standing for one provincial industry union (条); a
  union's membership there is its affiliation (条块结合), read by the industry union's read role;
- a field of the organisation (`region_class`, `region_type`, `industry`, `ownership`): each group is one of the
  field's choices (Group.code = the choice's value), membership is the field's value: exclusive by construction,
  and the tiers of targets and rubric thresholds that read `region_class` read the same classes;
- `source=size_band`: the band of the union's registered employees (Group.min_employees..max_employees).

`groups.selectors` answers "which group of set S is organisation O in" for every source alike, for the rollups,
filters and the integrity page.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel


class Source(models.TextChoices):
    MANUAL = "manual", _("手工指定")
    INDUSTRY_UNION = "industry_union", _("产业工会（条块结合）")
    REGION_CLASS = "region_class", _("按组织的地区类别")
    REGION_TYPE = "region_type", _("按组织的地区类型")
    INDUSTRY = "industry", _("按组织的行业门类")
    OWNERSHIP = "ownership", _("按组织的经济类型")
    SIZE_BAND = "size_band", _("按建会登记的职工人数")


FIELD_SOURCES = (Source.REGION_CLASS, Source.REGION_TYPE, Source.INDUSTRY, Source.OWNERSHIP)
MEMBERSHIP_SOURCES = (Source.MANUAL, Source.INDUSTRY_UNION)


class GroupSet(models.Model):
    code = models.SlugField(
        _("代码"), max_length=40, unique=True, help_text=_("英文字母、数字、下划线，用于接口的 by 参数。")
    )
    name = models.CharField(_("名称"), max_length=60, unique=True)
    source = models.CharField(_("分组来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    exclusive = models.BooleanField(_("互斥"), default=True, help_text=_("每个组织至多属于本组中的一个分组。"))
    compulsory = models.BooleanField(
        _("必选"), default=False, help_text=_("每个正常状态的基层工会都须属于本组中的一个分组。")
    )
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("分组集")
        verbose_name_plural = _("分组集")

    def __str__(self):
        return self.name

    @property
    def uses_memberships(self):
        return self.source in MEMBERSHIP_SOURCES

    def clean(self):
        if self.source in FIELD_SOURCES or self.source == Source.SIZE_BAND:
            if not self.exclusive:
                raise ValidationError({"exclusive": _("按组织字段或职工人数分组的分组集天然互斥。")})


class Group(models.Model):
    group_set = models.ForeignKey(GroupSet, on_delete=models.CASCADE, related_name="groups", verbose_name=_("分组集"))
    code = models.CharField(
        _("代码"), max_length=40, help_text=_("按组织字段分组时为该字段的取值；其余为本组内唯一的代码。")
    )
    name = models.CharField(_("名称"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    min_employees = models.PositiveIntegerField(_("职工人数下限"), null=True, blank=True)
    max_employees = models.PositiveIntegerField(_("职工人数上限"), null=True, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="industry_groups",
        verbose_name=_("产业工会"),
        help_text=_("条块结合：本分组代表的省级产业工会。"),
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["group_set", "order", "pk"]
        verbose_name = _("分组")
        verbose_name_plural = _("分组")
        constraints = [
            models.UniqueConstraint(fields=["group_set", "code"], name="group_code_unique"),
            models.UniqueConstraint(fields=["group_set", "name"], name="group_name_unique"),
        ]

    def __str__(self):
        return self.name


class GroupMembership(PortalModel):
    """An organisation's place in a group of a set whose groups are kept by hand (manual, industry union)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("分组"))
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("组织"),
    )

    class Meta:
        ordering = ["group", "organisation"]
        verbose_name = _("分组成员")
        verbose_name_plural = _("分组成员")
        constraints = [models.UniqueConstraint(fields=["group", "organisation"], name="group_membership_unique")]

    def __str__(self):
        return f"{self.organisation} · {self.group}"

    def clean(self):
        """The one check every door makes: only sets kept by hand hold memberships, an exclusive set one group
        per organisation, and an industry union's set only grassroots unions."""
        super().clean()
        if not self.group_id or not self.organisation_id:
            return
        group_set = self.group.group_set
        if not group_set.uses_memberships:
            raise ValidationError({"group": _("“%(set)s”按组织的字段分组，不能手工指定。") % {"set": group_set.name}})
        if group_set.source == Source.INDUSTRY_UNION and self.organisation.level != "grassroots":
            raise ValidationError({"organisation": _("只有基层工会可以归属产业工会。")})
        if group_set.exclusive:
            other = (
                GroupMembership.objects.filter(organisation_id=self.organisation_id, group__group_set=group_set)
                .exclude(pk=self.pk)
                .select_related("group")
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "group": _("“%(org)s”已在“%(set)s”的“%(group)s”中，一个组织在本组中只能属于一个分组。")
                        % {"org": self.organisation.name, "set": group_set.name, "group": other.group.name}
                    }
                )
