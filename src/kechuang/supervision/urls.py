from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.task_mine, name="task_mine"),
    path("plans/<int:plan_pk>/tasks/", views.task_list, name="task_list"),
    path("plans/<int:plan_pk>/settings/", views.settings_edit, name="settings_edit"),
    path("plans/<int:plan_pk>/scorecard/", views.scorecard_list, name="scorecard_list"),
    path("plans/<int:plan_pk>/scorecard/<int:organization_pk>/", views.scorecard_detail, name="scorecard_detail"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("plans/<int:plan_pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("tasks/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("tasks/<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("tasks/<int:pk>/notices/new/", views.notice_create, name="notice_create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/complete/", views.milestone_complete, name="milestone_complete"),
    path("reports/<int:pk>/attachment/", views.report_attachment, name="report_attachment"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/answer/", views.notice_answer, name="notice_answer"),
    path("notices/<int:pk>/close/", views.notice_close, name="notice_close"),
]
