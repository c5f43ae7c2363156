"""Generic views that every model's pages are declared with.

A model's list view sets `queryset`, `filterset`, `table` and `resource`; its edit view sets `form_class`
and the services it writes through. Scope, filtering, pagination, export, history and import live here once.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from .exports import FORMATS, export_content, export_filename, export_job_create, needs_job
from .forms import ImportForm
from .history import history_rows
from .imports import import_job_confirm, import_job_create, template_book
from .models import ExportJob, ImportJob
from .registry import registry
from .scope import CHANGE, VIEW, can
from .urls_helpers import model_url


def file_response(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class ScopedObjectMixin(LoginRequiredMixin):
    """Looks objects up through the scope: out of read scope is 404, read-only is 403 on a write."""

    queryset = None

    @property
    def model(self):
        return self.queryset.model

    def scoped(self, action=VIEW):
        return self.queryset.restrict(self.request.user, action)

    def get_object(self, action=VIEW):
        obj = get_object_or_404(self.scoped(VIEW), pk=self.kwargs["pk"])
        if action == CHANGE and not can(self.request.user, obj, CHANGE):
            raise PermissionDenied(_("您可以查看但无权修改该记录。"))
        return obj

    def base_context(self, **extra):
        meta = self.model._meta
        context = {
            "model": self.model,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
        }
        context.update(extra)
        return context


class ObjectListView(ScopedObjectMixin, View):
    filterset = None
    table = None
    resource = None
    template_name = "core/object_list.html"
    can_add = True
    can_import = True

    def get(self, request):
        queryset = self.scoped(VIEW)
        filterset = self.filterset(request.GET or None, queryset=queryset, request=request)
        fmt = request.GET.get("export")
        if filterset.is_bound and not filterset.is_valid():
            # A filter that cannot be applied (e.g. a range outside the user's scope) must not quietly widen
            # the list or an export to everything: show nothing, and the form says why.
            queryset = queryset.none()
            if fmt:
                messages.error(request, _("筛选条件有误，未导出。请修改筛选条件后再导出。"))
                query = request.GET.copy()
                query.pop("export", None)
                return redirect(f"{request.path}?{query.urlencode()}")
        else:
            queryset = filterset.qs
        if fmt in FORMATS and self.resource is not None:
            return self.export(request, queryset, fmt)
        table = self.table(queryset)
        RequestConfig(request, paginate={"per_page": self.table._meta.per_page}).configure(table)
        context = self.base_context(
            table=table,
            filter_form=filterset.form,
            filter_active=any(v for k, v in request.GET.items() if k not in {"page", "sort", "per_page"}),
            can_add=self.can_add and self.user_may_write(),
            can_import=self.can_import and self.resource is not None and self.user_may_write(),
            can_export=self.resource is not None,
        )
        if request.htmx and not request.htmx.boosted:
            return render(request, "core/partials/object_table.html", context)
        return render(request, self.template_name, context)

    def user_may_write(self):
        from .scope import has_any_scope

        return has_any_scope(self.request.user, CHANGE)

    def export(self, request, queryset, fmt):
        label = self.model._meta.label_lower
        if needs_job(queryset) and registry.lists.get(label) is type(self):
            query = request.GET.copy()
            query.pop("export", None)
            job = export_job_create(user=request.user, target=label, query=query.urlencode(), fmt=fmt)
            return redirect("core:exportjob_detail", pk=job.pk)
        name = self.model._meta.verbose_name
        content = export_content(self.resource(user=request.user), queryset, fmt, name)
        return file_response(content, export_filename(name, fmt), FORMATS[fmt])


class ObjectDetailView(ScopedObjectMixin, View):
    template_name = None
    tab = "detail"

    def get_extra_context(self, obj):
        return {}

    def get(self, request, pk):
        obj = self.get_object(VIEW)
        panels = []
        for panel in registry.panels.get(self.model, []):
            panels.append({"name": panel.name, "template": panel.template, "context": panel.context(request, obj)})
        context = self.base_context(
            object=obj,
            panels=panels,
            tab=self.tab,
            can_change=can(request.user, obj, CHANGE),
            **self.get_extra_context(obj),
        )
        return render(request, self.template_name, context)


class ObjectHistoryView(ScopedObjectMixin, View):
    template_name = "core/object_history.html"

    def get(self, request, pk):
        obj = self.get_object(VIEW)
        records = history_rows(obj, limit=200)
        context = self.base_context(
            object=obj, records=records, tab="history", can_change=can(request.user, obj, CHANGE)
        )
        return render(request, self.template_name, context)


class ObjectEditView(ScopedObjectMixin, View):
    """Create (no pk in the URL) or edit; saves through `create_service` / `update_service`."""

    form_class = None
    template_name = "core/object_edit.html"
    create_service = None
    update_service = None

    def get_initial(self):
        return {key: value for key, value in self.request.GET.items()}

    def get_form(self, instance, data=None, files=None):
        initial = self.get_initial() if instance.pk is None else None
        return self.form_class(data, files, instance=instance, initial=initial, user=self.request.user)

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(CHANGE)
        from .scope import has_any_scope

        if not has_any_scope(self.request.user, CHANGE):
            raise PermissionDenied(_("您的角色没有新增记录的权限。"))
        return self.model()

    def render_form(self, form, instance):
        return render(
            self.request,
            self.template_name,
            self.base_context(form=form, object=instance if instance.pk else None),
        )

    def get(self, request, pk=None):
        instance = self.get_instance()
        return self.render_form(self.get_form(instance), instance)

    def post(self, request, pk=None):
        instance = self.get_instance()
        form = self.get_form(instance, request.POST, request.FILES)
        if form.is_valid():
            obj = form.save(commit=False)
            service = type(self).update_service if instance.pk else type(self).create_service
            try:
                obj = service(actor=request.user, instance=obj)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("超出您的管理范围。"))
            else:
                if hasattr(form, "save_m2m"):
                    form.save_m2m()
                messages.success(request, _("已保存“%(obj)s”。") % {"obj": obj})
                return redirect(obj.get_absolute_url())
        return self.render_form(form, instance)


class ImportView(LoginRequiredMixin, View):
    """Upload page of a model's spreadsheet import, and its template download (?template=1)."""

    resource = None
    target = None  # "app.model"
    template_name = "core/import.html"

    def dispatch(self, request, *args, **kwargs):
        from .scope import has_any_scope

        if request.user.is_authenticated and not has_any_scope(request.user, CHANGE):
            raise PermissionDenied(_("您的角色没有导入数据的权限。"))
        return super().dispatch(request, *args, **kwargs)

    @property
    def model(self):
        return self.resource._meta.model

    def context(self, form):
        resource = self.resource(user=self.request.user)
        return {
            "form": form,
            "model": self.model,
            "verbose_name": self.model._meta.verbose_name,
            "columns": resource.column_help(),
            "required": set(resource.required_columns()),
            "recent_jobs": ImportJob.objects.restrict(self.request.user).filter(target=self.target)[:10],
        }

    def get(self, request):
        if request.GET.get("template"):
            book = template_book(self.resource(user=request.user))
            name = _("%(name)s导入模板.xlsx") % {"name": self.model._meta.verbose_name}
            return file_response(book.export("xlsx"), name, FORMATS["xlsx"])
        return render(request, self.template_name, self.context(ImportForm()))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = import_job_create(user=request.user, target=self.target, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect("core:importjob_detail", pk=job.pk)
        return render(request, self.template_name, self.context(form))


class ImportJobView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.restrict(request.user), pk=pk)
        from .imports import resource_for

        model = resource_for(job.target)._meta.model
        context = {"job": job, "model": model, "verbose_name": model._meta.verbose_name}
        if request.htmx:
            return render(request, "core/partials/import_job.html", context)
        return render(request, "core/import_job.html", context)

    def post(self, request, pk):
        job = get_object_or_404(ImportJob.objects.restrict(request.user), pk=pk)
        try:
            import_job_confirm(user=request.user, job=job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("core:importjob_detail", pk=job.pk)


class HomeView(LoginRequiredMixin, View):
    """After login: whose desk this is, and what is waiting on it."""

    def get(self, request):
        from orgs.models import Role

        roles = list(
            Role.objects.filter(user=request.user).select_related("organisation").order_by("organisation__lft")
        )
        waiting = []
        for provider in registry.waiting:
            waiting.extend(item for item in provider(request.user) if item.get("count"))
        return render(request, "core/home.html", {"roles": roles, "waiting": waiting})


class SearchView(LoginRequiredMixin, View):
    """Global search by name or code across the models apps registered, within the user's read scope."""

    per_model = 20

    def get(self, request):
        from functools import reduce
        from operator import or_

        from django.db.models import Q

        query = (request.GET.get("q") or "").strip()[:100]
        groups = []
        if query:
            for target in registry.search:
                cond = reduce(or_, (Q(**{f"{field}__icontains": query}) for field in target.fields))
                queryset = target.model._default_manager.restrict(request.user, VIEW).filter(cond)
                if hasattr(queryset, "with_path"):
                    queryset = queryset.with_path()
                hits = list(queryset[: self.per_model + 1])
                if hits:
                    groups.append(
                        {
                            "label": target.label,
                            "hits": hits[: self.per_model],
                            "more": len(hits) > self.per_model,
                            "list_url": model_url(target.model, "list") + "?q=" + query,
                        }
                    )
        return render(request, "core/search.html", {"query": query, "groups": groups})


def healthz(request):
    """Liveness for load balancers: the database, and the broker when one is configured."""
    import time

    from django.conf import settings
    from django.db import connection
    from django.http import JsonResponse

    checks = {}
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure as unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"error: {exc.__class__.__name__}"
    else:
        checks["broker"] = "not configured (tasks run eagerly)"
    healthy = all(not str(v).startswith("error") for v in checks.values())
    body = {
        "status": "ok" if healthy else "error",
        "checks": checks,
        "ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)


class ExportJobView(LoginRequiredMixin, View):
    """A background export's page: its state while it runs, then the download."""

    def get(self, request, pk):
        job = get_object_or_404(ExportJob.objects.restrict(request.user), pk=pk)
        if request.GET.get("download"):
            if job.state != ExportJob.State.DONE:
                raise Http404
            return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
        template = "core/partials/export_job.html" if request.htmx else "core/export_job.html"
        return render(request, template, {"job": job})
