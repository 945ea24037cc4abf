"""The reads that pages need, with their joins decided once here.

One module per thing read (``calls``, ``eoi``, ``case_studies``, ``collection``,
``publications``, ``reference``, ``review_queue``), and the collection's ``filters``, ``search`` and the
review ``spread``. The read functions are re-exported here, so ``selectors.case_study_collection()``
works; ``filters``, ``search`` and ``spread`` are imported as modules.
"""

from .calls import (
    call_current,
    call_get,
    call_get_kept,
    call_list,
    call_list_earlier,
    call_list_except,
    call_next_change,
    call_theme_name,
    call_themes,
    calls_also_open,
)
from .case_studies import (
    case_study_for_link_get,
    case_study_for_link_queryset,
    case_study_latest_change_request,
    case_study_published_get,
    case_study_published_list,
    case_study_related,
    case_study_was_unpublished,
)
from .collection import (
    case_study_collection,
    case_study_last_published_at,
    case_study_reuse_list,
    collection_filter_options,
)
from .eoi import eoi_exists_for_token, eoi_for_confirmation, eoi_for_token, eoi_form_choices
from .publications import (
    publication_case_studies,
    publication_for_call,
    publication_principle_counts,
    publication_published_get,
    publication_published_list,
)
from .reference import council_get, council_name, principle_get, principle_names, theme_get, theme_name

__all__ = [
    "call_list_earlier",
    "calls_also_open",
    "publication_for_call",
    "publication_published_list",
    "call_current",
    "call_get",
    "call_get_kept",
    "call_list",
    "call_list_except",
    "call_next_change",
    "call_theme_name",
    "call_themes",
    "case_study_collection",
    "case_study_for_link_get",
    "case_study_for_link_queryset",
    "case_study_last_published_at",
    "case_study_latest_change_request",
    "case_study_published_get",
    "case_study_published_list",
    "case_study_related",
    "case_study_reuse_list",
    "case_study_was_unpublished",
    "collection_filter_options",
    "council_get",
    "council_name",
    "eoi_exists_for_token",
    "eoi_for_confirmation",
    "eoi_for_token",
    "eoi_form_choices",
    "principle_get",
    "principle_names",
    "publication_case_studies",
    "publication_principle_counts",
    "publication_published_get",
    "theme_get",
    "theme_name",
]
