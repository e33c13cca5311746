"""The embedded default: SQLite, eager tasks, console e-mail, local media, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
