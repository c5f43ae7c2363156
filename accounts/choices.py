from orgs.choices import RoleKind

# How much a role may do, highest first: a manager grants a kind only where one of their own roles of at
# least that rank covers the organisation, so a prefecture officer can make county officers and inspectors
# in the prefecture but never province staff.
KIND_RANK = {
    RoleKind.PROVINCE_STAFF: 50,
    RoleKind.PREFECTURE_OFFICER: 40,
    RoleKind.COUNTY_OFFICER: 30,
    RoleKind.INSPECTOR: 20,
    RoleKind.VIEWER: 10,
}


def rank(kind):
    return KIND_RANK.get(kind, 0)
