"""Generic views that every model's pages are declared with.

A model's list view sets `queryset`, `filterset`, `table` and `resource`; its edit view sets `form_class`
and the services it writes through. Scope, filtering, pagination, export, history and import live here once.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig
from render_block import render_block_to_string

from . import panel_cache
from .changes import stamp_annotations, stamp_of
from .exports import FORMATS, export_content, export_filename, export_job_create, needs_job, supports
from .forms import ImportForm, ScopedModelForm, scoped_initial
from .history import history_rows
from .imports import import_job_confirm, import_job_create, template_book
from .models import ExportJob, ImportJob
from .registry import register_list, registry
from .scope import CHANGE, VIEW, can, read_only_reason
from .services import attachments_add, record_create, record_delete, record_update, related_for
from .text import join_list, search_text
from .urls_helpers import model_url, model_urls
from .versions import StaleVersion


def file_response(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def has_page(model, action):
    """Whether the model has a page for `action` (some records, such as approval periods, have no edit form)."""
    from django.urls import NoReverseMatch

    try:
        model_url(model, action, 1) if action in ("detail", "edit", "history") else model_url(model, action)
    except NoReverseMatch:
        return False
    return True


def may_add(model, user):
    """Whether `user` may add records of `model`: any write role, unless the model says otherwise with
    `may_add(user)` (an inspector holds no write role yet records findings on the inspections assigned to them)."""
    from .scope import has_any_scope

    custom = getattr(model, "may_add", None)
    if custom is not None:
        return custom(user)
    return has_any_scope(user, CHANGE)


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
            raise PermissionDenied(read_only_reason(obj, self.request.user))
        return obj

    def base_context(self, **extra):
        meta = self.model._meta
        context = {
            "model": self.model,
            "editable": has_page(self.model, "edit"),
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
        }
        context.update(extra)
        return context


_FILTER_FORMS = {}


class ObjectListView(ScopedObjectMixin, View):
    filterset = None
    table = None
    resource = None
    template_name = "core/object_list.html"
    can_add = True
    can_import = True
    # Keep the HTML of the unfiltered list's filter form, rendered once per language and process: a list opts in
    # when that form reads the same for every user and every day (choices fixed in code, records named through
    # pickers, which name nothing until a filter is applied). Rendering it was a fifth of a list page's time.
    cache_filter_form = False

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
        if supports(self.resource, fmt):
            return self.export(request, queryset, fmt)
        table = self.table(queryset)
        RequestConfig(request, paginate={"per_page": self.table._meta.per_page}).configure(table)
        filter_html = self.filter_form_html(filterset)
        context = self.base_context(
            table=table,
            filter_html=filter_html,
            filter_form=None if filter_html else filterset.form,
            filter_active=any(v for k, v in request.GET.items() if k not in {"page", "sort", "per_page"}),
            can_add=self.can_add and self.user_may_write(),
            can_import=self.can_import and self.resource is not None and self.user_may_write(),
            can_export=self.resource is not None,
            can_export_pdf=supports(self.resource, "pdf"),
        )
        if request.htmx and not request.htmx.boosted:
            return render(request, "core/partials/object_table.html", context)
        return render(request, self.template_name, context)

    def user_may_write(self):
        return may_add(self.model, self.request.user)

    def filter_form_html(self, filterset):
        """The filter form's HTML when it may be kept (see cache_filter_form), else None."""
        from django.utils.translation import get_language

        if not self.cache_filter_form or filterset.is_bound:
            return None
        key = (type(self), get_language())
        html = _FILTER_FORMS.get(key)
        if html is None:
            html = _FILTER_FORMS[key] = render_to_string("core/partials/filter_form.html", {"form": filterset.form})
        return html

    def export(self, request, queryset, fmt):
        label = self.model._meta.label_lower
        if needs_job(queryset, fmt) and registry.lists.get(label) is type(self):
            query = request.GET.copy()
            query.pop("export", None)
            job = export_job_create(user=request.user, target=label, query=query.urlencode(), fmt=fmt)
            return redirect("core:exportjob_detail", pk=job.pk)
        name = self.model._meta.verbose_name
        content = export_content(self.resource(user=request.user), queryset, fmt, name)
        return file_response(content, export_filename(name, fmt), FORMATS[fmt])


def field_rows(obj, specs):
    """Label/value/link rows for a detail card. A spec is a field name, or (attribute or callable, label)
    for a derived value; choices show their label, related records link to their page, empty shows "—"."""
    rows = []
    for spec in specs:
        name, label = spec if isinstance(spec, tuple) else (spec, None)
        url = None
        if callable(name):
            value = name(obj)
        else:
            try:
                field = obj._meta.get_field(name)
            except Exception:  # noqa: BLE001 - a property or method, not a model field
                field = None
            if field is not None:
                label = label or field.verbose_name
                if field.choices:
                    value = getattr(obj, f"get_{name}_display")()
                elif field.is_relation and field.many_to_one:
                    value = getattr(obj, name)
                    url = value.get_absolute_url() if hasattr(value, "get_absolute_url") else None
                elif field.many_to_many:
                    value = join_list(str(item) for item in getattr(obj, name).all())
                else:
                    value = getattr(obj, name)
            else:
                value = getattr(obj, name)
                value = value() if callable(value) else value
        if isinstance(value, bool):
            value = _("是") if value else _("否")
        rows.append({"label": label, "value": "—" if value in (None, "") else value, "url": url})
    return rows


class ObjectDetailView(ScopedObjectMixin, View):
    """A record's page: its fields and the panels other apps register for its model (core.registry).

    With `stamp_paths` (paths from the object to organisations, "" for an organisation's own page) the page's own
    blocks (title, breadcrumbs, content: its fields and panels) are cached under those organisations' change
    stamps (core.changes), read as a column of the page's one query for the object: a repeat visit renders only
    the frame (menu, bell, messages) around them and runs none of the panels' queries, and any committed write to
    the records of those organisations' areas, by whatever door, changes the stamp and so the key. The key also
    holds what else the content follows: the reader and their roles (scope and write rights), the language, the
    day (overdue, this year) and the code and templates deployed (core.panel_cache)."""

    template_name = "core/object_detail.html"
    tab = "detail"
    detail_fields = ()
    stamp_paths = ()

    def get_extra_context(self, obj):
        return {}

    def panels_cacheable(self, obj):
        """Whether everything the panels read lies in the areas `stamp_paths` name (an organisation's page whose
        panels sum its whole subtree over many counties does not)."""
        return True

    def with_panel_queries(self, queryset):
        """`queryset` with what the panels read along with the object (see core.registry.Panel.queryset)."""
        for panel in registry.panels.get(self.model, []):
            if panel.queryset is not None:
                queryset = panel.queryset(queryset, self.request)
        return queryset

    def get_object(self, action=VIEW):
        if action != VIEW:
            return super().get_object(action)
        if self.stamp_paths and panel_cache.enabled():
            # The row as scope finds it and its stamp, nothing more: the cached page needs no other column, and
            # get() reads the page's own query (scoped(), the panels' columns) only when it renders.
            queryset = self.model._default_manager.restrict(self.request.user, VIEW)
            return get_object_or_404(queryset.annotate(**stamp_annotations(*self.stamp_paths)), pk=self.kwargs["pk"])
        return get_object_or_404(self.with_panel_queries(self.scoped(VIEW)), pk=self.kwargs["pk"])

    def with_panels_loaded(self, obj):
        """`obj` read again by the page's own query (scoped(): what the page shows with it) with the panels' own
        columns, for rendering: the first query read only the row and its stamp."""
        return get_object_or_404(self.with_panel_queries(self.scoped(VIEW)), pk=obj.pk)

    def page_context(self, obj):
        return self.base_context(
            object=obj,
            panels=[
                {"name": panel.name, "template": panel.template, "context": panel.context(self.request, obj)}
                for panel in registry.panels.get(self.model, [])
            ],
            tab=self.tab,
            can_change=can(self.request.user, obj, CHANGE),
            fields=field_rows(obj, self.detail_fields),
            **self.get_extra_context(obj),
        )

    def get(self, request, pk):
        obj = self.get_object(VIEW)
        stamp = stamp_of(obj)
        key = None
        if stamp is not None and self.panels_cacheable(obj):
            key = panel_cache.key(request.user, obj, stamp)
            blocks = panel_cache.get(key)
            if blocks is not None:
                return render(request, "core/cached_page.html", {"blocks": blocks, "object": obj})
        context = self.page_context(self.with_panels_loaded(obj) if stamp is not None else obj)
        if key is None:
            return render(request, self.template_name, context)
        # The page's own blocks, rendered without the request (nothing per session may enter the cache: the
        # menu, the bell, the messages and the CSRF token are the frame's, rendered on every visit).
        blocks = {name: render_block_to_string(self.template_name, name, context) for name in panel_cache.BLOCKS}
        panel_cache.set(key, blocks)
        return render(request, "core/cached_page.html", {"blocks": blocks, "object": obj})


class ObjectHistoryView(ScopedObjectMixin, View):
    template_name = "core/object_history.html"
    related = ()  # reverse relations whose rows are edited with the record (inline rows, photos)

    def get(self, request, pk):
        obj = self.get_object(VIEW)
        records = history_rows(obj, limit=200, related=self.related)
        context = self.base_context(
            object=obj, records=records, tab="history", can_change=can(request.user, obj, CHANGE)
        )
        return render(request, self.template_name, context)


class ObjectEditView(ScopedObjectMixin, View):
    """Create (no pk in the URL) or edit; saves through `create_service` / `update_service`.

    `inlines` are inline formset classes of dependent rows (a station's staff, a home's facilities), saved in
    the same transaction through the generic services; `attachment_model` with `attachment_parent` adds a
    multiple-file field whose files are stored as that model's records (photos, evidence)."""

    form_class = None
    template_name = "core/object_edit.html"
    create_service = None
    update_service = None
    inlines = ()
    attachment_model = None
    attachment_parent = None
    attachment_kinds = None
    attachment_label = None

    def get_initial(self):
        """The prefill a link gives (?organisation=<id>), related ids outside the user's scope left out."""
        initial = {key: value for key, value in self.request.GET.items()}
        return scoped_initial(self.form_class._meta.model, initial, self.request.user)

    def get_form(self, instance, data=None, files=None):
        initial = self.get_initial() if instance.pk is None else None
        form = self.form_class(data, files, instance=instance, initial=initial, user=self.request.user)
        if hasattr(form, "set_version_related"):
            form.set_version_related(self.version_related())
        if self.attachment_model is not None:
            from .uploads import IMAGE, PDF, MultipleFileField

            form.fields["attachments"] = MultipleFileField(
                label=self.attachment_label or self.attachment_model._meta.verbose_name_plural,
                kinds=self.attachment_kinds or (IMAGE, PDF),
                help_text=_("可一次选择多个文件；每个不超过 %(mb)d MB。") % {"mb": upload_limit_mb()},
            )
        return form

    def get_formsets(self, instance, data=None, files=None):
        formsets = []
        for formset_class in self.inlines:
            kwargs = {"instance": instance, "prefix": formset_class.get_default_prefix()}
            if issubclass(formset_class.form, ScopedModelForm):
                kwargs["form_kwargs"] = {"user": self.request.user}
            formsets.append(formset_class(data, files, **kwargs))
        return formsets

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(CHANGE)
        if not may_add(self.model, self.request.user):
            raise PermissionDenied(_("您的角色没有新增记录的权限。"))
        return self.model()

    def version_related(self):
        """The inline rows edited with the record: a change to any of them makes the form's version stale."""
        return tuple(formset.fk.remote_field.get_accessor_name() for formset in self.inlines)

    def render_form(self, form, instance, formsets=()):
        return render(
            self.request,
            self.template_name,
            self.base_context(
                form=form,
                formsets=formsets,
                object=instance if instance.pk else None,
                conflict=getattr(self, "conflict", None),
            ),
        )

    def get(self, request, pk=None):
        instance = self.get_instance()
        return self.render_form(self.get_form(instance), instance, self.get_formsets(instance))

    def post(self, request, pk=None):
        instance = self.get_instance()
        form = self.get_form(instance, request.POST, request.FILES)
        formsets = self.get_formsets(instance, request.POST, request.FILES)
        # Rules that need the rows get them from the view's save, passed to the service (registration_save).
        valid = all([fs.is_valid() for fs in formsets])
        valid = form.is_valid() and valid
        if not valid and getattr(form, "validated_by_service", False):
            self.show_record_errors(form)
        if valid:
            try:
                with transaction.atomic():
                    obj = self.save(form, formsets, instance)
            except StaleVersion as exc:
                # The input stays on screen with what changed since; saving again knowingly overwrites.
                self.conflict = exc.changes
                form.add_error(None, exc.messages[0])
                refresh_versions(form, formsets, exc.current)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("超出您的管理范围。"))
            else:
                messages.success(request, _("已保存“%(obj)s”。") % {"obj": obj})
                return redirect(obj.get_absolute_url())
        return self.render_form(form, instance, formsets)

    def show_record_errors(self, form):
        """A form whose service validates the record (with its rows) shows, while something else on the page is
        still wrong, what the record decides by itself: its fields' bounds and `clean_row()`. Nothing is written,
        and the rules that need the rows wait for the save."""
        instance = form.instance
        exclude = form._get_validation_exclusions()
        for check in (lambda: instance.clean_fields(exclude=exclude), getattr(instance, "clean_row", None)):
            if check is None:
                continue
            try:
                check()
            except ValidationError as exc:
                errors = {k: v for k, v in exc.update_error_dict({}).items() if k not in form.errors}
                if errors:
                    form._update_errors(ValidationError(errors))

    def save(self, form, formsets, instance):
        """Write the record, its inline rows and its files in one transaction (the caller's)."""
        actor = self.request.user
        obj = form.save(commit=False)
        service = type(self).update_service if instance.pk else type(self).create_service
        related = related_for(service, type(obj), form.cleaned_data)
        obj = service(actor=actor, instance=obj, **related)
        if hasattr(form, "save_m2m") and not related:
            form.save_m2m()
        for formset in formsets:
            save_inline_formset(formset, obj, actor)
        files = form.cleaned_data.get("attachments") if self.attachment_model is not None else None
        if files:
            attachments_add(actor=actor, model=self.attachment_model, files=files, **{self.attachment_parent: obj})
        return obj


def refresh_versions(form, formsets, current):
    """After a refused stale save, carry the current versions in the re-shown form (the record's and each inline
    row's), so that the user, having seen what changed, can save their input over it."""
    from .versions import FIELD, version_of

    data = form.data.copy()
    form.data = data
    data[form.add_prefix(FIELD)] = current
    for formset in formsets:
        formset.data = data
        for row in formset.forms:
            row.data = data
            if row.instance.pk and FIELD in row.fields:
                data[row.add_prefix(FIELD)] = version_of(row.instance)


def upload_limit_mb():
    from .uploads import max_upload_bytes

    return max_upload_bytes() // 1024 // 1024


def save_inline_formset(formset, parent, actor):
    """Save an inline formset's changed rows through the generic services (history, scope re-check);
    rows ticked for deletion are deleted through `record_delete`. A formset class may name its own
    `create_service` / `update_service` / `delete_service` (an account's roles are granted under rules)."""
    create = getattr(formset, "create_service", None) or record_create
    update = getattr(formset, "update_service", None) or record_update
    delete = getattr(formset, "delete_service", None) or record_delete
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            if form.instance.pk:
                delete(actor=actor, instance=form.instance)
            continue
        if not form.has_changed():
            continue
        row = form.save(commit=False)
        setattr(row, formset.fk.name, parent)
        (update if row.pk else create)(actor=actor, instance=row)
        if hasattr(form, "save_m2m"):
            form.save_m2m()


class ObjectActionView(ScopedObjectMixin, View):
    """A form acting on one record through a service (dissolve or merge an organisation): out of read scope is
    404, read-only is 403; the service's ValidationError or PermissionDenied shows on the form, and success
    redirects to the record's page. A subclass sets `form_class` (built with `instance=` and `user=`),
    `template_name`, `perform(form, obj)` and `success_message(obj)`; ModelViews(actions={...}) gives it the
    queryset and its URL."""

    form_class = None
    template_name = None

    def get_form(self, obj, data=None):
        return self.form_class(data, instance=obj, user=self.request.user)

    def perform(self, form, obj):
        raise NotImplementedError

    def success_message(self, obj):
        return _("已保存“%(obj)s”。") % {"obj": obj}

    def render_form(self, form, obj):
        return render(self.request, self.template_name, self.base_context(form=form, object=obj))

    def get(self, request, pk):
        obj = self.get_object(CHANGE)
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, pk):
        obj = self.get_object(CHANGE)
        form = self.get_form(obj, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.perform(form, obj)
            except ValidationError as exc:
                # A dict-shaped error has no error_list, so the fallback must not be built eagerly.
                by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                for field, errors in by_field.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("超出您的管理范围。"))
            else:
                messages.success(request, self.success_message(obj))
                return redirect(obj.get_absolute_url())
        return self.render_form(form, obj)


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
        if job.is_running and ImportJob.fail_stale(pk=job.pk):
            job.refresh_from_db()
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
            Role.objects.filter(user=request.user)
            .select_related("organisation")
            .order_by("organisation__tree_id", "organisation__lft")
        )
        waiting = []
        for provider in registry.waiting:
            waiting.extend(item for item in provider(request.user) if item.get("count"))
        panels = []
        for _order, template, context in registry.home:
            ctx = context(request.user)
            if ctx is not None:
                panels.append({"template": template, "ctx": ctx})
        return render(request, "core/home.html", {"roles": roles, "waiting": waiting, "home_panels": panels})


class SearchView(LoginRequiredMixin, View):
    """Global search by name or code across the models apps registered, within the user's read scope."""

    per_model = 20

    def get(self, request):
        from functools import reduce
        from operator import or_

        from django.db.models import Q

        query = search_text(request.GET, "q")
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
        if job.is_running and ExportJob.fail_stale(pk=job.pk):
            job.refresh_from_db()
        if request.GET.get("download"):
            if job.state != ExportJob.State.DONE:
                raise Http404
            return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
        template = "core/partials/export_job.html" if request.htmx else "core/export_job.html"
        return render(request, template, {"job": job})


class AttachmentView(LoginRequiredMixin, View):
    """Streams an uploaded file (evidence, photo) to a user whose read scope covers the record it belongs to;
    anyone else gets 404. Only images open in the browser (?download=1 saves them too); a PDF or any other
    document is always a download, and every file is sandboxed and never sniffed, so that a file carrying
    script cannot run with the portal's origin."""

    def get(self, request, label, pk):
        from django.apps import apps

        from .models import Attachment

        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise Http404 from exc
        if not issubclass(model, Attachment):
            raise Http404
        record = get_object_or_404(model._default_manager.restrict(request.user, VIEW), pk=pk)
        try:
            handle = record.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        from .uploads import served_inline

        response = FileResponse(
            handle,
            as_attachment=bool(request.GET.get("download")) or not served_inline(record.content_type),
            filename=record.original_name,
            content_type=record.content_type,
        )
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ModelViews:
    """All of a model's pages declared in one place: list, detail, add/edit, history and import, with the
    list registered for background exports. An app's urls.py then needs one line per model:

        stations = ModelViews(ServiceStation.objects.select_related("host"), filterset=..., table=...,
                              form_class=..., resource=..., detail_fields=(...))
        urlpatterns = [*stations.urls()]

    Pass `detail=`/`edit=`/`list=` subclasses to change one page; the others stay generic. `actions` maps an
    action name to an ObjectActionView subclass, served at <pk>/<action>/ as `<model>_<action>` (an
    organisation's dissolve page)."""

    def __init__(
        self,
        queryset,
        *,
        filterset,
        table,
        form_class=None,
        resource=None,
        create_service=record_create,
        update_service=record_update,
        detail_template="core/object_detail.html",
        detail_fields=(),
        inlines=(),
        attachment_model=None,
        attachment_parent=None,
        attachment_kinds=None,
        list=ObjectListView,  # noqa: A002 - the page it replaces
        detail=ObjectDetailView,
        edit=ObjectEditView,
        history=ObjectHistoryView,
        can_add=True,
        importable=True,
        actions=None,
    ):
        model = queryset.model
        self.model = model
        label = model._meta.label_lower
        name = model.__name__
        self.list = type(
            f"{name}ListView",
            (list,),
            {
                "queryset": queryset,
                "filterset": filterset,
                "table": table,
                "resource": resource,
                "can_add": can_add and form_class is not None,
                "can_import": importable,
            },
        )
        register_list(label, self.list)
        self.detail = type(
            f"{name}DetailView",
            (detail,),
            {"queryset": queryset, "template_name": detail_template, "detail_fields": tuple(detail_fields)},
        )
        related = [formset.fk.remote_field.get_accessor_name() for formset in inlines]
        if attachment_model is not None:
            related.append(attachment_model._meta.get_field(attachment_parent).remote_field.get_accessor_name())
        self.history = type(f"{name}HistoryView", (history,), {"queryset": queryset, "related": tuple(related)})
        self.edit = None
        if form_class is not None:
            self.edit = type(
                f"{name}EditView",
                (edit,),
                {
                    "queryset": queryset,
                    "form_class": form_class,
                    "create_service": create_service,
                    "update_service": update_service,
                    "inlines": tuple(inlines),
                    "attachment_model": attachment_model,
                    "attachment_parent": attachment_parent,
                    "attachment_kinds": attachment_kinds,
                },
            )
        self.import_ = None
        if resource is not None and importable:
            self.import_ = type(f"{name}ImportView", (ImportView,), {"resource": resource, "target": label})
        self.actions = {
            action: type(f"{name}{view.__name__}", (view,), {"queryset": queryset})
            for action, view in (actions or {}).items()
        }

    def urls(self, *extra):
        from django.urls import path

        name = self.model._meta.model_name
        actions = [
            path(f"<int:pk>/{action}/", view.as_view(), name=f"{name}_{action}")
            for action, view in self.actions.items()
        ]
        return model_urls(
            self.model,
            list=self.list,
            add=self.edit,
            detail=self.detail,
            edit=self.edit,
            history=self.history,
            import_=self.import_,
            extra=(*actions, *extra),
        )


class AutocompleteView(LoginRequiredMixin, View):
    """Search results for every RecordPicker: at most 20 records of a model registered for global search, matched
    on its search fields, inside the user's read (or, with scope=change, write) scope. The model may narrow and
    order the choices with `picker_queryset(queryset, params)`, given the picker's filters (current cadres only;
    organisations of some levels, active ones first from the top of the scope)."""

    limit = 20

    def get(self, request, label):
        from functools import reduce
        from operator import or_

        from django.db.models import Q

        from .widgets import picker_hit, picker_records

        target = next((t for t in registry.search if t.model._meta.label_lower == label), None)
        if target is None:
            raise Http404
        model = target.model
        field = request.GET.get("field", "")
        query = search_text(request.GET, f"_{field}_search", "q")
        action = CHANGE if request.GET.get("scope") == CHANGE else VIEW
        records = model._default_manager.restrict(request.user, action)
        narrow = getattr(model, "picker_queryset", None)
        if narrow is not None:
            records = narrow(records, request.GET)
        if query:
            records = records.filter(reduce(or_, (Q(**{f"{f}__icontains": query}) for f in target.fields)))
        hits = [picker_hit(record) for record in picker_records(records)[: self.limit]]
        return render(request, "core/partials/record_autocomplete.html", {"hits": hits, "query": query})


def csrf_failure(request, reason=""):
    """A refused form post (expired page, cookies off, another site's origin): the product's 403 page."""

    exception = PermissionDenied(_("页面已过期或请求来源不符，表单没有提交。请刷新页面后重新填写提交。"))
    return render(request, "403.html", {"exception": exception}, status=403)


def server_error(request):
    """handler500: the product's 500 page, or its 503 page when the database is what failed (it comes back by
    itself: connections are health-checked at every request). No request context: it may be what failed."""
    import sys

    from django.db import DatabaseError, InterfaceError
    from django.http import JsonResponse
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError | InterfaceError):
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": _("数据库暂时不可用，请稍后再试。")}, status=503)
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
