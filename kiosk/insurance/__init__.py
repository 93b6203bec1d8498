"""The insurance settlement port and its embedded default, a rules engine over the kiosk's SQLite file.

Field names follow the national medical-insurance platform (medfee_sumamt, fund_pay_sumamt, hifp_pay,
acct_pay, psn_cash_pay, setl_id, mdtrt_id …) so a real adapter maps one to one.
"""
