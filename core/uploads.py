"""Checks for files users upload as evidence or photos: the type is read from the file's first bytes (and,
for images, from decoding it), not trusted from its name or the browser; the size is capped by settings.
"""

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

IMAGE = "image"
PDF = "pdf"

# first bytes -> (kind, content type, extensions it may carry)
SIGNATURES = (
    (b"\xff\xd8\xff", IMAGE, "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", IMAGE, "image/png", {".png"}),
    (b"GIF87a", IMAGE, "image/gif", {".gif"}),
    (b"GIF89a", IMAGE, "image/gif", {".gif"}),
    (b"%PDF-", PDF, "application/pdf", {".pdf"}),
)
# Types a browser may show inline: decoded as images only, never run. A PDF can carry JavaScript and other
# documents worse, so everything else is served as a download (core:attachment).
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif"})
KIND_LABELS = {IMAGE: gettext_lazy("图片（JPG、PNG、GIF）"), PDF: gettext_lazy("PDF 文件")}


def max_upload_bytes():
    return getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def sniff(upload):
    """(kind, content type) of an uploaded file from its first bytes, or (None, None)."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    name = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    for magic, kind, content_type, extensions in SIGNATURES:
        if head.startswith(magic):
            return (kind, content_type) if name in extensions else (None, None)
    return None, None


def check_upload(upload, kinds=(IMAGE, PDF)):
    """Raise ValidationError (in the user's language) unless `upload` is one of `kinds` and small enough.
    Returns the content type."""
    limit = max_upload_bytes()
    name = getattr(upload, "name", "")
    if upload.size > limit:
        raise ValidationError(
            _("文件“%(name)s”有 %(size).1f MB，超过上限 %(limit)d MB，请压缩后再上传。"),
            params={"name": name, "size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="too_large",
        )
    kind, content_type = sniff(upload)
    if kind not in kinds:
        allowed = "、".join(str(KIND_LABELS[k]) for k in kinds)
        raise ValidationError(
            _("文件“%(name)s”不是可接受的类型，只能上传：%(allowed)s。"),
            params={"name": name, "allowed": allowed},
            code="bad_type",
        )
    if kind == IMAGE:
        from PIL import Image, UnidentifiedImageError

        position = upload.tell()
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("图片“%(name)s”已损坏或无法识别，请重新导出后上传。"), params={"name": name}, code="bad_image"
            ) from exc
        finally:
            upload.seek(position)
    return content_type


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by `check_upload`; cleans to a list (possibly empty)."""

    def __init__(self, *args, kinds=(IMAGE, PDF), **kwargs):
        self.kinds = kinds
        accept = ",".join(sorted({ext for _m, kind, _c, exts in SIGNATURES if kind in kinds for ext in exts}))
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        cleaned = []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
                check_upload(upload, self.kinds)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


def served_inline(content_type):
    return content_type in INLINE_TYPES
