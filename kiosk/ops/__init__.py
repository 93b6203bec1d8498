"""Running a kiosk unattended: safe file reading, keys, backups, the strict check, logs, metrics, systemd."""
