"""Data-quality checks: records that contradict each other or the standards, defined once each.

An app registers a `Check` in its AppConfig.ready(): a key, a Chinese label, and a function returning the
flagged records (all of them; scope is applied here). The data-quality page counts them per county, lists
them, and the dashboards can read the same checks; nothing else should re-state what a flag means.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .scope import VIEW, subtree_q


@dataclass
class Check:
    key: str
    label: str
    section: str  # menu section: hui / zhan / jia
    flagged: Callable  # () -> queryset of the flagged records, unscoped
    org_path: str = ""  # lookup from a record to its organisation; the model's scope_path when blank
    hint: str = ""  # what to do about it, shown above the list

    @property
    def model(self):
        return self.flagged().model

    @property
    def path(self):
        return self.org_path or self.model.scope_path


checks: dict[str, Check] = {}


def register_check(check):
    checks[check.key] = check
    return check


def flagged_for(check, user, within=None):
    """The records `check` flags that `user` may read, optionally cut to the subtree of `within` (a county)."""
    rows = check.flagged().restrict(user, VIEW)
    if within is not None:
        rows = rows.filter(subtree_q(check.path, [within.pk]))
    return rows


def _county_of(org_id, parent_of, level_of):
    node = org_id
    while node is not None:
        if level_of.get(node) == "county":
            return node
        node = parent_of.get(node)
    return None


class CountyMap:
    """Places organisations in their county by walking the parent chain (a few steps), which does not depend on
    how the tree is numbered; one query for the ~500 organisations above grassroots level."""

    def __init__(self):
        from orgs.models import Organisation

        upper = Organisation.objects.exclude(level="grassroots").values_list("pk", "parent_id", "level", "name")
        self.parent_of, self.level_of, self.names = {}, {}, {}
        for pk, parent_id, level, name in upper:
            self.parent_of[pk], self.level_of[pk], self.names[pk] = parent_id, level, name

    def county(self, org_id, parent_id):
        """The county of an organisation given its id and parent id (None above county level)."""
        return _county_of(org_id if org_id in self.level_of else parent_id, self.parent_of, self.level_of)


def counts_by_county(user, keys=None):
    """({county id: Counter(check key → flagged records)}, {id: name}) within `user`'s scope; records above
    any county are counted under None."""
    places = CountyMap()
    counts = {}
    for key in keys or checks:
        check = checks[key]
        path = check.path
        rows = flagged_for(check, user).values_list(f"{path}id", f"{path}parent_id").order_by()
        for org_id, parent_id in rows:
            counts.setdefault(places.county(org_id, parent_id), Counter())[key] += 1
    return counts, places.names


def totals(user=None, keys=None):
    """check key → number of flagged records (the whole database when `user` is None)."""
    result = {}
    for key in keys or checks:
        check = checks[key]
        rows = check.flagged() if user is None else flagged_for(check, user)
        result[key] = rows.count()
    return result
