def register(router):
    """Add the figures endpoint to the API router (unionportal/api.py)."""
    from .views import FiguresViewSet

    router.register("figures", FiguresViewSet, basename="figures")
