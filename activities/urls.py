from django.urls import path

app_name = "activities"

urlpatterns: list = []  # the activity pages arrive with issue #3
