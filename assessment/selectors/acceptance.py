"""Reads of the assessment app: what is waiting for whom."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import CHANGE, VIEW, is_unrestricted, role_org_ids, subtree_q

from ..acceptance_choices import SELF_EDITABLE, RectificationStatus, ReportState


# --- acceptance and inspections -----------------------------------------------------------------------------------
def assigned_reports(user):
    from ..models import AcceptanceReport

    return AcceptanceReport.objects.restrict(user, VIEW).filter(inspectors=user)


def reports_to_self_assess(user):
    from ..models import AcceptanceReport

    if is_unrestricted(user):
        return AcceptanceReport.objects.filter(state__in=SELF_EDITABLE)
    return AcceptanceReport.objects.filter(subtree_q("organisation__", role_org_ids(user, CHANGE))).filter(
        state__in=SELF_EDITABLE
    )


def reports_awaiting_acceptance(user):
    """Scored reports the user may accept: those whose self-assessor's level lies strictly below one of their
    write roles (never their own self-assessment)."""
    from django.db.models import Q

    from ..models import AcceptanceReport

    scored = AcceptanceReport.objects.filter(state=ReportState.SCORED).exclude(self_assessed_by=user)
    if is_unrestricted(user):
        return scored
    ids = role_org_ids(user, CHANGE)
    return scored.filter(
        subtree_q("self_assessor_org__", ids, strict=True)
        | (Q(self_assessor_org__isnull=True) & subtree_q("organisation__", ids, strict=True))
    )


def rectifications_due(*, user=None, within_days=7, today=None):
    """Rectification items still waiting on the union whose deadline is within `within_days` or has passed, with
    `overdue` on each; for one user (the union side and the assigned inspectors see theirs) or, with user=None,
    all of them (for the reminder task, which groups them by whom to tell)."""
    from datetime import timedelta

    from ..models import Rectification

    today = today or timezone.localdate()
    items = Rectification.objects.pending().filter(deadline__lte=today + timedelta(days=within_days))
    if user is not None:
        items = items.restrict(user, CHANGE)
    return items.select_related("organisation", "finding__inspection").order_by("deadline", "pk")


def rectifications_to_answer(user):
    from ..models import Rectification

    if is_unrestricted(user):
        return Rectification.objects.pending()
    return Rectification.objects.pending().filter(subtree_q("organisation__", role_org_ids(user, CHANGE)))


def rectifications_to_verify(user):
    from ..models import Inspection, Rectification

    return Rectification.objects.filter(status=RectificationStatus.DONE, finding__inspection__in=Inspection.assigned_to(
        user).values("pk"))  # fmt: skip


def acceptance_waiting(user):
    """Waiting items on the home page for each kind of desk."""
    list_url = reverse("assessment:acceptancereport_list")
    rect_url = reverse("assessment:rectification_list")
    items = [
        {"label": _("指派给我、待评分的验收报告"), "count": assigned_reports(user).filter(state=ReportState.SUBMITTED).count(),
         "url": f"{list_url}?mine=true&state=submitted"},
        {"label": _("待核查的整改事项"), "count": rectifications_to_verify(user).count(), "url": f"{rect_url}?status=done"},
        {"label": _("待验收的考核验收报告"), "count": reports_awaiting_acceptance(user).count(),
         "url": f"{list_url}?state=scored"},
    ]  # fmt: skip
    if role_org_ids(user, CHANGE) and not is_unrestricted(user):
        items += [
            {"label": _("待自评的验收报告"), "count": reports_to_self_assess(user).count(),
             "url": f"{list_url}?state=draft&state=returned"},
            {"label": _("待整改的事项"), "count": rectifications_to_answer(user).count(), "url": f"{rect_url}?status=open&status=reopened"},
            {"label": _("已逾期的整改事项"), "count": rectifications_to_answer(user).overdue().count(),
             "url": f"{rect_url}?overdue=true"},
        ]  # fmt: skip
    return items


def home_desk(user):
    """What the home page shows each role of the acceptance work: the inspector the reports and rectifications
    assigned to them with their deadlines; the union side its self-assessments to fill and rectifications to
    answer, beside its daily quick actions; the levels above the reports waiting for their acceptance and the
    target progress of their children."""
    from orgs.choices import WRITE_ROLE_KINDS, Level, RoleKind
    from orgs.models import Role

    from ..models import Rectification

    roles = set(Role.objects.filter(user=user).values_list("kind", "organisation__level"))
    kinds = {kind for kind, _level in roles}
    # the union side's desk, with its quick actions, for those who write at a county (a viewer or an inspector
    # placed at a county reads only)
    county_writer = any(kind in WRITE_ROLE_KINDS and level == Level.COUNTY for kind, level in roles)
    desk = {}
    if RoleKind.INSPECTOR in kinds or is_unrestricted(user):
        desk["to_score"] = list(
            assigned_reports(user).filter(state=ReportState.SUBMITTED).select_related("organisation")[:10]
        )
        desk["to_verify"] = list(rectifications_to_verify(user).select_related("organisation")[:10])
        desk["assigned_open"] = list(
            Rectification.objects.pending()
            .filter(finding__inspection__in=_assigned_inspections(user))
            .select_related("organisation")
            .order_by("deadline")[:10]
        )
    if RoleKind.COUNTY_OFFICER in kinds or county_writer:
        desk["to_self_assess"] = list(reports_to_self_assess(user).select_related("organisation")[:10])
        desk["to_answer"] = list(
            rectifications_to_answer(user).select_related("organisation").order_by("deadline")[:10]
        )
        desk["quick_actions"] = True
    if kinds & {RoleKind.PREFECTURE_OFFICER, RoleKind.PROVINCE_STAFF} or is_unrestricted(user):
        desk["to_accept"] = list(reports_awaiting_acceptance(user).select_related("organisation")[:10])
        desk["plans"] = _target_states(user)
    if not desk:
        return None
    desk["today"] = timezone.localdate()
    return desk


def _assigned_inspections(user):
    from ..models import Inspection

    return Inspection.assigned_to(user).values("pk")


def _target_states(user):
    """This year's target plans issued by the user's levels (their pages show each child's progress, computed
    live through the figures)."""
    from collections import Counter

    from ..models import Target, TargetPlan
    from ..models.planning import TargetState
    from .planning import annotate_progress

    year = timezone.localdate().year
    plans = TargetPlan.objects.restrict(user, VIEW).filter(year=year).select_related("issuer")
    if not is_unrestricted(user):
        plans = plans.filter(issuer_id__in=role_org_ids(user, CHANGE))
    plans = list(plans[:5])
    targets = annotate_progress(
        list(
            Target.objects.restrict(user, VIEW)
            .filter(indicator__plan__in=plans)
            .select_related("indicator__plan", "organisation")
        )
    )
    counts = {plan.pk: Counter() for plan in plans}
    for target in targets:
        counts[target.indicator.plan_id][target.state] += 1
    for plan in plans:
        # Met / on track / behind over the children's targets, live from the figures (the plan page has the rows).
        plan.state_counts = [(state, label, counts[plan.pk].get(state, 0)) for state, label in TargetState.choices]
    return plans
