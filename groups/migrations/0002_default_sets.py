"""The group sets every province starts with (DOMAIN.md, 分类指导): region class, region type, industry section,
ownership, size band and the industry unions (条块结合). Province staff may rename, reorder and add to them."""

from django.db import migrations

from orgs.choices import Industry, Ownership, RegionClass, RegionType

SIZE_BANDS = (
    ("lt25", "25人以下", 0, 24),
    ("25_99", "25—99人", 25, 99),
    ("100_499", "100—499人", 100, 499),
    ("500_999", "500—999人", 500, 999),
    ("ge1000", "1000人及以上", 1000, None),
)


def create(apps, schema_editor):
    GroupSet = apps.get_model("groups", "GroupSet")
    Group = apps.get_model("groups", "Group")
    field_sets = (
        ("region_class", "地区类别", "region_class", True, RegionClass),
        ("region_type", "地区类型", "region_type", False, RegionType),
        ("industry", "行业门类", "industry", False, Industry),
        ("ownership", "经济类型", "ownership", False, Ownership),
    )
    for order, (code, name, source, compulsory, choices) in enumerate(field_sets, start=1):
        group_set = GroupSet.objects.create(
            code=code, name=name, source=source, exclusive=True, compulsory=compulsory, order=order
        )
        Group.objects.bulk_create(
            Group(group_set=group_set, code=value, name=str(label), order=n)
            for n, (value, label) in enumerate(choices.choices)
        )
    bands = GroupSet.objects.create(code="size_band", name="职工规模", source="size_band", exclusive=True, order=5)
    Group.objects.bulk_create(
        Group(group_set=bands, code=code, name=name, order=n, min_employees=low, max_employees=high)
        for n, (code, name, low, high) in enumerate(SIZE_BANDS)
    )
    GroupSet.objects.create(
        code="industry_union",
        name="产业工会",
        source="industry_union",
        exclusive=True,
        order=6,
        description="条块结合：基层工会在属地（块）之外所属的省级产业工会（条）。",
    )


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
