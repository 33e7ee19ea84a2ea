"""The project's URLs plus a bare view, the baseline every page benchmark is a ratio to."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("__bare__/", bare), path("", include("kechuang.urls"))]
