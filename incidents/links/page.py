"""What the claim page shows of links: the claim's links the viewer sees and, for the
reviewers and the secretariat, its open suggestions with their forms."""

from .forms import LinkForm, ReasonForm, SuggestedLinkForm
from .models import LinkKind
from .permissions import can_link_claim
from .selectors import links_of, suggestions_of


def claim_links_context(user, claim, forms: dict) -> dict:
    links = list(links_of(user=user, claim=claim))
    suggestions = list(suggestions_of(user=user, claim=claim))
    may_link = can_link_claim.test(user, claim)
    return {
        "links": [(link, link.other(claim)) for link in links],
        "has_same_event": any(link.kind == LinkKind.SAME_EVENT for link in links),
        "suggestions": [
            (
                s,
                s.other(claim),
                SuggestedLinkForm(
                    initial={"other": s.other(claim).reference, "kind": LinkKind.SAME_EVENT},
                    auto_id=f"id_s{s.pk}_%s",
                ),
            )
            for s in suggestions
        ],
        "may_link": may_link,
        "link_form": forms.get("link") or LinkForm(auto_id="id_link_%s"),
        "link_reason_form": forms.get("link_reason") or ReasonForm(auto_id=False),
    }
