"""The organisation tree and the roles users hold in it."""

from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from core.history import track
from core.models import CheckedFieldsMixin
from core.scope import CHANGE, VIEW, RestrictedQuerySet
from core.text import join_list
from core.validation import clean_one

from .choices import (
    ALLOWED_CHILDREN,
    ANCESTOR_COLUMNS,
    ANCESTOR_FIELDS,
    LEVEL_RANK,
    REGION_CLASS_FOR_TYPE,
    ROOT_LEVELS,
    WRITE_ROLE_KINDS,
    Industry,
    Level,
    Ownership,
    RegionClass,
    RegionType,
    RoleKind,
    Status,
)
from .validators import union_code_error, validate_credit_code, validate_division_code

ANCESTOR_VALUE_KEYS = tuple(f"{name}_id" for name in ANCESTOR_FIELDS)

# Deep enough for the longest allowed chain (province > prefecture > county > township > grassroots), so that
# a list can show every row's tree path with a fixed number of queries.
PATH_RELATED = "parent__parent__parent__parent"


def level_rank():
    """An expression ranking rows top-down by level (see LEVEL_RANK), for ordering "the top of a scope" first."""
    return models.Case(
        *(models.When(level=level, then=models.Value(rank)) for level, rank in LEVEL_RANK.items()),
        default=models.Value(9),
        output_field=models.IntegerField(),
    )


def load_paths(rows):
    """Give every organisation in `rows` its chain of parents (see Organisation.path) in one query: the rows'
    ancestor columns and parents name every organisation above them, and those name each other."""
    known = {row.pk: row for row in rows}
    wanted = set()
    for row in rows:
        for key in (*ANCESTOR_VALUE_KEYS, "parent_id"):
            pk = row.__dict__.get(key)
            if pk is not None and pk not in known:
                wanted.add(pk)
    if wanted:
        known.update((node.pk, node) for node in Organisation.objects.filter(pk__in=sorted(wanted)))
    parent = Organisation._meta.get_field("parent")
    for node in known.values():
        above = known.get(node.__dict__.get("parent_id"))
        if above is not None and not parent.is_cached(node):
            parent.set_cached_value(node, above)
    return rows


class OrganisationQuerySet(RestrictedQuerySet, TreeQuerySet):
    def active(self):
        return self.filter(status=Status.ACTIVE)

    def within(self, node, strict=False):
        """Organisations inside `node`'s subtree, `node` itself included unless `strict`: the one subtree test,
        on the ancestor columns (see core.scope.subtree_q)."""
        from core.scope import subtree_q

        return self.filter(subtree_q("", [node], strict=strict))

    _load_paths = False

    def with_path(self, load=True):
        """Rows with their ancestors loaded, so that path() and path_display() query nothing: one query for
        the ancestors of all the rows fetched, named by their ancestor columns and parent. Not joined: with four
        self-joins PostgreSQL joins every row in scope before it sorts and cuts the page (0.7 s at 100,000
        unions); nor prefetched level by level (four queries). `with_path(False)` turns it off again (a single row
        may join its parents instead)."""
        clone = self._chain()
        clone._load_paths = load
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._load_paths = self._load_paths
        return clone

    def prefetch_related(self, *lookups):
        clone = super().prefetch_related(*lookups)
        if lookups == (None,):  # "nothing loaded afterwards", as for a streamed export
            clone._load_paths = False
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and self._load_paths and self._iterable_class is ModelIterable:
            load_paths(self._result_cache)

    def _iterator(self, use_chunked_fetch, chunk_size):
        rows = super()._iterator(use_chunked_fetch, chunk_size)
        if not self._load_paths or self._iterable_class is not ModelIterable:
            yield from rows
            return
        while chunk := list(islice(rows, chunk_size or 2000)):  # .iterator(): one query per chunk
            yield from load_paths(chunk)


class Organisation(CheckedFieldsMixin, MPTTModel):
    """One union organisation (工会组织) at any level, from 省总工会 down to a 基层工会.

    Never hard-deleted: dissolving or merging keeps the record and its history.

    The tree is stored twice, each for what it does well. `parent` is the real hierarchy; the ancestor
    columns (`province`, `prefecture`, `county`, `township`) copy each row's chain above it, so that "inside
    X" is one indexed equality. The MPTT numbers are split into many small trees: every organisation that
    may hold others is the root of its own tree (`tree_parent` is empty) and its grassroots unions are that
    tree's leaves. A new union is appended as the last leaf, which rewrites one existing row (its root's
    `rght`) however large the province, and two writers under different parents never touch the same tree;
    in one province-wide tree each insert shifted every row after it. MPTT's own tree walks
    (get_descendant_count, is_leaf_node) therefore see one small tree and are wrong for holders (use
    `subtree_size`); `get_children`, `get_descendants`, `get_ancestors`, `is_descendant_of` and
    `is_ancestor_of` are redefined on the real hierarchy.
    """

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    parent = TreeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级组织"),
        db_index=False,  # the unique (parent, name) index serves every `parent = X`
    )
    # Maintained by save() and the tree operations from `parent`; never edited by hand (see the class docstring).
    # Derived columns carry no foreign-key constraint: check_tree verifies them against `parent`, which keeps
    # its own, and a constraint would cost every insert five more checks and row locks at commit.
    tree_parent = TreeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        db_constraint=False,
        db_index=False,
        related_name="tree_children",
        verbose_name=_("所在子树根"),
    )
    province = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+", db_constraint=False,
        verbose_name=_("所属省总工会"),
    )  # fmt: skip
    prefecture = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+", db_constraint=False,
        verbose_name=_("所属市(州)总工会"),
    )  # fmt: skip
    county = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+", db_constraint=False,
        verbose_name=_("所属区(市、县)总工会"),
    )  # fmt: skip
    township = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+", db_constraint=False,
        verbose_name=_("所属乡镇(街道)、园区工会"),
    )  # fmt: skip
    division_code = models.CharField(
        _("统计用区划代码"),
        max_length=12,
        blank=True,
        validators=[validate_division_code],
        help_text=_("12位统计用区划代码，前6位为 GB/T 2260 行政区划代码。"),
    )
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位，按 GB 32100 校验。"),
    )
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices, blank=True)
    ownership = models.CharField(_("经济类型"), max_length=20, choices=Ownership.choices, blank=True)
    region_type = models.CharField(_("地区类型"), max_length=20, choices=RegionType.choices, blank=True)
    region_class = models.CharField(
        _("地区类别"),
        max_length=1,
        choices=RegionClass.choices,
        blank=True,
        help_text=_(
            "分类指导：目标和验收标准按类别分档。留空时按地区类型确定：城镇、园区为一类，农业区为二类，牧区为三类。"
        ),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_changed_on = models.DateField(_("撤销/合并日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("并入组织"),
        db_index=False,
    )
    # MPTT's own tree column, declared here only to drop its single-column index: the (tree_id, lft) index below
    # serves every `tree_id = X`, and each index is one more entry a county move rewrites per row.
    tree_id = models.PositiveIntegerField(editable=False, db_index=False)
    created = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TreeManager.from_queryset(OrganisationQuerySet)()

    scope_path = ""

    class MPTTMeta:
        # `level` is the union level above; MPTT's depth counter gets its own name.
        level_attr = "depth"
        parent_attr = "tree_parent"

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["tree_id", "lft"]
        # Tree order (a Meta of our own drops the index MPTTModel's Meta would add), lookups by division code,
        # and the foreign keys' own indexes, which serve the ancestor columns. Credit codes are found through
        # their unique constraint; level and status are too coarse to index.
        indexes = [
            models.Index(fields=["tree_id", "lft"], name="org_tree_lft"),
            # Only the rows that have one (grassroots unions mostly have none, and a county move then rewrites
            # no entry of theirs here); a lookup of a code implies the condition, so the planner still uses it.
            models.Index(fields=["division_code"], name="org_division_code", condition=~Q(division_code="")),
            # The few hundred units that hold others (the rollups' buckets and areas, figures.rollups): found
            # without reading 300,000 unions, and a grassroots union's insert or move writes no entry here.
            models.Index(fields=["level"], name="org_holders_level", condition=~Q(level="grassroots")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_among_siblings"),
            models.UniqueConstraint(fields=["name"], condition=Q(parent=None), name="org_unique_root_name"),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="org_unique_credit_code",
                violation_error_message=_("该统一社会信用代码已被其他组织使用。"),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:organisation_detail", args=[self.pk])

    @property
    def is_active(self):
        return self.status == Status.ACTIVE

    @property
    def effective_region_class(self):
        """The class targets and thresholds use: the one set, else the default of the region type (rows bulk
        created without save() have none stored)."""
        return self.region_class or REGION_CLASS_FOR_TYPE.get(self.region_type, "")

    def path(self):
        """Ancestors then self, walking loaded parents (see PATH_RELATED) rather than querying."""
        chain = []
        node = self
        while node is not None:
            chain.append(node)
            node = node.parent if node.parent_id else None
        return list(reversed(chain))

    def path_display(self, sep=" / "):
        return sep.join(node.name for node in self.path()[:-1])

    # How an organisation reads in the record picker (core.widgets.RecordPicker): chosen, by its whole path; in
    # the results, by name and level above the path of its parents.
    picker_placeholder = _("输入名称、简称或代码搜索")

    @property
    def picker_label(self):
        return " / ".join(node.name for node in self.path())

    @property
    def picker_title(self):
        return self.name

    @property
    def picker_kind(self):
        return self.get_level_display()

    @property
    def picker_hint(self):
        return self.path_display()

    @staticmethod
    def picker_queryset(queryset, params):
        """The picker's choices: active organisations, of the levels asked for (`level`, repeated) or only those
        that may hold others (`parents`), the top of the user's scope first."""
        from .choices import PARENT_LEVELS

        queryset = queryset.active()
        if params.get("parents"):
            queryset = queryset.filter(level__in=PARENT_LEVELS)
        levels = [level for level in params.getlist("level") if level in Level.values]
        if params.getlist("level"):
            queryset = queryset.filter(level__in=levels)
        return queryset.order_by(level_rank(), "tree_id", "lft")

    def allowed_child_levels(self):
        return ALLOWED_CHILDREN[Level(self.level)]

    # The real hierarchy, across the small MPTT trees.

    def covers(self, other):
        """Whether `other` (an organisation, loaded) lies in this one's subtree, itself included; no query."""
        if other.pk == self.pk:
            return True
        own = ANCESTOR_COLUMNS.get(self.level)
        if own:
            return getattr(other, f"{own}_id") == self.pk
        # Industry and directly affiliated unions hold grassroots unions only; a grassroots union holds nothing.
        return self.level != Level.GRASSROOTS and other.parent_id == self.pk

    def ancestor_ids(self):
        ids = [getattr(self, f"{name}_id") for name in ANCESTOR_FIELDS] + [self.parent_id]
        return list(dict.fromkeys(i for i in ids if i is not None and i != self.pk))

    def get_ancestors(self, ascending=False, include_self=False):
        ids = self.ancestor_ids() + ([self.pk] if include_self else [])
        rank = level_rank()
        return Organisation.objects.filter(pk__in=ids).order_by(rank.desc() if ascending else rank)

    def get_children(self):
        return self.children.all()

    def get_descendants(self, include_self=False):
        return Organisation.objects.within(self, strict=not include_self)

    def subtree_size(self):
        """Organisations below this one (MPTT's get_descendant_count counts only its small tree)."""
        return self.get_descendants().count()

    def is_descendant_of(self, other, include_self=False):
        return (include_self or other.pk != self.pk) and other.covers(self)

    def is_ancestor_of(self, other, include_self=False):
        return (include_self or other.pk != self.pk) and self.covers(other)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_place = (instance.__dict__.get("parent_id"), instance.__dict__.get("level"))
        return instance

    def ancestor_values(self):
        """{column: id} of the ancestor columns this row should hold: its parent's, plus itself at its level."""
        parent = self._state.fields_cache.get("parent") if self.parent_id else None
        if parent is not None and parent.pk == self.parent_id:
            above = {key: getattr(parent, key) for key in ANCESTOR_VALUE_KEYS}
        elif self.parent_id:
            above = Organisation.objects.filter(pk=self.parent_id).values(*ANCESTOR_VALUE_KEYS).first()
        else:
            above = dict.fromkeys(ANCESTOR_VALUE_KEYS)
        own = ANCESTOR_COLUMNS.get(self.level)
        if own:
            index = ANCESTOR_FIELDS.index(own)
            above[f"{own}_id"] = self.pk
            # Nothing at a lower level can stand above it.
            for name in ANCESTOR_FIELDS[index + 1 :]:
                above[f"{name}_id"] = None
        return above

    def save(self, *args, **kwargs):
        # Defaulted on save rather than in clean(), so that every door (factories and bulk imports too) agrees.
        if not self.region_class and self.region_type:
            self.region_class = REGION_CLASS_FOR_TYPE.get(self.region_type, "")
        # Only grassroots unions hang inside another organisation's MPTT tree (see the class docstring).
        self.tree_parent_id = self.parent_id if self.level == Level.GRASSROOTS else None
        if self.tree_parent_id is None:
            self._state.fields_cache.pop("tree_parent", None)
        creating = self._state.adding
        place = (self.parent_id, self.level)
        before = None
        if not creating and getattr(self, "_stored_place", None) != place:
            before = Organisation.objects.filter(pk=self.pk).values(*ANCESTOR_VALUE_KEYS, "level", "parent_id").first()
        for key, value in self.ancestor_values().items():
            setattr(self, key, value)
        super().save(*args, **kwargs)
        self._stored_place = place
        own = ANCESTOR_COLUMNS.get(self.level)
        if creating and own:
            # Its own id is known only now.
            Organisation.objects.filter(pk=self.pk).update(**{f"{own}_id": self.pk})
            setattr(self, f"{own}_id", self.pk)
        if before is not None and any(before[key] != getattr(self, key) for key in (*ANCESTOR_VALUE_KEYS, "level")):
            from .treeops import refresh_subtree_columns

            refresh_subtree_columns(self, old_level=before["level"])

    # The sibling-name and credit-code rules are checked in clean_rows() with messages on their fields; the
    # database constraints stay as the last line of defence.
    constraints_checked_in_clean = ("name", "credit_code")

    def clean(self):
        clean_one(self)

    def clean_row(self):
        """The rules one organisation decides by itself (core.validation runs them per row)."""
        errors = {}
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        self.name = (self.name or "").strip()
        if self.level and not self.parent_id and self.level not in ROOT_LEVELS:
            errors["parent"] = _("“%(level)s”必须有上级组织。") % {"level": self.get_level_display()}
        if self.status == Status.MERGED and not self.merged_into_id:
            errors["merged_into"] = _("状态为“已合并”时须填写并入组织。")
        if self.status != Status.MERGED and self.merged_into_id:
            errors["merged_into"] = _("只有已合并的组织才填写并入组织。")
        if self.status != Status.ACTIVE and not self.status_changed_on:
            errors["status_changed_on"] = _("请填写撤销或合并的日期。")
        if self.status_changed_on and self.status_changed_on > timezone.localdate():
            errors["status_changed_on"] = _("撤销/合并日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def clean_rows(cls, instances):
        """The rules that read other organisations, for many at once in a fixed number of queries (an import's
        batch, or one record from clean()). Returns {index: {field: [messages]}}."""
        found = {}

        def add(index, field, message):
            found.setdefault(index, {}).setdefault(field, []).append(message)

        # Read fresh: an instance loaded before a concurrent tree write has stale lft/rght.
        parents = cls.objects.in_bulk({i.parent_id for i in instances if i.parent_id})
        current = cls.objects.in_bulk({i.pk for i in instances if i.pk})
        # Children only matter where the level changes: the ones there were allowed under the level it had.
        relevelled = {i.pk: i.level for i in instances if i.pk in current and current[i.pk].level != i.level}
        children = {}
        if relevelled:
            for parent_id, level, name in cls.objects.filter(parent_id__in=relevelled).values_list(
                "parent_id", "level", "name"
            ):
                children.setdefault(parent_id, []).append((level, name))
        names = {i.name for i in instances if i.name}
        sibling_rows = cls.objects.filter(name__in=names).filter(
            Q(parent_id__in={i.parent_id for i in instances if i.parent_id}) | Q(parent=None)
        )
        siblings = {}
        for pk, parent_id, name in sibling_rows.values_list("pk", "parent_id", "name"):
            siblings.setdefault((parent_id, name), set()).add(pk)
        codes = {}
        wanted_codes = {i.credit_code.strip().upper() for i in instances if i.credit_code}
        for pk, code in cls.objects.filter(credit_code__in=wanted_codes).values_list("pk", "credit_code"):
            codes.setdefault(code, set()).add(pk)
        seen_names, seen_codes = set(), set()
        for index, instance in enumerate(instances):
            parent = parents.get(instance.parent_id)
            if instance.level and parent is not None:
                if instance.level not in parent.allowed_child_levels():
                    allowed = join_list(Level(v).label for v in sorted(parent.allowed_child_levels())) or _("无")
                    add(
                        index,
                        "parent",
                        _("“%(parent)s”（%(plevel)s）下不能设立%(level)s，可设立：%(allowed)s。")
                        % {
                            "parent": parent.name,
                            "plevel": parent.get_level_display(),
                            "level": instance.get_level_display(),
                            "allowed": allowed,
                        },
                    )
                if not parent.is_active:
                    found.setdefault(index, {})["parent"] = [
                        _("上级组织“%(parent)s”已撤销或合并，不能在其下设立组织。") % {"parent": parent.name}
                    ]
            stored = current.get(instance.pk)
            if stored is not None and parent is not None and stored.covers(parent):
                found.setdefault(index, {})["parent"] = [_("不能把组织移到它自己或它的下级组织之下。")]
            if instance.pk in relevelled:
                allowed_levels = ALLOWED_CHILDREN[Level(instance.level)]
                bad = [name for level, name in children.get(instance.pk, []) if level not in allowed_levels][:3]
                if bad:
                    add(
                        index,
                        "level",
                        _("该组织已有下级“%(names)s”，不能改为%(level)s。")
                        % {"names": join_list(bad), "level": instance.get_level_display()},
                    )
            if instance.name:
                key = (instance.parent_id, instance.name)
                if siblings.get(key, set()) - {instance.pk}:
                    add(index, "name", _("同一上级组织下已有名为“%(name)s”的组织。") % {"name": instance.name})
                elif key in seen_names:
                    add(index, "name", _("文件中同一上级组织下有两行都名为“%(name)s”。") % {"name": instance.name})
                seen_names.add(key)
            code_error = (
                instance.credit_code and instance.level and union_code_error(instance.credit_code, instance.level)
            )
            if code_error:
                add(index, "credit_code", code_error)
            elif instance.credit_code:
                code = instance.credit_code.strip().upper()
                if codes.get(code, set()) - {instance.pk}:
                    add(index, "credit_code", _("该统一社会信用代码已被其他组织使用。"))
                elif code in seen_codes:
                    add(index, "credit_code", _("文件中有两行使用同一个统一社会信用代码。"))
                seen_codes.add(code)
        return found

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ()) | set(self.constraints_checked_in_clean)
        super().validate_constraints(exclude=exclude)


track(Organisation, excluded_fields=["lft", "rght", "tree_id", "depth", "tree_parent", *ANCESTOR_FIELDS, "updated"])


class Role(models.Model):
    """A user's role at an organisation; it covers that organisation's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("用户")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="roles", verbose_name=_("所在组织")
    )
    kind = models.CharField(_("角色"), max_length=30, choices=RoleKind.choices)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_path = "organisation__"

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "kind"], name="role_unique_per_org_kind")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.organisation}"

    @staticmethod
    def kinds_for(action):
        if action == VIEW:
            return list(RoleKind.values)
        if action == CHANGE:
            return [str(kind) for kind in WRITE_ROLE_KINDS]
        raise ValueError(action)


track(Role)
