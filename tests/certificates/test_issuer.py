"""check_issuer: a site's ``[issuer] name`` must be the signing key's whole name, or no signing.

The table names each pair a site and a key can be in; certify_batch, the one certify use case,
refuses a pair that differs before its folder or register exists.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from qa_check.certificates.batch import certify_batch
from qa_check.certificates.issuer import UNLOCATED, check_issuer
from qa_check.certificates.payload import SignedBy
from qa_check.certificates.pipeline import Signing
from qa_check.certificates.signing.keys import shortened
from qa_check.certificates.signing.signer import SigningSpec
from qa_check.certificates.site import Issuer, Site, read_site
from qa_check.core.errors import ConfigError
from qa_check.core.languages import CertificateLang
from qa_check.core.messages import in_lang
from qa_check.engine.checklists import Registry

DONGGUAN = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
KEY = "AB" * 32


def signer(name: str) -> SignedBy:
    return SignedBy(name, KEY)


@pytest.mark.parametrize(
    ("site", "signed_by", "refused"),
    [
        (Site(), signer("Lab One"), False),  # no issuer: the page names the signer alone
        (Site(Issuer("Lab One")), None, False),  # unsigned: nothing to agree with
        (Site(Issuer("Lab One")), signer("Lab One"), False),
        (Site(Issuer(DONGGUAN, "Road 1")), signer(DONGGUAN), False),  # the whole long name
        (Site(Issuer("Lab One")), signer("Totally Different Lab"), True),
        (Site(Issuer("Lab One")), signer("lab one"), True),  # spelled otherwise is another name
        (Site(Issuer(DONGGUAN)), signer(shortened(DONGGUAN)), True),  # the 64-byte common name
    ],
)
def test_the_site_and_the_key_name_one_issuer(
    site: Site, signed_by: SignedBy | None, refused: bool
) -> None:
    if not refused:
        check_issuer(site, signed_by)
        return
    assert signed_by is not None and site.issuer is not None
    with pytest.raises(ConfigError) as caught:
        check_issuer(site, signed_by)
    [problem] = caught.value.problems
    assert problem.location == UNLOCATED
    assert problem.message.startswith(
        f"[issuer] name is “{site.issuer.name}”, but the signing key is issued to"
        f" “{signed_by.name}”"
    )
    assert f"“{site.issuer.name}”" in in_lang(problem.message, "zh")
    assert f"“{signed_by.name}”" in in_lang(problem.message, "zh")


def test_a_name_that_differs_invisibly_is_refused_saying_where(tmp_path: Path) -> None:
    """A name pasted with a zero-width space prints as the key's: the refusal says where."""
    with pytest.raises(ConfigError) as caught:
        check_issuer(Site(Issuer("Lab One\u200b")), signer("Lab One"))
    [problem] = caught.value.problems
    assert problem.message.endswith(
        " (the two look alike but are not the same text: at character 8,"
        " U+200B ZERO WIDTH SPACE against the end of the name)"
    )
    assert in_lang(problem.message, "zh").endswith("另一个是 名称结尾）")


def test_the_refusal_names_the_configuration_line_and_the_key_folder(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('# ours\n\n[issuer]\naddress = "Road 1"\nname = "Lab One"\n', "utf-8")
    keys = tmp_path / "lab keys"
    with pytest.raises(ConfigError) as caught:
        check_issuer(read_site(config), signer("Lab Two"), keys)
    [problem] = caught.value.problems
    assert str(problem.location) == f"{config}:5 [issuer.name]"
    assert f"(qa-check keys show --keys '{keys}' prints it)" in problem.message
    assert f"（qa-check keys show --keys '{keys}' 可显示）" in in_lang(problem.message, "zh")


def test_certify_batch_refuses_before_its_folder_or_register_exists(
    tmp_path: Path, registry: Registry
) -> None:
    out = tmp_path / "out"
    signing = Signing(SigningSpec(tmp_path / "keys", None), signer("Lab Two"))
    batch = certify_batch(
        [],
        registry,
        out,
        datetime(2026, 11, 23, tzinfo=UTC),
        CertificateLang.EN,
        site=Site(Issuer("Lab One")),
        signing=signing,
    )
    with pytest.raises(ConfigError, match="Lab One"):
        next(batch)
    assert not out.exists()
