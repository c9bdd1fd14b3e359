"""Demo and reference data: the parties, co-chairs and taxonomy of today's ceasefire.

This module and the tests are the only places that name a party or co-chair code.
"""

PARTIES = [
    # code, name, region box (min lat, max lat, min lon, max lon), time zone
    ("PAK", "Pakistan", (23.6, 37.1, 60.8, 77.9), "Asia/Karachi"),
    ("AFG", "Afghanistan", (29.3, 38.5, 60.4, 74.9), "Asia/Kabul"),
]

COCHAIRS = [
    # code, name, time zone
    ("TUR", "Türkiye", "Europe/Istanbul"),
    ("QAT", "Qatar", "Asia/Qatar"),
]

CATEGORIES = [
    # code, label, clause, assignment h, reply h, findings days
    ("cross_border_armed_attack", "Cross-border armed attack", "Art. 2(a)", 24, 72, 14),
    ("cross_border_fire", "Cross-border fire / shelling", "Art. 2(b)", 24, 72, 14),
    ("air_or_drone_strike", "Air or drone strike", "Art. 2(c)", 12, 48, 10),
    ("airspace_violation", "Airspace violation", "Art. 2(d)", 24, 72, 14),
    ("militant_infiltration", "Militant infiltration", "Art. 3(a)", 24, 72, 14),
    ("ied_explosive_attack", "IED / explosive attack", "Art. 3(b)", 24, 72, 14),
    ("harbouring_sanctuary", "Harbouring or sanctuary", "Art. 3(c)", 48, 120, 21),
    ("attack_on_civilians", "Attack on civilians", "Art. 2(e)", 12, 48, 10),
    ("border_post_violation", "Border-post or crossing violation", "Art. 4", 24, 72, 14),
    ("other", "Other", "Art. 6", 24, 72, 14),
]

# Places along the border, on the side of the party named first.
PLACES = [
    ("PAK", "Torkham", "Khyber Pakhtunkhwa", "Khyber", "Torkham", 34.133, 71.083),
    (
        "PAK",
        "Angoor Adda",
        "Khyber Pakhtunkhwa",
        "South Waziristan",
        "Waziristan-Paktika",
        32.383,
        69.333,
    ),
    (
        "PAK",
        "Ghulam Khan",
        "Khyber Pakhtunkhwa",
        "North Waziristan",
        "Waziristan-Khost",
        33.117,
        69.967,
    ),
    ("PAK", "Parachinar", "Khyber Pakhtunkhwa", "Kurram", "Kurram", 33.9, 70.1),
    ("PAK", "Bajaur", "Khyber Pakhtunkhwa", "Bajaur", "Bajaur-Kunar", 34.783, 71.517),
    ("PAK", "Arandu", "Khyber Pakhtunkhwa", "Chitral", "Chitral-Nuristan", 35.35, 71.6),
    ("PAK", "Chaman", "Balochistan", "Killa Abdullah", "Chaman-Spin Boldak", 30.917, 66.45),
    ("PAK", "Zhob", "Balochistan", "Zhob", "Zhob", 31.341, 69.449),
    ("PAK", "Badini", "Balochistan", "Killa Saifullah", "Zhob", 30.75, 67.9),
    ("AFG", "Spin Boldak", "Kandahar", "Spin Boldak", "Chaman-Spin Boldak", 31.0, 66.4),
    ("AFG", "Dand-e-Patan", "Paktia", "Dand-e-Patan", "Kurram", 33.75, 69.95),
    ("AFG", "Barmal", "Paktika", "Barmal", "Waziristan-Paktika", 32.7, 69.3),
    ("AFG", "Khost", "Khost", "Khost", "Waziristan-Khost", 33.34, 69.92),
    ("AFG", "Asadabad", "Kunar", "Asadabad", "Bajaur-Kunar", 34.87, 71.15),
    ("AFG", "Dangam", "Kunar", "Dangam", "Bajaur-Kunar", 34.97, 71.42),
    ("AFG", "Momand Dara", "Nangarhar", "Momand Dara", "Torkham", 34.25, 70.95),
    ("AFG", "Kamdesh", "Nuristan", "Kamdesh", "Chitral-Nuristan", 35.42, 71.33),
    ("AFG", "Bahramcha", "Helmand", "Dishu", "Baramcha", 29.43, 64.05),
]

ACTORS = {
    "PAK": [
        "Pakistani security forces",
        "Pakistan Army artillery",
        "Pakistan Air Force",
        "Frontier Corps",
    ],
    "AFG": [
        "Afghan border forces",
        "TTP militants",
        "Unidentified armed group",
        "Afghan Taliban fighters",
    ],
}

DEMO_USERS = [
    # username, role, party code, co-chair code, language ("": the browser's)
    ("pak_officer", "officer", "PAK", None, "ur"),
    ("afg_officer", "officer", "AFG", None, "ps"),
    ("tur_reviewer", "reviewer", None, "TUR", "tr"),
    ("qat_reviewer", "reviewer", None, "QAT", ""),
    ("secretariat", "secretariat", None, None, ""),
    ("observer", "observer", None, None, ""),
]
