"""The services of this plug-in, declared for the engine's registry (``applications.registry``)."""

DEFINITIONS: tuple = ()
