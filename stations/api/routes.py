def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
