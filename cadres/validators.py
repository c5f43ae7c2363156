"""Phone numbers of cadres: validated on entry, masked for readers who may not edit the cadre."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area code 010–0999 (3 or 4 digits), number of 7 or 8 digits, optional extension.
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalise_phone(value):
    text = (value or "").strip().replace(" ", "").replace("（", "(").replace("）", ")")
    text = text.replace("(", "").replace(")", "-").replace("－", "-")
    if text.startswith("+86"):
        text = text[3:].lstrip("-")
    return text


def validate_phone(value):
    text = normalise_phone(value)
    if text and not (MOBILE_RE.match(text) or LANDLINE_RE.match(text)):
        raise ValidationError(
            _("“%(value)s”不是有效的电话号码：手机号为11位数字（如13812345678），固定电话含区号（如0971-8123456）。"),
            code="invalid_phone",
            params={"value": value},
        )


def mask_phone(value):
    """138****5678: the first three and last four characters, the middle hidden. The SQL in
    cadres.selectors.masked_phone_expression follows the same rule for exports."""
    text = value or ""
    if not text:
        return ""
    if len(text) < 8:
        return "****"
    return f"{text[:3]}****{text[-4:]}"
