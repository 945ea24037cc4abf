"""The reads that pages need, with their joins decided once here.

One module per thing read (``calls``, ``eoi``, ``case_studies``, ``collection``,
``publications``, ``staff``), and the collection's ``filters``, ``search`` and the review
``spread``. The read functions are re-exported here, so ``selectors.case_study_collection()``
works; ``filters``, ``search`` and ``spread`` are imported as modules.
"""

from .calls import call_list, call_next_change, call_themes
from .case_studies import case_study_for_link_queryset, case_study_latest_change_request, case_study_published_list
from .collection import case_study_collection, case_study_reuse_list, collection_filter_options
from .eoi import eoi_form_choices
from .publications import publication_case_studies, publication_principle_counts, publication_published_get
from .staff import staff_council_id

__all__ = [
    "call_list",
    "call_next_change",
    "call_themes",
    "case_study_collection",
    "case_study_for_link_queryset",
    "case_study_latest_change_request",
    "case_study_published_list",
    "case_study_reuse_list",
    "collection_filter_options",
    "eoi_form_choices",
    "publication_case_studies",
    "publication_principle_counts",
    "publication_published_get",
    "staff_council_id",
]
