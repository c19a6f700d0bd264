"""Photos, signing and the site's set-up at a real terminal, typed as a worker types (pexpect).

A photo dropped into the terminal, or synced by a phone (an iPhone's HEIC), ends up printed on
the certificate; a skipped photo keeps its reason; a wrong passphrase is typed again before the
first question; ``config init`` asks its questions and certify then names the issuer.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pillow_heif
import pytest
import yaml
from PIL import Image
from pypdf import PdfReader
from test_run_pty import RUN_ALL, SKU, Terminal, interrupt, spawn

from conftest import KEYS_MADE, ROOT
from qa_check.certificates.signing.keys import init_keys

__all__ = ["spawn"]  # the fixture, used by name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

COMPRESSION = ["--only", "compression-test", "--sku", SKU, "--product", "Kettle"]
DROPS = (
    "跌落测试  ·  第 3 项，共 7 项 · {group} 第 {k} 次，共 3 次（总第 {n} 次，共 9 次）  ·  DT-3"
)
NO_ISSUER = "note: no issuer is configured (qa-check.toml)"


def _images(pdf: Path) -> list[Image.Image]:
    """The photos a certificate's pages draw, decoded."""
    found = [image.image for page in PdfReader(pdf).pages for image in page.images]
    return [image for image in found if image is not None]


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_a_dropped_photo_is_printed_on_the_certificate(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    camera = tmp_path / "camera roll"
    camera.mkdir()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(camera / "box after load.jpg")
    run = spawn(*COMPRESSION, "--certify", "--no-sign", base=RUN_ALL)
    shown = run.answer("Product  ·  item 3 of 9", "Is it an electrical", "2")
    assert NO_ISSUER in shown and "qa-check config init" in shown
    for number, line in enumerate(["1.6", "30", "20", "26"], start=4):
        run.answer(f"Product  ·  item {number} of 9", "", line)
    run.answer("Inspection  ·  item 8 of 9", "Inspector", "Li Na")
    run.answer("Inspection  ·  item 9 of 9", "Site", "WH-2")
    run.answer("Compression test  ·  item 1 of 4  ·  CP-2", "Load applied", "50")
    run.answer("Compression test  ·  item 2 of 4  ·  CP-2", "How long", "60")
    run.answer("Compression test  ·  item 3 of 4  ·  CP-1", "After the load", "yes")
    run.answer("Compression test  ·  item 4 of 4  ·  CP-1", "Did the package keep", "yes")
    header = "Compression test  ·  photo for Package kept its shape  ·  CP-1"
    shown = run.answer(header, "Photo: the package after the load was removed", "?")
    assert "Type or drag in the photo's file and press Enter  ·  s skip (say why)" in shown
    shown = run.answer(header, "Photo: the package", f"'{camera / 'box after load.jpg'}' ")
    assert "The photo goes into the record and onto the certificate." in shown
    shown, status = run.end()
    photo = f"photos/{SKU}/compression-test.package_held_shape-1.jpg"
    assert f"Photo saved: {photo}" in shown
    assert "PASS: every check that applies passed." in shown
    assert status == 0
    [certificate] = (tmp_path / "reports").glob("*.pdf")
    assert f"Certificate: reports/{certificate.name}" in shown

    [record] = (tmp_path / "results").glob("*.yaml")
    caption = "Package kept its shape: the package after the load was removed"
    assert yaml.safe_load(record.read_text("utf-8"))["photos"] == [
        {"file": photo, "caption": caption}
    ]
    [image] = _images(certificate)
    assert image.size == (480, 360)  # the photo, as a certificate's thumbnail
    red, green, blue = image.convert("RGB").getpixel((240, 180))  # type: ignore[misc]
    assert blue > green > red
    text = " ".join(_pdf_text(certificate).split())
    assert "Photos" in text and "the package after the load was" in text


def test_a_phone_s_heic_is_taken_and_a_skipped_photo_keeps_its_reason_in_chinese(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    phone = tmp_path / "iCloud Photos"
    phone.mkdir()
    Image.new("RGB", (64, 64), "white").save(phone / "IMG_0001.JPG")  # there before: not taken
    args = ["--lang", "zh", "--only", "drop-test", "--sku", SKU, "--product", "水壶"]
    run = spawn(*args, "--photos", str(phone), "--certify", "--no-sign", base=RUN_ALL)
    for number, line in enumerate(["否", "0.8", "20", "20", "15", "李娜", "二号仓"], start=3):
        section = "产品信息" if number < 8 else "检验信息"
        run.answer(f"{section}  ·  第 {number} 项，共 9 项", "", line)
    run.answer("跌落测试  ·  第 1 项，共 7 项  ·  DT-1", "包装跌落在什么表面上？", "1")
    run.answer("跌落测试  ·  第 2 项，共 7 项  ·  DT-2", "跌落高度", "1.2")
    run.answer(DROPS.format(group="角", k=1, n=1), "按顺序记录", "完好")
    run.answer(DROPS.format(group="角", k=2, n=2), "按顺序记录", "损坏")
    header = "跌落测试  ·  跌落：角、棱、面 #2的照片  ·  DT-3"
    shown = run.answer(header, "拍照：本次跌落造成的损坏（近拍）", "")
    assert f"用手机拍照后按回车：取用 {phone} 中新出现的照片。" in shown
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (400, 300), (200, 40, 40))).save(buffer)
    (phone / "IMG_0002.HEIC").write_bytes(buffer.getvalue())  # the phone syncs the photo
    shown = run.answer(header, "拍照：本次跌落造成的损坏", "")
    assert f"{phone} 中还没有新照片：请等手机同步完成后再按回车" in shown
    # the photo first, then the offer to stop the decided drop test
    shown = run.answer("跌落测试  ·  DT-3", "该不合格项已决定跌落测试的结果", "2")
    assert f"照片已保存：photos/{SKU}/drop-test.drops.2-1.jpg" in shown
    run.answer(DROPS.format(group="角", k=3, n=3), "按顺序记录", "损坏")
    run.answer("跌落测试  ·  跌落：角、棱、面 #3的照片  ·  DT-3", "拍照：", "s")
    run.answer("照片  ·  跌落：角、棱、面 #3的照片", "为什么没有照片？", "")
    shown = run.answer("照片  ·  跌落：角、棱、面 #3的照片", "为什么没有照片？", "相机没电")
    assert "跳过拍照必须说明原因：请输入原因" in shown
    for n in range(4, 10):
        group = "角棱面"[(n - 1) // 3]
        run.answer(DROPS.format(group=group, k=(n - 1) % 3 + 1, n=n), "按顺序记录", "1")
    for number, rule in enumerate(["DT-4", "DT-4", "DT-4", "DT-5"], start=4):
        run.answer(f"跌落测试  ·  第 {number} 项，共 7 项  ·  {rule}", "", "是")
    shown = run.answer("检验信息", "为包装线生成整改单（PDF）以便打印？", "2")  # no sheet
    assert "不合格：请整改不合格项后重新检验。" in shown
    shown, status = run.end()
    assert status == 1

    [record_file] = (tmp_path / "results").glob("*.yaml")
    record = yaml.safe_load(record_file.read_text("utf-8"))
    assert record["photos"] == [
        {
            "file": f"photos/{SKU}/drop-test.drops.2-1.jpg",
            "caption": "跌落：角、棱、面 #2：本次跌落造成的损坏（近拍）",
        }
    ]
    assert record["photos_skipped"] == [{"step": "drop-test.drops#3", "reason": "相机没电"}]
    with Image.open(tmp_path / "results" / record["photos"][0]["file"]) as saved:
        assert (saved.format, saved.size) == ("JPEG", (400, 300))  # HEIC became JPEG
    [certificate] = (tmp_path / "reports").glob("*_FAIL_*.pdf")
    [image] = _images(certificate)
    red, green, _ = image.convert("RGB").getpixel((100, 100))  # type: ignore[misc]
    assert red > 150 > green
    assert "本次跌落造成的损坏" in "".join(_pdf_text(certificate).split())


@pytest.mark.parametrize(
    ("lang", "prompt", "again", "first"),
    [
        (
            "zh",
            "签名密钥的口令: ",
            "口令不正确：请重新输入（还可尝试 2 次；尚未开始提问）",
            "检验信息  ·  第 1 项，共 9 项",
        ),
        (
            "en",
            "Passphrase for the signing key: ",
            "wrong passphrase: type it again (2 more tries; nothing was asked yet)",
            "Inspection  ·  item 1 of 9",
        ),
    ],
)
def test_a_wrong_passphrase_is_asked_again_before_the_first_question(
    spawn: Callable[..., Terminal], tmp_path: Path, lang: str, prompt: str, again: str, first: str
) -> None:
    init_keys(tmp_path / "keys", "Lab One", b"secret", now=KEYS_MADE)
    run = spawn("--lang", lang, "--certify", "--keys", "keys", base=RUN_ALL)
    run.child.expect_exact(prompt)
    run.child.sendline("letmein1")
    run.child.expect_exact(prompt)
    assert again in str(run.child.before)
    assert "letmein1" not in str(run.child.before), "a passphrase is never shown"
    run.child.sendline("secret")
    run.question(first, "SKU")
    interrupt(run.child)  # nothing to do: Ctrl-C at the first question
    _, status = run.end()
    assert status == 130


CONFIG_INIT = ["-m", "qa_check", "config", "init"]
CERTIFY = ["-m", "qa_check", "certify", str(ROOT / "examples" / "lamp-220-pass.yaml")]


def test_config_init_names_the_issuer_every_certificate_then_prints(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    before = spawn("--out", "before", "--no-sign", "-c", str(ROOT / "checklists"), base=CERTIFY)
    shown, status = before.end()
    assert (status, shown.count(NO_ISSUER)) == (0, 1)

    run = spawn(base=CONFIG_INIT)
    section = "Site configuration  ·  item {n} of 4"
    run.answer(section.format(n=1), "Issuer: the lab or warehouse", "")
    shown = run.answer(section.format(n=1), "Issuer:", "深圳示例实验室 Shenzhen Example Lab")
    assert "the issuer's name is needed: type it (q stops, nothing written)" in shown
    run.answer(section.format(n=2), "The issuer's address (Enter: none)", "18 Industrial Road")
    run.answer(section.format(n=3), "Accreditation", "CNAS L1234")
    run.answer(section.format(n=4), "Approver", "王芳 Wang Fang, QA manager")
    shown, status = run.end()
    assert "Written: qa-check.toml." in shown
    assert status == 0

    after = spawn("--out", "after", "--no-sign", "-c", str(ROOT / "checklists"), base=CERTIFY)
    shown, status = after.end()
    assert (status, NO_ISSUER in shown) == (0, False)
    [certificate] = (tmp_path / "after").glob("LAMP-220_*.pdf")
    text = _pdf_text(certificate)
    assert "深圳示例实验室 Shenzhen Example Lab" in text
    assert "CNAS L1234" in text


def test_config_init_in_chinese_changes_a_file_only_when_told_and_keeps_the_rest(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    config = tmp_path / "qa-check.toml"
    config.write_text('[issuer]\nname = "Old Lab"\n\n[certificate]\nvalid_months = 6\n', "utf-8")
    run = spawn("--lang", "zh", base=CONFIG_INIT)
    shown = run.answer("站点配置", "qa-check.toml 已存在。要修改吗？（其中的其他设置会保留）", "2")
    assert "  1  修改\n  2  保持原样\n" in shown
    shown, status = run.end()
    assert ("qa-check.toml 保持原样，未作修改。" in shown, status) == (True, 0)

    run = spawn("--lang", "zh", base=CONFIG_INIT)
    run.answer("站点配置", "qa-check.toml 已存在。", "1")
    shown = run.answer("站点配置  ·  第 1 项，共 4 项", "签发机构：", "东莞示例实验室")
    assert "直接回车保留：Old Lab  ·  ? 帮助  ·  b 返回上一题  ·  q 停止（不写入任何内容）" in shown
    for number in range(2, 5):
        run.answer(f"站点配置  ·  第 {number} 项，共 4 项", "", "")
    shown, status = run.end()
    assert ("已写入：qa-check.toml。" in shown, status) == (True, 0)
    assert config.read_text("utf-8") == (
        "# The site configuration: written by qa-check config init (docs/operators.md).\n\n"
        '[issuer]\nname = "东莞示例实验室"\n\n[certificate]\nvalid_months = 6\n'
    )
