"""Does a record's typed location agree with its point? Warnings, never refusals: a place
may be spelled in a way the gazetteer does not know, and a reviewer decides.

A typed province is read through its common spellings (NWFP, Baluchistan, Paktya...); a
typed district through the districts along the border (the gazetteer holds towns, not
districts); a typed place through the gazetteer's names. Only names that are recognised
are checked, so an unknown spelling gives no warning rather than a false one.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext

from .lookup import Place, distance_km, province_at, provinces
from .lookup import places as gazetteer

# A typed place of the gazetteer's name this far from the point is another place.
PLACE_RADIUS_KM = 30.0

# Other spellings of the provinces, and names of provinces since merged or renamed.
PROVINCE_ALIASES = {
    "PK-KP": [
        "KP",
        "KPK",
        "NWFP",
        "North-West Frontier Province",
        "Federally Administered Tribal Areas",
        "FATA",
        "Khyber-Pakhtunkhwa",
    ],
    "PK-BA": ["Baluchistan", "Beluchistan"],
    "PK-SD": ["Sind"],
    "PK-PB": ["Panjab", "Pakistani Punjab"],
    "PK-IS": ["Islamabad", "ICT", "Federal Capital Territory"],
    "PK-JK": ["Azad Kashmir", "AJK"],
    "PK-GB": ["Northern Areas", "Gilgit Baltistan"],
    "AF-PKA": ["Paktya", "Paktiya"],
    "AF-HEL": ["Hilmand"],
    "AF-HER": ["Hirat"],
    "AF-NIM": ["Nimroz"],
    "AF-WAR": ["Wardak", "Vardak"],
    "AF-URU": ["Urozgan", "Oruzgan"],
    "AF-PAR": ["Parvan"],
    "AF-KNR": ["Konar"],
    "AF-KHO": ["Khowst"],
    "AF-LOG": ["Lowgar"],
    "AF-BAM": ["Bamian"],
    "AF-GHO": ["Ghowr", "Ghōr"],
    "AF-JOW": ["Jawzjan", "Jowzjan"],
    "AF-SAR": ["Sari Pul", "Sar-e Pul"],
    "AF-NUR": ["Nurestan"],
}

# Districts along the border and their province: the former tribal agencies are in Khyber
# Pakhtunkhwa since 2018.
BORDER_DISTRICTS = {
    "PK-KP": [
        "Bajaur",
        "Mohmand",
        "Khyber",
        "Kurram",
        "Orakzai",
        "North Waziristan",
        "South Waziristan",
        "Chitral",
        "Lower Chitral",
        "Upper Chitral",
        "Lower Dir",
        "Upper Dir",
    ],
    "PK-BA": [
        "Zhob",
        "Sherani",
        "Killa Saifullah",
        "Qila Saifullah",
        "Killa Abdullah",
        "Qila Abdullah",
        "Pishin",
        "Chagai",
        "Nushki",
    ],
}

_SUFFIXES = re.compile(r"\s+(district|agency|tribal district|province)$")


def normalise(name: str) -> str:
    name = re.sub(r"[\s_\-‐.,]+", " ", (name or "").casefold()).strip()
    return _SUFFIXES.sub("", name)


@cache
def _province_names() -> dict[str, str]:
    names = {}
    for province in provinces():
        names[normalise(province.name)] = province.code
    for code, aliases in PROVINCE_ALIASES.items():
        for alias in aliases:
            names.setdefault(normalise(alias), code)
    return names


@cache
def _district_names() -> dict[str, str]:
    return {normalise(d): code for code, ds in BORDER_DISTRICTS.items() for d in ds}


@cache
def _place_names() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for place in gazetteer():
        for name in {normalise(place.name), *map(normalise, place.other_names)}:
            index.setdefault(name, []).append(place)
    return {name: tuple(found) for name, found in index.items()}


@cache
def _province_name(code: str) -> str:
    return next(p.name for p in provinces() if p.code == code)


@dataclass(frozen=True)
class Mismatch:
    field: str  # the form field that disagrees: place_name, district or province
    message: str


def _place_mismatch(typed: str, lat: float, lon: float, here) -> Mismatch | None:
    key = normalise(typed)
    candidates = _place_names().get(key)
    if candidates:
        place, d = min(
            ((p, distance_km(lat, lon, p.latitude, p.longitude)) for p in candidates),
            key=lambda pd: pd[1],
        )
        if d <= PLACE_RADIUS_KM:
            return None
        there = province_at(place.latitude, place.longitude)
        values = {"typed": typed, "km": f"{d:.0f}", "there": getattr(there, "name", "")}
        values["here"] = getattr(here, "name", "")
        if there and here:
            message = gettext(
                "The place field says %(typed)s (%(there)s), about %(km)s km from the point, "
                "which is in %(here)s."
            )
        elif there:
            message = gettext(
                "The place field says %(typed)s (%(there)s), about %(km)s km from the point."
            )
        elif here:
            message = gettext(
                "The place field says %(typed)s, about %(km)s km from the point, "
                "which is in %(here)s."
            )
        else:
            message = gettext("The place field says %(typed)s, about %(km)s km from the point.")
        return Mismatch("place_name", message % values)
    code = _district_names().get(key) or _province_names().get(key)
    if code and here and code != here.code:
        return Mismatch(
            "place_name",
            gettext("The place field says %(typed)s (%(province)s), the point is in %(here)s.")
            % {"typed": typed, "province": _province_name(code), "here": here.name},
        )
    return None


def mismatches(latitude, longitude, *, place_name="", district="", province="") -> list[Mismatch]:
    """Where the typed place, district or province disagree with the point, one warning
    each; an empty list when they agree or cannot be checked (a name not recognised)."""
    if latitude in (None, "") or longitude in (None, ""):
        return []
    lat, lon = float(latitude), float(longitude)
    here = province_at(lat, lon)
    found = []
    if place_name and (m := _place_mismatch(place_name.strip(), lat, lon, here)):
        found.append(m)
    typed_district = (district or "").strip()
    code = _district_names().get(normalise(typed_district))
    if code and here and code != here.code:
        found.append(
            Mismatch(
                "district",
                gettext(
                    "The district field says %(typed)s (%(province)s), the point is in %(here)s."
                )
                % {"typed": typed_district, "province": _province_name(code), "here": here.name},
            )
        )
    typed_province = (province or "").strip()
    code = _province_names().get(normalise(typed_province))
    if code and here is None:
        found.append(
            Mismatch(
                "province",
                gettext(
                    "The province field says %(typed)s, "
                    "the point is outside Pakistan and Afghanistan."
                )
                % {"typed": typed_province},
            )
        )
    elif code and code != here.code:
        found.append(
            Mismatch(
                "province",
                gettext("The province field says %(typed)s, the point is in %(here)s.")
                % {"typed": typed_province, "here": here.name},
            )
        )
    return found
