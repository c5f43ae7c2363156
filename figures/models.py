"""The maintained rollups the dashboards read (figures.rollups says how they are kept exact)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureRollup(models.Model):
    """One figure's numerator and denominator over the rows of one bucket, year and group.

    A bucket is a non-grassroots organisation: the rows of the organisation itself and of the grassroots unions
    directly under it (grassroots unions hold none). Any subtree is a sum of buckets, and a province has a few
    hundred of them however many unions it has. `group` is a groups.Group id, 0 for all rows; `area` is the
    change-stamp area (core.changes) the bucket lies in, by which stale rows are found and rebuilt."""

    area = models.BigIntegerField(_("区域"))
    bucket = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("组织"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    figure = models.CharField(_("指标"), max_length=60)
    group = models.BigIntegerField(_("分组"), default=0)
    numerator = models.BigIntegerField(_("分子"), default=0)
    denominator = models.BigIntegerField(_("分母"), null=True)

    class Meta:
        verbose_name = _("指标汇总")
        verbose_name_plural = _("指标汇总")
        indexes = [
            models.Index(fields=["year", "group", "figure", "bucket"], name="rollup_year_group_figure"),
            models.Index(fields=["area", "year"], name="rollup_area_year"),
        ]

    def __str__(self):
        return f"{self.figure} {self.year} #{self.bucket_id}/{self.group}: {self.numerator}/{self.denominator}"


class RollupState(models.Model):
    """The change stamp an area's rollups of a year were built at: they are current while it is the area's."""

    area = models.BigIntegerField(_("区域"))
    year = models.PositiveSmallIntegerField(_("年度"))
    stamp = models.BigIntegerField(_("变更戳"))
    # the digest of the code that built them (core.panel_cache.release over the Python files): a deployment that
    # changes how a figure counts makes every rollup stale, never read as current
    code = models.CharField(_("程序版本"), max_length=32, default="")
    built = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("指标汇总状态")
        verbose_name_plural = _("指标汇总状态")
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="rollup_state_area_year")]

    def __str__(self):
        return f"{self.area} {self.year} @{self.stamp}"
