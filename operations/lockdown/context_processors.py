from core import site_mode as modes


def site_mode(request):
    """The mode for the banner on every page (from the cache: no query, mostly)."""
    return {"site_mode": modes.current()}
