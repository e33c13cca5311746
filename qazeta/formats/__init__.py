"""The project's format modules (``FORMAT_MODULE_PATH``): Django ships none for Kazakh, so without ``kk`` a Kazakh
page shows "360000.00" and "30 Ноябрь 2026". ``ru`` and ``en`` only set what differs from Django's own modules
(Django falls back to its module per setting). Money and MRP filters for templates: :mod:`qazeta.formats.filters`."""
