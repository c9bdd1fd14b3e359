"""The OpenAPI schema is valid, documents every refusal, and its Swagger UI is ours alone."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
ERROR_REF = "#/components/schemas/Error"


@pytest.fixture
def schema(tmp_path):
    """The schema as `manage.py spectacular --validate --fail-on-warn` writes it: the
    command raises on an invalid schema or on any generator warning."""
    path = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(path),
    )
    return json.loads(path.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_the_served_schema_is_the_validated_one(client, schema):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert json.loads(response.content) == schema
    assert len(list(operations(schema))) >= 27


def test_every_refusal_is_documented_with_the_error_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "detail", "fields"]
    missing = []
    for path, method, operation in operations(schema):
        label = f"{method.upper()} {path}"
        responses = operation["responses"]
        expected = {"401", "429"}
        parameters = operation.get("parameters", [])
        if any(p["in"] == "path" for p in parameters):
            expected.add("404")
        if "requestBody" in operation or any(p["in"] in ("query", "header") for p in parameters):
            expected.add("400")
        if "requestBody" in operation:
            expected.add("415")
        missing += [f"{label}: {code}" for code in sorted(expected - set(responses))]
        for code, response in responses.items():
            if code.startswith("4"):
                content = response.get("content", {})
                assert list(content) == ["application/json"], f"{label} {code}"
                assert content["application/json"]["schema"] == {"$ref": ERROR_REF}, label
        assert any(code.startswith("2") for code in responses), label
    assert not missing, missing


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def _integers(node, path=""):
    """Every integer property under a schema node (resolved refs are not followed: each
    component is visited on its own), as (path, schema)."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            yield path, node
        for key, value in node.items():
            yield from _integers(value, f"{path}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _integers(value, f"{path}[{n}]")


def test_every_integer_a_client_sends_has_a_documented_maximum(schema):
    """A request body's integer with no maximum lets a client send one no field can hold
    (JSON has no limit; a version past 2^64 reads as a float and is refused): the schema
    says how large each may be."""

    def refs(node) -> set[str]:
        return {
            ref.rsplit("/", 1)[1] for ref in re.findall(r'"\$ref": "([^"]+)"', json.dumps(node))
        }

    components = schema["components"]["schemas"]
    request_components = {
        name
        for _, _, operation in operations(schema)
        for content in operation.get("requestBody", {}).get("content", {}).values()
        for name in refs(content["schema"])
    }
    while (
        nested := {n for c in request_components for n in refs(components[c])} - request_components
    ):
        request_components |= nested
    unbounded = [
        f"{name}{path}"
        for name in sorted(request_components)
        for path, node in _integers(components[name])
        if "maximum" not in node
    ]

    assert request_components
    assert unbounded == []


def test_swagger_ui_is_served_from_our_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(https?:)?//[a-z0-9.-]+", html, re.IGNORECASE), "an outside host"

    links = _Links()
    links.feed(html)
    assets = [url for url in links.urls if url.startswith("/static/")]
    assert {url.rsplit("/", 1)[-1] for url in assets} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
    }
    # Every asset is a local static file, but for the start-up script, served by the
    # page's own view as a file of its own (the Content-Security-Policy allows no inline one).
    assert [url for url in links.urls if url not in assets] == ["/api/docs/?script="]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content if asset.streaming else [asset.content]), url
