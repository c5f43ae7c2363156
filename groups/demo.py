"""Demo data of the group sets: one group per provincial industry union with a share of the grassroots unions
affiliated to it (条块结合), and a hand-kept set of key units. Idempotent and deterministic."""

from orgs.choices import Level, Status


def fill_groups(*, seed, stdout=None):
    from orgs.models import Organisation

    from .models import Group, GroupMembership, GroupSet, Source

    industry_set = GroupSet.objects.filter(source=Source.INDUSTRY_UNION).first()
    if industry_set is None:
        return
    groups = []
    for order, union in enumerate(
        Organisation.objects.filter(level=Level.INDUSTRY, status=Status.ACTIVE).order_by("pk")
    ):
        group, _created = Group.objects.get_or_create(
            group_set=industry_set,
            code=f"u{union.pk}",
            defaults={"name": union.name, "organisation": union, "order": order},
        )
        groups.append(group)
    key_units, _created = GroupSet.objects.get_or_create(
        code="key_units",
        defaults={
            "name": "重点联系单位",
            "source": Source.MANUAL,
            "exclusive": True,
            "order": 7,
            "description": "省总工会领导班子成员联系的重点基层工会。",
        },
    )
    key_group, _created = Group.objects.get_or_create(
        group_set=key_units, code="province", defaults={"name": "省级重点联系"}
    )
    unions = Organisation.objects.filter(level=Level.GRASSROOTS, status=Status.ACTIVE).order_by("pk")
    rows = []
    for pk in unions.values_list("pk", flat=True).iterator(chunk_size=5000):
        if groups and (pk + seed) % 37 == 0:
            rows.append(GroupMembership(group=groups[(pk // 37) % len(groups)], organisation_id=pk))
        if (pk + seed) % 211 == 0:
            rows.append(GroupMembership(group=key_group, organisation_id=pk))
    GroupMembership.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    if stdout is not None:
        stdout.write(f"分组：产业工会 {len(groups)} 个，归属与重点联系 {len(rows)} 条")
