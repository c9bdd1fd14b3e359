"""JSON parts the compliance serializers share."""


def number(value):
    return None if value is None else float(value)
