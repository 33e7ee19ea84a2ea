from django.urls import path

from . import views

app_name = "transfer"

urlpatterns = [
    path("achievements/", views.achievement_list, name="achievement_list"),
    path("achievements/new/", views.achievement_create, name="achievement_create"),
    path("achievements/export/", views.achievement_export, name="achievement_export"),
    path("achievements/<int:pk>/", views.achievement_detail, name="achievement_detail"),
    path("achievements/<int:pk>/edit/", views.achievement_edit, name="achievement_edit"),
    path("demands/", views.demand_list, name="demand_list"),
    path("demands/new/", views.demand_create, name="demand_create"),
    path("demands/export/", views.demand_export, name="demand_export"),
    path("demands/<int:pk>/", views.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/edit/", views.demand_edit, name="demand_edit"),
    path("demands/<int:pk>/recommendations/", views.demand_recommendations, name="demand_recommendations"),
    path("<str:kind>/<int:pk>/status/", views.listing_status, name="listing_status"),
    path("<str:kind>/import/", views.listing_import, name="listing_import"),
]

urlpatterns += [
    path("demands/<int:pk>/matches/new/", views.match_start, name="match_start"),
    path("matches/", views.match_pipeline, name="match_pipeline"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path("matches/<int:pk>/contract/", views.contract_create, name="contract_create"),
]
