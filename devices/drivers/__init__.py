"""Drivers for real hardware. Each module imports its optional library lazily, at ``open()``, so a
missing library becomes a ``DriverNotFound`` that says what to install instead of an ImportError."""
