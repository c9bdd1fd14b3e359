"""Demo narratives in the parties' own languages: a few of each officer's claims told in
Urdu (Pakistan's) and Pashto (Afghanistan's), each with an unofficial English translation
added through the service by the claim's assigned reviewer, else the secretariat, so the
trail shows it as it would a real one. Seed data, like the synthetic claims they rewrite
(the count of claims is unchanged). Idempotent."""

from accounts.models import Role, User
from translations.services import translation_add
from verification.selectors import assignments_active
from verification.statuses import Status

from .models import Incident

OPEN = (Status.UNDER_REVIEW, Status.DISPUTED)
DECIDED = (Status.VERIFIED, Status.NOT_VERIFIED, Status.INCONCLUSIVE)

NARRATIVES = [
    # reporting party, language, statuses, preferred categories, narrative, English
    (
        "PAK",
        "ur",
        DECIDED,
        ("cross_border_fire",),
        "صبح تقریباً چھ بجے سرحد پار سے مارٹر کے گولے داغے گئے جو چیک پوسٹ کے قریب گرے۔ "
        "دو شہری زخمی ہوئے اور ایک مکان کو نقصان پہنچا۔ مقامی حکام نے واقعے کی تصدیق کی ہے۔",
        "At about six in the morning mortar rounds were fired from across the border and "
        "landed near the checkpoint. Two civilians were injured and a house was damaged. "
        "Local officials have confirmed the incident.",
    ),
    (
        "PAK",
        "ur",
        OPEN,
        ("militant_infiltration", "cross_border_armed_attack"),
        "رات کے وقت مسلح افراد کے ایک گروہ نے سرحد عبور کرنے کی کوشش کی۔ "
        "سیکیورٹی فورسز کے ساتھ فائرنگ کا تبادلہ تقریباً ایک گھنٹے تک جاری رہا۔",
        "At night a group of armed men tried to cross the border. An exchange of fire "
        "with the security forces lasted about an hour.",
    ),
    (
        "AFG",
        "ps",
        DECIDED,
        ("cross_border_fire",),
        "د سهار په لسو بجو د پولې له هغې خوا څخه توغندي وویشتل شول چې د کلي په یوه کور "
        "ولګېدل. درې ملکي وګړي ټپیان شول او د کلي مشرانو دا پېښه تایید کړه.",
        "At ten in the morning rockets were fired from across the border and struck a "
        "house in the village. Three civilians were injured, and the village elders "
        "confirmed the incident.",
    ),
    (
        "AFG",
        "ps",
        OPEN,
        ("air_or_drone_strike",),
        "یوې بې پیلوټه الوتکې د ماښام مهال د ولسوالۍ له پاسه الوتنه وکړه او وروسته یې د "
        "بازار سیمه بمبار کړه. خلکو وویل چې دوه دوکانونه وسوځېدل.",
        "A drone flew over the district in the evening and then bombed the market area. "
        "People said that two shops burned down.",
    ),
]


def _claim(party_code, statuses, categories, taken):
    claims = (
        Incident.objects.filter(reporting_party__code=party_code, status__in=statuses)
        .exclude(pk__in=taken)
        .order_by("-reported_at", "-pk")
    )
    return claims.filter(category__code__in=categories).first() or claims.first()


def seed_narratives(*, claims: int, seed: int, log=None) -> None:
    if not claims or Incident.objects.filter(narrative_language__in=("ur", "ps")).exists():
        return
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    taken: list[int] = []
    for party_code, language, statuses, categories, text, english in NARRATIVES:
        claim = _claim(party_code, statuses, categories, taken)
        if claim is None or secretariat is None:
            continue
        taken.append(claim.pk)
        Incident.objects.filter(pk=claim.pk).update(narrative=text, narrative_language=language)
        claim.refresh_from_db()
        translator = next((a.reviewer for a in assignments_active(claim)), secretariat)
        translation_add(actor=translator, record=claim, language="en", text=english)
    if log and taken:
        log(f"Narratives in Urdu and Pashto, with English translations: {len(taken)} claims.")
