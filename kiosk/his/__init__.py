"""The hospital information system port (``port``), its embedded demo (``demo``) and masking."""
