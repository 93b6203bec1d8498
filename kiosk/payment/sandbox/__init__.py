"""The sandbox payment gateway: a real HTTP server process on 127.0.0.1 that speaks Alipay's signed
protocol with its own keys, has a "customer scans and pays" control, and injects faults on request.

``python -m kiosk.payment.sandbox --app-public-key FILE`` runs it; ``SandboxProcess`` starts and
stops it for the kiosk (demo mode) and the tests; ``SandboxControl`` drives its control endpoints.
"""
