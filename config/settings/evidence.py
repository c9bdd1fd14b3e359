"""Evidence: where its files and their previews are kept (the local disk, or an
S3-compatible bucket), what may be uploaded, and how large. Read into
config.settings.base."""

from django.core.exceptions import ImproperlyConfigured

from .environment import BASE_DIR, env

MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Evidence is never served as plain media: only through a permission-checked view.
MEDIA_URL = "/_media_not_served/"

# Evidence files and the previews derived from them live in the `default` storage: the
# local disk under DJANGO_MEDIA_ROOT, or with EVIDENCE_STORAGE=s3 an S3-compatible bucket
# (AWS S3, MinIO) through django-storages. The bucket stays private: objects are written
# without an ACL (the bucket's own private default applies) and no URL to one is ever
# handed out; every download streams through the permission-checked view, which re-hashes
# the bytes first.
EVIDENCE_STORAGE = env("EVIDENCE_STORAGE", default="local")


def evidence_storage() -> dict:
    """STORAGES['default'] (config.settings.base)."""
    kind = env("EVIDENCE_STORAGE", default="local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"EVIDENCE_STORAGE must be local or s3, not {kind!r}.")
    missing = [name for name in ("S3_BUCKET",) if not env(name, default="")]
    if missing:
        raise ImproperlyConfigured(f"EVIDENCE_STORAGE=s3 needs {', '.join(missing)}.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            # Empty: AWS itself; else MinIO or another S3-compatible endpoint.
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            # Empty: boto3's own chain (instance role, AWS_* variables).
            "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env("S3_REGION", default="us-east-1"),
            "default_acl": None,
            "querystring_auth": False,
            # Names are random; an existing object is never overwritten.
            "file_overwrite": False,
            "signature_version": "s3v4",
            # Path-style addressing: MinIO and local endpoints have no per-bucket host names.
            "addressing_style": "path" if env("S3_ENDPOINT_URL", default="") else None,
        },
    }


EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=25 * 1024 * 1024)
EVIDENCE_ALLOWED_TYPES = env.list(
    "EVIDENCE_ALLOWED_TYPES",
    default=[
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/pdf",
        "video/mp4",
        "audio/mpeg",
        "text/plain",
    ],
)
# The evidence checks' thresholds are data the secretariat edits (evidence.models.
# EvidenceCheckSettings), not settings.
EVIDENCE_PREVIEW_PIXELS = env.int("EVIDENCE_PREVIEW_PIXELS", default=320)
