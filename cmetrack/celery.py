"""The Celery application; each app's tasks.py names its tasks (each lives beside its service)."""

import os
import resource

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmetrack.settings")

# The process that loaded the app: a prefork worker's parent, or a solo worker (and a test run)
# itself. Only processes forked from it, the pool's children, get the memory ceiling below.
_LOADED_IN = os.getpid()

app = Celery("cmetrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _bound_pool_process_memory(**kwargs: object) -> None:
    """Give each pool process an address-space ceiling (WORKER_PROCESS_MEMORY_MB).

    WeasyPrint and pypdf run inside the pool process on documents our users shaped. Past the
    ceiling an allocation fails (MemoryError: the task fails with a message) instead of the
    kernel's OOM killer picking a victim on the host (PostgreSQL, Redis).
    """
    if os.getpid() == _LOADED_IN:
        return  # not a pool child: the solo pool signals in the worker's (or a test's) own process
    from django.conf import settings

    megabytes = int(getattr(settings, "WORKER_PROCESS_MEMORY_MB", 0) or 0)
    if megabytes > 0:
        ceiling = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
