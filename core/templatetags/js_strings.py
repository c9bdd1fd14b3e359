"""`{% js_strings %}`: the scripts' words (core.js_strings) as the page's json_script
"js-strings", in the active language."""

from django import template
from django.utils.html import json_script

from core.js_strings import js_strings as strings

register = template.Library()


@register.simple_tag
def js_strings():
    return json_script(strings(), "js-strings")
