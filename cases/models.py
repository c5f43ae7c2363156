"""好经验: the library of good practices (总结宣传好的经验和做法), written by a unit, published by the level above."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history import track
from core.models import Attachment, PortalModel
from core.scope import CHANGE, VIEW, role_nodes, subtree_q
from core.text import join_list
from core.urls_helpers import model_url

from .choices import MEASURE_ORDER, CaseState, Measure


def parse_measures(value):
    """Measure codes (a list, or a comma list as stored) in the order of Measure, without repeats; unknown
    codes are kept at the end, for clean() to name."""
    if isinstance(value, str):
        value = value.split(",")
    codes = {str(code).strip() for code in value or () if str(code).strip()}
    known = [code for code in MEASURE_ORDER if code in codes]
    return known + sorted(codes - set(known))


def reviewer_q(nodes, path="organisation__"):
    """Cases the holders of `nodes` review: those whose organisation's parent lies in their subtree ("published by
    the level above"), and the cases of a top organisation (a province), which its own staff publish."""
    return subtree_q(f"{path}parent__", nodes) | (Q(**{f"{path}parent__isnull": True}) & subtree_q(path, nodes))


class Case(PortalModel):
    """A good practice (好经验) of a unit: what it did, with photos, the unions, stations and homes involved and
    the measures it is an example of. Its unit's writers keep the draft and submit it; an officer of the level
    above publishes it or returns it with a reason (cases.services). Published, every logged-in user reads it."""

    title = models.CharField(_("标题"), max_length=120)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="cases", verbose_name=_("报送单位")
    )
    summary = models.CharField(
        _("摘要"), max_length=300, help_text=_("一两句话说明做法和成效，显示在列表和相关页面的“好经验”栏中。")
    )
    body = models.TextField(_("正文"), help_text=_("纯文本；空一行即为分段。"))
    measures = models.CharField(
        _("措施类别"), max_length=60, blank=True, help_text=_("本案例属于哪方面的经验，可多选。")
    )
    unions = models.ManyToManyField(
        "orgs.Organisation", blank=True, related_name="involved_cases", verbose_name=_("涉及的工会")
    )
    stations = models.ManyToManyField(
        "stations.ServiceStation", blank=True, related_name="cases", verbose_name=_("涉及的服务站")
    )
    homes = models.ManyToManyField(
        "homes.WorkersHome", blank=True, related_name="cases", verbose_name=_("涉及的职工之家")
    )
    groups = models.ManyToManyField("groups.Group", blank=True, related_name="cases", verbose_name=_("分类指导分组"))
    state = models.CharField(_("状态"), max_length=20, choices=CaseState.choices, default=CaseState.DRAFT)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("报送人"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("发布人"),
    )  # fmt: skip
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("退回人"),
    )  # fmt: skip
    return_reason = models.TextField(_("退回原因"), blank=True)

    # A union's page lists the published cases involving it, and caches its panels under the stamps of its areas
    # (core.changes): a case's own writes stamp the areas of the unions, stations and homes it involves too.
    change_paths = ("unions", "stations__host", "homes__organisation")

    class Meta:
        verbose_name = _("好经验")
        verbose_name_plural = _("好经验")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["state", "-published_at"], name="case_state_published")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        """Read: published cases, for everyone; drafts and submitted ones within the reader's scope. Write: who
        holds the pen now: a draft its unit (and those above), a submitted or published case the level above."""
        if action == VIEW:
            return Q(state=CaseState.PUBLISHED) | subtree_q("organisation__", role_nodes(user, VIEW))
        nodes = role_nodes(user, CHANGE)
        return (Q(state=CaseState.DRAFT) & subtree_q("organisation__", nodes)) | (
            ~Q(state=CaseState.DRAFT) & reviewer_q(nodes)
        )

    def read_only_reason(self, user):
        if self.state == CaseState.SUBMITTED:
            return gettext("该案例已报送，正等待上级工会审核发布，暂不能修改；如需修改，请上级工会退回。")
        if self.state == CaseState.PUBLISHED:
            return gettext("该案例已发布，只有上级工会可以修改或退回。")
        return None

    @property
    def is_published(self):
        return self.state == CaseState.PUBLISHED

    @property
    def measure_list(self):
        return parse_measures(self.measures)

    def measures_display(self):
        labels = dict(Measure.choices)
        return join_list(str(labels.get(code, code)) for code in self.measure_list)

    def clean(self):
        errors = {}
        codes = parse_measures(self.measures)
        unknown = [code for code in codes if code not in MEASURE_ORDER]
        if unknown:
            errors["measures"] = gettext("没有这个措施类别：%(codes)s。可选：会、站、家、队伍、机制。") % {
                "codes": join_list(unknown)
            }
        self.measures = ",".join(codes)
        self.body = (self.body or "").strip()
        self.summary = (self.summary or "").strip()
        org = self.organisation if self.organisation_id else None
        if org is not None and self._state.adding and not org.is_active:
            errors["organisation"] = gettext("“%(org)s”已撤销或合并，不能再报送好经验。") % {"org": org.name}
        if errors:
            raise ValidationError(errors)


class CasePhoto(Attachment):
    """A photo of a case (images only), with its caption; read by whoever may read the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos", verbose_name=_("好经验"))

    scope_path = "case__organisation__"

    class Meta(Attachment.Meta):
        verbose_name = _("好经验照片")
        verbose_name_plural = _("照片")

    @staticmethod
    def scope_q_for(user, action):
        return Q(case__in=Case.objects.filter(Case.scope_q_for(user, action)).values("pk"))


track(Case)
track(CasePhoto)
