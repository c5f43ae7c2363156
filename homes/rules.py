"""家 rules that read other records: the honours ladder, the model-home bars and the members a rating can
have. Model `clean()` methods call these, so forms, the import and the API refuse the same things; the
data-quality checks (homes.quality) flag what was saved before the rules or with an override."""

from django.utils.translation import gettext as _

from .choices import MEMBERSHIP_BAR, SATISFACTION_BAR, HonourLevel, HonourTitle

# next-lower naming level: a home holds the title there first (ACFTU rules of 2020, provincial practice)
LADDER = {
    HonourLevel.NATIONAL: HonourLevel.PROVINCIAL,
    HonourLevel.PROVINCIAL: HonourLevel.PREFECTURE,
    HonourLevel.PREFECTURE: HonourLevel.COUNTY,
}
MODEL_TITLES = (HonourTitle.MODEL_HOME, HonourTitle.MODEL_SMALL_HOME)


def members_of(organisation_id):
    """Members on the union's registration, or None when it has none (townships and counties keep none)."""
    from unions.models import Registration

    return Registration.objects.filter(organisation_id=organisation_id).values_list("members", flat=True).first()


def membership_rate_of(organisation_id):
    from unions.models import Registration

    registration = Registration.objects.filter(organisation_id=organisation_id).first()
    return registration.membership_rate if registration else None


def honour_problems(honour):
    """What keeps `honour` from following the ladder and the bars (empty when nothing does)."""
    from .models import Honour, SatisfactionRating

    problems = []
    lower = LADDER.get(honour.level)
    if lower is not None:
        held = Honour.objects.filter(home_id=honour.home_id, title=honour.title, level=lower, year__lte=honour.year)
        if honour.pk:
            held = held.exclude(pk=honour.pk)
        if not held.exists():
            problems.append(
                _("命名%(level)s%(title)s前须先获得%(lower)s%(title)s")
                % {"level": honour.get_level_display(), "title": honour.get_title_display(),
                   "lower": HonourLevel(lower).label}
            )  # fmt: skip
    if honour.title in MODEL_TITLES:
        rate = membership_rate_of(honour.home.organisation_id)
        if rate is not None and rate * 100 < MEMBERSHIP_BAR:
            problems.append(_("入会率 %(r).1f%% 低于 %(bar)d%%") % {"r": rate * 100, "bar": MEMBERSHIP_BAR})
        rating = (
            SatisfactionRating.objects.filter(home_id=honour.home_id, year__lte=honour.year).order_by("-year").first()
        )
        if rating is not None and rating.percent < SATISFACTION_BAR:
            problems.append(_("会员评家满意率 %(p)s%% 低于 %(bar)d%%") % {"p": rating.percent, "bar": SATISFACTION_BAR})
    return problems
