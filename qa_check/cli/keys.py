"""``qa-check keys``: the issuing site's signing key, and how certify and verify find it.

The key folder is ``--keys DIR`` (or QA_CHECK_KEYS), else ``keys`` in the user's configuration
folder; its passphrase comes from QA_CHECK_KEY_PASSPHRASE, else it is asked on a terminal.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.command import Command, epilog
from qa_check.cli.options import KeysOption, group, register_path
from qa_check.core.errors import Location, Problem
from qa_check.core.languages import Lang

if TYPE_CHECKING:
    from qa_check.certificates.pipeline import Signing
    from qa_check.certificates.signing.keys import SigningKey

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
    lines += _retired_lines(folder, language)
    typer.echo("\n".join(lines))


# --- r24-revoke: a new signing key under the same CA, and withdrawing a signing certificate ---


def signing_key(keys: Path | None, lang: str, now: datetime) -> SigningKey:
    """The site's signing key, unlocked (its passphrase as ``certify --sign`` asks for it).

    A missing or unusable key is a KeysError that says the command needs it.
    """
    from qa_check.certificates.signing.keys import KeysError, load_signing_key
    from qa_check.core.messages import msg

    folder = key_folder(keys)
    try:
        return load_signing_key(folder, passphrase_for(folder, lang), now=now)
    except KeysError as exc:
        needs = Problem(Location("--keys"), msg("rev_needs_key"))
        raise KeysError([*exc.problems, needs]) from None


def _retired_lines(folder: Path, lang: str) -> list[str]:
    """A line per retired signing certificate, as ``keys show`` lists them."""
    from qa_check.certificates.payload import grouped_fingerprint
    from qa_check.certificates.signing.rotation import retired_certificates
    from qa_check.core.messages import in_lang, msg

    lines = []
    for old in retired_certificates(folder):
        shown = grouped_fingerprint(old.fingerprint)
        retired = msg("rev_retired", fingerprint=shown, when=old.not_after.strftime("%Y-%m-%d"))
        lines.append(in_lang(retired, lang))
    return lines


@commands.command(
    "rotate",
    cls=Command,
    epilog=epilog(
        ["qa-check keys rotate", "qa-check keys rotate --keys /srv/qa-keys"],
        [("0", "a new signing key is in use"), ("2", "no key, no CA key, or a wrong passphrase")],
    ),
)
def keys_rotate(*, keys: KeysOption = None, lang: KeysLangOption = None) -> None:
    """Replace the signing key with a new one under the same CA (ca-cert.pem stays).

    Certificates the old key signed keep verifying: they chain to the same CA. The old signing
    certificate is kept in retired/ (named by its fingerprint); its private key is replaced.
    Needs the CA key (ca-key.pem) and the passphrase keys init set (QA_CHECK_KEY_PASSPHRASE,
    else asked).
    """
    from qa_check.certificates.signing.rotation import rotate_keys
    from qa_check.cli.boundary import pick_language
    from qa_check.core.messages import in_lang, msg

    language = pick_language(lang)
    folder = key_folder(keys)
    info, retired = rotate_keys(folder, passphrase_for(folder, language), now=datetime.now(UTC))
    lines = _key_lines(info, language)
    lines.append(in_lang(msg("rev_rotated_kept", path=str(retired)), language))
    typer.echo("\n".join(lines))


@commands.command(
    "revoke",
    cls=Command,
    epilog=epilog(
        [
            'qa-check keys revoke $OLD_KEY --why "laptop stolen"',
            'qa-check keys revoke $OLD_KEY --why "laptop stolen" -r month/register.sqlite',
        ],
        [
            ("0", "withdrawn, or withdrawn before (the first revocation is kept)"),
            ("2", "no key or register, the key in use, or the command was misused"),
        ],
    ),
)
def keys_revoke(
    fingerprint: Annotated[
        str,
        typer.Argument(
            metavar="FINGERPRINT",
            help="The signing certificate's SHA-256 fingerprint, as keys show prints it.",
        ),
    ],
    *,
    why: Annotated[
        str, typer.Option("--why", metavar="TEXT", help="Why: one line, up to 500 characters.")
    ],
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            "-r",
            metavar="FILE",
            help="The register to record it in. Default: reports/register.sqlite.",
        ),
    ] = None,
    keys: KeysOption = None,
    lang: KeysLangOption = None,
) -> None:
    """Withdraw a signing certificate (a retired key that may have been copied).

    What it signed after now is UNTRUSTED (verify --register, and the revocation list publish
    writes, with verify --revocations); what it signed before stays VALID. The revocation is
    signed by the signing key in use: rotate first (keys rotate) when the compromised key is
    the one in use.
    """
    from qa_check.certificates.register import Register, why_problem
    from qa_check.certificates.signing.keys import KeysError
    from qa_check.certificates.signing.revocation_seal import sealer
    from qa_check.certificates.signing.rotation import fingerprint_given
    from qa_check.cli.boundary import pick_language
    from qa_check.core.errors import UsageError
    from qa_check.core.messages import in_lang, msg, printable

    language = pick_language(lang)
    named = fingerprint_given(fingerprint)
    bad = why_problem(why)
    if named is None or bad is not None:
        problems = [Problem(Location("--why"), bad)] if bad is not None else []
        if named is None:
            problems.insert(0, Problem(Location("FINGERPRINT"), msg("rev_bad_fingerprint")))
        raise UsageError(problems)
    moment = datetime.now(UTC)
    key = signing_key(keys, language, moment)
    if named == key.info.fingerprint:
        raise KeysError([Problem(Location(str(key.info.folder)), msg("rev_current_key"))])
    with Register.open(register_path(register), create=False) as opened:
        done = opened.revoke_key(named, why, moment, sealer(key, keys=True))
    values = {"key": named[:16], "at": done.revoked_at, "why": printable(done.why)}
    if done.new:
        typer.echo(in_lang(msg("rev_key_revoked_now", **values), language))
    else:
        typer.echo(f"note: {in_lang(msg('rev_key_revoked_before', **values), language)}", err=True)
