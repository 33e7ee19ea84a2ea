from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
]
