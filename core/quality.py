"""Data-quality checks: records that contradict each other or the standards, defined once each.

An app registers a `Check` in its AppConfig.ready(): a key, a Chinese label, and a function returning the
flagged records (all of them; scope is applied here). The data-quality page counts them per county, lists
them, and the dashboards can read the same checks; nothing else should re-state what a flag means.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count

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
        rows = rows.filter(subtree_q(check.path, [within]))
    return rows


def counts_by_county(user, keys=None):
    """({county id: Counter(check key → flagged records)}, {id: name}) within `user`'s scope; records above
    any county are counted under None. One grouped query per check on the organisations' county column (a
    county names itself there), whatever the number of records or counties, and one for the names."""
    from orgs.models import Organisation

    counts = {}
    live = _counted_from_rollups(user, list(keys or checks), counts)
    for key in live:
        check = checks[key]
        column = f"{check.path}county_id"
        rows = flagged_for(check, user).order_by().values(column).annotate(n=Count("pk")).values_list(column, "n")
        for county, n in rows:
            counts.setdefault(county, Counter())[key] += n
    ids = [county for county in counts if county is not None]
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return counts, names


def _counted_from_rollups(user, keys, counts):
    """Count into `counts` the checks the maintained rollups (core.registry.rollups) hold for the reader's scope,
    when that scope is whole subtrees of units holding others; return the keys left to count live (those of
    models with a scope rule of their own, or all of them when the scope is not such subtrees)."""
    from django.db.models import F
    from django.utils import timezone

    from orgs.selectors import organisation_tree_roots

    from .registry import registry

    reader = registry.rollups
    if reader is None:
        return keys
    roots = organisation_tree_roots(user=user)
    if not roots or not all(reader.is_bucket(root) for root in roots):
        return keys
    subtree_keys = [key for key in keys if getattr(checks[key].model, "scope_q_for", None) is None]
    year = timezone.localdate().year
    prefix = reader.QUALITY
    with reader.checked(year):
        for root in roots:
            for (county, figure), (n, _d) in reader.prefixed(root, year, prefix, by=F("bucket__county_id")).items():
                key = figure.split(":", 1)[1]
                if key in subtree_keys and n:
                    counts.setdefault(county, Counter())[key] += n
    return [key for key in keys if key not in subtree_keys]


def totals(user=None, keys=None):
    """check key → number of flagged records (the whole database when `user` is None)."""
    result = {}
    for key in keys or checks:
        check = checks[key]
        rows = check.flagged() if user is None else flagged_for(check, user)
        result[key] = rows.count()
    return result
