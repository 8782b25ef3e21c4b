"""Secrets Indsats must send on (an OpenID Connect client secret) are stored encrypted with a
key derived from INDSATS_SECRET_KEY (Fernet: AES-128-CBC + HMAC-SHA256), never in clear.
Keys in SECRET_KEY_FALLBACKS still decrypt, so a rotated secret key keeps old values readable
while the fallback is listed; a value no key opens raises SecretUnreadable."""

from __future__ import annotations

import base64

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "indsats.accounts.secrets"


class SecretUnreadable(Exception):
    pass


def _fernet(secret: str):
    from cryptography.fernet import Fernet

    digest = salted_hmac(SALT, "fernet", secret=secret, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value: str) -> str:
    return _fernet(settings.SECRET_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    from cryptography.fernet import InvalidToken, MultiFernet

    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    try:
        return MultiFernet([_fernet(k) for k in keys]).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("no secret key opens the stored value") from exc
