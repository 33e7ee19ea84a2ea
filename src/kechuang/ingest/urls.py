from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/<str:kind>/<int:index>/", views.item, name="item"),
    path("<int:pk>/units/", views.units, name="units"),
    path("<int:pk>/plan/", views.plan_meta, name="plan_meta"),
    path("<int:pk>/commit/", views.commit, name="commit"),
]
