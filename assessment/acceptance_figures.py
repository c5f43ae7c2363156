"""The live figures a rubric item shows beside its standard ("工作情况和数字说明"), read from the figures module
(figures.registry) when it is installed; nothing is computed here."""

from importlib.util import find_spec


def figures_available():
    return find_spec("figures") is not None and find_spec("figures.registry") is not None


def figure_or_none(key):
    if not key or not figures_available():
        return None
    from figures.registry import get_figure

    try:
        return get_figure(key)
    except (KeyError, LookupError):
        return None


def figure_choices():
    if not figures_available():
        return []
    from figures.registry import FIGURES

    figures = FIGURES.values() if hasattr(FIGURES, "values") else FIGURES
    return [(figure.key, figure.name) for figure in figures]


def live_value(key, organisation, year):
    """(figure, FigureValue) for the item's figure at the report's union, or None."""
    figure = figure_or_none(key)
    if figure is None:
        return None
    return figure, figure.compute(organisation, year)


def region_class_of(organisation):
    return getattr(organisation, "region_class", "") or ""
