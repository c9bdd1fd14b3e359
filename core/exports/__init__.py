"""Exports too large to stream at once: a job the requester starts, a Celery task that
builds the file as the requester may see it, and a download when it is ready.

Each app registers its kinds of export (`register_export`) from its AppConfig.ready():
how to count the rows, the chunks of the file (the very generator the synchronous export
streams, so both give the same bytes), its name and type. Views ask `export_is_large`
whether to stream at once or to start a job (`export_job_start`); the job's status and
file are served only to its requester.
"""

from .registry import ExportKind, export_kind, register_export
from .services import export_is_large, export_job_start, export_parameters

__all__ = [
    "ExportKind",
    "export_is_large",
    "export_job_start",
    "export_kind",
    "export_parameters",
    "register_export",
]
