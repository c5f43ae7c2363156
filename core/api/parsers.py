"""The API's JSON parser: a body is one JSON object of bounded nesting, or a clear 400. (Its size is bounded by
DATA_UPLOAD_MAX_MEMORY_SIZE, which core.api.exceptions turns into a 413.)

DRF's own parser hands any JSON value to the views (a list or a number where they expect an object) and lets
Python's parser recurse until it fails with a RecursionError, so hostile bodies answered 500."""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

MAX_DEPTH = 32


def _depth(value):
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise exceptions.ParseError(_("请求内容嵌套过深（最多 %(n)d 层）。") % {"n": MAX_DEPTH})
        except (ValueError, UnicodeDecodeError):
            raise exceptions.ParseError(_("请求内容不是有效的 JSON。"))
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("请求内容必须是一个 JSON 对象（{...}）。"))
        if _depth(data) > MAX_DEPTH:
            raise exceptions.ParseError(_("请求内容嵌套过深（最多 %(n)d 层）。") % {"n": MAX_DEPTH})
        return data


def _refuse_constant(name):
    # NaN and Infinity are not JSON; Python's parser accepts them and they then reach number fields.
    raise ValueError(name)
