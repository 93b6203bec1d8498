"""Check-in: from an identified patient to a checked-in appointment, a queue number and a ticket."""
