"""Face check-in: engine (detect, quality, landmarks, encode), liveness, the in-memory gallery, the
decision rule, encrypted templates with consent and withdrawal, and the open-set evaluation.

``FaceService`` (service.py) is what bootstrap builds and the UI uses; ``FaceAttempt`` (attempt.py)
runs one attempt frame by frame on the face worker.
"""
