"""The compliance endpoints in the OpenAPI schema."""


def test_the_schema_documents_the_new_compliance_endpoints(client):
    import json

    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = json.loads(response.content)["paths"]
    amend = next(p for p in paths if p.startswith("/api/v1/action-reports/") and "amend" in p)
    assert "post" in paths[amend]
    detail = next(
        p for p in paths if p.startswith("/api/v1/action-reports/{") and p.count("/") == 5
    )
    assert "patch" in paths[detail]
    evidence = [p for p in paths if p.startswith("/api/v1/referrals/") and "evidence" in p]
    # The list, one file, its preview and its graphic mark.
    assert len(evidence) == 4
