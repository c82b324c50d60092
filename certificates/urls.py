from django.urls import path

app_name = "certificates"

urlpatterns: list = []  # the certificate pages arrive with issue #3
