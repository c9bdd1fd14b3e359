"""The web API's shared plumbing: errors, pagination, idempotent retries, tokens, schema helpers.

It knows no domain: each domain app keeps its own `api.py` and serializers."""
