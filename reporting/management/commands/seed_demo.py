import os

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo
from activities.demo import demo_activities_create
from reporting.licenses.demo import demo_licenses_create


class Command(BaseCommand):
    # It lives in the top app because it seeds every app's records.
    help = "Create (or refresh) the demo physician and print how to sign in."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        email = os.environ.get("DEMO_EMAIL", demo.DEMO_EMAIL)
        password = os.environ.get("DEMO_PASSWORD", demo.DEMO_PASSWORD)
        with transaction.atomic():
            user = demo.demo_physician_create(email=email, password=password)
            activities = demo_activities_create(user=user)
            licenses = demo_licenses_create(user=user)
        if activities:
            self.stdout.write(f"Logged {len(activities)} demo CME activities.")
        if licenses:
            codes = ", ".join(license.board.code for license in licenses)
            self.stdout.write(f"Demo licenses: {codes}.")
        else:
            self.stdout.write("No demo licenses: run `manage.py load_state_rules` first.")
        self.stdout.write(self.style.SUCCESS("Demo physician ready. Sign in with:"))
        self.stdout.write(f"  e-mail:   {user.email}")
        self.stdout.write(f"  password: {password}")
