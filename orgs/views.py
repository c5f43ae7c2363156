"""The organisation pages that ModelViews (orgs/urls.py) does not declare by itself: the detail page's counts, the
dissolve/merge action, the tree browser and the counts by level."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from core.scope import CHANGE, VIEW
from core.views import ObjectActionView, ObjectDetailView, ObjectListView

from . import selectors
from .choices import Level
from .forms import DissolveForm, StatsForm
from .models import PATH_RELATED, Organisation
from .services import may_close, organisation_dissolve, organisation_merge


class OrganisationListView(ObjectListView):
    # Its filters' choices are fixed in code and it names organisations through pickers: the unfiltered form
    # reads the same for everyone.
    cache_filter_form = True


class OrganisationDetailView(ObjectDetailView):
    # The panels are cached under the stamps of the union's areas and those above it, and of the union it was
    # merged into (its name is on the page); see ObjectDetailView.
    stamp_paths = ("", "merged_into__")

    def scoped(self, action=VIEW):
        # One row: its chain of parents joined rather than loaded by with_path's second query.
        return super().scoped(action).select_related(PATH_RELATED, "merged_into").with_path(False)

    def panels_cacheable(self, obj):
        # A province's or prefecture's panels sum subtrees that span many counties, each an area of its own.
        return obj.level not in (Level.PROVINCE, Level.PREFECTURE)

    def get_extra_context(self, obj):
        children = Organisation.objects.restrict(self.request.user, VIEW).filter(parent=obj)
        return {
            "children_count": children.count() if obj.allowed_child_levels() else 0,  # a grassroots union holds none
            "descendant_count": obj.subtree_size() if obj.allowed_child_levels() else 0,
            "child_levels": sorted(obj.allowed_child_levels()),
            "can_close": obj.is_active and may_close(self.request.user, obj),
        }


class OrganisationDissolveView(ObjectActionView):
    """Dissolve (撤销) or merge (合并) instead of deleting: the record and its history stay."""

    template_name = "orgs/organisation_dissolve.html"

    def get_object(self, action=CHANGE):
        obj = super().get_object(action)
        if not may_close(self.request.user, obj):
            raise PermissionDenied(_("不能撤销或合并您本人所在的组织，请联系上级工会办理。"))
        return obj

    def get_form(self, obj, data=None):
        # DissolveForm is no ModelForm: it takes the organisation its choices are cut for
        return DissolveForm(data, organisation=obj, user=self.request.user)

    def perform(self, form, obj):
        data = form.cleaned_data
        if data["action"] == "merge":
            organisation_merge(actor=self.request.user, organisation=obj, into=data["into"], on=data["on"])
        else:
            organisation_dissolve(actor=self.request.user, organisation=obj, on=data["on"])

    def success_message(self, obj):
        return _("已更新“%(name)s”的状态。") % {"name": obj.name}


class OrganisationTreeView(LoginRequiredMixin, View):
    """The tree browser: the user's top nodes, children loaded on demand (?parent=<id>, via htmx)."""

    def get(self, request):
        parent_id = request.GET.get("parent")
        if parent_id:
            if not parent_id.isdecimal():  # a hand-edited URL is "not found", not a server error
                raise Http404
            parent = get_object_or_404(Organisation.objects.restrict(request.user, VIEW), pk=parent_id)
            nodes = selectors.organisation_children(user=request.user, parent=parent)
            return render(request, "orgs/partials/tree_nodes.html", {"nodes": nodes})
        roots = selectors.organisation_tree_roots(user=request.user)
        return render(request, "orgs/organisation_tree.html", {"nodes": roots})


class OrganisationStatsView(LoginRequiredMixin, View):
    """Counts of organisations by level within the user's scope, optionally one subtree."""

    def get(self, request):
        form = StatsForm(request.GET or None, user=request.user)
        within = form.cleaned_data["within"] if form.is_valid() else None
        rows = selectors.organisation_level_counts(user=request.user, within=within)
        return render(
            request,
            "orgs/organisation_stats.html",
            {
                "form": form,
                "rows": rows,
                "within": within,
                "total_active": sum(r["active"] for r in rows),
                "total_inactive": sum(r["inactive"] for r in rows),
            },
        )
