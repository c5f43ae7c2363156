from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.scope import CHANGE, VIEW
from core.text import search_text
from core.views import (
    ImportView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ScopedObjectMixin,
)

from . import selectors
from .filtersets import OrganisationFilterSet
from .forms import DissolveForm, OrganisationForm, StatsForm
from .models import Organisation, level_rank
from .resources import OrganisationResource
from .services import may_close, organisation_create, organisation_dissolve, organisation_merge, organisation_update
from .tables import OrganisationTable

organisations = Organisation.objects.with_path()


class OrganisationListView(ObjectListView):
    queryset = organisations
    filterset = OrganisationFilterSet
    table = OrganisationTable
    resource = OrganisationResource


class OrganisationDetailView(ObjectDetailView):
    queryset = organisations.select_related("merged_into")
    template_name = "orgs/organisation_detail.html"

    def get_extra_context(self, obj):
        children = Organisation.objects.restrict(self.request.user, VIEW).filter(parent=obj)
        return {
            "children_count": children.count() if obj.allowed_child_levels() else 0,  # a grassroots union holds none
            "descendant_count": obj.subtree_size() if obj.allowed_child_levels() else 0,
            "child_levels": sorted(obj.allowed_child_levels()),
            "can_close": obj.is_active and may_close(self.request.user, obj),
        }


class OrganisationHistoryView(ObjectHistoryView):
    queryset = organisations


class OrganisationEditView(ObjectEditView):
    queryset = organisations
    form_class = OrganisationForm
    create_service = organisation_create
    update_service = organisation_update


class OrganisationImportView(ImportView):
    resource = OrganisationResource
    target = "orgs.organisation"


class OrganisationDissolveView(ScopedObjectMixin, View):
    """Dissolve (撤销) or merge (合并) instead of deleting: the record and its history stay."""

    queryset = organisations

    def render_form(self, form, obj):
        return render(self.request, "orgs/organisation_dissolve.html", self.base_context(form=form, object=obj))

    def get_object(self, action=CHANGE):
        obj = super().get_object(action)
        if not may_close(self.request.user, obj):
            raise PermissionDenied(_("不能撤销或合并您本人所在的组织，请联系上级工会办理。"))
        return obj

    def get(self, request, pk):
        obj = self.get_object(CHANGE)
        return self.render_form(DissolveForm(organisation=obj, user=request.user), obj)

    def post(self, request, pk):
        obj = self.get_object(CHANGE)
        form = DissolveForm(request.POST, organisation=obj, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == "merge":
                    organisation_merge(actor=request.user, organisation=obj, into=data["into"], on=data["on"])
                else:
                    organisation_dissolve(actor=request.user, organisation=obj, on=data["on"])
            except ValidationError as exc:
                # A dict-shaped error has no error_list, so the fallback must not be built eagerly.
                by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                for field, errors in by_field.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已更新“%(name)s”的状态。") % {"name": obj.name})
                return redirect(obj.get_absolute_url())
        return self.render_form(form, obj)


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


class OrganisationAutocompleteView(LoginRequiredMixin, View):
    """Search results for the organisation picker: at most 20, inside the user's read (or write) scope."""

    limit = 20

    def get(self, request):
        from .choices import PARENT_LEVELS

        field = request.GET.get("field", "")
        query = search_text(request.GET, f"_{field}_search", "q")
        action = CHANGE if request.GET.get("scope") == CHANGE else VIEW
        nodes = Organisation.objects.restrict(request.user, action).active().with_path()
        if request.GET.get("parents"):
            nodes = nodes.filter(level__in=PARENT_LEVELS)
        if request.GET.getlist("level"):
            nodes = nodes.filter(level__in=request.GET.getlist("level"))
        if query:
            nodes = OrganisationFilterSet(queryset=nodes).filter_search(nodes, "q", query)
        else:
            # An empty box lists the top of the user's scope, the usual starting point.
            nodes = nodes.order_by(level_rank(), "tree_id", "lft")
        return render(request, "orgs/partials/autocomplete.html", {"nodes": nodes[: self.limit], "query": query})
