"""Addresses of "gaps meet offers" (included by the site's urls under `offers/`)."""

from django.urls import path

from . import offer_views

app_name = "offers"

urlpatterns = [
    path("licenses/<int:pk>/", offer_views.license_offers, name="license"),
    path("activities/<int:pk>/mandates/", offer_views.offering_mandates, name="mandates"),
]
