"""ID card readers: the SAM frame codec, the stateful simulator, and the serial driver against the
byte-exact reader firmware on a pseudo-terminal (torn reads, bad check bytes, a card taken off)."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from devices import sam_protocol as sam
from devices.base import DeviceError, DeviceTimeout, HealthState
from devices.drivers.sam_idcard_reader import SerialIdCardReader
from devices.protocols import (
    CardRemoved,
    CardUnreadable,
    IdCard,
    IdCardReader,
    SecurityModuleMissing,
)
from devices.simulators.idcard_firmware import IdCardFirmware

CARD = IdCard(name="张建华", sex="M", ethnicity="汉", birth_date=date(1950, 1, 1),
              address="浙江省杭州市上城区解放路88号", id_number="330102195001011236",
              issuing_authority="杭州市公安局上城分局", valid_from=date(2016, 3, 1), valid_to=None)
SHORT_TERM = IdCard(name="Li Ming", sex="F", ethnicity="满", birth_date=date(2001, 12, 31), address="北京市",
                    id_number="11010120011231002X", issuing_authority="北京市公安局", valid_from=date(2019, 5, 6),
                    valid_to=date(2029, 5, 6))


def test_find_select_and_read_commands_are_the_published_bytes():
    assert sam.command(sam.FIND_CARD) == bytes.fromhex("AAAAAA9669 0003 2001 22")
    assert sam.command(sam.SELECT_CARD) == bytes.fromhex("AAAAAA9669 0003 2002 21")
    assert sam.command(sam.READ_TEXT_AND_PHOTO) == bytes.fromhex("AAAAAA9669 0003 3001 32")
    assert sam.command(sam.SAM_STATUS) == bytes.fromhex("AAAAAA9669 0003 11FF ED")


def test_the_text_block_is_256_bytes_of_fixed_fields_and_reads_back():
    block = sam.encode_text(CARD)
    assert len(block) == 256
    assert block[:6] == "张建华".encode("utf-16-le") and block[6:30] == " ".encode("utf-16-le") * 12
    assert block[30:32] == b"1\x00" and block[32:36] == "01".encode("utf-16-le")
    assert block[122:158] == "330102195001011236".encode("utf-16-le")
    assert block[204:208] == "长期".encode("utf-16-le")
    assert sam.decode_text(block) == CARD
    assert sam.decode_text(sam.encode_text(SHORT_TERM)) == SHORT_TERM
    assert SHORT_TERM.expired_on(date(2029, 5, 7)) and not CARD.expired_on(date(2099, 1, 1))
    assert "张" not in repr(CARD)


def test_the_read_reply_is_1295_bytes_and_a_torn_stream_gives_whole_frames():
    data = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + sam.encode_text(CARD) + bytes(1024)
    whole = sam.reply(sam.SUCCESS, data)
    assert len(whole) == 1295 and whole[5:7] == bytes.fromhex("0508")
    parser = sam.FrameParser()
    stream = b"\x00\xff" + whole + sam.reply(sam.NO_CARD, bytes(4))
    frames = []
    for start in range(0, len(stream), 7):
        parser.feed(stream[start:start + 7])
        while (got := parser.next_frame()) is not None:
            frames.append(got)
    assert [f.status for f in frames] == [sam.SUCCESS, sam.NO_CARD]
    assert sam.decode_text(frames[0].reply_data[4:260]) == CARD
    damaged = whole[:-1] + bytes((whole[-1] ^ 1,))
    parser.feed(damaged + sam.reply(sam.SUCCESS))
    with pytest.raises(sam.FrameError, match="check byte"):
        parser.next_frame()
    assert parser.next_frame().status == sam.SUCCESS  # the line recovers on the next frame


def test_the_simulator_reads_a_card_once_per_placement(device):
    reader = device("id_card_reader", "sim:")
    assert isinstance(reader, IdCardReader)
    assert reader.read_card(0.01) is None
    reader.present(CARD)
    assert reader.read_card(0.01) == CARD
    assert reader.read_card(0.01) is None  # still lying there: not read again
    reader.remove()
    reader.present(CARD)
    assert reader.read_card(0.01) == CARD and reader.reads == 2


def test_a_waiting_read_wakes_when_a_card_is_put_down(device):
    reader = device("id_card_reader", "sim:")
    threading.Timer(0.05, reader.present, (CARD,)).start()
    assert reader.read_card(5.0) == CARD


@pytest.mark.parametrize("url, error", [
    ("sim:?sam=missing", SecurityModuleMissing),
    ("sim:?read=removed", CardRemoved),
    ("sim:?read=checksum", CardUnreadable),
])
def test_simulated_faults_from_the_url(device, url, error):
    reader = device("id_card_reader", url)
    reader.present(CARD)
    with pytest.raises(error):
        reader.read_card(0.01)
    if url.endswith("removed"):
        assert reader.card_on_reader is None
    if url.endswith("missing"):
        assert reader.health().state is HealthState.FAULT


def test_timeout_fault_and_unknown_parameters(device):
    reader = device("id_card_reader", "sim:?fail=timeout")
    with pytest.raises(DeviceTimeout):
        reader.read_card(0.01)
    assert reader.health().state is HealthState.UNKNOWN
    reader.inject(fail=None, read="checksum")
    reader.present(CARD)
    with pytest.raises(CardUnreadable):
        reader.read_card(0.01)
    with pytest.raises(DeviceError, match="no parameter colour"):
        device("id_card_reader", "sim:?colour=red")
    with pytest.raises(DeviceError, match="no parameter speed"):
        device("id_card_reader", "idcard+serial:///dev/null?speed=9600")


# The serial driver against the firmware on a pty --------------------------------------------------


@pytest.fixture
def firmware(device):
    served = IdCardFirmware.on_pty(device("id_card_reader", "sim:"))
    yield served
    served.close()


def serial_reader(device, firmware, extra: str = "&timeout=0.5"):
    return device("id_card_reader", f"idcard+serial://{firmware.port}?baudrate=115200&poll=0.01{extra}")


def test_serial_driver_reads_a_card_over_a_real_tty(device, firmware):
    reader = serial_reader(device, firmware)
    assert isinstance(reader, SerialIdCardReader) and isinstance(reader, IdCardReader)
    assert reader.health().state is HealthState.OK
    assert reader.read_card(0.05) is None
    firmware.commands.clear()
    firmware.reader.present(SHORT_TERM)
    assert reader.read_card(1.0) == SHORT_TERM
    assert firmware.commands == [sam.FIND_CARD, sam.SELECT_CARD, sam.READ_TEXT_AND_PHOTO]
    assert reader.read_card(0.05) is None  # the same card, still on the reader


def test_torn_replies_and_line_noise_are_put_back_together(device, firmware):
    reader = serial_reader(device, firmware)
    firmware.chunk = 5
    firmware.noise = b"\x13\x37\xaa"
    firmware.reader.present(CARD)
    assert reader.read_card(2.0) == CARD


def test_a_reply_with_a_bad_check_byte_is_asked_for_again(device, firmware):
    reader = serial_reader(device, firmware)
    firmware.reader.present(CARD)
    firmware.corrupt_replies = 1
    assert reader.read_card(2.0) == CARD
    assert reader.counters["bad_frames"] == 1


def test_a_card_whose_data_always_fails_its_check_is_unreadable(device, firmware):
    reader = serial_reader(device, firmware)
    firmware.reader.inject(read="checksum")
    firmware.reader.present(CARD)
    with pytest.raises(CardUnreadable, match="damaged"):
        reader.read_card(2.0)


def test_a_card_taken_off_mid_read_and_a_missing_security_module(device, firmware):
    reader = serial_reader(device, firmware)
    firmware.reader.inject(read="removed")
    firmware.reader.present(CARD)
    with pytest.raises(CardRemoved):
        reader.read_card(2.0)
    firmware.reader.inject(read=None, sam="missing")
    health = reader.health()
    assert health.state is HealthState.FAULT and "security module" in health.detail
    firmware.reader.present(CARD)
    with pytest.raises(SecurityModuleMissing):
        reader.read_card(0.5)


def test_a_silent_reader_is_unknown_never_ok(device, firmware):
    reader = serial_reader(device, firmware, extra="&timeout=0.1")
    firmware.silent = True
    with pytest.raises(DeviceTimeout):
        reader.read_card(0.3)
    assert reader.health().state is HealthState.UNKNOWN


def test_the_firmware_answers_a_damaged_command_with_status_10(firmware):
    import serial

    line = serial.serial_for_url(firmware.port, baudrate=115200, timeout=1.0)
    try:
        damaged = bytearray(sam.command(sam.FIND_CARD))
        damaged[-1] ^= 0xFF
        line.write(bytes(damaged))
        parser = sam.FrameParser()
        parser.feed(line.read(11))
        assert parser.next_frame().status == sam.BAD_CHECK
        assert firmware.bad_commands == 1
    finally:
        line.close()


def test_health_polls_from_another_thread_do_not_tear_a_read(device, firmware):
    reader = serial_reader(device, firmware)
    healths = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            healths.append(reader.health().state)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        for card in (CARD, SHORT_TERM, CARD):
            firmware.reader.remove()
            threading.Timer(0.05, firmware.reader.present, (card,)).start()
            assert reader.read_card(2.0) == card
    finally:
        stop.set()
        poller.join()
    assert healths and set(healths) == {HealthState.OK}
    assert "bad_frames" not in reader.counters
