"""Write services of rubrics, acceptance reports, inspections, findings and rectifications.

Who may act is decided here, once, for the form, the sheet's autosave and the API alike: the union side (a write
role over the union) fills the self-assessment; only inspectors assigned to a report or an inspection score it,
record findings and verify rectifications; accepting or returning belongs to an officer above whoever
self-assessed, never to the self-assessor. Refusals of a role are PermissionDenied (403 on the API); refusals of
a rule are ValidationError naming the field (400).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import CHANGE, VIEW, can, is_unrestricted, role_org_ids
from core.services import attachments_add, save_checked, stamp, validate

from .acceptance_choices import SELF_EDITABLE, RectificationStatus, ReportState
from .models import (
    AcceptanceReport,
    GradeBand,
    Rectification,
    RectificationEvidence,
    ReportItem,
    Rubric,
    RubricItem,
)
from .models.acceptance import is_assigned


# --- who ----------------------------------------------------------------------------------------------------------
def _orgs_covering(user, organisation, *, strict=False):
    """The user's write-role organisations whose subtree holds `organisation` (deepest first)."""
    from orgs.models import Organisation, level_rank

    ids = role_org_ids(user, CHANGE)
    if not ids:
        return Organisation.objects.none()
    holders = set(ids) & set(organisation.ancestor_ids() + ([] if strict else [organisation.pk]))
    return Organisation.objects.filter(pk__in=holders).order_by(level_rank().desc())


def is_union_side(user, report):
    """The union's own level or an officer above it (a write role over the union), not an inspector's
    assignment."""
    return is_unrestricted(user) or _orgs_covering(user, report.organisation).exists()


def may_decide(user, report):
    """Accept or return: an officer strictly above whoever self-assessed, and never the self-assessor."""
    if report.self_assessed_by_id and report.self_assessed_by_id == user.pk:
        return False
    if is_unrestricted(user):
        return True
    base = report.self_assessor_org or report.organisation
    return _orgs_covering(user, base, strict=True).exists()


def may_reopen(user, report):
    """The accepting level (or above) may reopen an accepted report."""
    if is_unrestricted(user):
        return True
    if report.decided_org_id is None:
        return False
    return _orgs_covering(user, report.decided_org).exists()


def may_score(user, report):
    return is_assigned(user, report)


def assignable_inspectors(organisation):
    """Users with the inspector role in whose read scope `organisation` lies."""
    from django.contrib.auth import get_user_model

    from orgs.choices import RoleKind

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            roles__kind=RoleKind.INSPECTOR,
            roles__organisation__status="active",
            roles__organisation__in=organisation.ancestor_ids() + [organisation.pk],
        )
        .distinct()
        .order_by("username")
    )


def check_inspectors(organisation, inspectors, field="inspectors"):
    allowed = set(assignable_inspectors(organisation).values_list("pk", flat=True))
    wrong = [user for user in inspectors if user.pk not in allowed]
    if wrong:
        raise ValidationError(
            {
                field: _("%(names)s不是可查看%(org)s的检查验收人员，不能指派。")
                % {"names": "、".join(u.get_username() for u in wrong), "org": organisation.name}
            }
        )


# --- rubrics ------------------------------------------------------------------------------------------------------
def _check_not_frozen(rubric):
    if rubric.pk and Rubric.objects.get(pk=rubric.pk).reports.exists():
        raise PermissionDenied(rubric.read_only_reason(None))


@transaction.atomic
def rubric_save(*, actor, instance):
    if instance.pk:
        _check_not_frozen(instance)
    validate(instance)
    return save_checked(instance=instance, actor=actor, action="update" if instance.pk else "create")


@transaction.atomic
def rubric_new_version(*, actor, rubric):
    """A copy of `rubric` as its next version, with its items and grade bands, to be changed freely."""
    if not can(actor, rubric, CHANGE):
        raise PermissionDenied(_("只有制定该标准的单位可以生成新版本。"))
    latest = Rubric.objects.filter(name=rubric.name).order_by("-version").first()
    copy = Rubric(
        owner=rubric.owner,
        name=rubric.name,
        version=latest.version + 1,
        previous=rubric,
        description=rubric.description,
        deduction_points=rubric.deduction_points,
        deduction_cap=rubric.deduction_cap,
    )
    save_checked(instance=copy, actor=actor, action="create")
    for item in rubric.items.all():
        item.pk = None
        item.id = None
        item.rubric = copy
        item._state.adding = True
        save_checked(instance=item, actor=actor, action="create")
    for band in rubric.bands.all():
        save_checked(
            instance=GradeBand(rubric=copy, name=band.name, min_score=band.min_score), actor=actor, action="create"
        )
    return copy


@transaction.atomic
def rubric_part_save(*, actor, instance):
    """An item or grade band of a rubric; refused once the rubric is frozen."""
    _check_not_frozen(instance.rubric)
    validate(instance)
    return save_checked(instance=instance, actor=actor, action="update" if instance.pk else "create")


# --- totals -------------------------------------------------------------------------------------------------------
def compute_totals(report, rows=None):
    """(self_total, accepted_total, gate_failed, grade, failures) from the rows, with gates, bonus and the capped
    spot-check deduction. The grade follows the inspector's total once there is one, else the self-assessment."""
    rows = list(rows if rows is not None else report.items.select_related("item"))
    rubric = report.rubric
    failures = sum(1 for row in rows if row.spot_check_failed)

    def total(field, deduct):
        scores = [(row.item, getattr(row, field)) for row in rows]
        if all(score is None for _item, score in scores):
            return None, False
        value = sum((score for _item, score in scores if score is not None), Decimal("0"))
        if deduct:
            value -= min(failures * rubric.deduction_points, rubric.deduction_cap)
        gate = any(item.is_gate and score is not None and score < item.max_score for item, score in scores)
        return max(value, Decimal("0")), gate

    self_total, self_gate = total("self_score", False)
    accepted_total, accepted_gate = total("accepted_score", True)
    if accepted_total is not None:
        effective, gate = accepted_total, accepted_gate
    else:
        effective, gate = self_total, self_gate
    grade = rubric.grade_for(effective, gate) if effective is not None else ""
    return self_total, accepted_total, gate, grade, failures


def report_recompute(report):
    """Store the derived totals (derived data, so no history row of their own: the rows carry it)."""
    self_total, accepted_total, gate, grade, failures = compute_totals(report)
    AcceptanceReport.objects.filter(pk=report.pk).update(
        self_total=self_total, accepted_total=accepted_total, gate_failed=gate, grade=grade,
        spot_check_failures=failures,
    )  # fmt: skip
    report.self_total, report.accepted_total, report.gate_failed, report.grade = self_total, accepted_total, gate, grade
    report.spot_check_failures = failures
    return report


# --- reports ------------------------------------------------------------------------------------------------------
def _lock_check(report):
    if report.is_locked:
        raise PermissionDenied(report.locked_message())


@transaction.atomic
def report_create(*, actor, instance, inspectors=None):
    """A new report, with one score row per rubric item. Made by the union side (or the level above)."""
    validate(instance)
    if actor is not None and not is_union_side(actor, instance):
        raise PermissionDenied(_("只有被验收单位或其上级工会可以建立验收报告。"))
    save_checked(instance=instance, actor=actor, action="create")
    for item in instance.rubric.items.all():
        row = ReportItem(report=instance, item=item)
        stamp(row, actor)
        row.save()
    if inspectors is not None:
        report_assign(actor=actor, report=instance, inspectors=inspectors)
    return report_recompute(instance)


@transaction.atomic
def report_update(*, actor, instance, inspectors=None):
    before = AcceptanceReport.objects.select_for_update().get(pk=instance.pk)
    _lock_check(before)
    if not is_union_side(actor, before):
        raise PermissionDenied(_("只有被验收单位或其上级工会可以修改验收报告的基本信息。"))
    if before.rubric_id != instance.rubric_id and before.state not in SELF_EDITABLE:
        raise ValidationError({"rubric": _("报告已报送，不能再更换验收标准。")})
    validate(instance)
    save_checked(instance=instance, actor=actor, action="update")
    if before.rubric_id != instance.rubric_id:
        instance.items.all().delete()
        for item in instance.rubric.items.all():
            ReportItem.objects.create(report=instance, item=item)
    if inspectors is not None:
        report_assign(actor=actor, report=instance, inspectors=inspectors)
    return report_recompute(instance)


def report_assign(*, actor, report, inspectors):
    inspectors = list(inspectors)
    check_inspectors(report.organisation, inspectors)
    report.inspectors.set(inspectors)


SCORE_FIELDS = ("self_score", "accepted_score", "note", "inspector_note", "spot_check_failed")


@transaction.atomic
def report_item_save(*, actor, report, item, data):
    """Save one line of the sheet: `data` holds any of self_score and note (the union side, while the report is
    being self-assessed) or accepted_score, inspector_note and spot_check_failed (an assigned inspector, once it
    is submitted). `item` is a RubricItem of the report's rubric."""
    report = AcceptanceReport.objects.select_for_update().select_related("rubric").get(pk=report.pk)
    _lock_check(report)
    if not isinstance(item, RubricItem) or item.rubric_id != report.rubric_id:
        raise ValidationError({"item": _("该条目不属于本报告所用的验收标准。")})
    unknown = set(data) - set(SCORE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("不能修改这个字段。")})
    union_fields = {"self_score", "note"} & set(data)
    inspector_fields = {"accepted_score", "inspector_note", "spot_check_failed"} & set(data)
    if union_fields:
        if not is_union_side(actor, report):
            raise PermissionDenied(_("自评分和工作情况由被验收单位填写。"))
        if report.state not in SELF_EDITABLE:
            raise ValidationError(
                {
                    sorted(union_fields)[0]: _("报告当前为“%(state)s”，自评内容不能再修改。")
                    % {"state": report.get_state_display()}
                }  # fmt: skip
            )
    if inspector_fields:
        if not may_score(actor, report):
            raise PermissionDenied(_("只有指派给本报告的验收人员可以填写验收分。"))
        if report.state != ReportState.SUBMITTED:
            raise ValidationError(
                {
                    sorted(inspector_fields)[0]: _("报告当前为“%(state)s”，只有已报送的报告可以评分。")
                    % {"state": report.get_state_display()}
                }  # fmt: skip
            )
    row = ReportItem.objects.select_related("item").get(report=report, item=item)
    for field, value in data.items():
        setattr(row, field, value)
    validate(row)
    save_checked(instance=row, actor=actor, action="update")
    report_recompute(report)
    return row


@transaction.atomic
def report_evidence_add(*, actor, report, item, files):
    """Evidence for a line of the self-assessment: the union side, while it self-assesses."""
    from .models import ReportEvidence

    report = AcceptanceReport.objects.select_for_update().get(pk=report.pk)
    _lock_check(report)
    if not is_union_side(actor, report):
        raise PermissionDenied(_("佐证材料由被验收单位上传。"))
    if report.state not in SELF_EDITABLE:
        raise ValidationError({"evidence": _("报告已报送，不能再上传佐证材料。")})
    row = ReportItem.objects.get(report=report, item=item)
    return attachments_add(actor=actor, model=ReportEvidence, files=files, row=row)


def _transition(report, actor, state, action, **fields):
    report.state = state
    for key, value in fields.items():
        setattr(report, key, value)
    # The services above decided who may take the step; the step itself may lock the report.
    return save_checked(instance=report, actor=actor, action=action, scope=VIEW)


def _missing(rows, field):
    return [row for row in rows if getattr(row, field) is None and not row.item.is_bonus]


def _names(rows, limit=5):
    names = "、".join(str(row.item.order) for row in rows[:limit])
    return names + ("……" if len(rows) > limit else "")


@transaction.atomic
def report_submit(*, actor, report):
    report = AcceptanceReport.objects.select_for_update().get(pk=report.pk)
    _lock_check(report)
    if not is_union_side(actor, report):
        raise PermissionDenied(_("只有被验收单位或其上级工会可以报送自评。"))
    if report.state not in SELF_EDITABLE:
        raise ValidationError({"state": _("报告当前为“%(s)s”，不能报送。") % {"s": report.get_state_display()}})
    rows = list(report.items.select_related("item").prefetch_related("evidence"))
    missing = _missing(rows, "self_score")
    if missing:
        raise ValidationError(
            {
                "self_score": _("还有 %(n)d 项没有自评分（第 %(items)s 项）。")
                % {"n": len(missing), "items": _names(missing)}
            }
        )
    no_evidence = [row for row in rows if row.item.evidence_required and not row.evidence.all()]
    if no_evidence:
        raise ValidationError({"evidence": _("第 %(items)s 项须附佐证材料。") % {"items": _names(no_evidence)}})
    assessor_org = _orgs_covering(actor, report.organisation).first() if not is_unrestricted(actor) else None
    return _transition(
        report, actor, ReportState.SUBMITTED, "submit", self_assessed_by=actor, self_assessor_org=assessor_org,
        submitted_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def report_score(*, actor, report):
    report = AcceptanceReport.objects.select_for_update().get(pk=report.pk)
    _lock_check(report)
    if not may_score(actor, report):
        raise PermissionDenied(_("只有指派给本报告的验收人员可以评分。"))
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(
            {"state": _("只有已报送的报告可以评分（当前为“%(s)s”）。") % {"s": report.get_state_display()}}
        )
    missing = _missing(list(report.items.select_related("item")), "accepted_score")
    if missing:
        raise ValidationError(
            {
                "accepted_score": _("还有 %(n)d 项没有验收分（第 %(items)s 项）。")
                % {"n": len(missing), "items": _names(missing)}
            }
        )
    return _transition(report, actor, ReportState.SCORED, "score", scored_by=actor, scored_at=timezone.now())


def _decider_org(actor, report):
    if is_unrestricted(actor):
        return None
    return _orgs_covering(actor, report.self_assessor_org or report.organisation, strict=True).first()


def _refuse_decision(actor, report, verb):
    if report.self_assessed_by_id == actor.pk:
        raise PermissionDenied(_("不能%(verb)s自己填写的自评。") % {"verb": verb})
    if not may_decide(actor, report):
        assessor = report.self_assessor_org or report.organisation
        raise PermissionDenied(_("只有%(org)s的上级工会可以%(verb)s这份报告。") % {"org": assessor.name, "verb": verb})


@transaction.atomic
def report_accept(*, actor, report, comment=""):
    report = AcceptanceReport.objects.select_for_update().get(pk=report.pk)
    _lock_check(report)
    _refuse_decision(actor, report, _("验收"))
    if report.state != ReportState.SCORED:
        raise ValidationError(
            {"state": _("只有已评分的报告可以验收（当前为“%(s)s”）。") % {"s": report.get_state_display()}}
        )
    return _transition(
        report, actor, ReportState.ACCEPTED, "accept", decided_by=actor, decided_org=_decider_org(actor, report),
        decided_at=timezone.now(), comment=(comment or "").strip(),
    )  # fmt: skip


@transaction.atomic
def report_return(*, actor, report, comment):
    report = AcceptanceReport.objects.select_for_update().get(pk=report.pk)
    _lock_check(report)
    _refuse_decision(actor, report, _("退回"))
    if report.state not in (ReportState.SUBMITTED, ReportState.SCORED):
        raise ValidationError({"state": _("只有已报送或已评分的报告可以退回。")})
    if not (comment or "").strip():
        raise ValidationError({"comment": _("退回时请写明需要修改的内容。")})
    return _transition(
        report, actor, ReportState.RETURNED, "return", decided_by=actor, decided_org=_decider_org(actor, report),
        decided_at=timezone.now(), comment=comment.strip(),
    )  # fmt: skip


@transaction.atomic
def report_reopen(*, actor, report, comment):
    """The accepting level reopens an accepted report, saying why; it goes back to the inspector for scoring."""
    report = AcceptanceReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.ACCEPTED:
        raise ValidationError({"state": _("只有已验收的报告需要重新打开。")})
    if not may_reopen(actor, report):
        raise PermissionDenied(_("只有验收单位可以重新打开这份报告。"))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("重新打开时请写明原因。")})
    return _transition(report, actor, ReportState.SUBMITTED, "reopen", comment=comment.strip())


# --- inspections, findings, rectifications ------------------------------------------------------------------------
@transaction.atomic
def inspection_save(*, actor, instance, inspectors=None):
    validate(instance)
    save_checked(instance=instance, actor=actor, action="update" if instance.pk else "create")
    if inspectors is not None:
        inspectors = list(inspectors)
        check_inspectors(instance.organisation, inspectors)
        instance.inspectors.set(inspectors)
    return instance


@transaction.atomic
def finding_save(*, actor, instance):
    if not is_assigned(actor, instance.inspection):
        raise PermissionDenied(_("只有指派给这次检查的人员可以记录检查发现。"))
    if instance.pk is None:
        instance.recorded_by = actor
    validate(instance)
    return save_checked(instance=instance, actor=actor, action="update" if instance.pk else "create")


def _rectification_inspection(rectification):
    return rectification.finding.inspection


@transaction.atomic
def rectification_save(*, actor, instance):
    """Open (or correct) a rectification item: the inspectors assigned to the inspection."""
    if instance.finding_id is None:
        raise ValidationError({"finding": _("请选择检查发现。")})
    if not is_assigned(actor, _rectification_inspection(instance)):
        raise PermissionDenied(_("只有指派给这次检查的人员可以提出或修改整改事项。"))
    instance.organisation_id = instance.finding.inspection.organisation_id
    if instance.pk and instance.status == RectificationStatus.VERIFIED:
        raise ValidationError(_("已核查通过的整改事项不能再修改。"))
    validate(instance)
    return save_checked(instance=instance, actor=actor, action="update" if instance.pk else "create")


@transaction.atomic
def rectification_answer(*, actor, rectification, answer, files=()):
    """The union reports the item done, with what it did and its evidence."""
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if not (is_unrestricted(actor) or _orgs_covering(actor, rectification.organisation).exists()):
        raise PermissionDenied(_("整改情况由整改单位（或其上级工会）填报。"))
    if rectification.status not in (RectificationStatus.OPEN, RectificationStatus.REOPENED):
        raise ValidationError(
            {"status": _("该整改事项当前为“%(s)s”，无需填报。") % {"s": rectification.get_status_display()}}
        )
    if not (answer or "").strip():
        raise ValidationError({"answer": _("请写明整改情况。")})
    rectification.answer = answer.strip()
    rectification.answered_by = actor
    rectification.answered_at = timezone.now()
    rectification.status = RectificationStatus.DONE
    save_checked(instance=rectification, actor=actor, action="answer")
    if files:
        attachments_add(actor=actor, model=RectificationEvidence, files=files, rectification=rectification)
    return rectification


@transaction.atomic
def rectification_verify(*, actor, rectification, accepted, note=""):
    """The assigned inspector verifies the union's answer, or reopens the item saying why."""
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if not is_assigned(actor, _rectification_inspection(rectification)):
        raise PermissionDenied(_("只有指派给这次检查的人员可以核查整改。"))
    if rectification.status != RectificationStatus.DONE:
        raise ValidationError({"status": _("只有已填报整改情况的事项可以核查。")})
    if not accepted and not (note or "").strip():
        raise ValidationError({"verify_note": _("核查未通过时请写明原因。")})
    rectification.status = RectificationStatus.VERIFIED if accepted else RectificationStatus.REOPENED
    rectification.verified_by = actor
    rectification.verified_at = timezone.now()
    rectification.verify_note = (note or "").strip()
    return save_checked(instance=rectification, actor=actor, action="verify" if accepted else "reopen")
