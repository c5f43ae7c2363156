"""The 会 validation rules, in one place: model `clean()` methods call these, so that the browser form, the
spreadsheet import and the API refuse the same things with the same words."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.choices import Level
from orgs.validators import employer_code_error

# (field, label) of the member counts that are parts of all members
MEMBER_PARTS = (
    ("female_members", gettext_lazy("女职工会员")),
    ("migrant_members", gettext_lazy("农民工会员")),
    ("new_forms_members", gettext_lazy("新就业形态劳动者会员")),
)


def member_errors(obj, employees):
    """Members ≤ employees; female, migrant and new-forms members ≤ members."""
    errors = {}
    members = obj.members
    if members is not None and employees is not None and members > employees:
        errors["members"] = _("会员人数（%(m)d）不能多于职工人数（%(e)d）。请核对两个数字。") % {
            "m": members,
            "e": employees,
        }
    if members is not None:
        for field, label in MEMBER_PARTS:
            value = getattr(obj, field)
            if value is not None and value > members:
                errors[field] = _("%(label)s人数（%(v)d）不能多于会员总数（%(m)d）。") % {
                    "label": label,
                    "v": value,
                    "m": members,
                }
    return errors


def not_in_future(value, field, label):
    if value and value > timezone.localdate():
        return {field: _("%(label)s不能晚于今天。") % {"label": label}}
    return {}


def county_of(organisation):
    """The county (区/市/县) union above `organisation`, or None; walks the parent chain (a few rows)."""
    node = organisation
    while node is not None:
        if node.level == Level.COUNTY:
            return node
        node = node.parent
    return None


def division_errors(credit_code, organisation, field):
    """An employer's unified social credit code carries the division of the authority that registered it
    (characters 3–8). A union under a county must cover employers registered in that county, or by the
    prefecture or province above it (which register many larger employers)."""
    code = (credit_code or "").strip().upper()
    if len(code) != 18 or organisation is None:
        return {}
    county = county_of(organisation)
    if county is None or len(county.division_code or "") < 6:
        return {}
    region = code[2:8]
    county6 = county.division_code[:6]
    accepted = {county6, county6[:4] + "00", county6[:2] + "0000"}
    if region in accepted:
        return {}
    return {
        field: _(
            "该统一社会信用代码的登记机关区划码为 %(region)s，不在%(county)s（%(code)s）或其上级登记机关范围内；"
            "请核对代码，或在单位所在县的工会下登记。"
        )
        % {"region": region, "county": county.name, "code": county6}
    }


def employer_code_errors(registration):
    """The employer's code is the employer's own (not a union's, and fitting its kind), never the union's."""
    code = (registration.employer_credit_code or "").strip().upper()
    if not code:
        return {}
    message = employer_code_error(code, registration.employer_ownership)
    if message is None and registration.organisation_id and registration.organisation.credit_code == code:
        message = _("单位的统一社会信用代码与工会自身的代码相同；工会（81 开头）与所在单位各有自己的代码。")
    return {"employer_credit_code": message} if message else {}
