"""gunicorn settings read from the working directory by every `gunicorn` started here
(Procfile, Dockerfile, bench). Environment variables override them."""

import os

# A sync worker serving one streamed export is busy for the whole download: an export of
# every verified claim at a million claims takes tens of seconds, beyond gunicorn's 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
