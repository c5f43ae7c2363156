"""会 write services: annual returns belong to their reporting unit's period; the period is submitted by the
unit, approved or sent back by the level above. Everything else uses the generic services of core."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import CHANGE, can, is_unrestricted, role_nodes, subtree_q
from core.services import record_delete, save_checked, stamp, validate
from core.versions import carry_version
from orgs.choices import Level

from . import selectors
from .choices import EDITABLE_PERIOD_STATES, PeriodState
from .models import ReturnPeriod, default_due_on

COVERED_FIELDS = ("name", "credit_code", "ownership", "industry", "employees")


@transaction.atomic
def registration_save(*, actor, instance, covered=None):
    """Create or update a union's registration: the one write the form, the API and the import all call.

    `covered` is the list of other units (CoveredEmployer rows, stored or new) the registration covers after
    this write, as the form's rows give them: validated together with the registration (a joint union lists at
    least one; members are counted against the employees of every unit), new and changed rows saved, stored
    rows left out deleted. None leaves the stored units as they are and checks the rules against them (the API
    writes units through their own endpoint; a sheet carries none). Each record is validated once."""
    rows = None if covered is None else list(covered)
    errors = {}
    try:
        validate(instance, clean=lambda: instance.clean_with(rows))
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    stored = {row.pk: row for row in instance.covered_employers.all()} if instance.pk and rows is not None else {}
    changed = []
    for row in rows or ():
        before = stored.get(row.pk)
        if before is not None and all(getattr(before, f) == getattr(row, f) for f in COVERED_FIELDS):
            continue
        row.registration = instance
        try:
            row.full_clean(exclude=["registration"])
        except ValidationError as exc:
            name = row.name or _("（未填名称）")
            for messages in exc.message_dict.values():
                errors.setdefault("covered_employers", []).extend(
                    _("其他覆盖单位“%(name)s”：%(message)s") % {"name": name, "message": m} for m in messages
                )
        changed.append(row)
    if errors:
        raise ValidationError(errors)
    save_checked(instance=instance, actor=actor, action="update" if instance.pk else "create")
    if rows is not None:
        kept = {row.pk for row in rows if row.pk}
        for pk, row in stored.items():
            if pk not in kept:
                record_delete(actor=actor, instance=row)
        for row in changed:
            row.registration = instance
            save_checked(instance=row, actor=actor, action="update" if row.pk else "create")
    return instance


def reporting_unit(organisation):
    """Whose annual returns a union's belong to: the county above it, or else its parent (a prefecture,
    industry or directly affiliated union)."""
    node = organisation.parent
    while node is not None:
        if node.level == Level.COUNTY:
            return node
        node = node.parent
    return organisation.parent


def period_for(*, unit, year, actor=None):
    """The unit's period for `year`, created (open) on first use."""
    period = ReturnPeriod.objects.filter(unit=unit, year=year).first()
    if period is None:
        period = ReturnPeriod(unit=unit, year=year, due_on=default_due_on(year))
        stamp(period, actor)
        try:
            with transaction.atomic():
                period.save()
        except IntegrityError:  # a parallel first return of the unit's year created it
            period = ReturnPeriod.objects.get(unit=unit, year=year)
    return period


def may_decide(user, period):
    """Approving or sending back is for the level above the unit: a write role at a strict ancestor."""
    if is_unrestricted(user):
        return True
    from orgs.models import Organisation

    below = subtree_q("", role_nodes(user, CHANGE), strict=True)
    return Organisation.objects.filter(below, pk=period.unit_id).exists()


def may_submit(user, period):
    return can(user, period, CHANGE)


def _check_period_open(actor, period):
    if period.is_locked and not may_decide(actor, period):
        raise PermissionDenied(period.locked_message())


@transaction.atomic
def annual_return_save(*, actor, instance):
    """Create or update a union's return for a year, filed under its reporting unit's period."""
    instance.clean_fields(exclude=["period"])  # the year's bounds hold before a period is made from it
    if instance.organisation_id and instance.year:
        unit = reporting_unit(instance.organisation)
        if unit is None:
            raise ValidationError({"organisation": _("该工会没有上级，无法确定填报单位。")})
        instance.period = period_for(unit=unit, year=instance.year, actor=actor)
        _check_period_open(actor, instance.period)
    if instance.organisation_id:
        # Filed with what the records say at filing time; kept as filed afterwards (the page shows drift).
        for field, value in selectors.derived_return_values(instance.organisation_id).items():
            setattr(instance, field, value)
    if instance.pk:
        from .models import AnnualReturn

        before = AnnualReturn.objects.select_related("period").get(pk=instance.pk)
        _check_period_open(actor, before.period)
    validate(instance, exclude=["period"] if not instance.period_id else None)
    return save_checked(instance=instance, actor=actor, action="update" if instance.pk else "create")


def expected_unions(period):
    return selectors.expected_unions(period.unit)


def missing_unions(period):
    return selectors.missing_unions(period)


@transaction.atomic
def period_submit(*, actor, period):
    """The unit marks its returns for the year complete; every expected union must have one."""
    period = carry_version(period, ReturnPeriod.objects.select_for_update().get(pk=period.pk))
    if not may_submit(actor, period):
        raise PermissionDenied(_("超出您的管理范围。"))
    if period.state not in EDITABLE_PERIOD_STATES:
        raise ValidationError(_("%(period)s当前为“%(state)s”，不能再次报送。") % {
            "period": period, "state": period.get_state_display()})  # fmt: skip
    missing = missing_unions(period).count()
    if missing:
        raise ValidationError(
            _("还有 %(n)d 个基层工会没有%(year)s年度报表，全部填报后才能报送。") % {"n": missing, "year": period.year}
        )
    period.state = PeriodState.SUBMITTED
    period.submitted_by = actor
    period.submitted_at = timezone.now()
    return save_checked(instance=period, actor=actor, action="submit")


@transaction.atomic
def period_approve(*, actor, period, comment=""):
    period = carry_version(period, ReturnPeriod.objects.select_for_update().get(pk=period.pk))
    if not may_decide(actor, period):
        raise PermissionDenied(_("只有上级工会可以审核%(unit)s的年度报表。") % {"unit": period.unit.name})
    if period.state != PeriodState.SUBMITTED:
        raise ValidationError(_("只有“已报送待审核”的年度填报才能审核通过。"))
    period.state = PeriodState.APPROVED
    period.decided_by = actor
    period.decided_at = timezone.now()
    period.comment = comment
    return save_checked(instance=period, actor=actor, action="approve")


@transaction.atomic
def period_send_back(*, actor, period, comment):
    """Send submitted (or reopen approved) returns back to the unit for correction, saying why."""
    period = carry_version(period, ReturnPeriod.objects.select_for_update().get(pk=period.pk))
    if not may_decide(actor, period):
        raise PermissionDenied(_("只有上级工会可以退回%(unit)s的年度报表。") % {"unit": period.unit.name})
    if period.state not in (PeriodState.SUBMITTED, PeriodState.APPROVED):
        raise ValidationError(_("该年度填报尚未报送，无需退回。"))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("退回时请写明需要修改的内容。")})
    period.state = PeriodState.RETURNED
    period.decided_by = actor
    period.decided_at = timezone.now()
    period.comment = comment.strip()
    return save_checked(instance=period, actor=actor, action="send_back")
