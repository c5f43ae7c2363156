"""What the OpenAPI schema says beyond drf-spectacular's defaults, so that integrators (and schemathesis) can
rely on it: the error answers every operation can give, and time values as Django writes them."""

ERROR_SCHEMA = {
    "description": "An error: `detail` for a refusal (401, 403, 404, 405, 413, 415), or the offending fields "
    "(`non_field_errors` for the record as a whole) each with a list of messages for a 400.",
    "oneOf": [
        {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            # a field's messages, or (for nested records) the messages of each of its lines
            "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}]},
        },
        {"type": "array", "items": {"type": "string"}},
    ],
}

ERRORS = {
    "400": "The request is invalid: the body names the fields and what is wrong with them.",
    "401": "No valid credentials (a token or a session).",
    "403": "Outside the caller's write scope, or the record is locked.",
    "404": "No such record within the caller's scope.",
}

UNSUPPORTED = "The body's Content-Type is not one the operation accepts."
TOO_LARGE = "The body is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE)."

# Django writes times as "09:00:00"; OpenAPI's `format: time` means RFC 3339's full-time, which wants a UTC offset.
TIME_SCHEMA = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$", "example": "09:00"}


def _fix_times(node):
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            node.pop("format")
            node.update(TIME_SCHEMA)
        for value in node.values():
            _fix_times(value)
    elif isinstance(node, list):
        for value in node:
            _fix_times(value)


def postprocess(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERRORS.items():
                if code == "401" and not operation.get("security"):
                    continue
                operation["responses"].setdefault(code, {"description": description, "content": reference})
            if "requestBody" in operation:
                operation["responses"].setdefault("413", {"description": TOO_LARGE, "content": reference})
                operation["responses"].setdefault("415", {"description": UNSUPPORTED, "content": reference})
    _fix_times(result.get("components", {}))
    return result
