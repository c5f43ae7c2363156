"""What a union's records already say about its "六有" items: the registration for items 1, 2, 4 and 5; its
workers' home, its station and its activities for item 3 (a place and regular activities); its members' rating
of the home (会员评家) for item 6.

Each fact is one Q over Registration (annotated by `with_facts`; the other records are read by EXISTS on the
union), so the six-has page, the rule that makes "met against the records" need a reason, and the data-quality
flags all read the same definition."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homes.choices import SATISFACTION_BAR  # item 6: the usual bar of 会员评家

from .choices import SixHas

TRAINING_WINDOW = datetime.timedelta(days=365)  # the chair is trained within a year of taking office
MEMBERSHIP_BAR = 95  # per cent, commonly paired with item 1
ACTIVITY_WINDOW = datetime.timedelta(days=365)  # item 3: "regular" activities, at least one in the last year
RATING_YEARS = 2  # item 6 reads a rating of this year or last year


@dataclass(frozen=True)
class Fact:
    key: str
    item: int
    label: str  # what the records say when the fact holds (a problem)

    def q(self):
        return FACT_Q[self.key]()


def _untrained_q():
    today = timezone.localdate()
    return Q(chair_elected_on__lt=today - TRAINING_WINDOW) & (
        Q(chair_trained_on__isnull=True) | Q(chair_trained_on__gt=F("fact_training_deadline"))
    )


def _no_place_q():
    """Neither a workers' home in use nor a station of its own that is running."""
    from homes.choices import HomeStatus
    from homes.models import WorkersHome
    from stations.choices import StationStatus
    from stations.models import ServiceStation

    home = WorkersHome.objects.filter(organisation=OuterRef("organisation"), status=HomeStatus.IN_USE)
    station = ServiceStation.objects.filter(host=OuterRef("organisation"), status=StationStatus.ACTIVE)
    return Q(~Exists(home), ~Exists(station))


def _no_activities_q():
    from activities.models import Activity

    since = timezone.localdate() - ACTIVITY_WINDOW
    return ~Q(Exists(Activity.objects.filter(organisation=OuterRef("organisation"), date__gte=since)))


def _recent_ratings():
    from homes.models import SatisfactionRating

    first = timezone.localdate().year - RATING_YEARS + 1
    return SatisfactionRating.objects.filter(home__organisation=OuterRef("organisation"), year__gte=first)


def _no_rating_q():
    return ~Q(Exists(_recent_ratings()))


def _rating_low_q():
    latest = _recent_ratings().order_by("-year").values("percent")[:1]
    return Q(LessThan(Subquery(latest), SATISFACTION_BAR))


FACT_Q = {
    "no_chair": lambda: Q(chair_elected_on__isnull=True),
    "term_lapsed": lambda: Q(next_election_due__lt=timezone.localdate()),
    "chair_untrained": _untrained_q,
    "membership_low": lambda: (
        Q(members__isnull=False, fact_total_employees__gt=0)
        & Q(fact_members_pct__lt=MEMBERSHIP_BAR * F("fact_total_employees"))
    ),
    "no_funds_committee": lambda: Q(funds_committee_on__isnull=True),
    "no_women_committee": lambda: Q(women_committee_on__isnull=True),
    "no_workers_congress": lambda: Q(workers_congress=False),
    "no_open_affairs": lambda: Q(open_affairs=False),
    "no_account": lambda: Q(independent_account=False),
    "no_place": _no_place_q,
    "no_activities": _no_activities_q,
    "no_rating": _no_rating_q,
    "rating_low": _rating_low_q,
}

FACTS = (
    Fact("no_chair", SixHas.CHAIR, _("未登记主席当选日期")),
    Fact("term_lapsed", SixHas.CHAIR, _("主席任期已届满，未按期换届")),
    Fact("chair_untrained", SixHas.CHAIR, _("主席当选一年内未参加培训")),
    Fact("membership_low", SixHas.CHAIR, _("入会率低于95%")),
    Fact("no_funds_committee", SixHas.ORGANISATION, _("未建立经费审查委员会")),
    Fact("no_women_committee", SixHas.ORGANISATION, _("未建立女职工委员会")),
    Fact("no_workers_congress", SixHas.RULES, _("未建立职代会制度")),
    Fact("no_open_affairs", SixHas.RULES, _("未实行厂务公开")),
    Fact("no_account", SixHas.FUNDS, _("工会经费未独立建账")),
    Fact("no_place", SixHas.VENUE, _("没有使用中的职工之家或运行中的服务站")),
    Fact("no_activities", SixHas.VENUE, _("近12个月没有登记服务职工的活动")),
    Fact("no_rating", SixHas.PERFORMANCE, _("今年和去年都没有会员评家结果")),
    Fact("rating_low", SixHas.PERFORMANCE, _("最近一次会员评家满意率低于90%")),
)
FACTS_BY_ITEM = {item: [f for f in FACTS if f.item == item] for item in SixHas}


def with_facts(queryset):
    """Registrations annotated with what the fact Qs read (employees of every covered unit included)."""
    from .models import CoveredEmployer

    covered = (
        CoveredEmployer.objects.filter(registration=OuterRef("pk"))
        .order_by()
        .values("registration")
        .annotate(n=Sum("employees"))
        .values("n")
    )
    return queryset.annotate(
        fact_total_employees=ExpressionWrapper(
            F("employees") + Coalesce(Subquery(covered, output_field=IntegerField()), Value(0)),
            output_field=IntegerField(),
        ),
        fact_members_pct=ExpressionWrapper(F("members") * 100, output_field=IntegerField()),
        fact_training_deadline=ExpressionWrapper(F("chair_elected_on") + TRAINING_WINDOW, output_field=DateField()),
    )


def registrations_contradicting(item):
    """Registrations whose records say `item` cannot be met (any of its facts holds)."""
    from .models import Registration

    q = Q(pk__in=[])
    for fact in FACTS_BY_ITEM.get(item, ()):
        q |= fact.q()
    return with_facts(Registration.objects.all()).filter(q)


def facts_for(registration):
    """{item: [labels of the facts that hold]} for one registration, in one query; {} without a record."""
    if registration is None or registration.pk is None:
        return {}
    return facts_by_union([registration.organisation_id]).get(registration.organisation_id, {})


def facts_by_union(organisation_ids):
    """{union id: {item: [labels of the facts that hold]}} for the registrations of many unions, in one query
    (an import's batch checks all its six-has rows at once)."""
    from .models import Registration

    flags = {
        f.key: Case(When(f.q(), then=Value(True)), default=Value(False), output_field=BooleanField()) for f in FACTS
    }
    rows = with_facts(Registration.objects.filter(organisation_id__in=set(organisation_ids))).annotate(**flags)
    result = {}
    for row in rows.values("organisation_id", *flags):
        held = result.setdefault(row["organisation_id"], {})
        for fact in FACTS:
            if row[fact.key]:
                held.setdefault(fact.item, []).append(fact.label)
    return result
