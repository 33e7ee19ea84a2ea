from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("figures/import/", views.figures_import, name="figures_import"),
    path("mine/", views.enterprise_mine, name="enterprise_mine"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile_edit"),
    path("<int:pk>/figures/new/", views.figures_edit, name="figures_create"),
    path("<int:pk>/figures/<int:year>/", views.figures_edit, name="figures_edit"),
    path("service/", views.work_list, name="work_list"),
    path("assessments/", views.assessment_runs, name="assessment_runs"),
    path("assessments/<int:pk>/", views.assessment_run, name="assessment_run"),
    path("pools/<str:tier>/", views.pool_list, name="pool_list"),
    path("pools/<str:tier>/settings/", views.pool_settings, name="pool_settings"),
    path("pools/<str:tier>/export/", views.pool_export, name="pool_export"),
    path("funnel/", views.funnel_view, name="funnel"),
    path("<int:pk>/secretaries/", views.secretary_assign, name="secretary_assign"),
    path("secretaries/<int:pk>/remove/", views.secretary_remove, name="secretary_remove"),
    path("<int:pk>/certifications/", views.certification_create, name="certification_create"),
    path("<int:pk>/logs/", views.log_create, name="log_create"),
    path("logs/<int:pk>/request/", views.request_update, name="request_update"),
    path("<int:pk>/measures/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("figures/<int:pk>/submit/", views.figures_submit, name="figures_submit"),
    path("figures/<int:pk>/verify/", views.figures_verify, name="figures_verify"),
    path("figures/<int:pk>/return/", views.figures_return, name="figures_return"),
]
