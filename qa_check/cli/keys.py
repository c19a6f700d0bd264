"""``qa-check keys``: the issuing site's signing key, and how certify and verify find it.

The key folder is ``--keys DIR`` (or QA_CHECK_KEYS), else ``keys`` in the user's configuration
folder; its passphrase comes from QA_CHECK_KEY_PASSPHRASE, else it is asked on a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.command import Command, epilog
from qa_check.cli.options import KeysOption, group
from qa_check.core.errors import Location, Problem
from qa_check.core.languages import Lang

if TYPE_CHECKING:
    from qa_check.certificates.pipeline import Signing

commands = group("Signing keys: create the issuing site's key, show its fingerprint.")

KeysLangOption = Annotated[
    Lang | None,
    typer.Option(help="Language of the output. Default: $QA_CHECK_LANG, else the locale."),
]
PASSPHRASE_VARIABLE = "QA_CHECK_KEY_PASSPHRASE"


def key_folder(option: Path | None) -> Path:
    """The key folder: ``--keys DIR`` (or QA_CHECK_KEYS), else the user's configuration folder."""
    return option if option is not None else Path(typer.get_app_dir("qa-check")) / "keys"


def key_folder_ca(keys: Path | None) -> list[Path]:
    """The key folder's CA certificate, when there is one: a site trusts its own certificates."""
    from qa_check.certificates.signing.keys import CA_CERT

    ca = key_folder(keys) / CA_CERT
    return [ca] if ca.is_file() else []


def signing(sign: bool | None, keys: Path | None, lang: str) -> Signing | None:
    """How certify (and run --certify) signs: ``--sign/--no-sign``, ``--keys``, their defaults.

    A key folder named (``--keys``, QA_CHECK_KEYS) must hold a key; see ``signing_for``.
    """
    from qa_check.certificates.batch import signing_for

    return signing_for(
        key_folder(keys), lambda folder: passphrase_for(folder, lang), sign=sign, named=bool(keys)
    )


def terminal() -> bool:
    """Whether a person can be asked: standard input is a terminal (not closed, not a file)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # closed by the caller's shell, or by Python
        return False


def _passphrase_from_env() -> bytes | None:
    import os

    value = os.environ.get(PASSPHRASE_VARIABLE)
    return value.encode("utf-8") if value else None


def passphrase_for(folder: Path, lang: str = "en") -> bytes | None:
    """The passphrase to unlock the signing key in ``folder``; None when it is not encrypted.

    QA_CHECK_KEY_PASSPHRASE when set, else asked once (hidden) when standard input is a
    terminal, else a KeysError saying how to give it.
    """
    from qa_check.certificates.signing.keys import SIGNING_KEY, KeysError, needs_passphrase
    from qa_check.core.messages import in_lang, msg

    if not needs_passphrase(folder):
        return None
    given = _passphrase_from_env()
    if given is not None:
        return given
    if not terminal():
        problem = Problem(Location(str(folder / SIGNING_KEY)), msg("keys_passphrase_needed"))
        raise KeysError([problem])
    typed = typer.prompt(in_lang(msg("keys_passphrase_prompt"), lang), hide_input=True, err=True)
    return str(typed).encode("utf-8")


def _key_lines(info: object, lang: str) -> list[str]:
    """Issuer and fingerprints, as ``keys init`` and ``keys show`` print them."""
    from qa_check.certificates.payload import grouped_fingerprint
    from qa_check.certificates.signing.keys import KeyInfo
    from qa_check.core.messages import in_lang, msg

    assert isinstance(info, KeyInfo)
    return [
        in_lang(message, lang)
        for message in (
            msg("keys_issuer", issuer=info.issuer),
            msg("keys_fingerprint", fingerprint=grouped_fingerprint(info.fingerprint)),
            msg("keys_ca_fingerprint", fingerprint=grouped_fingerprint(info.ca_fingerprint)),
        )
    ]

@commands.command(
    "init",
    cls=Command,
    epilog=epilog(
        [
            'qa-check keys init --issuer "Shenzhen QA Lab"',
            'qa-check keys init --issuer "深圳 QA Lab" --keys /srv/qa-keys',
            'qa-check keys init --issuer "Shenzhen QA Lab" --no-passphrase',
        ],
        [("0", "the keys were created"), ("2", "a key is already there, or no passphrase")],
    ),
)
def keys_init(
    *,
    issuer: Annotated[
        str,
        typer.Option(metavar="NAME", help="The issuing site or lab, as the certificates name it."),
    ],
    keys: Annotated[
        Path | None,
        typer.Option(
            "--keys",
            "--dir",
            envvar="QA_CHECK_KEYS",
            metavar="DIR",
            help="Folder to create the keys in. Default: keys in qa-check's configuration folder.",
        ),
    ] = None,
    no_passphrase: Annotated[
        bool,
        typer.Option(
            "--no-passphrase",
            help="Leave the private keys unencrypted (a machine that signs unattended).",
        ),
    ] = False,
    lang: KeysLangOption = None,
) -> None:
    """Create the issuing site's signing key and a small CA that vouches for it.

    The passphrase comes from QA_CHECK_KEY_PASSPHRASE, else it is asked twice (hidden). The
    private keys stay in the folder, readable by you only; hand out ca-cert.pem: whoever
    trusts it accepts the certificates this key signs. An existing key is never replaced.
    """
    from datetime import UTC, datetime

    from qa_check.certificates.signing.keys import SIGNING_KEY, KeysError, init_keys
    from qa_check.cli.boundary import pick_language
    from qa_check.core.messages import in_lang, msg

    language = pick_language(lang)
    folder = key_folder(keys)
    passphrase: bytes | None = None
    if not no_passphrase:
        passphrase = _passphrase_from_env()
        if passphrase is None and not terminal():
            raise KeysError([Problem(Location(str(folder)), msg("keys_no_passphrase"))])
        if passphrase is None:
            typed = typer.prompt(
                in_lang(msg("keys_passphrase_prompt"), language),
                hide_input=True,
                confirmation_prompt=in_lang(msg("keys_passphrase_again"), language),
                err=True,
            )
            passphrase = str(typed).encode("utf-8")
    info = init_keys(folder, issuer, passphrase, now=datetime.now(UTC))
    lines = _key_lines(info, language)
    lines.append(in_lang(msg("keys_private_at", path=str(folder / SIGNING_KEY)), language))
    if passphrase is None:
        lines.append(in_lang(msg("keys_unencrypted"), language))
    lines.append(in_lang(msg("keys_hand_out", path=str(info.ca_file)), language))
    typer.echo("\n".join(lines))


@commands.command(
    "show",
    cls=Command,
    epilog=epilog(
        ["qa-check keys show", "qa-check keys show --keys /srv/qa-keys"],
        [("0", "the key is there"), ("2", "no key in the folder, or a damaged one")],
    ),
)
def keys_show(*, keys: KeysOption = None, lang: KeysLangOption = None) -> None:
    """Print the signing key's issuer, fingerprints, end of validity and folder."""
    from qa_check.certificates.signing.keys import check_private, read_keys
    from qa_check.cli.boundary import pick_language
    from qa_check.core.messages import in_lang, msg

    language = pick_language(lang)
    folder = key_folder(keys)
    info = read_keys(folder)
    check_private(folder)
    lines = _key_lines(info, language)
    until = info.not_after.strftime("%Y-%m-%d %H:%M UTC")
    lines.append(in_lang(msg("keys_valid_until", when=until), language))
    lines.append(in_lang(msg("keys_folder", folder=str(info.folder)), language))
    typer.echo("\n".join(lines))
