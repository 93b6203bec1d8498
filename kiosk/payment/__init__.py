"""Card-free settlement: the payment gateway port and its adapters, the payment state machine,
pay-later credit, the demo billing's e-invoices and the daily reconciliation.
"""
