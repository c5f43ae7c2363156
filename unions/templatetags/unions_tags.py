from django import template

from unions.tables import badge

register = template.Library()


@register.simple_tag
def state_badge(state, label):
    """{% state_badge record.state record.get_state_display %}: the same coloured badge as the lists."""
    return badge(state, label)
