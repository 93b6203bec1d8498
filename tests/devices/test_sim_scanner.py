from __future__ import annotations

import threading

from devices.base import HealthState


def wait_until_reading(scanner, reads: int = 1) -> None:
    """Until a reader thread has begun ``read_code`` (the simulator counts each read as it begins)."""
    begun = threading.Event()
    for _ in range(3000):
        if scanner.counters.get("read_code", 0) >= reads:
            return
        begun.wait(0.01)
    raise AssertionError("the reader thread never began its read")


def test_codes_from_the_url_are_read_in_order(device):
    scanner = device("scanner", "sim:?codes=WC-001,WC-002")
    assert scanner.read_code(0.1) == "WC-001"
    assert scanner.read_code(0.1) == "WC-002"
    assert scanner.codes_read == ["WC-001", "WC-002"]
    assert scanner.pending() == []


def test_read_code_times_out_with_none(device):
    scanner = device("scanner", "sim:")
    assert scanner.read_code(0.1) is None
    assert scanner.codes_read == [] and scanner.counters["read_code"] == 1


def test_a_code_presented_from_another_thread_wakes_the_reader(device):
    scanner = device("scanner", "sim:")
    result: list[str | None] = []
    # An hour's timeout: only being woken by the code lets the reader finish within the join below.
    reader = threading.Thread(target=lambda: result.append(scanner.read_code(3600.0)))
    reader.start()
    wait_until_reading(scanner)
    scanner.present("QR-42")
    reader.join(30.0)
    assert not reader.is_alive()
    assert result == ["QR-42"]


def test_several_readers_each_get_one_code(device):
    scanner = device("scanner", "sim:")
    results: list[str | None] = []
    lock = threading.Lock()

    def read() -> None:
        code = scanner.read_code(3.0)
        with lock:
            results.append(code)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for number in range(4):
        scanner.present(f"C{number}")
    for reader in readers:
        reader.join(5.0)
    assert sorted(results) == ["C0", "C1", "C2", "C3"]


def test_closing_releases_a_waiting_reader(device):
    scanner = device("scanner", "sim:")
    result: list[str | None] = []
    reader = threading.Thread(target=lambda: result.append(scanner.read_code(3600.0)))
    reader.start()
    wait_until_reading(scanner)
    scanner.close()
    reader.join(30.0)
    assert not reader.is_alive() and result == [None]


def test_health_mentions_waiting_codes(device):
    scanner = device("scanner", "sim:?codes=A,B")
    health = scanner.health()
    assert health.state is HealthState.OK and "2 code" in health.detail
