"""Reads of the cadre app: who may see a phone in full, and the panels on a union's page."""

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Concat, Left, Right
from django.utils import timezone

from core.scope import CHANGE, VIEW, scope_q

from .choices import POST_ORDER, Employment, Post


def editable_condition(model, user):
    """A condition true on rows `user` may change, for use inside an annotation; None means every row."""
    q = scope_q(model, user, CHANGE)
    return q if q else None


def with_may_edit(queryset, user):
    """Annotate `may_edit`: whether the user may change the row (and so see its phone in full). One CASE in
    the list's own statement instead of a scope check per row."""
    condition = editable_condition(queryset.model, user)
    if condition is None:
        return queryset.annotate(may_edit=Value(True, output_field=BooleanField()))
    return queryset.annotate(
        may_edit=Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def with_phone_shown(queryset, user):
    """Annotate `phone_shown` on cadres: the phone in full where the user may change the cadre, else masked as
    validators.mask_phone does (first three, ****, last four), computed in SQL so that exports stream."""
    phone = F("phone")
    condition = editable_condition(queryset.model, user)
    if condition is None:
        return queryset.annotate(phone_shown=phone)
    masked = Concat(Left(phone, 3), Value("****"), Right(phone, 4), output_field=CharField())
    return queryset.annotate(
        phone_shown=Case(
            When(condition, then=phone), When(phone="", then=Value("")), default=masked, output_field=CharField()
        )
    )


def post_rank():
    return Case(*[When(post=post, then=Value(rank)) for post, rank in POST_ORDER.items()], output_field=IntegerField())


def cadre_team_panel(request, organisation):
    """干部队伍: the current cadres of a union, chair first, with training and the latest appraisal grade."""
    from .models import Cadre, CadreAppraisal, CadreTraining

    cadres = list(
        Cadre.objects.restrict(request.user, VIEW)
        .filter(organisation=organisation, left_on__isnull=True)
        .annotate(
            rank=post_rank(),
            trained=Exists(CadreTraining.objects.filter(cadre=OuterRef("pk"))),
        )
        .order_by("rank", "appointed_on", "pk")
    )
    latest = {}
    if cadres:
        rows = (
            CadreAppraisal.objects.filter(cadre__in=[c.pk for c in cadres])
            .order_by("cadre_id", "-year")
            .values_list("cadre_id", "year", "grade")
        )
        for cadre_id, year, grade in rows:
            latest.setdefault(cadre_id, (year, grade))
    from .choices import Grade

    labels = dict(Grade.choices)
    for cadre in cadres:
        year_grade = latest.get(cadre.pk)
        cadre.latest_year = year_grade[0] if year_grade else None
        cadre.latest_grade = labels.get(year_grade[1]) if year_grade else None
        cadre.latest_grade_code = year_grade[1] if year_grade else None
    total = len(cadres)
    trained = sum(1 for c in cadres if c.trained)
    # The registration names the chair too (with the election date and term): say when the two disagree.
    from unions.models import Registration

    registered = Registration.objects.filter(organisation=organisation).values_list("chair_name", flat=True).first()
    chair_names = {c.name for c in cadres if c.post == Post.CHAIR}
    return {
        "registered_chair": registered if registered and chair_names and registered not in chair_names else None,
        "organisation": organisation,
        "cadres": cadres,
        "total": total,
        "full_time": sum(1 for c in cadres if c.employment == Employment.FULL_TIME),
        "trained": trained,
        "trained_percent": round(trained * 100 / total) if total else None,
        "has_chair": any(c.post == Post.CHAIR for c in cadres),
    }


def contact_cadres_panel(request, organisation):
    """联系干部: for a grassroots union, the cadres assigned to contact it and when each last did."""
    from orgs.choices import Level

    from .models import ContactAssignment, ContactLog

    if organisation.level != Level.GRASSROOTS:
        return {"show": False}
    today = timezone.localdate()
    assignments = list(
        ContactAssignment.objects.restrict(request.user, VIEW)
        .filter(union=organisation, start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("cadre__organisation")
        .order_by("start_on", "pk")
    )
    last = dict(
        ContactLog.objects.restrict(request.user, VIEW)
        .filter(union=organisation)
        .values("cadre_id")
        .annotate(last=Max("date"))
        .values_list("cadre_id", "last")
    )
    for assignment in assignments:
        assignment.last_contact = last.get(assignment.cadre_id)
    logs = ContactLog.objects.restrict(request.user, VIEW).filter(union=organisation).aggregate(n=Count("pk"))
    return {"show": True, "organisation": organisation, "assignments": assignments, "log_count": logs["n"]}
