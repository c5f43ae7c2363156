"""会 data-quality checks (see core.quality): each flag defined once, here."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.quality import Check, register_check
from orgs.choices import Level
from orgs.validators import GRASSROOTS_UNION_KIND, OWNERSHIP_AUTHORITY, UNION_AUTHORITY

from .choices import ItemState, SixHas
from .facts import FACTS_BY_ITEM, _untrained_q, registrations_contradicting, with_facts
from .models import AnnualReturn, Registration, SixHasItem


def met_against_records(item):
    def flagged():
        return SixHasItem.objects.filter(item=item, state=ItemState.MET, override_reason="").filter(
            organisation__registration__in=registrations_contradicting(item).values("pk")
        )

    return flagged


def met_items_now():
    return Coalesce(
        Subquery(
            SixHasItem.objects.filter(organisation=OuterRef("organisation"), state=ItemState.MET)
            .order_by()
            .values("organisation")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def returns_differing():
    return AnnualReturn.objects.annotate(met_now=met_items_now()).exclude(six_has_met=F("met_now"))


def _six_has_label(item):
    return _("六有第%(n)d项评为达标，但现有记录不符") % {"n": item.value}


def _six_has_hint(item):
    facts = "、".join(str(f.label) for f in FACTS_BY_ITEM[item])
    return _("现有记录：%(facts)s。请核实后改评（或先补全记录），或在评定中写明理由。") % {"facts": facts}


def register():
    for item in SixHas:
        register_check(
            Check(
                key=f"six_has_{item.value}",
                # formatted when shown, in the reader's language (registered once, at start-up)
                label=lazy(_six_has_label, str)(item),
                section="hui",
                flagged=met_against_records(item),
                hint=lazy(_six_has_hint, str)(item),
            )
        )
    register_check(
        Check(
            key="return_six_has",
            label=_("年度报表的六有达标项数与现有评定不一致"),
            section="hui",
            flagged=returns_differing,
            hint=_("报表保留报送时的数字；现有六有评定已变化的，请核实是否需要更正报表。"),
        )
    )
    register_check(
        Check(
            key="committee_over_members",
            label=_("委员人数多于会员人数"),
            section="hui",
            flagged=lambda: Registration.objects.filter(committee_members__gt=F("members")),
        )
    )
    register_check(
        Check(
            key="joint_without_employers",
            label=_("联合基层工会未填写其他覆盖单位"),
            section="hui",
            flagged=lambda: Registration.objects.filter(is_joint=True, covered_employers__isnull=True),
        )
    )
    register_check(
        Check(
            key="chair_untrained",
            label=_("主席当选一年内未参加培训"),
            section="hui",
            flagged=lambda: with_facts(Registration.objects.all()).filter(_untrained_q()),
        )
    )
    register_check(
        Check(
            key="union_code_is_employer_code",
            label=_("工会信用代码与所在单位相同"),
            section="hui",
            flagged=lambda: Registration.objects.exclude(employer_credit_code="").filter(
                employer_credit_code=F("organisation__credit_code")
            ),
            hint=_("工会（81 开头）与单位（如 91 开头）各有自己的统一社会信用代码。"),
        )
    )
    register_check(
        Check(
            key="union_code_not_union",
            label=_("基层工会的信用代码不是工会代码（81 开头）"),
            section="hui",
            flagged=lambda: (
                _organisations()
                .filter(level=Level.GRASSROOTS)
                .exclude(credit_code="")
                .exclude(credit_code__startswith=GRASSROOTS_UNION_KIND)
            ),
        )
    )
    register_check(
        Check(
            key="employer_code_kind",
            label=_("单位信用代码与单位类型不符"),
            section="hui",
            flagged=lambda: Registration.objects.exclude(employer_credit_code="").filter(_employer_code_wrong_q()),
            hint=_("企业 91、个体工商户 92、机关事业单位 11/12、社会组织 5 开头；8 开头是工会的代码。"),
        )
    )


def _employer_code_wrong_q():
    """orgs.validators.employer_code_error as a Q: a union's code (8…), or a first character that does not fit
    the kind of employer (OWNERSHIP_AUTHORITY, the one table)."""
    wrong = Q(employer_credit_code__startswith=UNION_AUTHORITY)
    for ownership, (head, _label) in OWNERSHIP_AUTHORITY.items():
        wrong |= Q(employer_ownership=ownership) & ~Q(employer_credit_code__startswith=head)
    return wrong


def _organisations():
    from orgs.models import Organisation

    return Organisation.objects.all()
