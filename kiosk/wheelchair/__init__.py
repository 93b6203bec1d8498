"""Wheelchair rental and return: pricing engine (pricing), signed chair labels (labels), the chair
register (fleet), rentals and returns (rentals, charges), paper (receipts), the kiosk's counter (desk).

``kiosk.wheelchair.build.build_wheelchair_desk`` is what ``kiosk.bootstrap`` calls.
"""
