"""The read layer: one walker, recognition by content, archives, skipped files, LibreOffice.

Every personal number is synthetic (pre-1900 birth date, computed check character)."""

from __future__ import annotations

import io
import json
import os
import stat
import time
import zipfile
from pathlib import Path

import pytest
from baomi_testfiles import make_docx, make_xlsx, synthetic_id

from baomi_check.cli import main
from baomi_check.extract import ExtractError, extract_bytes, extract_file
from baomi_check.extract.registry import FORMATS, WALKED_SUFFIXES, sniff
from baomi_check.walk import SkipLog, iter_paths

ID = synthetic_id()
MARKED = f"机密★5年\n关于某项工作的通知\n联系人身份证号：{ID}\n"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code = main(["--format", "json", "--no-progress", "--no-config", "-j", "1", *args])
    return code, json.loads(capsys.readouterr().out)


def findings(rows: list[dict]) -> dict[str, list[tuple[str, str | None]]]:  # type: ignore[type-arg]
    """path → [(rule, location)] for every checked file."""
    return {
        r["path"]: sorted((f["rule_id"], f["location"]) for f in r["report"]["findings"])
        for r in rows
        if r.get("report")
    }


# --- recognised by content, not refused by extension ------------------------------------------


def test_docx_saved_as_doc_is_read_as_docx(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "x.docx")
    renamed = tmp_path / "旧稿.doc"
    path.rename(renamed)
    doc = extract_file(renamed)
    assert doc.kind == "docx" and "机密★5年" in doc.text


def test_excel_html_saved_as_xls_is_read_as_html(tmp_path: Path) -> None:
    page = (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
        f"</head><body><table><tr><td>姓名</td><td>身份证号</td></tr><tr><td>张三</td><td>{ID}"
        "</td></tr></table></body></html>"
    )
    path = tmp_path / "名单.xls"
    path.write_text(page, encoding="utf-8")
    doc = extract_file(path)
    assert doc.kind == "html" and ID in doc.text and "<td>" not in doc.text


def test_ole_file_named_docx_goes_to_the_word_reader(tmp_path: Path) -> None:
    """A Word 97 compound file with a .docx name: routed by its WordDocument stream."""
    path = tmp_path / "改名.docx"
    path.write_bytes(_ole_with_streams(["WordDocument", "1Table"]))
    assert sniff(path.read_bytes(), "docx") == "doc"
    assert sniff(_ole_with_streams(["Workbook"]), "docx") == "xls"
    assert sniff(_ole_with_streams(["EncryptedPackage"]), "docx") == "encrypted"
    if FORMATS["doc"].reader is None:  # until the native .doc reader is registered
        with pytest.raises(ExtractError, match=r"旧版 Word|另存为"):
            extract_file(path)


def test_binary_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "readme.txt"
    path.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    with pytest.raises(ExtractError, match="二进制"):
        extract_file(path)


def test_rtf_is_never_scanned_as_raw_markup(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"  # even under a text name
    path.write_bytes(rb"{\rtf1\ansi\ansicpg936 \'bb\'fa\'c3\'dc}")
    assert sniff(path.read_bytes(), "txt") == "rtf"
    if FORMATS["rtf"].reader is None:
        with pytest.raises(ExtractError, match="RTF"):
            extract_file(path)
    else:
        assert "\\rtf1" not in extract_file(path).text


def _ole_with_streams(names: list[str]) -> bytes:
    """A minimal compound-file image: header, then 128-byte directory entries whose UTF-16 names
    are what recognition looks at."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    entries = bytearray()
    for name in ["Root Entry", *names]:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[: len(raw)] = raw
        entry[64:66] = len(raw).to_bytes(2, "little")
        entries += entry
    return bytes(header + entries)


# --- the walker: what is skipped is said --------------------------------------------------------


def test_skipped_files_are_counted_and_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("正文", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "setup.exe").write_bytes(b"MZ")
    (tmp_path / "README").write_text("x", encoding="utf-8")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "b.txt").write_text("x", encoding="utf-8")
    log = SkipLog()
    walked = [Path(i.path).name for i in iter_paths([tmp_path], skipped=log)]
    assert walked == ["a.txt"]
    assert log.by_extension() == {".png": 1, ".exe": 1, "无扩展名": 1}
    code = main(["--no-progress", "--no-config", "--list-skipped", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 0
    assert "未检查（类型不支持）" in err and "3（" in err and ".png 1" in err
    assert f"未检查（类型不支持）：{tmp_path / 'logo.png'}" in err


def test_every_registered_suffix_is_walked(tmp_path: Path) -> None:
    """Whatever the registry knows a folder scan picks up (a format without a reader gets a
    row saying what to do; it never vanishes)."""
    for suffix in sorted(WALKED_SUFFIXES):
        (tmp_path / f"f{suffix}").write_bytes(b"x")
    names = {Path(i.path).name for i in iter_paths([tmp_path], archives=False)}
    assert names == {f"f{s}" for s in WALKED_SUFFIXES}


def test_special_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ExtractError, match="命名管道"):
        extract_file(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    with pytest.raises(ExtractError, match="设备文件"):
        extract_file(zero)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(loop)
    with pytest.raises(ExtractError, match="符号链接循环"):
        extract_file(loop)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # untouched


def test_size_error_gives_exact_sizes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1025)
    with pytest.raises(ExtractError, match=r"1,025 字节，上限 1,024 字节"):
        extract_file(path, max_bytes=1024)


def test_reader_exceptions_become_plain_messages() -> None:
    """A library's own exception on a damaged file is not an "internal error"."""
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(ExtractError) as err:
        extract_bytes(broken.getvalue(), "docx")
    assert "内部错误" not in str(err.value)


# --- archives -----------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "名单").mkdir(parents=True)
    (src / "通知.txt").write_text(MARKED, encoding="utf-8")
    make_docx(src / "名单" / "说明.docx")
    make_xlsx(src / "名单" / "花名册.xlsx")
    (src / "名单" / "首页.html").write_text(f"<p>{MARKED}</p>", encoding="utf-8")
    return src


def _zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(folder).as_posix())
    return target


def test_zip_members_give_the_same_findings_located_in_the_archive(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _zip_folder(folder, tmp_path / "附件.zip")
    _, plain = run_json(capsys, str(folder))
    code, zipped = run_json(capsys, str(archive))
    assert code == 1
    expected = {
        f"{archive}!/{Path(p).relative_to(folder).as_posix()}": fs
        for p, fs in findings(plain).items()
    }
    assert findings(zipped) == expected
    assert f"{archive}!/名单/花名册.xlsx" in expected
    assert any(fs for fs in expected.values())


def test_zip_member_path_reads_like_a_file(folder: Path, tmp_path: Path) -> None:
    archive = _zip_folder(folder, tmp_path / "附件.zip")
    doc = extract_file(f"{archive}!/通知.txt")
    assert doc.text == MARKED
    whole = extract_file(archive)  # the library: one document, located by member
    assert ID in whole.text
    at = whole.text.rindex(ID)  # members in name order: 通知.txt is last
    assert whole.location_at(at) == "通知.txt 第3行"


def test_gbk_member_names_are_shown_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Chinese Windows zip tools write GBK names without the UTF-8 flag."""
    archive = tmp_path / "gbk.zip"
    name = "名单/花名册.txt"
    raw_name = name.encode("gbk")
    placeholder = b"A" * 4 + b"/" + b"B" * 6 + b".txt"
    assert len(placeholder) == len(raw_name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # Python sets the UTF-8 flag itself: write raw bytes
        z.writestr(placeholder.decode("ascii"), MARKED.encode("gbk"))
    archive.write_bytes(buf.getvalue().replace(placeholder, raw_name))
    raw = zipfile.ZipFile(archive).infolist()[0]
    assert not raw.flag_bits & 0x800 and raw.filename != name  # mojibake without decoding
    _, rows = run_json(capsys, str(archive))
    assert [r["path"] for r in rows] == [f"{archive}!/{name}"]
    assert rows[0]["report"]["verdict"] == "block"


def test_zip_bomb_is_refused_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.txt", b"\0" * (80 << 20))  # 80 MiB of zeros in ~80 KB
    assert bomb.stat().st_size < 200_000
    (tmp_path / "ok.txt").write_text(MARKED, encoding="utf-8")
    code, rows = run_json(capsys, str(tmp_path))
    by = {Path(r["path"]).name: r for r in rows}
    assert code == 2
    assert "文件过大" in by["zeros.txt"]["error"] or "压缩炸弹" in by["zeros.txt"]["error"]
    assert by["ok.txt"]["report"]["verdict"] == "block"


def test_too_deeply_nested_zip_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = MARKED.encode("utf-8")
    name = "通知.txt"
    for level in range(5):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, data)
        data, name = buf.getvalue(), f"层{level}.zip"
    (tmp_path / "deep.zip").write_bytes(data)
    (tmp_path / "ok.txt").write_text(MARKED, encoding="utf-8")
    code, rows = run_json(capsys, str(tmp_path))
    errors = [r["error"] for r in rows if r.get("error")]
    assert code == 2 and any("嵌套层数过多" in e for e in errors)
    assert any(r["path"].endswith("ok.txt") and r["report"] for r in rows)


def test_member_names_with_terminal_escapes_are_made_safe(tmp_path: Path) -> None:
    archive = tmp_path / "esc.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("\x1b[31mred.txt", MARKED)
    paths = [i.path for i in iter_paths([archive])]
    assert paths == [f"{archive}!/?[31mred.txt"]
    assert extract_file(paths[0]).text == MARKED


# --- LibreOffice fallback (a fake soffice: the real one is not installed in CI) ------------------


FAKE_SOFFICE = """#!/bin/sh
# Stand-in for LibreOffice: "converts" by copying a prepared .docx, records its arguments.
echo "$@" > "$FAKE_LOG"
out=""; prev=""
for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done
cp "$FAKE_RESULT" "$out/input.docx"
"""


def test_soffice_converts_formats_without_a_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "soffice"
    exe.write_text(FAKE_SOFFICE, encoding="utf-8")
    exe.chmod(0o755)
    result = make_docx(tmp_path / "converted.docx")
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_RESULT", str(result))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "args"))
    src = tmp_path / "旧稿.odt"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    doc = extract_file(src)
    assert doc.kind == "odt" and "机密★5年" in doc.text
    assert any("LibreOffice" in w for w in doc.warnings)
    args = (tmp_path / "args").read_text(encoding="utf-8")
    assert "--headless" in args and "-env:UserInstallation=file://" in args
    private = Path(args.split("--outdir ")[1].split()[0]).parent
    assert private.name.startswith("baomi-soffice-") and not private.exists()  # cleaned up


def test_soffice_that_hangs_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from baomi_check.extract import office

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "soffice"
    pidfile = tmp_path / "pid"
    exe.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pidfile}\nwait\n", encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    with pytest.raises(ExtractError, match="超时"):
        office.convert(b"x", "ppt", "pptx", timeout=1.0)
    child = int(pidfile.read_text())
    status = Path(f"/proc/{child}/status")
    for _ in range(50):  # the grandchild went with the process group (gone, or a zombie)
        if not status.exists() or "State:\tZ" in status.read_text():
            break
        time.sleep(0.1)
    else:
        os.kill(child, 9)
        pytest.fail("soffice's child process was left running")


def test_without_soffice_the_convert_message_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    src = tmp_path / "a.odp"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
    with pytest.raises(ExtractError, match="LibreOffice"):
        extract_file(src)


# --- nothing read is never a pass ---------------------------------------------------------------


@pytest.mark.parametrize("depth", [255, 300, 3000])
@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_html_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int, closed: bool
) -> None:
    """libxml2 stops the tree at 256 levels and dropped the rest: the page read as empty."""
    tail = "".join(f"<p>{line}</p>" for line in MARKED.splitlines())
    body = "<div>" * depth + ("</div>" * depth + tail if closed else tail + "</div>" * depth)
    path = tmp_path / "deep.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    code, rows = run_json(capsys, str(path))
    rules = {f["rule_id"] for f in rows[0]["report"]["findings"]}
    assert code == 1 and {"marking.classified", "pii.id_card"} <= rules


def _pdf_with_page_tree(tmp_path: Path, kids: bytes) -> Path:
    from baomi_testfiles import make_cjk_pdf

    data = make_cjk_pdf(tmp_path / "ok.pdf", [MARKED]).read_bytes()
    import re

    broken = re.sub(rb"/Kids \[[^\]]*\] /Count \d+", kids, data)
    assert broken != data
    path = tmp_path / "pages.pdf"
    path.write_bytes(broken)
    return path


@pytest.mark.parametrize("kids", [b"/Kids [] /Count 0", b"/Kids [999 0 R] /Count 1"])
def test_pdf_without_resolvable_pages_is_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kids: bytes
) -> None:
    path = _pdf_with_page_tree(tmp_path, kids)
    code, rows = run_json(capsys, str(path))
    assert code == 2 and rows[0]["error"] and rows[0].get("report") is None


@pytest.mark.parametrize("backend", ["pdfium", "pypdf"])
def test_both_pdf_backends_read_pages_annotations_and_blank_pages(tmp_path: Path, backend: str) -> None:
    from baomi_testfiles import make_cjk_pdf

    from baomi_check.extract.pdf import extract_pdf, read_pages

    data = make_cjk_pdf(tmp_path / "a.pdf", [MARKED, "", "第三页"]).read_bytes()
    pages = read_pages(data, backend).pages
    assert [p.has_text_layer for p in pages] == [True, False, True]
    doc = extract_pdf(data, backend=backend)
    assert doc.location_at(doc.text.index(ID)) == "第1页"
    assert doc.location_at(doc.text.index("第三页")) == "第3页"
    # The blank page is noted: "no text layer" without the OCR extra, "第2页 recognised nothing"
    # with it.
    assert any("没有文字层" in w or "第2页" in w for w in doc.warnings)


def test_any_document_without_text_carries_a_warning(tmp_path: Path) -> None:
    for name, data in (("a.txt", b"   \n"), ("b.html", b"<html><body><img src=x></body></html>"),
                       ("c.csv", b"")):  # fmt: skip
        (tmp_path / name).write_bytes(data)
        assert extract_file(tmp_path / name).warnings, name


def test_7z_members_are_walked_and_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    py7zr = pytest.importorskip("py7zr", reason="py7zr (the 'archives' extra) is not installed")
    archive = tmp_path / "附件.7z"
    with py7zr.SevenZipFile(archive, "w") as z:
        z.writestr(MARKED.encode("utf-8"), "名单/通知.txt")
        z.writestr(b"\x89PNG\r\n\x1a\n", "logo.png")
    code, rows = run_json(capsys, str(archive))
    assert [r["path"] for r in rows] == [f"{archive}!/名单/通知.txt"]
    assert code == 1 and rows[0]["report"]["verdict"] == "block"
    assert ID in extract_file(archive).text


def test_rar_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "a.rar"
    path.write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\0" * 64)
    with pytest.raises(ExtractError, match="RAR"):
        extract_file(path)


def test_readme_format_table_matches_the_walker() -> None:
    """Whatever the README lists as read is what the walker picks up, and nothing more."""
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- formats-table:", 1)[1].split("\n\n", 1)[0]
    rows = [line.split("|") for line in table.splitlines() if line.startswith("| ")][1:]
    listed = {ext for row in rows for ext in re.findall(r"`(\.[a-z0-9]+)`", row[2])}
    assert listed == set(WALKED_SUFFIXES)
    for row in rows:  # a format without a reader must say so in its row
        for ext in re.findall(r"`(\.[a-z0-9]+)`", row[2]):
            fmt = next(f for f in FORMATS.values() if ext in f.suffixes)
            if fmt.reader is None:
                assert "no native reader" in row[3] or "message" in row[3], ext
            redacts = "yes" in row[4] or f"`{ext}`" in row[4]
            assert redacts == fmt.redact, ext


def test_nested_archive_members_and_text_starting_like_a_program(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        for k in range(3):
            z.writestr(f"m{k}.txt", f"第{k}份")
    outer = tmp_path / "a.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("sub/b.zip", inner.getvalue())
    paths = [i.path for i in iter_paths([outer])]
    assert paths == [f"{outer}!/sub/b.zip!/m{k}.txt" for k in range(3)]
    assert [extract_file(p).text for p in paths] == ["第0份", "第1份", "第2份"]
    note = tmp_path / "note.txt"
    note.write_text("MZ公司与BZh项目的说明", encoding="utf-8")  # "MZ"/"BZh" open real programs
    assert extract_file(note).text.startswith("MZ公司")


def test_zip_containing_itself_is_refused_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from zipquine import zip_quine

    data = zip_quine()
    assert zipfile.ZipFile(io.BytesIO(data)).read("quine1.zip") == data  # really contains itself
    (tmp_path / "quine1.zip").write_bytes(data)
    (tmp_path / "ok.txt").write_text(MARKED, encoding="utf-8")
    code, rows = run_json(capsys, str(tmp_path))
    by = {r["path"]: r for r in rows}
    assert code == 2
    assert "包含自身" in by[f"{tmp_path / 'quine1.zip'}!/quine1.zip"]["error"]
    assert by[str(tmp_path / "ok.txt")]["report"]["verdict"] == "block"
    doc = extract_file(tmp_path / "quine1.zip")  # the library's one-document view says so too
    assert any("包含自身" in w for w in doc.warnings)
