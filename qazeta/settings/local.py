"""The embedded default: SQLite, eager tasks, console e-mail, local media, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# Serve static files straight from the app and package folders: no collectstatic step on the embedded default.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None

# Eager tasks retry in-process like a worker would (a failed PDF render is tried again at once) instead of
# raising to the request that queued them.
CELERY_TASK_EAGER_PROPAGATES = False
