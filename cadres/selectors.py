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
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Left, Right
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
    from unions.models import Registration

    from .models import Cadre, CadreAppraisal, CadreTraining

    # One query: the latest appraisal and the registration's chair are scalar subqueries of each row.
    latest = CadreAppraisal.objects.filter(cadre=OuterRef("pk")).order_by("-year", "-pk")
    cadres = list(
        Cadre.objects.restrict(request.user, VIEW)
        .filter(organisation=organisation, left_on__isnull=True)
        .annotate(
            rank=post_rank(),
            trained=Exists(CadreTraining.objects.filter(cadre=OuterRef("pk"))),
            latest_year=Subquery(latest.values("year")[:1]),
            latest_grade_code=Subquery(latest.values("grade")[:1]),
            registered_chair=Subquery(
                Registration.objects.filter(organisation=OuterRef("organisation_id")).values("chair_name")[:1]
            ),
        )
        .order_by("rank", "appointed_on", "pk")
    )
    from .choices import Grade

    labels = dict(Grade.choices)
    for cadre in cadres:
        cadre.latest_grade = labels.get(cadre.latest_grade_code) if cadre.latest_grade_code else None
    total = len(cadres)
    trained = sum(1 for c in cadres if c.trained)
    # The registration names the chair too (with the election date and term): say when the two disagree.
    registered = cadres[0].registered_chair if cadres else None
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


def with_contact_log_count(queryset, request):
    """Organisations with `contact_log_count`: the contact logs about each that the reader may see (the 联系干部
    panel's count), as a scalar subquery of the organisation's own row."""
    from .models import ContactLog

    logs = (
        ContactLog.objects.restrict(request.user, VIEW)
        .filter(union=OuterRef("pk"))
        .order_by()
        .values("union")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(contact_log_count=Coalesce(Subquery(logs[:1]), 0))


def contact_cadres_panel(request, organisation):
    """联系干部: for a grassroots union, the cadres assigned to contact it and when each last did."""
    from orgs.choices import Level

    from .models import ContactAssignment, ContactLog

    if organisation.level != Level.GRASSROOTS:
        return {"show": False}
    today = timezone.localdate()
    logs = ContactLog.objects.restrict(request.user, VIEW).filter(union=organisation)
    # One query: each assignment's last contact is a scalar subquery of its row; the log count came with the
    # organisation (with_contact_log_count) on the union's page.
    assignments = list(
        ContactAssignment.objects.restrict(request.user, VIEW)
        .filter(union=organisation, start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("cadre__organisation")
        .annotate(
            last_contact=Subquery(
                logs.filter(cadre=OuterRef("cadre_id"))
                .order_by()
                .values("cadre")
                .annotate(last=Max("date"))
                .values("last")
            ),
        )
        .order_by("start_on", "pk")
    )
    count = organisation.__dict__.get("contact_log_count")
    if count is None:
        count = logs.aggregate(n=Count("pk"))["n"]
    return {"show": True, "organisation": organisation, "assignments": assignments, "log_count": count}
