"""Extension points through which apps plug into shared screens without the shared code importing them.

- menu: the top navigation (会 / 站 / 家 / 考核 / 统计); an app fills its section in AppConfig.ready().
- panels: boxes on an object's page (the union page shows 会, 站 and 家 panels registered by each app); a panel
  may also say what it reads with the object's own query (`queryset`), loaded once for the whole page.
- search: models the global search looks through.
- waiting: things waiting for a user, shown on the home page.
- home: boxes on the home page for what a user's role does most (an app's context returns None to show nothing).
- lists: list views by "app.model", so that a Celery worker can rebuild a list's export from its filter.
- demo: fillers `seed_demo` runs after the tree and users exist, each app adding its sample records.
- reminders: sources of in-app notifications, read by the periodic reminders task (core/reminders.py gives
  the contract: a callable taking no arguments that yields `core.reminders.Reminder`s).
- targets: `targets(org, year, keys)` → {figure key: target value} set by the plans of the level above
  (assessment registers it), which the figures API shows beside each figure.
- rollups: the maintained rollups (figures.rollups registers itself), through which pages of the lower layers
  (/orgs/stats/, return completeness, data quality) count a subtree in a fixed time whatever its size; None
  when not installed, and those pages then count live.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy, pgettext_lazy

MENU_SECTIONS = [
    # key, label, icon. 家 alone is also a unit of count and a rubric group, so the menu's has a context of its
    # own: in English it names the workers' homes, not the portal's home page.
    ("hui", gettext_lazy("会"), "bi-people"),
    ("zhan", gettext_lazy("站"), "bi-house-heart"),
    ("jia", pgettext_lazy("menu", "家"), "bi-house-door"),
    ("kaohe", gettext_lazy("考核"), "bi-clipboard-check"),
    ("tongji", gettext_lazy("统计"), "bi-bar-chart"),
]


@dataclass
class MenuItem:
    label: str
    url_name: str
    permission: Callable | None = None  # user -> bool


@dataclass
class Panel:
    name: str
    template: str
    context: Callable  # (request, obj) -> dict
    order: int = 100
    # (queryset, request) -> queryset: what the panel reads with the object itself (select_related, annotations),
    # applied to the page's one query for the object, so that the panel's context needs no query of its own.
    queryset: Callable | None = None


@dataclass
class SearchTarget:
    model: type
    fields: tuple
    label: str
    order: int = 100


@dataclass
class Registry:
    menu: dict = field(default_factory=lambda: {key: [] for key, _label, _icon in MENU_SECTIONS})
    panels: dict = field(default_factory=dict)
    search: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    lists: dict = field(default_factory=dict)
    demo: list = field(default_factory=list)
    home: list = field(default_factory=list)
    reminders: list = field(default_factory=list)
    rollups: object = None
    targets: object = None


registry = Registry()


def register_targets(reader):
    registry.targets = reader


def register_rollups(reader):
    """`reader` offers is_bucket(org), sums(org, year, figures=…, by=…) and prefixed(org, year, prefix, by=…)."""
    registry.rollups = reader


def register_menu_item(section, label, url_name, permission=None):
    registry.menu[section].append(MenuItem(label, url_name, permission))


def register_panel(model, name, template, context, order=100, queryset=None):
    registry.panels.setdefault(model, []).append(Panel(name, template, context, order, queryset))
    registry.panels[model].sort(key=lambda p: p.order)


def register_search(model, fields, label, order=100):
    registry.search.append(SearchTarget(model, tuple(fields), label, order))
    registry.search.sort(key=lambda t: t.order)


def register_list(label, view_class):
    """Make a list view's filter and export available to background export jobs under `label`."""
    registry.lists[label] = view_class
    return view_class


def register_waiting(provider):
    """`provider(user)` returns a list of dicts: label, count, url."""
    registry.waiting.append(provider)
    return provider


def register_demo(filler, order=100):
    """`filler(*, seed, stdout)` adds an app's demo records to the demo tree; it must be idempotent (run again,
    it changes nothing) and deterministic from `seed`."""
    registry.demo.append((order, filler))
    registry.demo.sort(key=lambda item: item[0])
    return filler


def register_home_panel(template, context, order=100):
    """`context(user)` returns the box's context, or None when the box has nothing for that user."""
    registry.home.append((order, template, context))
    registry.home.sort(key=lambda item: item[0])


def register_reminders(source):
    """`source()` yields core.reminders.Reminder items (or (user, kind, text, url, key) tuples); see there."""
    registry.reminders.append(source)
    return source
