"""The services of this plug-in, declared for the engine's registry (``applications.registry``)."""

from __future__ import annotations

DEFINITIONS: tuple = ()
