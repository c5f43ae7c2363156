"""The live figures a rubric item shows beside its standard ("工作情况和数字说明"), read from the figures module
(each figure is defined once there); and the region class that picks an item's tiered threshold."""

from figures.registry import FIGURES, get_figure


def figure_or_none(key):
    if not key:
        return None
    try:
        return get_figure(key)
    except KeyError:
        return None


def figure_choices():
    return [(figure.key, figure.name) for figure in FIGURES.values()]


def live_value(key, organisation, year):
    """(figure, FigureValue) for the item's figure over the report's union (its subtree), or None."""
    figure = figure_or_none(key)
    if figure is None:
        return None
    return figure, figure.compute(organisation, year)


def region_class_of(organisation):
    return getattr(organisation, "region_class", "") or ""
