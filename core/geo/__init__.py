"""Where a point lies, from the files the maps draw (static/geo/): the province (Natural
Earth admin-1 polygons) and the nearest place (GeoNames towns of 1,000 people or more), and
whether a record's typed place, district and province agree with its point."""

from .checks import Mismatch, mismatches
from .lookup import Location, Place, Province, locate, nearest_place, province_at

__all__ = [
    "Location",
    "Mismatch",
    "Place",
    "Province",
    "locate",
    "mismatches",
    "nearest_place",
    "province_at",
]
