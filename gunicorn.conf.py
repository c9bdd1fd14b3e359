"""gunicorn settings read from the working directory by every `gunicorn` started here
(Procfile, Dockerfile, bench). Environment variables override them."""

import os

# A sync worker serving one streamed export is busy for the whole download: an export of
# every verified claim at a million claims takes tens of seconds, beyond gunicorn's 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))


def post_worker_init(worker):
    """Move everything loaded so far (Django, the apps, the URL and model registries) out
    of the collector's reach: a full collection no longer walks those objects, which made
    the occasional request of a large page (the dashboard) twice as slow as the others."""
    import gc

    gc.collect()
    gc.freeze()
