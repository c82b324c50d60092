from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("licenses/new", views.license_create, name="license_create"),
    path("licenses/<int:pk>/", views.license_detail, name="license_detail"),
    path("licenses/<int:pk>/edit", views.license_edit, name="license_edit"),
    path("licenses/<int:pk>/delete", views.license_delete, name="license_delete"),
]
