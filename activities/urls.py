from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new", views.activity_create, name="create"),
    path("quick", views.activity_quick, name="quick"),
    path("export.csv", views.activity_export, name="export"),
    path("import", views.activity_import, name="import"),
    path("import/template.csv", views.activity_import_template, name="import_template"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit", views.activity_edit, name="edit"),
    path("<int:pk>/duplicate", views.activity_duplicate, name="duplicate"),
    path("<int:pk>/delete", views.activity_delete, name="delete"),
]
