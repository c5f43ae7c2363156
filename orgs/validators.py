"""Identity codes: GB 32100 unified social credit code, statistical division code (GB/T 2260 prefix)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_code_check_char(first17):
    total = sum(CREDIT_CODE_CHARSET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value):
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(n)d位。"), code="credit_code_length", params={"n": len(code)}
        )
    if not _CREDIT_CODE_RE.match(code):
        raise ValidationError(_("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。"), code="credit_code_chars")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位不正确，请核对（按 GB 32100 计算应为“%(c)s”）。"),
            code="credit_code_check",
            params={"c": expected},
        )


def validate_division_code(value):
    code = (value or "").strip()
    if not re.fullmatch(r"\d{12}", code):
        raise ValidationError(_("统计用区划代码应为12位数字。"), code="division_code_format")
    if not re.fullmatch(r"[1-8]\d", code[:2]):
        raise ValidationError(_("统计用区划代码的前两位不是有效的省级代码。"), code="division_code_province")


# GB 32100 characters 1–2: the registering authority and the kind of entity (DOMAIN.md).
UNION_AUTHORITY = "8"
GRASSROOTS_UNION_KIND = "81"
ENTERPRISE_OWNERSHIPS = ("state", "collective", "private", "foreign", "mixed")
OWNERSHIP_AUTHORITY = {
    # ownership → (accepted first characters, what they are called)
    **{o: ("9", _("企业（市场监管部门登记，9 开头，如 91）")) for o in ENTERPRISE_OWNERSHIPS},
    "individual": ("9", _("个体工商户（92 开头）")),
    "public": ("1", _("机关、事业单位（机构编制部门登记，11 或 12 开头）")),
    "social": ("5", _("社会组织（民政部门登记，5 开头）")),
}


def _well_formed(code):
    try:
        validate_credit_code(code)
    except ValidationError:
        return False
    return True


def union_code_error(code, level):
    """A union's own code is a 工会 code: 81 for a grassroots union, 8x for other union bodies."""
    code = (code or "").strip().upper()
    if not _well_formed(code):
        return None  # the code's own validator says what is wrong with it
    wanted = GRASSROOTS_UNION_KIND if level == "grassroots" else UNION_AUTHORITY
    if code.startswith(wanted):
        return None
    return _(
        "工会自身的统一社会信用代码由工会登记（%(wanted)s 开头），“%(code)s”以 %(head)s 开头，是其他单位的代码；"
        "所在单位的代码请填在建会登记的“单位统一社会信用代码”中。"
    ) % {"wanted": wanted, "code": code, "head": code[:2]}


def employer_code_error(code, ownership=""):
    """An employer's code is never a union's (8…), and its first character fits the kind of employer."""
    code = (code or "").strip().upper()
    if not _well_formed(code):
        return None
    if code.startswith(UNION_AUTHORITY):
        return _("“%(code)s”是工会的统一社会信用代码（8 开头），这里请填写单位本身的代码。") % {"code": code}
    wanted = OWNERSHIP_AUTHORITY.get(ownership)
    if wanted and not code.startswith(wanted[0]):
        return _("单位经济类型与信用代码不符：应为%(kind)s，“%(code)s”以 %(head)s 开头。") % {
            "kind": wanted[1],
            "code": code,
            "head": code[:2],
        }
    return None
