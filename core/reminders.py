"""What a reminder source gives the periodic reminders task (notifications.tasks.send_reminders).

An app registers a source with `core.registry.register_reminders(source)`. `source()` takes no arguments and
yields `Reminder`s (a plain tuple (user, kind, text, url, key) is accepted too):

- user: the User to tell (use `nearest_writers` to find the officers whose desk an item is on);
- kind: a short code of the app's choosing, e.g. "unions.election_soon", "assessment.rectification_overdue";
- text: a Chinese message id marked with gettext_noop, with %(name)s placeholders filled from `params` when it is
  shown, so that each reader sees it in their own language;
- url: the page the reminder is about (a path inside the portal);
- key: what makes the reminder unique for that user, including the state it reports (e.g.
  "unions.election:42:2027-01-31:soon"): running the task again creates nothing for a key the user already
  has, and a new state (the term lapsed) is a new key, hence a new reminder;
- params: the values of the placeholders (JSON-serialisable; dates as strings);
- organisation: the Organisation the item belongs to, so that a user whose scope no longer covers it stops
  seeing the reminder.

The task runs daily under `celery beat`; a source should ask only for what is due (one or two grouped queries),
since it runs over the whole province.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .scope import CHANGE


@dataclass
class Reminder:
    user: Any
    kind: str
    text: str
    url: str
    key: str
    params: dict = field(default_factory=dict)
    organisation: Any = None


def nearest_writers(organisations):
    """{organisation id: [users]}: for each organisation, the active users holding a write role at the nearest
    of the organisation and its ancestors where anyone holds one — the officers whose desk it is on (a county
    officer for a union of the county; the prefecture where the county has no officer yet)."""
    from orgs.models import Role

    roles = Role.objects.filter(
        kind__in=Role.kinds_for(CHANGE), organisation__status="active", user__is_active=True
    ).select_related("user", "organisation")
    users = defaultdict(list)
    for role in roles:
        if role.user not in users[role.organisation_id]:
            users[role.organisation_id].append(role.user)
    result = {}
    for org in organisations:
        # The ancestor columns name the chain top-down; the parent is the nearest holder above the row itself.
        chain = [org.pk, org.parent_id, org.township_id, org.county_id, org.prefecture_id, org.province_id]
        result[org.pk] = next((users[pk] for pk in chain if pk is not None and pk in users), [])
    return result
