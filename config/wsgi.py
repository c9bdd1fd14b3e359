import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

# What django.core.wsgi.get_wsgi_application does, with the handler that gives token
# calls to the API their shorter middleware stack (config.handlers).
django.setup(set_prefix=False)

from config.handlers import WSGIHandler  # noqa: E402  (needs the apps loaded)

application = WSGIHandler()
