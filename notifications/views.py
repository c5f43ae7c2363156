from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from .models import Notification
from .services import notification_mark_read


def mine(request):
    # restrict() hides reminders about organisations now out of scope; the user filter keeps a superuser's
    # list to their own.
    return Notification.objects.restrict(request.user).filter(user=request.user)


class NotificationListView(LoginRequiredMixin, View):
    """The user's reminders, unread first, newest first."""

    def get(self, request):
        rows = mine(request).order_by("read_at", "-created", "-pk")
        if request.GET.get("unread"):
            rows = rows.filter(read_at__isnull=True)
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        return render(
            request, "notifications/list.html", {"page": page, "unread_only": bool(request.GET.get("unread"))}
        )


class NotificationOpenView(LoginRequiredMixin, View):
    """Follow a reminder: marks it read and goes to the page it is about."""

    def get(self, request, pk):
        notification = get_object_or_404(mine(request), pk=pk)
        notification_mark_read(user=request.user, notification=notification)
        if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
            return redirect(notification.url)
        return redirect("notifications:list")


class NotificationReadView(LoginRequiredMixin, View):
    """POST: mark one reminder read (pk) or all of them."""

    def post(self, request, pk=None):
        notification = get_object_or_404(mine(request), pk=pk) if pk is not None else None
        notification_mark_read(user=request.user, notification=notification)
        return redirect("notifications:list")
