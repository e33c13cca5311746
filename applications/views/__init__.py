"""HTML views of the case engine, split by who uses them: ``catalogue`` (anyone), ``filer``, ``officer``."""
