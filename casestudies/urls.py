from django.urls import path

from .views import eoi, public

app_name = "casestudies"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("calls/<slug:slug>/", public.CallDetailView.as_view(), name="call-detail"),
    path("calls/<slug:slug>/expression-of-interest/", eoi.EoiFormView.as_view(), name="eoi-start"),
    path("calls/<slug:slug>/expression-of-interest/check/", eoi.EoiCheckView.as_view(), name="eoi-check"),
    path(
        "calls/<slug:slug>/expression-of-interest/confirmation/",
        eoi.EoiConfirmationView.as_view(),
        name="eoi-confirmation",
    ),
    path("accessibility/", public.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", public.PrivacyView.as_view(), name="privacy"),
    # Pages built by later issues; named now so that models can link to them.
    path("case-studies/<slug:slug>/", public.NotYetView.as_view(), name="case-study-detail"),
    path("write/<str:token>/", public.NotYetView.as_view(), name="case-study-edit"),
    path("themes/<slug:slug>/", public.NotYetView.as_view(), name="theme-detail"),
    path("councils/<slug:slug>/", public.NotYetView.as_view(), name="council-detail"),
    path("principles/<slug:slug>/", public.NotYetView.as_view(), name="principle-detail"),
    path("publications/<slug:slug>/", public.NotYetView.as_view(), name="publication-detail"),
]
