"""分类指导 pages: the group sets (kept by province staff), an organisation's groups, the bulk assignment and
the integrity page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.scope import CHANGE, VIEW, can, is_unrestricted, role_nodes
from orgs.models import Organisation

from . import selectors, services
from .forms import AssignForm, GroupFormSet, GroupSetForm, MembershipForm, fixed_groups
from .models import GroupMembership, GroupSet


def reader_roots(user):
    """The subtrees the reader's counts are cut to (None: the whole province, for an administrator)."""
    if is_unrestricted(user):
        return None
    return list(role_nodes(user, VIEW))


class GroupSetListView(LoginRequiredMixin, View):
    def get(self, request):
        from django.db.models import Count

        group_sets = list(selectors.sets().annotate(members=Count("groups__memberships")))
        return render(
            request,
            "groups/groupset_list.html",
            {"group_sets": group_sets, "may_manage": services.may_manage_sets(request.user)},
        )


class GroupSetEditView(LoginRequiredMixin, View):
    template = "groups/groupset_form.html"

    def objects(self, request, pk):
        services.ensure_may_manage(request.user)
        group_set = get_object_or_404(GroupSet, pk=pk) if pk else GroupSet()
        return group_set

    def get(self, request, pk=None):
        group_set = self.objects(request, pk)
        formset = None if fixed_groups(group_set) else GroupFormSet(instance=group_set, prefix="groups")
        return render(
            request, self.template, {"form": GroupSetForm(instance=group_set), "formset": formset, "object": group_set}
        )

    def post(self, request, pk=None):
        group_set = self.objects(request, pk)
        form = GroupSetForm(request.POST, instance=group_set)
        formset = None
        if form.is_valid():
            candidate = form.save(commit=False)
            if not fixed_groups(candidate):
                formset = GroupFormSet(request.POST, instance=candidate, prefix="groups")
        if form.is_valid() and (formset is None or formset.is_valid()):
            with transaction.atomic():
                candidate.save()
                if formset is not None:
                    formset.instance = candidate
                    formset.save()
            messages.success(request, _("分组集“%(name)s”已保存。") % {"name": candidate.name})
            return redirect("groups:groupset_list")
        if formset is None and not fixed_groups(group_set):
            formset = GroupFormSet(request.POST, instance=group_set, prefix="groups")
        return render(request, self.template, {"form": form, "formset": formset, "object": group_set}, status=200)


class AssignView(LoginRequiredMixin, View):
    template = "groups/assign.html"

    def get(self, request, pk):
        services.ensure_may_manage(request.user)
        group_set = get_object_or_404(GroupSet, pk=pk)
        if not group_set.uses_memberships:
            raise Http404
        return render(
            request, self.template, {"form": AssignForm(group_set=group_set, user=request.user), "object": group_set}
        )

    def post(self, request, pk):
        services.ensure_may_manage(request.user)
        group_set = get_object_or_404(GroupSet, pk=pk)
        if not group_set.uses_memberships:
            raise Http404
        form = AssignForm(request.POST, group_set=group_set, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                added, moved, skipped = services.assign_subtree(
                    actor=request.user, group=data["group"], within=data["within"], move=data.get("move", False)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                text = _("已将 %(added)s 个基层工会加入“%(group)s”。") % {"added": added, "group": data["group"].name}
                if moved:
                    text += _("其中 %(n)s 个从本组其他分组移入。") % {"n": moved}
                if skipped:
                    text += _("%(n)s 个已在本组其他分组，未改动。") % {"n": skipped}
                messages.success(request, text)
                return redirect("groups:groupset_list")
        return render(request, self.template, {"form": form, "object": group_set})


class MembershipEditView(LoginRequiredMixin, View):
    """The groups of one organisation in the sets kept by hand (the field-derived ones follow its record)."""

    template = "groups/membership_form.html"

    def objects(self, request, pk):
        organisation = get_object_or_404(Organisation.objects.restrict(request.user, VIEW), pk=pk)
        if not can(request.user, organisation, CHANGE):
            raise PermissionDenied(_("您可以查看但无权修改该记录。"))
        sets = [s for s in selectors.sets() if s.uses_memberships]
        if organisation.level != "grassroots":
            sets = [s for s in sets if s.source != "industry_union"]
        held = {}
        for membership in GroupMembership.objects.filter(organisation=organisation).select_related("group"):
            held.setdefault(membership.group.group_set_id, []).append(membership.group)
        return organisation, sets, held

    def get(self, request, pk):
        organisation, sets, held = self.objects(request, pk)
        form = MembershipForm(sets=sets, held=held)
        return render(request, self.template, {"form": form, "organisation": organisation})

    def post(self, request, pk):
        organisation, sets, held = self.objects(request, pk)
        form = MembershipForm(request.POST, sets=sets, held=held)
        if form.is_valid():
            try:
                with transaction.atomic():
                    for group_set, groups in form.chosen():
                        services.set_memberships(
                            actor=request.user, organisation=organisation, group_set=group_set, groups=groups
                        )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("“%(name)s”的分类已保存。") % {"name": organisation.name})
                return redirect(organisation.get_absolute_url())
        return render(request, self.template, {"form": form, "organisation": organisation})


class IntegrityView(LoginRequiredMixin, View):
    """Per compulsory set the active grassroots unions in no group, per exclusive set kept by hand the
    organisations in two groups: COUNT queries over the reader's scope."""

    def get(self, request):
        roots = reader_roots(request.user)
        rows = []
        for group_set in selectors.sets():
            problems = selectors.integrity_problems(group_set, within=roots)
            rows.append(
                {
                    "set": group_set,
                    "missing": problems["missing"].count() if problems["missing"] is not None else None,
                    "in_two": problems["in_two"].count() if problems["in_two"] is not None else None,
                }
            )
        return render(request, "groups/integrity.html", {"rows": rows})


class IntegrityListView(LoginRequiredMixin, View):
    per_page = 50

    def get(self, request, pk, kind):
        group_set = get_object_or_404(GroupSet, pk=pk)
        problems = selectors.integrity_problems(group_set, within=reader_roots(request.user))
        rows = problems.get(kind)
        if rows is None:
            raise Http404
        rows = rows.with_path().order_by("tree_id", "lft")
        page = Paginator(rows, self.per_page).get_page(request.GET.get("page"))
        return render(
            request,
            "groups/integrity_list.html",
            {"set": group_set, "kind": kind, "page": page, "back": reverse("groups:integrity")},
        )


def organisation_panel(request, organisation):
    """The "分类" panel of an organisation's page: a placeholder the browser fills from `groups:panel`, so that
    the page itself reads nothing more (as the figures panel)."""
    return {"organisation": organisation}


class OrganisationPanelView(LoginRequiredMixin, View):
    """The panel's body: the organisation's group in every set, and a link to change them for who may."""

    def get(self, request, pk):
        organisation = get_object_or_404(Organisation.objects.restrict(request.user, VIEW), pk=pk)
        return render(
            request,
            "groups/partials/panel_body.html",
            {
                "organisation": organisation,
                "groups": selectors.groups_of(organisation),
                "can_change": can(request.user, organisation, CHANGE),
            },
        )
