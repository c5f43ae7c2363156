def accounts(request):
    """Whether the top bar offers the account pages (to those who hold a write role, and superusers)."""
    from .views import may_manage_accounts

    user = getattr(request, "user", None)
    return {"can_manage_accounts": may_manage_accounts(user)}
