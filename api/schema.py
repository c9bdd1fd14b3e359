"""Post-processing of the OpenAPI schema that drf-spectacular generates."""

# Every text input refuses NUL (DRF's CharField, and PostgreSQL cannot store it); the
# schema says so, so that what it allows is what the API accepts. A required text
# (minLength 1) is trimmed first, so it needs one character that is not a space.
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"


def _refuse_nul(schema) -> None:
    if isinstance(schema, list):
        for item in schema:
            _refuse_nul(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not {"format", "enum", "pattern"} & schema.keys():
        schema["pattern"] = NOT_BLANK if schema.get("minLength", 0) >= 1 else NO_NUL
    for key in ("properties", "patternProperties"):
        for sub in (schema.get(key) or {}).values():
            _refuse_nul(sub)
    for key in ("items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"):
        if key in schema:
            _refuse_nul(schema[key])


def text_inputs_refuse_nul(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: add the NUL rule to every free-text input (request
    bodies and query parameters); answers are left as they are."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _refuse_nul(component)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _refuse_nul(parameter.get("schema"))
    return result
