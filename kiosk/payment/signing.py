"""RSA2 (SHA256withRSA) signing the way Alipay does it, shared by the sandbox and the tests.

The string to sign is the parameters sorted by name, ``name=value`` joined by ``&``, leaving out
``sign``. Requests drop empty values; notifications also leave out ``sign_type`` and keep empty
values (Alipay signs every parameter it sends, and the SDK's ``verify`` checks them all).
"""
from __future__ import annotations

import base64
from decimal import Decimal

from Cryptodome.Hash import SHA256
from Cryptodome.PublicKey import RSA
from Cryptodome.Signature import PKCS1_v1_5
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.money import Fen


def generate_key_pair(bits: int = 2048) -> tuple[str, str]:
    """A fresh (private PEM, public PEM) pair."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


class Signer:
    def __init__(self, private_pem: str) -> None:
        self._signer = PKCS1_v1_5.new(RSA.import_key(private_pem))

    def sign(self, text: str) -> str:
        return base64.b64encode(self._signer.sign(SHA256.new(text.encode("utf-8")))).decode()


class Verifier:
    def __init__(self, public_pem: str) -> None:
        self._verifier = PKCS1_v1_5.new(RSA.import_key(public_pem))

    def verify(self, text: str, signature: str) -> bool:
        try:
            raw = base64.b64decode(signature.encode(), validate=False)
        except (ValueError, TypeError):
            return False
        return bool(self._verifier.verify(SHA256.new(text.encode("utf-8")), raw))


def signing_string(params: dict[str, str], notification: bool = False) -> str:
    """A request's string to sign, or with ``notification`` a notification's."""
    skipped = {"sign", "sign_type"} if notification else {"sign"}
    return "&".join(f"{k}={v}" for k, v in sorted(params.items())
                    if k not in skipped and (notification or v != ""))


def yuan_text(fen: Fen) -> str:
    """Fen as the gateway's amount string: 1850 -> "18.50"."""
    return f"{fen // 100}.{fen % 100:02d}" if fen >= 0 else "-" + yuan_text(-fen)


def fen_from_text(text: str) -> Fen:
    """The gateway's amount string as fen, exactly ("18.5" -> 1850); ValueError on nonsense."""
    value = Decimal(str(text)) * 100
    if value != value.to_integral_value():
        raise ValueError(f"amount {text!r} has a fraction of a fen")
    return int(value)
