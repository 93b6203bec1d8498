"""The FHIR R4 adapter of the HIS port (``adapter``), its e-invoices (``invoices``), the REST client and
the resource mapping; ``demo_load`` fills a FHIR server with the demo hospital (tests, benchmarks)."""
