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
