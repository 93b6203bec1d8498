"""Issue 18.6: the ticket's "still to pay" is what the bill will ask after insurance, not the gross sum."""
from __future__ import annotations


def test_still_to_pay_matches_the_bill_after_insurance(services):
    patient_id = next(pid for (pid,) in services.db.execute(
        "SELECT DISTINCT patient_id FROM charges WHERE status = 'unpaid' ORDER BY patient_id"))
    gross = sum(c.amount_fen for c in services.his.unpaid_charges(patient_id))
    visit = services.checkin.visit_today(patient_id)
    assert services.checkin.visit_today(patient_id).unpaid_fen == visit.unpaid_fen  # the estimate holds nothing
    bill = services.payments.service.open_bill(patient_id)
    assert visit.unpaid_fen == bill.due_fen - bill.debt_fen
    assert visit.unpaid_fen < gross  # insurance took its share off
