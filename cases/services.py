"""Writes of good-practice cases: every door (the form, the detail page's buttons, the demo) comes here.

A draft is written by its unit's writers (and those above them, whose scope holds it) and submitted; an officer
with write scope over the PARENT of the case's unit publishes it or returns it to draft with a reason (a case of
the province, which has no parent, by the province's own staff). Submitted and published cases are edited only by
that level above. A step the case's state does not allow is a ValidationError, a step the actor may not take a
PermissionDenied; either changes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scope import CHANGE, VIEW, can, is_unrestricted
from core.services import save_checked, validate
from core.text import join_list
from core.versions import carry_version

from .choices import CaseState
from .models import Case

RELATED = ("unions", "stations", "homes", "groups")
# What a step's version covers (core.versions): the case and its photos, as the page showed them.
VERSION_RELATED = ("photos",)
# The related records a writer may name are those in their own write scope (groups belong to no organisation).
SCOPED_RELATED = {
    "unions": gettext_lazy("“%(names)s”不在您的管理范围内，不能列为涉及的工会。"),
    "stations": gettext_lazy("“%(names)s”不在您的管理范围内，不能列为涉及的服务站。"),
    "homes": gettext_lazy("“%(names)s”不在您的管理范围内，不能列为涉及的职工之家。"),
}


def reviewing_unit(case):
    """The organisation whose write scope publishes `case`: the parent of its unit, or the unit itself at the top."""
    organisation = case.organisation
    return organisation.parent if organisation.parent_id else organisation


def may_review(user, case):
    """Publish or return: a write role over the level above the case's unit."""
    return is_unrestricted(user) or can(user, reviewing_unit(case), CHANGE)


def may_edit_draft(user, case):
    return case.state == CaseState.DRAFT and can(user, case, CHANGE)


def _locked(case):
    """The stored case, locked for this transaction, carrying the version its caller read it at (the page's)."""
    fresh = carry_version(case, Case.objects.select_for_update().select_related("organisation").get(pk=case.pk))
    fresh._version_related = VERSION_RELATED
    return fresh


def _check_related(actor, case, values):
    """Refuse related records outside the actor's write scope, except those the case already names (a reviewer
    re-saving a case keeps what its unit chose)."""
    errors = {}
    for name, message in SCOPED_RELATED.items():
        chosen = values.get(name)
        if chosen is None or actor is None:
            continue
        chosen = list(chosen)
        kept = set(getattr(case, name).values_list("pk", flat=True)) if case.pk else set()
        new = [record for record in chosen if record.pk not in kept]
        if not new:
            continue
        model = type(new[0])
        allowed = set(
            model._default_manager.restrict(actor, CHANGE)
            .filter(pk__in=[r.pk for r in new])
            .values_list("pk", flat=True)
        )
        outside = [record for record in new if record.pk not in allowed]
        if outside:
            errors[name] = message % {"names": join_list(str(record) for record in outside)}
    if errors:
        raise ValidationError(errors)


def _set_related(case, values):
    for name in RELATED:
        if values.get(name) is not None:
            getattr(case, name).set(values[name])


def _validate(actor, instance, values):
    errors = {}
    try:
        validate(instance)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        _check_related(actor, instance, values)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(*, actor, instance, unions=None, stations=None, homes=None, groups=None):
    """A new case, always a draft, with the records it involves."""
    values = {"unions": unions, "stations": stations, "homes": homes, "groups": groups}
    instance.state = CaseState.DRAFT
    for field in ("submitted_at", "submitted_by", "published_at", "published_by", "returned_at", "returned_by"):
        setattr(instance, field, None)
    instance.return_reason = ""
    _validate(actor, instance, values)
    save_checked(instance=instance, actor=actor, action="create")
    _set_related(instance, values)
    return instance


@transaction.atomic
def case_update(*, actor, instance, unions=None, stations=None, homes=None, groups=None):
    """Change a case's text and what it involves; its state and steps are the transitions' alone."""
    if instance.pk is None:
        raise ValidationError(_("记录尚未保存，无法修改。"))
    before = Case.objects.select_for_update().get(pk=instance.pk)
    if actor is not None and not can(actor, before, CHANGE):
        raise PermissionDenied(before.read_only_reason(actor) or _("您可以查看但无权修改该记录。"))
    for field in (
        "state", "submitted_at", "submitted_by", "published_at", "published_by", "returned_at", "returned_by",
        "return_reason",
    ):  # fmt: skip
        setattr(instance, field, getattr(before, field))
    if before.state != CaseState.DRAFT and instance.organisation_id != before.organisation_id:
        raise ValidationError({"organisation": _("案例已报送或发布，不能再更换报送单位；请先退回为草稿。")})
    values = {"unions": unions, "stations": stations, "homes": homes, "groups": groups}
    _validate(actor, instance, values)
    save_checked(instance=instance, actor=actor, action="update")
    _set_related(instance, values)
    return instance


def _refuse_review(actor, case, verb):
    if not may_review(actor, case):
        unit = case.organisation
        if unit.parent_id:
            message = _("只有%(org)s的上级工会（%(parent)s）可以%(verb)s这个案例。")
        else:
            message = _("只有%(org)s的工作人员可以%(verb)s这个案例。")
        raise PermissionDenied(message % {"org": unit.name, "parent": getattr(unit.parent, "name", ""), "verb": verb})


def _step(case, actor, action, **fields):
    for name, value in fields.items():
        setattr(case, name, value)
    validate(case)
    # Who may take the step was decided above; the step itself hands the pen to another level (a submitted case
    # leaves its unit's write scope), so the saved case must stay in the actor's read scope only.
    return save_checked(instance=case, actor=actor, action=action, scope=VIEW)


@transaction.atomic
def case_submit(*, actor, case):
    """Draft → submitted, for the level above to publish."""
    case = _locked(case)
    if case.state != CaseState.DRAFT:
        raise ValidationError(
            {"state": _("该案例当前为“%(state)s”，只有草稿可以报送。") % {"state": case.get_state_display()}}
        )
    if actor is not None and not can(actor, case, CHANGE):
        raise PermissionDenied(_("只有%(org)s及其上级工会可以报送这个案例。") % {"org": case.organisation.name})
    if not case.measure_list:
        raise ValidationError({"measures": _("报送前请至少选择一项措施类别（会、站、家、队伍、机制）。")})
    return _step(case, actor, "submit", state=CaseState.SUBMITTED, submitted_at=timezone.now(), submitted_by=actor)


@transaction.atomic
def case_publish(*, actor, case):
    """Submitted → published, by the level above."""
    case = _locked(case)
    if case.state != CaseState.SUBMITTED:
        raise ValidationError(
            {"state": _("只有已报送的案例可以发布，该案例当前为“%(state)s”。") % {"state": case.get_state_display()}}
        )
    _refuse_review(actor, case, _("发布"))
    return _step(case, actor, "publish", state=CaseState.PUBLISHED, published_at=timezone.now(), published_by=actor)


@transaction.atomic
def case_return(*, actor, case, reason):
    """Submitted or published → draft, with the reason the unit is told, by the level above."""
    case = _locked(case)
    if case.state not in (CaseState.SUBMITTED, CaseState.PUBLISHED):
        raise ValidationError(
            {
                "state": _("只有已报送或已发布的案例可以退回，该案例当前为“%(state)s”。")
                % {"state": case.get_state_display()}
            }
        )
    _refuse_review(actor, case, _("退回"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": _("退回时请写明原因和修改意见。")})
    return _step(
        case, actor, "return", state=CaseState.DRAFT, return_reason=reason, returned_at=timezone.now(),
        returned_by=actor, published_at=None, published_by=None,
    )  # fmt: skip
