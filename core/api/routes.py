"""One route builder for a record type's endpoints: its detail, its actions and its files.

Each record type names its reference pattern once; every action endpoint of it is
`<collection>/<reference>/<action>/`, named `<name>-<action>`.
"""

from django.urls import re_path

FILE_ID = r"(?P<evidence_id>[0-9]{1,18})"


def record_routes(
    collection: str,
    reference: str,
    name: str,
    *,
    detail=None,
    actions: dict[str, type] | None = None,
    evidence: tuple[type, type] | None = None,
    evidence_files: dict[str, type] | None = None,
) -> list:
    """The routes of one record type under `collection/`, with `reference` the regular
    expression of its reference (a named group `reference`):

    - `detail`: `collection/<ref>/` as `<name>-detail`;
    - `actions`: `{"submit": View}` → `collection/<ref>/submit/` as `<name>-submit`;
    - `evidence`: (list view, file view) → `collection/<ref>/evidence/` as `<name>-evidence`
      and `collection/<ref>/evidence/<id>/` as `<name>-evidence-file`;
    - `evidence_files`: `{"preview": View}` → `collection/<ref>/evidence/<id>/preview/` as
      `<name>-evidence-preview`.
    """
    base = rf"^{collection}/{reference}"
    routes = []
    if detail is not None:
        routes.append(re_path(rf"{base}/$", detail.as_view(), name=f"{name}-detail"))
    if evidence is not None:
        files, one_file = evidence
        routes.append(re_path(rf"{base}/evidence/$", files.as_view(), name=f"{name}-evidence"))
        routes.append(
            re_path(
                rf"{base}/evidence/{FILE_ID}/$", one_file.as_view(), name=f"{name}-evidence-file"
            )
        )
    for action, view in (evidence_files or {}).items():
        routes.append(
            re_path(
                rf"{base}/evidence/{FILE_ID}/{action}/$",
                view.as_view(),
                name=f"{name}-evidence-{action}",
            )
        )
    for action, view in (actions or {}).items():
        routes.append(re_path(rf"{base}/{action}/$", view.as_view(), name=f"{name}-{action}"))
    return routes
