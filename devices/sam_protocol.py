"""The public SAM serial protocol of resident ID card readers (居民身份证阅读器 SAM 串口协议).

Every frame, both ways::

    AA AA AA 96 69 | LEN (2 bytes, big-endian) | body | CHK

``LEN`` counts the body and the check byte. A command body is ``CMD PARA [data]``; a reply body is
``SW1 SW2 SW3 [data]``. ``CHK`` is the XOR of the two length bytes and the body.

Commands used here: ``11 FF`` security module (SAM) status, ``20 01`` find card, ``20 02`` select
card, ``30 01`` read text and photo. SW3 says how it went: ``90`` success, ``9F`` find card success,
``80`` no card found, ``81`` select failed, ``41`` read failed (the card left the field), ``10`` the
reader got a frame with a bad check byte, ``60`` SAM self-test failed, ``66`` SAM not authorised,
and a few more (``STATUS_WORDS``).

The reply to ``30 01`` carries 2 bytes text length (256), 2 bytes photo length (1,024), the text
block and the photo. The text block is UCS-2 little-endian, space-padded, in fixed-width fields
(bytes): name 30, sex 2, ethnicity 4, birth date 16, address 70, ID number 36, issuing authority 30,
valid from 16, valid to 16 (``长期`` for a long-term card), reserved 36.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from devices.base import DeviceError
from devices.protocols import IdCard

PREAMBLE = bytes((0xAA, 0xAA, 0xAA, 0x96, 0x69))
HEADER_LENGTH = len(PREAMBLE) + 2
MAX_LENGTH = 0x0600  # the longest reply (read text + photo) is 0x0508

SAM_STATUS = (0x11, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_AND_PHOTO = (0x30, 0x01)

SUCCESS = 0x90
FIND_SUCCESS = 0x9F
NO_CARD = 0x80
SELECT_FAILED = 0x81
READ_FAILED = 0x41
BAD_CHECK = 0x10
SAM_SELF_TEST_FAILED = 0x60
SAM_NOT_AUTHORISED = 0x66
STATUS_WORDS = {
    0x90: "success", 0x9F: "card found", 0x80: "no card found", 0x81: "selecting the card failed",
    0x41: "reading the card failed", 0x10: "the reader received a frame with a bad check byte",
    0x11: "the reader received a frame of the wrong length", 0x21: "the reader does not know the command",
    0x23: "operation not permitted", 0x24: "unrecognised error", 0x31: "the card did not accept the reader",
    0x32: "the reader did not accept the card", 0x33: "the card's data failed verification",
    0x40: "not a resident ID card", 0x47: "the card's random number failed", 0x91: "the card has no such data",
    0x60: "the security module failed its self-test", 0x66: "the security module is not authorised",
}

TEXT_LENGTH = 256
PHOTO_LENGTH = 1024
TEXT_FIELDS = (("name", 30), ("sex", 2), ("ethnicity", 4), ("birth_date", 16), ("address", 70),
               ("id_number", 36), ("issuing_authority", 30), ("valid_from", 16), ("valid_to", 16),
               ("reserved", 36))
LONG_TERM = "长期"

ETHNICITIES = (
    "", "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜",
    "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
    "珞巴", "基诺",
)
OTHER_ETHNICITIES = {97: "其他", 98: "外国血统中国籍人士"}


class FrameError(DeviceError):
    """A frame that is not this protocol, or whose check byte is wrong."""


def checksum(body_with_length: bytes) -> int:
    value = 0
    for byte in body_with_length:
        value ^= byte
    return value


def frame(body: bytes) -> bytes:
    """Wrap a command or reply body: preamble, length, body, check byte."""
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes((checksum(length + body),))


def command(code: tuple[int, int], data: bytes = b"") -> bytes:
    return frame(bytes(code) + data)


def reply(status: int, data: bytes = b"") -> bytes:
    return frame(bytes((0x00, 0x00, status)) + data)


@dataclass(frozen=True)
class Frame:
    """One checked frame's body: ``CMD PARA data`` from the host or ``SW1 SW2 SW3 data`` from the reader."""

    body: bytes

    @property
    def code(self) -> tuple[int, int]:
        return self.body[0], self.body[1]

    @property
    def command_data(self) -> bytes:
        return self.body[2:]

    @property
    def status(self) -> int:
        """SW3 of a reply."""
        return self.body[2] if len(self.body) >= 3 else -1

    @property
    def reply_data(self) -> bytes:
        return self.body[3:]


class FrameParser:
    """Collects bytes as they arrive (a serial line tears frames anywhere) and yields whole frames.

    Bytes before a preamble are skipped (line noise, the tail of a frame we gave up on). A frame whose
    check byte is wrong raises FrameError after being consumed, so the next frame can still be read.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk

    def clear(self) -> None:
        self._buffer.clear()

    def next_frame(self) -> Frame | None:
        start = self._buffer.find(PREAMBLE)
        if start < 0:
            del self._buffer[:max(0, len(self._buffer) - len(PREAMBLE) + 1)]
            return None
        del self._buffer[:start]
        if len(self._buffer) < HEADER_LENGTH:
            return None
        length = int.from_bytes(self._buffer[5:7], "big")
        if not 2 <= length <= MAX_LENGTH:
            del self._buffer[:len(PREAMBLE)]
            raise FrameError(f"a frame announced an impossible length ({length} bytes)")
        end = HEADER_LENGTH + length
        if len(self._buffer) < end:
            return None
        whole = bytes(self._buffer[:end])
        del self._buffer[:end]
        body, check = whole[HEADER_LENGTH:-1], whole[-1]
        if checksum(whole[5:7] + body) != check:
            raise FrameError("a frame arrived with a wrong check byte")
        return Frame(body)


# The text block ------------------------------------------------------------------------------------


def encode_text(card: IdCard) -> bytes:
    """The 256-byte block a card's chip holds (used by the reader simulators)."""
    ethnicity_code = _ethnicity_code(card.ethnicity)
    values = {
        "name": card.name,
        "sex": {"M": "1", "F": "2"}.get(card.sex, "0"),
        "ethnicity": f"{ethnicity_code:02d}",
        "birth_date": f"{card.birth_date:%Y%m%d}",
        "address": card.address,
        "id_number": card.id_number,
        "issuing_authority": card.issuing_authority,
        "valid_from": f"{card.valid_from:%Y%m%d}",
        "valid_to": LONG_TERM if card.valid_to is None else f"{card.valid_to:%Y%m%d}",
        "reserved": "",
    }
    block = b""
    for field_name, width in TEXT_FIELDS:
        encoded = values[field_name].encode("utf-16-le")
        if len(encoded) > width:
            raise ValueError(f"{field_name} is longer than its {width // 2} characters on the card")
        block += encoded + " ".encode("utf-16-le") * ((width - len(encoded)) // 2)
    return block


def decode_text(block: bytes) -> IdCard:
    """Read the 256-byte text block; FrameError when it does not hold a card's text."""
    if len(block) != TEXT_LENGTH:
        raise FrameError(f"the card's text block is {len(block)} bytes, not {TEXT_LENGTH}")
    fields: dict[str, str] = {}
    offset = 0
    for field_name, width in TEXT_FIELDS:
        try:
            fields[field_name] = block[offset:offset + width].decode("utf-16-le").rstrip(" \x00")
        except UnicodeDecodeError:
            raise FrameError(f"the card's {field_name.replace('_', ' ')} is not UCS-2 text") from None
        offset += width
    try:
        return IdCard(
            name=fields["name"],
            sex={"1": "M", "2": "F"}[fields["sex"]],
            ethnicity=_ethnicity_name(fields["ethnicity"]),
            birth_date=_date(fields["birth_date"]),
            address=fields["address"],
            id_number=fields["id_number"].upper(),
            issuing_authority=fields["issuing_authority"],
            valid_from=_date(fields["valid_from"]),
            valid_to=None if fields["valid_to"] == LONG_TERM else _date(fields["valid_to"]),
        )
    except (KeyError, ValueError):
        raise FrameError("the card's text block does not hold a resident ID card's fields") from None


def _date(text: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise ValueError(text)
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _ethnicity_code(name: str) -> int:
    if name in ETHNICITIES[1:]:
        return ETHNICITIES.index(name)
    for code, other in OTHER_ETHNICITIES.items():
        if name == other:
            return code
    raise ValueError(f"'{name}' is not an ethnicity a resident ID card records")


def _ethnicity_name(code: str) -> str:
    number = int(code)
    if 1 <= number < len(ETHNICITIES):
        return ETHNICITIES[number]
    if number in OTHER_ETHNICITIES:
        return OTHER_ETHNICITIES[number]
    raise ValueError(code)
