"""Evidence file names against evidence file contents.

The type of a file is what its bytes say (python-magic). Its name only ever matters
twice: a name whose extension claims another accepted type than the bytes (a text file
called photo.jpg, an image called report.pdf) is refused; and a download is always
offered under a name that ends in the extension of the type it is served as, so that
no stored name (x.html, x.bat) makes the recipient's machine open it as something else.
"""

import mimetypes
from pathlib import PurePosixPath

# The extensions each accepted type may carry. Types added to EVIDENCE_ALLOWED_TYPES
# without an entry here fall back to the system's mime types table.
EXTENSIONS = {
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "video/mp4": (".mp4", ".m4v"),
    "audio/mpeg": (".mp3",),
    "text/plain": (".txt", ".text"),
}


def extensions_of(content_type: str) -> tuple[str, ...]:
    known = EXTENSIONS.get(content_type)
    if known is not None:
        return known
    return tuple(mimetypes.guess_all_extensions(content_type, strict=True))


def extension(name: str) -> str:
    # Either separator: a name from a Windows client may still carry its folders.
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def claimed_type(name: str, allowed_types) -> str | None:
    """The accepted type the name's extension stands for, if any."""
    suffix = extension(name)
    if not suffix:
        return None
    return next((t for t in allowed_types if suffix in extensions_of(t)), None)


def download_name(original_name: str, content_type: str) -> str:
    """The original name, with the type's own extension appended unless it has one."""
    allowed = extensions_of(content_type)
    name = original_name or "evidence"
    if not allowed or extension(name) in allowed:
        return name
    return f"{name}{allowed[0]}"
