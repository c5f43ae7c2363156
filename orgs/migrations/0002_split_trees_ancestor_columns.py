"""Split the province-wide MPTT tree into one small tree per organisation that holds others, and fill the
ancestor columns (see orgs.models.Organisation). Existing databases keep their rows and order: the holders'
new trees are numbered in the old tree order, so lists sorted by (tree_id, lft) read as before."""

import django.db.models.deletion
import mptt.fields
from collections import defaultdict

from django.db import migrations, models


def split_trees(apps, schema_editor):
    from orgs.treeops import SHAPE_COLUMNS, _execute_update, reshape

    Organisation = apps.get_model("orgs", "Organisation")
    rows = list(Organisation.objects.order_by("tree_id", "lft", "pk").values_list("pk", "parent_id", "level", *SHAPE_COLUMNS))
    # Every holder shares tree 1 with the province now; reshape gives each its own tree, in this order.
    _execute_update(SHAPE_COLUMNS, reshape(rows))


def join_trees(apps, schema_editor):
    from orgs.treeops import _execute_update, _number

    Organisation = apps.get_model("orgs", "Organisation")
    rows = list(Organisation.objects.order_by("tree_id", "lft", "pk").values_list("pk", "parent_id"))
    children = defaultdict(list)
    for pk, parent_id in rows:
        if parent_id is not None:
            children[parent_id].append(pk)
    changed = []
    for tree_id, root in enumerate((pk for pk, parent_id in rows if parent_id is None), start=1):
        changed.extend((pk, tree_id, *numbers) for pk, numbers in _number(root, children).items())
    _execute_update(("tree_id", "lft", "rght", "depth"), changed)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('orgs', '0002_region_class'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='county',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, db_constraint=False, related_name='+', to='orgs.organisation', verbose_name='所属区(市、县)总工会'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='prefecture',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, db_constraint=False, related_name='+', to='orgs.organisation', verbose_name='所属市(州)总工会'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='province',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, db_constraint=False, related_name='+', to='orgs.organisation', verbose_name='所属省总工会'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='township',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, db_constraint=False, related_name='+', to='orgs.organisation', verbose_name='所属乡镇(街道)、园区工会'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='tree_parent',
            field=mptt.fields.TreeForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, db_constraint=False, db_index=False, related_name='tree_children', to='orgs.organisation', verbose_name='所在子树根'),
        ),
        migrations.RunPython(split_trees, join_trees),
    ]
