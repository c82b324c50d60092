from django.urls import path

from reporting.rules import views

app_name = "rules"

urlpatterns = [
    path("", views.board_index, name="index"),
    path("<str:code>/", views.board_detail, name="board"),
]
