from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("upload", views.certificate_upload, name="upload"),
    path("all.zip", views.certificate_zip, name="zip"),
    path("drafts", views.draft_list, name="drafts"),
    path("drafts/<int:pk>/dismiss", views.draft_dismiss, name="draft_dismiss"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/reading", views.certificate_reading, name="reading"),
    path("<uuid:public_id>/pages/<int:number>.png", views.certificate_page, name="page"),
    path("<uuid:public_id>/download", views.certificate_download, name="download"),
    path("<int:pk>/delete", views.certificate_delete, name="delete"),
]
