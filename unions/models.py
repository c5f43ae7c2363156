"""会: what a grassroots union is registered with, how it stands against the "六有" standard, its yearly
return (submitted by the county, approved and locked by the level above) and the employers still without
a union."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import track
from core.models import Attachment, PortalModel
from core.scope import CHANGE, RestrictedQuerySet, role_nodes, subtree_q
from core.urls_helpers import model_url
from core.validation import clean_one
from orgs.choices import Industry, Level, Ownership
from orgs.validators import employer_code_error, validate_credit_code

from . import rules
from .choices import (
    EDITABLE_PERIOD_STATES,
    EmployerStatus,
    Employment,
    Ethnicity,
    Gender,
    ItemState,
    PeriodState,
    SixHas,
    TermYears,
)

ELECTION_WARNING_DAYS = 90


def count_field(label, **kwargs):
    return models.PositiveIntegerField(label, null=True, blank=True, **kwargs)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def grassroots_errors(organisation, field="organisation"):
    if organisation is not None and organisation.level != Level.GRASSROOTS:
        return {field: _("只能为基层工会填写（所选组织是%(level)s）。") % {"level": organisation.get_level_display()}}
    return {}


class RegistrationQuerySet(RestrictedQuerySet):
    def election(self, state):
        """Chairs' terms by where they stand today: "lapsed" (ended), "soon" (ending within 90 days), "due"
        (either). The one definition lists, filters, counts and the home page use."""
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=ELECTION_WARNING_DAYS)
        if state == "lapsed":
            return self.filter(next_election_due__lt=today)
        if state == "soon":
            return self.filter(next_election_due__gte=today, next_election_due__lte=soon)
        if state == "due":
            return self.filter(next_election_due__lte=soon)
        return self


class Registration(PortalModel):
    """依法建会: a grassroots union's registration — the employer(s) it covers, its founding and legal-person
    certificate, its chair and committees, members, funds and democratic management. One per union."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="registration", verbose_name=_("基层工会")
    )
    # the employer (for a joint union, the main one; the others are CoveredEmployer rows)
    employer_name = models.CharField(_("单位名称"), max_length=100)
    employer_credit_code = models.CharField(
        _("单位统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    employer_ownership = models.CharField(_("单位经济类型"), max_length=20, choices=Ownership.choices, blank=True)
    employer_industry = models.CharField(_("单位行业门类"), max_length=1, choices=Industry.choices, blank=True)
    is_joint = models.BooleanField(
        _("联合基层工会"), default=False, help_text=_("覆盖两个及以上单位的，在下方“其他覆盖单位”中逐一填写。")
    )
    employees = count_field(_("职工人数"), help_text=_("本单位职工人数；联合基层工会的其他单位在下方分别填写。"))
    # founding
    founded_on = models.DateField(_("建会日期"), null=True, blank=True)
    legal_cert_no = models.CharField(_("工会法人资格证书编号"), max_length=40, blank=True)
    legal_cert_on = models.DateField(_("法人资格证书日期"), null=True, blank=True)
    # chair
    chair_name = models.CharField(_("主席姓名"), max_length=40, blank=True)
    chair_gender = models.CharField(_("主席性别"), max_length=10, choices=Gender.choices, blank=True)
    chair_ethnicity = models.CharField(_("主席民族"), max_length=20, choices=Ethnicity.choices, blank=True)
    chair_elected_on = models.DateField(_("主席当选日期"), null=True, blank=True)
    chair_term_years = models.PositiveSmallIntegerField(_("任期"), choices=TermYears.choices, default=TermYears.FIVE)
    chair_kind = models.CharField(_("主席任职方式"), max_length=20, choices=Employment.choices, blank=True)
    chair_trained_on = models.DateField(_("主席培训日期"), null=True, blank=True)
    vice_chairs = count_field(_("副主席人数"))
    committee_members = count_field(_("委员人数"))
    # committees and structure
    funds_committee_on = models.DateField(_("经费审查委员会成立日期"), null=True, blank=True)
    women_committee_on = models.DateField(_("女职工委员会成立日期"), null=True, blank=True)
    branch_unions = count_field(_("分工会数"))
    union_groups = count_field(_("工会小组数"))
    # members
    members = count_field(_("会员人数"))
    female_members = count_field(_("女职工会员"))
    migrant_members = count_field(_("农民工会员"))
    new_forms_members = count_field(_("新就业形态劳动者会员"))
    # funds and democratic management
    independent_account = models.BooleanField(_("经费独立建账"), default=False)
    funds_remitted = models.BooleanField(_("经费按规定上解"), default=False)
    workers_congress = models.BooleanField(_("建立职代会制度"), default=False)
    open_affairs = models.BooleanField(_("实行厂务公开"), default=False)
    collective_contract_on = models.DateField(_("集体合同签订日期"), null=True, blank=True)
    wage_contract_on = models.DateField(_("工资专项集体合同签订日期"), null=True, blank=True)
    women_contract_on = models.DateField(_("女职工专项集体合同签订日期"), null=True, blank=True)
    safety_contract_on = models.DateField(_("劳动安全卫生专项集体合同签订日期"), null=True, blank=True)
    # derived, stored so that lists can filter and sort on it
    next_election_due = models.DateField(_("下次换届时间"), null=True, blank=True, editable=False, db_index=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("建会登记")
        verbose_name_plural = _("建会登记")
        ordering = ["organisation__tree_id", "organisation__lft"]

    def __str__(self):
        return str(self.organisation.name) if self.organisation_id else self.employer_name

    def get_absolute_url(self):
        return model_url(Registration, "detail", self.pk)

    # --- derived figures -------------------------------------------------------------------------------------
    @property
    def covered_employees(self):
        """Employees of the other units a joint union covers, as stored."""
        if not self.pk:
            return 0
        summed = self.__dict__.get("covered_employees_sum")  # summed in SQL along with the row (a union's page)
        if summed is not None:
            return summed
        return sum(e.employees or 0 for e in self.covered_employers.all())

    @property
    def total_employees(self):
        if self.employees is None:
            return None
        return self.employees + self.covered_employees

    @property
    def membership_rate(self):
        """入会率 = members / employees (all units covered)."""
        total = self.total_employees
        if not total or self.members is None:
            return None
        return self.members / total

    def compute_next_election_due(self):
        if not self.chair_elected_on:
            return None
        return add_years(self.chair_elected_on, self.chair_term_years or TermYears.FIVE)

    @property
    def election_days_left(self):
        if self.next_election_due is None:
            return None
        return (self.next_election_due - timezone.localdate()).days

    @property
    def election_lapsed(self):
        days = self.election_days_left
        return days is not None and days < 0

    @property
    def election_overdue_days(self):
        days = self.election_days_left
        return -days if days is not None and days < 0 else 0

    @property
    def election_soon(self):
        days = self.election_days_left
        return days is not None and 0 <= days <= ELECTION_WARNING_DAYS

    def clean(self):
        """A registration written alone (the API, the admin): its other units are those stored. A write that
        changes the other units with it passes them explicitly (services.registration_save)."""
        self.clean_with(covered=None)

    def clean_with(self, covered):
        """Every rule of the registration, with `covered` the other units it will cover after the write
        (CoveredEmployer rows, saved or not) or None for the stored ones."""
        clean_one(self, covered=None if covered is None else {0: list(covered)})

    def clean_row(self):
        """The rules one registration decides by itself (core.validation runs them per row)."""
        errors = {}
        if self.organisation_id:
            errors.update(grassroots_errors(self.organisation))
            errors.update(rules.division_errors(self.employer_credit_code, self.organisation, "employer_credit_code"))
        errors.update(rules.not_in_future(self.founded_on, "founded_on", _("建会日期")))
        errors.update(rules.not_in_future(self.chair_elected_on, "chair_elected_on", _("主席当选日期")))
        errors.update(rules.not_in_future(self.legal_cert_on, "legal_cert_on", _("法人资格证书日期")))
        if self.founded_on and self.chair_elected_on and self.chair_elected_on < self.founded_on:
            errors["chair_elected_on"] = _("主席当选日期（%(e)s）不能早于建会日期（%(f)s）。") % {
                "e": self.chair_elected_on,
                "f": self.founded_on,
            }
        if self.founded_on and self.legal_cert_on and self.legal_cert_on < self.founded_on:
            errors.setdefault("legal_cert_on", _("法人资格证书日期不能早于建会日期。"))
        if self.chair_elected_on and self.chair_trained_on and self.chair_trained_on > timezone.localdate():
            errors["chair_trained_on"] = _("培训日期不能晚于今天。")
        # members ≤ employees counts the other units too: clean_rows
        errors.update({k: v for k, v in rules.member_errors(self, None).items() if k != "members"})
        if self.committee_members is not None and self.members is not None and self.committee_members > self.members:
            errors["committee_members"] = _("委员人数（%(c)d）不能多于会员人数（%(m)d）。") % {
                "c": self.committee_members,
                "m": self.members,
            }
        errors.update(rules.employer_code_errors(self))
        if errors:
            raise ValidationError(errors)

    @classmethod
    def clean_rows(cls, instances, covered=None):
        """The rules that read a registration's other units: a joint union lists at least one, and members are
        counted against the employees of every unit covered. `covered` ({index: [CoveredEmployer]}) gives the
        units a write brings along; the others' stored units are read in one query for the whole batch.
        Returns {index: {field: [messages]}}."""
        covered = dict(covered or {})
        stored_ids = [i.pk for index, i in enumerate(instances) if index not in covered and i.pk]
        stored = {}
        if stored_ids:
            rows = CoveredEmployer.objects.filter(registration_id__in=stored_ids).values_list(
                "registration_id", "employees"
            )
            for registration_id, employees in rows:
                stored.setdefault(registration_id, []).append(employees)
        found = {}
        for index, instance in enumerate(instances):
            if index in covered:
                counts = [row.employees for row in covered[index]]
            else:
                counts = stored.get(instance.pk, []) if instance.pk else []
            errors = {}
            total = None if instance.employees is None else instance.employees + sum(n or 0 for n in counts)
            member = rules.member_errors(instance, total).get("members")
            if member:
                errors["members"] = [member]
            if instance.is_joint and not counts:
                errors["is_joint"] = [_("联合基层工会请在“其他覆盖单位”中至少填写一个单位。")]
            if errors:
                found[index] = errors
        return found

    fields_derived_on_save = ("employer_credit_code", "next_election_due")

    def derive_on_save(self):
        """What every write derives (core.services runs it for bulk writes too)."""
        self.employer_credit_code = (self.employer_credit_code or "").strip().upper()
        self.next_election_due = self.compute_next_election_due()

    def save(self, *args, **kwargs):
        self.derive_on_save()
        super().save(*args, **kwargs)


class CoveredEmployer(PortalModel):
    """Another employer unit a joint union (联合基层工会) covers."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="covered_employers", verbose_name=_("建会登记")
    )
    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    ownership = models.CharField(_("经济类型"), max_length=20, choices=Ownership.choices, blank=True)
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices, blank=True)
    employees = count_field(_("职工人数"))

    scope_path = "registration__organisation__"

    class Meta:
        verbose_name = _("其他覆盖单位")
        verbose_name_plural = _("其他覆盖单位")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        # a new registration's rows are checked with it, before either is saved
        if self.registration_id or type(self).registration.is_cached(self):
            registration = self.registration
            if registration.organisation_id:
                errors = rules.division_errors(self.credit_code, registration.organisation, "credit_code")
        message = employer_code_error(self.credit_code, self.ownership)
        if message:
            errors["credit_code"] = message
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.credit_code = (self.credit_code or "").strip().upper()
        super().save(*args, **kwargs)


class SixHasItem(PortalModel):
    """One of the six "六有" items for one union: met, partly or not, with a note, evidence and who assessed
    it when. A union is six-has compliant when all six are met."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="six_has_items", verbose_name=_("基层工会")
    )
    item = models.PositiveSmallIntegerField(_("项目"), choices=SixHas.choices)
    state = models.CharField(_("达标情况"), max_length=10, choices=ItemState.choices, default=ItemState.NOT_MET)
    note = models.TextField(_("情况说明"), blank=True)
    override_reason = models.TextField(
        _("与登记情况不符的理由"),
        blank=True,
        help_text=_("建会登记显示本项尚不具备条件（如主席任期届满、未建经审会）却评为“达标”时，须写明理由。"),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("评定人"),
    )
    assessed_on = models.DateField(_("评定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("六有项目")
        verbose_name_plural = _("六有项目")
        ordering = ["organisation__tree_id", "organisation__lft", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item"],
                name="six_has_one_per_item",
                violation_error_message=_("该工会的这一项已有记录，请直接修改。"),
            )
        ]

    def __str__(self):
        name = self.organisation.name if self.organisation_id else ""
        return f"{name} · {self.get_item_display()}"

    def get_absolute_url(self):
        return model_url(SixHasItem, "detail", self.pk)

    def clean(self):
        clean_one(self)

    def clean_row(self):
        """The rules one item decides by itself (core.validation runs them per row)."""
        errors = {}
        if self.organisation_id:
            errors.update(grassroots_errors(self.organisation))
        errors.update(rules.not_in_future(self.assessed_on, "assessed_on", _("评定日期")))
        if errors:
            raise ValidationError(errors)

    @classmethod
    def clean_rows(cls, instances):
        """ "Met" while the records (unions.facts) say otherwise needs a reason (the officer may know better); the facts
        of every union of a batch are read in one query. Returns {index: {field: [messages]}}."""
        from .facts import facts_by_union

        claimed = [
            (index, item)
            for index, item in enumerate(instances)
            if item.state == ItemState.MET and item.organisation_id and not (item.override_reason or "").strip()
        ]
        if not claimed:
            return {}
        facts = facts_by_union([item.organisation_id for _index, item in claimed])
        found = {}
        for index, item in claimed:
            contrary = facts.get(item.organisation_id, {}).get(item.item)
            if contrary:
                found[index] = {
                    "override_reason": [
                        _("现有记录显示：%(facts)s。仍评为“达标”须写明理由，或先更正相关记录。")
                        % {"facts": "；".join(str(f) for f in contrary)}
                    ]
                }
        return found


class SixHasEvidence(Attachment):
    """An evidence file (photo or PDF) for one six-has item."""

    item = models.ForeignKey(SixHasItem, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("六有项目"))

    scope_path = "item__organisation__"

    class Meta(Attachment.Meta):
        verbose_name = _("六有佐证材料")
        verbose_name_plural = _("六有佐证材料")


def default_due_on(year):
    """Returns for a year are due by the end of March of the next year."""
    return datetime.date(year + 1, 3, 31)


class ReturnPeriod(PortalModel):
    """A reporting unit's (usually a county union's) annual returns for one year: the unit marks them
    complete, the level above approves or sends them back, and approved returns lock for the unit and below."""

    unit = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="return_periods", verbose_name=_("填报单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=20, choices=PeriodState.choices, default=PeriodState.OPEN)
    due_on = models.DateField(_("截止日期"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("报送人"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("审核人"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)

    scope_path = "unit__"

    class Meta:
        verbose_name = _("年度填报")
        verbose_name_plural = _("年度填报")
        ordering = ["-year", "unit__tree_id", "unit__lft"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_return_period_per_unit_year")]

    def __str__(self):
        name = self.unit.name if self.unit_id else ""
        return _("%(unit)s %(year)s年度") % {"unit": name, "year": self.year}

    def get_absolute_url(self):
        return model_url(ReturnPeriod, "detail", self.pk)

    @property
    def is_locked(self):
        return self.state not in EDITABLE_PERIOD_STATES

    def locked_message(self):
        """Why the unit and the levels below it may no longer change this period's returns."""
        return _("%(period)s状态为“%(state)s”，本级及下级不能再修改；如需更正，请联系上级工会退回。") % {
            "period": self,
            "state": self.get_state_display(),
        }


def locked_period_q(user):
    """Returns in a submitted or approved period may be changed only by roles strictly above the period's
    unit (the approver's level); the unit itself and everything below it read them only."""
    editable = Q(period__isnull=True) | Q(period__state__in=EDITABLE_PERIOD_STATES)
    return editable | subtree_q("period__unit__", role_nodes(user, CHANGE), strict=True)


class AnnualReturn(PortalModel):
    """A union's figures for one year (年度更新): employees, members, committees and six-has state, as reported.
    Belongs to its reporting unit's ReturnPeriod, whose approval locks it."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="annual_returns", verbose_name=_("基层工会")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    period = models.ForeignKey(
        ReturnPeriod, on_delete=models.PROTECT, related_name="returns", editable=False, verbose_name=_("年度填报")
    )
    employees = count_field(_("职工人数"))
    members = count_field(_("会员人数"))
    female_members = count_field(_("女职工会员"))
    migrant_members = count_field(_("农民工会员"))
    new_forms_members = count_field(_("新就业形态劳动者会员"))
    funds_committee = models.BooleanField(_("已建经费审查委员会"), default=False)
    women_committee = models.BooleanField(_("已建女职工委员会"), default=False)
    six_has_met = models.PositiveSmallIntegerField(
        _("六有达标项数"), default=0, validators=[MaxValueValidator(6)], help_text=_("0–6 项")
    )
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("年度报表")
        verbose_name_plural = _("年度报表")
        ordering = ["-year", "organisation__tree_id", "organisation__lft"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="one_annual_return_per_year",
                violation_error_message=_("该工会本年度已有年度报表，请直接修改。"),
            )
        ]

    def __str__(self):
        name = self.organisation.name if self.organisation_id else ""
        return _("%(name)s %(year)s年度") % {"name": name, "year": self.year}

    def get_absolute_url(self):
        return model_url(AnnualReturn, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        q = subtree_q("organisation__", role_nodes(user, action))
        if action == CHANGE:
            q &= locked_period_q(user)
        return q

    def read_only_reason(self, user):
        """Said by every door (form, API) when `user` may read this return but not change it."""
        if self.period_id and self.period.is_locked:
            return self.period.locked_message()
        return None

    @property
    def membership_rate(self):
        if not self.employees or self.members is None:
            return None
        return self.members / self.employees

    @property
    def six_has_compliant(self):
        return self.six_has_met == len(SixHas)

    def clean(self):
        errors = {}
        if self.organisation_id:
            errors.update(grassroots_errors(self.organisation))
        if self.year and self.year > timezone.localdate().year:
            errors["year"] = _("年度不能晚于今年。")
        errors.update(rules.member_errors(self, self.employees))
        if errors:
            raise ValidationError(errors)


class UnorganisedEmployer(PortalModel):
    """未建会单位: an employer in the county with no union yet, followed from identified to established;
    once established it links to the new union's record."""

    area = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="unorganised_employers",
        verbose_name=_("所在县（乡镇）工会"),
    )
    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    employees = count_field(_("职工人数"))
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices, blank=True)
    ownership = models.CharField(_("经济类型"), max_length=20, choices=Ownership.choices, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(
        _("进展"), max_length=20, choices=EmployerStatus.choices, default=EmployerStatus.IDENTIFIED
    )
    status_on = models.DateField(_("进展日期"), null=True, blank=True)
    union = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("新建工会"),
        help_text=_("进展为“已建会”时，选择新登记的基层工会。"),
    )
    note = models.TextField(_("工作记录"), blank=True)

    scope_path = "area__"

    class Meta:
        verbose_name = _("未建会单位")
        verbose_name_plural = _("未建会单位")
        ordering = ["area__tree_id", "area__lft", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return model_url(UnorganisedEmployer, "detail", self.pk)

    def clean(self):
        errors = {}
        if self.area_id and self.area.level not in (Level.COUNTY, Level.TOWNSHIP):
            errors["area"] = _("请选择单位所在的县（区）或乡镇（街道）工会。")
        if self.area_id:
            errors.update(rules.division_errors(self.credit_code, self.area, "credit_code"))
        if employer_code_error(self.credit_code, self.ownership):
            errors["credit_code"] = employer_code_error(self.credit_code, self.ownership)
        errors.update(rules.not_in_future(self.status_on, "status_on", _("进展日期")))
        if self.status == EmployerStatus.ESTABLISHED:
            if not self.union_id:
                errors["union"] = _("进展为“已建会”时，请选择新建的基层工会（可先在“工会组织”中登记）。")
            elif self.area_id:
                union, area = self.union, self.area
                inside = union.is_descendant_of(area)
                if union.level != Level.GRASSROOTS or not inside:
                    errors["union"] = _("新建工会须是%(area)s下的基层工会。") % {"area": area.name}
        elif self.union_id:
            errors["union"] = _("只有进展为“已建会”时才关联新建工会。")
        if self.credit_code:
            clash = UnorganisedEmployer.objects.filter(credit_code=self.credit_code.strip().upper())
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["credit_code"] = _("该统一社会信用代码已在未建会单位名单中。")
            elif self.status != EmployerStatus.ESTABLISHED:
                from orgs.models import Organisation

                code = self.credit_code.strip().upper()
                organised = Organisation.objects.filter(credit_code=code, status="active").exists()
                organised = organised or Registration.objects.filter(employer_credit_code=code).exists()
                if organised:
                    errors["credit_code"] = _("该单位已建立工会（信用代码已登记），不属于未建会单位。")
        if errors:
            raise ValidationError(errors)

    fields_derived_on_save = ("credit_code",)

    def derive_on_save(self):
        self.credit_code = (self.credit_code or "").strip().upper()

    def save(self, *args, **kwargs):
        self.derive_on_save()
        super().save(*args, **kwargs)


for _model in (
    Registration,
    CoveredEmployer,
    SixHasItem,
    SixHasEvidence,
    ReturnPeriod,
    AnnualReturn,
    UnorganisedEmployer,
):
    track(_model)
