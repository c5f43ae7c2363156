"""Which tier a station earns from its review, and what keeps it from the next one."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.text import join_clauses

from .choices import CHECKLIST, TIER_ORDER, ServiceCategory, Tier

# Used when the TierRule table is empty (a fresh database before migrations' defaults, or tests that clear it).
# Demonstration needs the whole checklist and all five services in a sizeable place; standard most of them.
DEFAULT_RULES = {
    Tier.DEMONSTRATION: {"min_checklist_items": 6, "min_services": 5, "min_floor_area": Decimal("100")},
    Tier.STANDARD: {"min_checklist_items": 4, "min_services": 3, "min_floor_area": Decimal("30")},
}


def rules():
    """{tier: {min_checklist_items, min_services, min_floor_area}} for the tiers above 普通型."""
    from .models import TierRule

    found = {
        row.tier: {
            "min_checklist_items": row.min_checklist_items,
            "min_services": row.min_services,
            "min_floor_area": row.min_floor_area,
        }
        for row in TierRule.objects.exclude(tier=Tier.ORDINARY)
    }
    return found or DEFAULT_RULES


@dataclass
class Assessment:
    tier: str
    next_tier: str | None = None
    gaps: list = field(default_factory=list)

    @property
    def tier_label(self):
        return Tier(self.tier).label

    @property
    def next_tier_label(self):
        return Tier(self.next_tier).label if self.next_tier else ""


def area_text(value):
    """120 rather than 120.0, 85.5 as it is."""
    return f"{Decimal(value).normalize():f}"


def shortfalls(rule, *, items_missing, items_met, categories, floor_area):
    """Plain-language reasons a station falls short of `rule` (empty when it meets it)."""
    gaps = []
    if items_met < rule["min_checklist_items"]:
        gaps.append(
            _("“六有”需满足至少 %(need)d 项，现满足 %(have)d 项；未满足：%(missing)s")
            % {"need": rule["min_checklist_items"], "have": items_met, "missing": join_clauses(items_missing)}
        )
    if len(categories) < rule["min_services"]:
        missing = [str(label) for value, label in ServiceCategory.choices if value not in categories]
        gaps.append(
            _("需开展至少 %(need)d 类服务，现开展 %(have)d 类；未开展：%(missing)s")
            % {"need": rule["min_services"], "have": len(categories), "missing": join_clauses(missing)}
        )
    need_area = Decimal(rule["min_floor_area"] or 0)
    if need_area and (floor_area is None or floor_area < need_area):
        have = _("未填写") if floor_area is None else _("%(area)s 平方米") % {"area": area_text(floor_area)}
        gaps.append(_("面积需不少于 %(need)s 平方米，现为 %(have)s") % {"need": area_text(need_area), "have": have})
    return gaps


def assess(station, review, *, categories=None, tier_rules=None):
    """The tier `station` earns with `review` (a StationReview, possibly unsaved) and, unless it is already
    示范型, the gaps to the next tier up."""
    tier_rules = tier_rules if tier_rules is not None else rules()
    if categories is None:
        categories = set(station.services.values_list("category", flat=True)) if station.pk else set()
    items_missing = [str(label) for name, label in CHECKLIST if not getattr(review, name)]
    facts = {
        "items_missing": items_missing,
        "items_met": len(CHECKLIST) - len(items_missing),
        "categories": set(categories),
        "floor_area": station.floor_area,
    }
    earned = Tier.ORDINARY
    for tier in TIER_ORDER:
        rule = tier_rules.get(tier)
        if rule is not None and not shortfalls(rule, **facts):
            earned = tier
            break
    index = TIER_ORDER.index(earned)
    if index == 0:
        return Assessment(tier=earned)
    next_tier = TIER_ORDER[index - 1]
    return Assessment(tier=earned, next_tier=next_tier, gaps=shortfalls(tier_rules[next_tier], **facts))
