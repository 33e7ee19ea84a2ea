from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .api import api
from .core.forms import StyledPasswordChangeForm

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=StyledPasswordChangeForm),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("django-admin/", admin.site.urls),
    path("api/", api.urls),
    path("plans/", include("kechuang.plans.urls")),
    path("supervision/", include("kechuang.supervision.urls")),
    path("ingest/", include("kechuang.ingest.urls")),
    path("enterprises/", include("kechuang.enterprises.urls")),
    path("transfer/", include("kechuang.transfer.urls")),
    path("", include("kechuang.core.urls")),
]
