"""Template helpers available in every template (registered as builtins in settings)."""

from django import template

from core.urls_helpers import model_url_name as _model_url_name

register = template.Library()


@register.filter
def model_url_name(model, action):
    """{% url model|model_url_name:'list' %} → the model's URL name for that action."""
    return _model_url_name(model, action)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (page and export links keep the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    query.pop("page", None) if "export" in changes else None
    return query.urlencode()


@register.filter
def verbose_name_plural(model):
    """{{ formset.model|verbose_name_plural }}: a model's plural name (templates cannot read _meta)."""
    return model._meta.verbose_name_plural


@register.simple_tag
def version_field(obj):
    """The hidden version of `obj` for a form that acts on it (an approval button): the action is refused if the
    record changed after the page was read (core.versions)."""
    from django.utils.html import format_html

    from core.versions import FIELD, version_of

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, version_of(obj))


@register.filter
def tree_path(text):
    """{{ org.path_display|tree_path }}: a path on one line, cut from the left, whole in its title (as in lists)."""
    from core.tables import path_html

    return path_html(text)


@register.filter
def picker_name(label):
    """The chosen record's own name out of a picker label that reads as a path ("省 / 市 / 县 / 名称")."""
    from core.tables import PATH_SEPARATOR

    return str(label or "").rsplit(PATH_SEPARATOR, 1)[-1]


@register.filter
def picker_ancestors(label):
    """The ancestors part of a picker label that reads as a path; empty for a plain label."""
    from core.tables import PATH_SEPARATOR

    parts = str(label or "").rsplit(PATH_SEPARATOR, 1)
    return parts[0] if len(parts) == 2 else ""
