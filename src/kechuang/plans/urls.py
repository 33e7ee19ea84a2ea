from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_dashboard, name="plan_dashboard"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/export/", views.plan_export, name="plan_export"),
    path("<int:pk>/report/", views.annual_report, name="annual_report"),
    path("<int:pk>/observations/template/", views.observation_template, name="observation_template"),
    path("<int:pk>/observations/import/", views.observation_import, name="observation_import"),
    path("<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<int:pk>/observations/new/", views.observation_form, name="observation_form"),
    path("indicators/<int:pk>/override/", views.status_override, name="status_override"),
    path("observations/<int:pk>/submit/", views.observation_submit, name="observation_submit"),
    path("observations/<int:pk>/verify/", views.observation_verify, name="observation_verify"),
    path("observations/<int:pk>/return/", views.observation_return, name="observation_return"),
    path("observations/<int:pk>/history/", views.observation_history, name="observation_history"),
    path("observations/<int:pk>/evidence/", views.observation_evidence, name="observation_evidence"),
]
