from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from .feeds import CouncilCaseStudiesFeed, LatestCaseStudiesFeed, ThemeCaseStudiesFeed
from .public_cache import conditional_on_generation
from .sitemaps import SITEMAPS
from .views import case_study, case_study_public, collection, eoi, health, language, public, reuse

app_name = "casestudies"

# Addresses where a language makes no sense: one address each, never under /cy/.
neutral_patterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("language/<str:code>/", language.language_switch, name="language-switch"),
    # Images (public and private): the same bytes in both languages.
    path(
        "case-studies/<slug:slug>/image/",
        case_study_public.CaseStudyImageView.as_view(size="display"),
        name="case-study-image",
    ),
    path(
        "case-studies/<slug:slug>/thumbnail/",
        case_study_public.CaseStudyImageView.as_view(size="thumbnail"),
        name="case-study-thumbnail",
    ),
    path(
        "write/<str:token>/image/thumbnail/",
        case_study.CaseStudyPrivateImageView.as_view(size="thumbnail"),
        name="case-study-image-thumbnail",
    ),
    path(
        "write/<str:token>/image/display/",
        case_study.CaseStudyPrivateImageView.as_view(size="display"),
        name="case-study-image-display",
    ),
    # The sitemap lists both languages of every page (hreflang alternates); robots.txt names it.
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", reuse.RobotsView.as_view(), name="robots"),
]

# Public pages, once per language: /… in English, /cy/… in Welsh (the language is the address's).
public_patterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("calls/<slug:slug>/", public.CallDetailView.as_view(), name="call-detail"),
    path("calls/<slug:slug>/expression-of-interest/", eoi.EoiFormView.as_view(), name="eoi-start"),
    path("calls/<slug:slug>/expression-of-interest/check/", eoi.EoiCheckView.as_view(), name="eoi-check"),
    path(
        "calls/<slug:slug>/expression-of-interest/resume/<str:token>/",
        eoi.EoiResumeView.as_view(),
        name="eoi-resume",
    ),
    path(
        "calls/<slug:slug>/expression-of-interest/confirmation/",
        eoi.EoiConfirmationView.as_view(),
        name="eoi-confirmation",
    ),
    path("accessibility/", public.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", public.PrivacyView.as_view(), name="privacy"),
    # The collection (issue 6), before the detail page so that its words are never read as slugs.
    path("case-studies/", collection.CaseStudyListView.as_view(), name="case-study-list"),
    path("case-studies/search/", collection.CaseStudySearchView.as_view(), name="case-study-search"),
    path("case-studies/feed/", conditional_on_generation(LatestCaseStudiesFeed()), name="case-study-feed"),
    # A published case study, and its re-encoded image (issue 5).
    path("case-studies/<slug:slug>/", case_study_public.CaseStudyDetailView.as_view(), name="case-study-detail"),
    # The invited council's private link: form, check your answers, confirmation, its image.
    path("write/<str:token>/", case_study.CaseStudyEditView.as_view(), name="case-study-edit"),
    path("write/<str:token>/check/", case_study.CaseStudyCheckView.as_view(), name="case-study-check"),
    path("write/<str:token>/sent/", case_study.CaseStudyConfirmationView.as_view(), name="case-study-confirmation"),
    # The collection (issue 6): a page per theme, council, principle and publication.
    path("themes/<slug:slug>/", collection.ThemeDetailView.as_view(), name="theme-detail"),
    path("themes/<slug:slug>/feed/", ThemeCaseStudiesFeed(), name="theme-feed"),
    path("councils/<slug:slug>/", collection.CouncilDetailView.as_view(), name="council-detail"),
    path("councils/<slug:slug>/feed/", CouncilCaseStudiesFeed(), name="council-feed"),
    path("principles/<slug:slug>/", collection.PrincipleDetailView.as_view(), name="principle-detail"),
    path("publications/", collection.PublicationListView.as_view(), name="publication-list"),
    path("publications/<slug:slug>/", collection.PublicationDetailView.as_view(), name="publication-detail"),
    path(
        "publications/<slug:slug>/download/",
        collection.PublicationDownloadView.as_view(),
        name="publication-download",
    ),
    # Reuse: open data, the feed (above), the sitemap and robots.txt.
    path("open-data/", reuse.OpenDataView.as_view(), name="open-data"),
    # The files answer 304 from the public-pages generation, before any query.
    path(
        "open-data/case-studies.csv",
        conditional_on_generation(reuse.CaseStudiesCsvView.as_view()),
        name="open-data-csv",
    ),
    path(
        "open-data/case-studies.json",
        conditional_on_generation(reuse.CaseStudiesJsonView.as_view()),
        name="open-data-json",
    ),
    path(
        "open-data/case-studies-excel.csv",
        conditional_on_generation(reuse.CaseStudiesCsvView.as_view(bom=True, filename="ccin-case-studies-excel.csv")),
        name="open-data-csv-excel",
    ),
    path(
        "open-data/datapackage.json",
        conditional_on_generation(reuse.DataPackageView.as_view()),
        name="open-data-package",
    ),
]

# Django's ``include()`` refuses ``i18n_patterns`` in an included URLconf because its own
# LocaleMiddleware looks for the language prefix only at the root. Ours (casestudies.language)
# reads the language from the address itself, so the prefixed part may sit inside this app's
# namespace beside the neutral addresses: every name stays ``casestudies:…``, and
# ``reverse()`` gives /… under English and /cy/… under Welsh. (A nested ``path`` with a
# (patterns, app_name, namespace) triple is what ``include()`` returns, without its check.)
urlpatterns = [
    *neutral_patterns,
    path("", (i18n_patterns(*public_patterns, prefix_default_language=False), None, None)),
]
