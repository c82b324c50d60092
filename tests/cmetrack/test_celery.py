from django.conf import settings

from cmetrack.celery import app


def test_every_scheduled_task_exists() -> None:
    app.loader.import_default_modules()  # what a worker does at start: autodiscover tasks.py
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled
    assert scheduled <= set(app.tasks), f"unknown: {sorted(scheduled - set(app.tasks))}"
