"""Lockdown for a suspected compromise: the mechanism's mode (core.site_mode), its
switch, its page and command, and the middleware that enforces it on every request."""
