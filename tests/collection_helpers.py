"""Published case studies for the tests of the public collection: a few the real way, many in bulk.

``published_case_study`` goes through ``casestudies.workflow`` exactly as the service does
(invite, draft, submit, approve, publish). ``published_in_bulk`` writes hundreds of rows in a
handful of INSERTs, already published, for the tests that prove a page's query count does
not grow with the collection; it bypasses the workflow and is for read-side tests only.
"""

import datetime
import itertools
import uuid

from django.utils import timezone

from casestudies import links, workflow
from casestudies.models import CaseStudy, Contribution, ExpressionOfInterest

from .case_study_helpers import write_and_submit
from .factories import CaseStudyFactory, CouncilFactory, StaffUserFactory, ThemeFactory, words

_counter = itertools.count(1)


def case_study_text(title: str, **overrides) -> dict:
    """Text that passes the default word range (250 to 350 words)."""
    n = next(_counter)
    return {
        "title": title,
        "standfirst": overrides.pop("standfirst", f"How the council and residents worked together ({n})."),
        "body": overrides.pop("body", words(300, offset=n)),
        "partners": "",
        "outcomes": overrides.pop("outcomes", "Neighbours fed neighbours."),
        **overrides,
    }


def published_case_study(*, call, title: str, council=None, theme=None, principles=(), by=None, **text):
    """A case study of ``call`` published through the workflow, with ``text`` as its fields."""
    kwargs = {"contribution__eoi__call": call}
    if council is not None:
        kwargs["contribution__eoi__council"] = council
    if theme is not None:
        kwargs["contribution__theme"] = theme
    case_study = CaseStudyFactory(**kwargs)
    by = by or StaffUserFactory()
    case_study = write_and_submit(case_study, principles=list(principles) or None, **case_study_text(title, **text))
    workflow.case_study_approve(case_study=case_study, by=by)
    return workflow.case_study_publish(case_study=case_study, by=by)


def published_in_bulk(count: int, *, call, themes=None, councils=None, principles=(), start=None) -> list[CaseStudy]:
    """``count`` published case studies of ``call`` in a few bulk INSERTs (read-side tests only).

    Themes and councils are used round-robin; each case study shows every one of ``principles``.
    Published a minute apart, newest last.
    """
    themes = list(themes or [ThemeFactory()])
    councils = list(councils or [CouncilFactory()])
    start = start or timezone.now() - datetime.timedelta(days=count)
    first = call.last_reference_number + 1
    eois = ExpressionOfInterest.objects.bulk_create(
        [
            ExpressionOfInterest(
                call=call,
                council=councils[i % len(councils)],
                contact_name="Bulk Contact",
                contact_role="Officer",
                contact_email=f"bulk{first + i}@example.org",
                number=first + i,
                reference=call.reference_for(first + i),
                submission_token=uuid.uuid4(),
                submitted_at=start,
            )
            for i in range(count)
        ]
    )
    call.last_reference_number = first + count - 1
    call.save(update_fields=["last_reference_number"])
    contributions = Contribution.objects.bulk_create(
        [
            Contribution(eoi=eoi, theme=themes[i % len(themes)], description=words(60, offset=i), status="invited")
            for i, eoi in enumerate(eois)
        ]
    )
    case_studies = CaseStudy.objects.bulk_create(
        [
            CaseStudy(
                contribution=contribution,
                call=call,
                council=eoi.council,
                theme=contribution.theme,
                status=CaseStudy.Status.PUBLISHED,
                title=f"Bulk case study {call.pk}-{i}",
                slug=f"bulk-case-study-{call.pk}-{first + i}",
                standfirst=f"Standfirst of bulk case study {i}.",
                body=words(300, offset=i),
                invited_at=start,
                published_at=start + datetime.timedelta(minutes=i),
                first_published_at=start + datetime.timedelta(minutes=i),
                status_changed_at=start,
                access_key=links.new_access_key(),
            )
            for i, (contribution, eoi) in enumerate(zip(contributions, eois, strict=True))
        ]
    )
    through = CaseStudy.principles.through
    through.objects.bulk_create(
        [through(casestudy_id=cs.pk, principle_id=p.pk) for cs in case_studies for p in principles]
    )
    return case_studies
