"""The input layer: decoding, paths, folders, globs, stdin, archives, JSON Lines and every failure mode."""

from __future__ import annotations

import bz2
import csv
import errno
import gzip
import hashlib
import io
import lzma
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

import factx.sources
from factx.model import Document
from factx.sources import iter_documents
from factx.sources.archives import is_hidden
from factx.sources.decode import decode_bytes, looks_binary
from factx.sources.detect import detect_archive
from factx.sources.jsonl import iter_jsonl

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"

# Sentences written for these tests (simplified for GB, traditional for Big5).
GB_TEXT = "国家统计局今天发布数据，前三季度国内生产总值同比增长5.2%，利润总额增长两成。"
BIG5_TEXT = "臺灣經濟部今天公布，去年出口總值達到三千億美元，較前年成長百分之十二。"
UTF8_TEXT = "央行宣布下调存款准备金率0.5个百分点，释放长期资金约1万亿元。"
SHORT_GB = "中国经济"  # its GB bytes also decode strictly (as nonsense) in Big5


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(*paths: str | Path, **options: object) -> list[Document]:
    return list(iter_documents([str(path) for path in paths], **options))  # type: ignore[arg-type]


def summary(docs: list[Document]) -> list[tuple[str, str | None, str | None]]:
    return [(doc.source, doc.text, doc.error) for doc in docs]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- decoding -------------------------------------------------------------------------------------------


def test_decode_utf8_and_ascii() -> None:
    assert decode_bytes(UTF8_TEXT.encode("utf-8")) == (UTF8_TEXT, "utf-8", [])
    assert decode_bytes(b"GDP +5%") == ("GDP +5%", "utf-8", [])
    assert decode_bytes(b"") == ("", "utf-8", [])


def test_decode_boms() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + UTF8_TEXT.encode("utf-8")) == (UTF8_TEXT, "utf-8-sig", [])
    assert decode_bytes(UTF8_TEXT.encode("utf-16")) == (UTF8_TEXT, "utf-16", [])
    assert decode_bytes(b"\xfe\xff" + UTF8_TEXT.encode("utf-16-be")) == (UTF8_TEXT, "utf-16", [])
    assert decode_bytes(b"\xff\xfe" + UTF8_TEXT.encode("utf-16-le")) == (UTF8_TEXT, "utf-16", [])
    assert decode_bytes(UTF8_TEXT.encode("utf-32")) == (UTF8_TEXT, "utf-32", [])


def test_decode_gbk_and_gb18030() -> None:
    assert decode_bytes(GB_TEXT.encode("gbk")) == (GB_TEXT, "gb18030", [])
    beyond_gbk = "𠮷野家的营业额增长€12亿"  # 𠮷 and € need GB18030's four-byte / extended codes
    assert decode_bytes(beyond_gbk.encode("gb18030")) == (beyond_gbk, "gb18030", [])


def test_decode_big5_even_though_gb18030_also_decodes_it() -> None:
    data = BIG5_TEXT.encode("big5")
    data.decode("gb18030")  # strict GB18030 succeeds too (with nonsense), so detection must judge
    assert decode_bytes(data) == (BIG5_TEXT, "big5", [])


def test_decode_short_gb_that_big5_also_decodes_stays_gb18030() -> None:
    data = SHORT_GB.encode("gb18030")
    assert data.decode("big5") != SHORT_GB  # Big5 reads the same bytes as other characters
    assert decode_bytes(data) == (SHORT_GB, "gb18030", [])


def test_decode_undecodable_bytes_replace_and_warn() -> None:
    gb = GB_TEXT.encode("gb18030")
    assert decode_bytes(gb + b"\xff" + gb) == (
        GB_TEXT + "\ufffd" + GB_TEXT,
        "gb18030",
        ["decoded with replacement characters (gb18030): 1 undecodable byte sequence(s)"],
    )
    big5 = BIG5_TEXT.encode("big5")
    text, encoding, warnings = decode_bytes(big5 + b"\xff" + big5)
    assert (text, encoding) == (BIG5_TEXT + "\ufffd" + BIG5_TEXT, "big5")
    assert warnings == ["decoded with replacement characters (big5): 1 undecodable byte sequence(s)"]


def test_decode_damaged_utf8_stays_utf8_instead_of_gb_mojibake() -> None:
    data = (UTF8_TEXT * 3).encode("utf-8")[:-1]  # cut inside the final character
    text, encoding, warnings = decode_bytes(data)
    assert (text, encoding) == ((UTF8_TEXT * 3)[:-1] + "\ufffd", "utf-8")
    assert warnings == ["decoded with replacement characters (utf-8): 1 undecodable byte sequence(s)"]


def test_decode_forced_encoding() -> None:
    gb = GB_TEXT.encode("gbk")
    assert decode_bytes(gb, "GBK") == (GB_TEXT, "gbk", [])
    assert decode_bytes(BIG5_TEXT.encode("big5"), "big5") == (BIG5_TEXT, "big5", [])
    text, encoding, warnings = decode_bytes(gb, "utf-8")
    assert encoding == "utf-8" and "\ufffd" in text
    assert len(warnings) == 1 and warnings[0].startswith("decoded with replacement characters (utf-8): ")
    assert decode_bytes(b"\xef\xbb\xbfabc", "utf-8") == ("abc", "utf-8-sig", [])
    with pytest.raises(LookupError):
        decode_bytes(b"abc", "no-such-codec")


def test_looks_binary() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert looks_binary(bytes(range(1, 9)) * 100)  # control bytes only
    assert not looks_binary(GB_TEXT.encode("gb18030") + b"\r\n\t\x0c")
    assert not looks_binary(UTF8_TEXT.encode("utf-16"))  # NULs, but announced by a BOM
    assert not looks_binary(b"")


# --- files, folders, globs, stdin -----------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """news/ with nested folders, hidden files and folders, and a non-.txt file; cwd is tmp_path."""
    write(tmp_path / "news" / "b.txt", "乙")
    write(tmp_path / "news" / "a.txt", "甲")
    write(tmp_path / "news" / "c.md", "丙")
    write(tmp_path / "news" / "sub" / "d.txt", "丁")
    write(tmp_path / "news" / "sub" / "deeper" / "e.txt", "戊")
    write(tmp_path / "news" / ".hidden.txt", "隐")
    write(tmp_path / "news" / ".git" / "f.txt", "隐")
    write(tmp_path / "news" / "sub" / ".cache" / "g.txt", "隐")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tree: Path) -> None:
    assert summary(run("news")) == [
        ("news/a.txt", "甲", None),
        ("news/b.txt", "乙", None),
        ("news/c.md", "丙", None),
        ("news/sub/d.txt", "丁", None),
        ("news/sub/deeper/e.txt", "戊", None),
    ]
    assert [doc.source for doc in run("news/")] == [
        "news/a.txt",
        "news/b.txt",
        "news/c.md",
        "news/sub/d.txt",
        "news/sub/deeper/e.txt",
    ]


def test_folder_glob_filter_applies_to_names_in_folders_only(tree: Path) -> None:
    sources = [doc.source for doc in run("news", "news/c.md", glob="*.txt")]
    assert sources == ["news/a.txt", "news/b.txt", "news/sub/d.txt", "news/sub/deeper/e.txt", "news/c.md"]


def test_explicit_hidden_file_is_read(tree: Path) -> None:
    assert summary(run("news/.hidden.txt")) == [("news/.hidden.txt", "隐", None)]


def test_shell_glob_patterns_are_expanded_sorted(tree: Path) -> None:
    assert [doc.source for doc in run("news/*.txt")] == ["news/a.txt", "news/b.txt"]
    assert [doc.source for doc in run("news/**/*.txt")] == [
        "news/a.txt",
        "news/b.txt",
        "news/sub/d.txt",
        "news/sub/deeper/e.txt",
    ]
    assert summary(run("news/*.pdf")) == [("news/*.pdf", None, "no files match this pattern")]


def test_plain_file_record_fields(tmp_path: Path) -> None:
    data = GB_TEXT.encode("gb18030")
    path = write(tmp_path / "gb.txt", data)
    [doc] = run(path)
    assert doc == Document(str(path), GB_TEXT, "gb18030", sha(data), len(data), None, [])


def test_empty_file_is_empty_text_not_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", b"")
    assert run(path) == [Document(str(path), "", "utf-8", sha(b""), 0, None, [])]


def test_binary_file_is_skipped_with_error(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    path = write(tmp_path / "logo.png", data)
    assert run(path) == [Document(str(path), None, None, sha(data), len(data), "binary file", [])]


def test_forced_encoding_for_files(tmp_path: Path) -> None:
    path = write(tmp_path / "tw.txt", BIG5_TEXT.encode("big5"))
    [doc] = run(path, encoding="big5")
    assert (doc.text, doc.encoding, doc.warnings) == (BIG5_TEXT, "big5", [])
    utf16 = write(tmp_path / "u16.txt", UTF8_TEXT.encode("utf-16-le"))  # no BOM: NULs everywhere
    assert run(utf16)[0].error == "binary file"
    [doc] = run(utf16, encoding="utf-16-le")
    assert (doc.text, doc.encoding, doc.error) == (UTF8_TEXT, "utf-16-le", None)


def test_missing_path_and_broken_symlink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink("nowhere.txt", "dangling.txt")
    write(tmp_path / "ok.txt", "好")
    assert summary(run("missing.txt", "dangling.txt", "ok.txt")) == [
        ("missing.txt", None, "no such file or directory"),
        ("dangling.txt", None, "broken symlink"),
        ("ok.txt", "好", None),
    ]


def test_symlink_loops_are_reported_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "d" / "x.txt", "甲")
    os.symlink("..", tmp_path / "d" / "up")  # d/up -> d's parent, which contains d: a cycle
    os.symlink("self", tmp_path / "d" / "self")  # a link to itself
    assert summary(run("d")) == [
        ("d/self", None, "symlink loop"),
        ("d/up/d", None, "symlink loop"),
        ("d/x.txt", "甲", None),
    ]
    assert summary(run("d/self")) == [("d/self", None, "symlink loop")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "top" / "locked" / "x.txt", "甲")
    write(tmp_path / "top" / "open" / "y.txt", "乙")
    (tmp_path / "top" / "locked").chmod(0)
    try:
        assert summary(run("top")) == [
            ("top/locked", None, "permission denied"),
            ("top/open/y.txt", "乙", None),
        ]
    finally:
        (tmp_path / "top" / "locked").chmod(0o755)


def test_permission_errors_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same failures as above, forced by patching, so they are covered when the tests run as root."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "top" / "locked" / "x.txt", "甲")
    write(tmp_path / "top" / "open" / "y.txt", "乙")
    write(tmp_path / "top" / "secret.txt", "丙")
    real_scandir, real_open = os.scandir, open

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.fspath(path) == os.path.join("top", "locked"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    def guarded_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == os.path.join("top", "secret.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(factx.sources, "open", guarded_open, raising=False)
    assert summary(run("top")) == [
        ("top/locked", None, "permission denied"),
        ("top/open/y.txt", "乙", None),
        ("top/secret.txt", None, "permission denied"),
    ]


def test_max_bytes_for_plain_files(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "甲" * 100)
    assert summary(run(path, max_bytes=299)) == [
        (str(path), None, "exceeds --max-bytes (299 bytes); file is 300 bytes")
    ]
    assert run(path, max_bytes=300)[0].text == "甲" * 100


def test_stdin_is_default_and_dash(tmp_path: Path) -> None:
    data = GB_TEXT.encode("gbk")
    [doc] = list(iter_documents([], stdin=io.BytesIO(data)))
    assert doc == Document("<stdin>", GB_TEXT, "gb18030", sha(data), len(data), None, [])
    write(tmp_path / "a.txt", "甲")
    docs = list(iter_documents([str(tmp_path / "a.txt"), "-", "-"], stdin=io.BytesIO("乙".encode())))
    assert summary(docs) == [
        (str(tmp_path / "a.txt"), "甲", None),
        ("<stdin>", "乙", None),
        ("<stdin>", None, "standard input can only be read once"),
    ]


def test_files_from_list_and_from_stdin(tree: Path) -> None:
    write(tree / "list.txt", "news/b.txt\r\n\nnews/sub\nmissing.txt\nnews/*.md\n")
    expected = [
        ("news/b.txt", "乙", None),
        ("news/sub/d.txt", "丁", None),
        ("news/sub/deeper/e.txt", "戊", None),
        ("missing.txt", None, "no such file or directory"),
        ("news/c.md", "丙", None),
    ]
    assert summary(list(iter_documents(["news/a.txt"], files_from="list.txt")))[1:] == expected
    listing = io.BytesIO((tree / "list.txt").read_bytes())
    assert summary(list(iter_documents([], files_from="-", stdin=listing))) == expected
    assert summary(list(iter_documents([], files_from="nope.lst"))) == [
        ("nope.lst", None, "cannot read --files-from list: no such file or directory")
    ]


def test_iter_documents_is_lazy_and_checks_arguments(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "甲")
    documents = iter_documents([str(tmp_path / "a.txt"), str(tmp_path / "missing")])
    assert next(documents).text == "甲"
    assert next(documents).error == "no such file or directory"
    with pytest.raises(TypeError):
        iter_documents("a.txt")
    with pytest.raises(ValueError, match="unknown encoding"):
        iter_documents(["a.txt"], encoding="klingon")
    with pytest.raises(ValueError, match="max_bytes"):
        iter_documents(["a.txt"], max_bytes=-1)


# --- archives -------------------------------------------------------------------------------------------

MEMBERS = [
    ("news/1.txt", UTF8_TEXT.encode("utf-8")),
    ("news/2.txt", GB_TEXT.encode("gb18030")),
    ("news/tw/3.txt", BIG5_TEXT.encode("big5")),
    ("news/.DS_Store", b"\x00\x01hidden"),
    (".hidden/4.txt", b"hidden"),
]
EXPECTED_TEXTS = [("news/1.txt", UTF8_TEXT), ("news/2.txt", GB_TEXT), ("news/tw/3.txt", BIG5_TEXT)]


def make_zip(path: Path, members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr(zipfile.ZipInfo("news/"), b"")  # a directory entry
        for name, data in members:
            archive.writestr(name, data)
    return path


def make_tar(path: Path, members: list[tuple[str, bytes]], mode: str = "w") -> Path:
    with tarfile.open(path, mode) as archive:
        folder = tarfile.TarInfo("news")
        folder.type = tarfile.DIRTYPE
        archive.addfile(folder)
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def texts(docs: list[Document], archive: Path) -> list[tuple[str, str | None]]:
    prefix = f"{archive}!"
    assert all(doc.source.startswith(prefix) for doc in docs)
    return [(doc.source.removeprefix(prefix), doc.text) for doc in docs]


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_zip_members(tmp_path: Path, method: int) -> None:
    archive = make_zip(tmp_path / "news.zip", MEMBERS, method)
    docs = run(archive)
    assert texts(docs, archive) == EXPECTED_TEXTS
    assert [doc.encoding for doc in docs] == ["utf-8", "gb18030", "big5"]
    assert docs[1].sha256 == sha(GB_TEXT.encode("gb18030")) and docs[1].size == len(GB_TEXT.encode("gb18030"))


@pytest.mark.parametrize("name,mode", [("a.tar", "w"), ("a.tar.gz", "w:gz"), ("a.tgz", "w:gz"),
                                       ("a.tbz2", "w:bz2"), ("a.tar.bz2", "w:bz2"), ("a.txz", "w:xz"),
                                       ("a.tar.xz", "w:xz")])  # fmt: skip
def test_tar_members(tmp_path: Path, name: str, mode: str) -> None:
    archive = make_tar(tmp_path / name, MEMBERS, mode)
    docs = run(archive)
    assert texts(docs, archive) == EXPECTED_TEXTS
    assert [doc.error for doc in docs] == [None, None, None]


@pytest.mark.parametrize(
    "suffix,compress", [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)]
)
def test_single_file_compression(tmp_path: Path, suffix: str, compress) -> None:  # type: ignore[no-untyped-def]
    raw = GB_TEXT.encode("gb18030")
    path = write(tmp_path / f"x.txt{suffix}", compress(raw))
    assert run(path) == [Document(str(path), GB_TEXT, "gb18030", sha(raw), len(raw), None, [])]


def test_archives_detected_by_magic_bytes(tmp_path: Path) -> None:
    tarball = make_tar(tmp_path / "plain.tar", MEMBERS[:1])
    disguised_tar = write(tmp_path / "backup.gz", gzip.compress(tarball.read_bytes()))
    assert texts(run(disguised_tar), disguised_tar) == EXPECTED_TEXTS[:1]
    zipped = make_zip(tmp_path / "real.zip", MEMBERS[:1])
    no_suffix = write(tmp_path / "download", zipped.read_bytes())
    assert texts(run(no_suffix), no_suffix) == EXPECTED_TEXTS[:1]
    gzipped_txt = write(tmp_path / "article.txt", gzip.compress(UTF8_TEXT.encode()))
    assert summary(run(gzipped_txt)) == [(str(gzipped_txt), UTF8_TEXT, None)]
    assert detect_archive("report.docx", zipped.read_bytes()) is None
    assert detect_archive("notes.txt", b"BZh is not bzip2") is None


def test_archive_from_stdin(tmp_path: Path) -> None:
    for archive in (make_zip(tmp_path / "s.zip", MEMBERS), make_tar(tmp_path / "s.tgz", MEMBERS, "w:gz")):
        docs = list(iter_documents([], stdin=io.BytesIO(archive.read_bytes())))
        assert [(doc.source, doc.text) for doc in docs] == [(f"<stdin>!{n}", t) for n, t in EXPECTED_TEXTS]


def test_archive_members_glob_filter(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "m.zip", [("MANIFEST.tsv", b"path\n"), *MEMBERS])
    assert texts(run(archive), archive) == [("MANIFEST.tsv", "path\n"), *EXPECTED_TEXTS]
    assert texts(run(archive, glob="*.txt"), archive) == EXPECTED_TEXTS


def test_zip_with_gbk_member_names(tmp_path: Path) -> None:
    gbk_name = "新闻.txt".encode("gbk")
    placeholder = b"ABCD.txt"  # same length; swapped for the GBK bytes, as old Chinese Windows tools write
    assert len(placeholder) == len(gbk_name)
    archive = make_zip(tmp_path / "gbk.zip", [(placeholder.decode(), "内容".encode())])
    archive.write_bytes(archive.read_bytes().replace(placeholder, gbk_name))
    assert summary(run(archive)) == [(f"{archive}!新闻.txt", "内容", None)]


def test_truncated_tar_gz_yields_readable_members_then_one_error(tmp_path: Path) -> None:
    filler = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(60000)).encode()  # poorly compressible
    members = [("a/1.txt", "一".encode()), ("a/2.txt", "二".encode()), ("a/3.txt", filler)]
    whole = make_tar(tmp_path / "whole.tar.gz", members, "w:gz").read_bytes()
    cut = write(tmp_path / "cut.tar.gz", whole[: len(whole) // 2])
    assert summary(run(cut)) == [
        (f"{cut}!a/1.txt", "一", None),
        (f"{cut}!a/2.txt", "二", None),
        (str(cut), None, "corrupt or truncated tar archive (in member a/3.txt): unexpected end of data"),
    ]


def test_truncated_zip_recovers_members_from_local_headers(tmp_path: Path) -> None:
    filler = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(60000)).encode()
    members = [("1.txt", "一".encode()), ("d/2.txt", "二".encode()), ("3.txt", filler)]
    whole = make_zip(tmp_path / "whole.zip", members).read_bytes()
    cut = write(tmp_path / "cut.zip", whole[: len(whole) // 2])
    assert summary(run(cut)) == [
        (f"{cut}!1.txt", "一", None),
        (f"{cut}!d/2.txt", "二", None),
        (
            str(cut),
            None,
            "corrupt zip archive (File is not a zip file); recovered 2 member(s); "
            "stopped: truncated in compressed data",
        ),
    ]


def test_zip_without_index_and_with_data_descriptors(tmp_path: Path) -> None:
    class Unseekable(io.RawIOBase):  # forces zipfile to write data descriptors after each member
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
            self.buffer += data
            return len(data)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in MEMBERS[:3]:
            archive.writestr(name, data)
    data = bytes(sink.buffer)
    assert all(info.flag_bits & 0x08 for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    no_index = write(tmp_path / "no_index.zip", data[: data.index(b"PK\x01\x02")])
    docs = run(no_index)
    assert texts(docs[:-1], no_index) == EXPECTED_TEXTS
    assert summary(docs[-1:]) == [
        (str(no_index), None, "corrupt zip archive (File is not a zip file); recovered 3 member(s)")
    ]


def test_corrupt_zip_member_is_reported_and_others_read(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bad.zip", MEMBERS[:3], zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    position = data.index(GB_TEXT.encode("gb18030"))
    data[position : position + 2] = "错".encode("gb18030")  # same length, wrong CRC
    archive.write_bytes(bytes(data))
    docs = run(archive)
    assert [(doc.source, doc.error is None) for doc in docs] == [
        (f"{archive}!news/1.txt", True),
        (f"{archive}!news/2.txt", False),
        (f"{archive}!news/tw/3.txt", True),
    ]
    assert docs[1].error is not None and docs[1].error.startswith("corrupt archive member: Bad CRC-32")


def test_garbage_with_archive_suffix_is_a_corrupt_archive(tmp_path: Path) -> None:
    fake_zip = write(tmp_path / "fake.zip", "这不是压缩包")
    fake_tgz = write(tmp_path / "fake.tgz", "这也不是")
    fake_gz = write(tmp_path / "fake.gz", "也不是")
    docs = run(fake_zip, fake_tgz, fake_gz)
    assert [(doc.source, doc.text) for doc in docs] == [
        (str(fake_zip), None),
        (str(fake_tgz), None),
        (str(fake_gz), None),
    ]
    assert docs[0].error == (
        "corrupt zip archive (File is not a zip file); recovered 0 member(s); "
        "stopped: no member header at offset 0"
    )
    assert docs[1].error is not None and docs[1].error.startswith("corrupt tar archive: ")
    assert docs[2].error is not None and docs[2].error.startswith("corrupt gz file: ")


def test_zip_bomb_member_is_refused_without_inflating_it(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("ok.txt", "好")
        handle.writestr("bomb.txt", b"0" * 5_000_000)
    assert archive.stat().st_size < 20_000
    assert summary(run(archive, max_bytes=1000)) == [
        (f"{archive}!ok.txt", "好", None),
        (f"{archive}!bomb.txt", None, "exceeds --max-bytes (1000 bytes); member is 5000000 bytes"),
    ]


def test_zip_bomb_with_lying_size_header(tmp_path: Path) -> None:
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("bomb.txt", b"0" * 5_000_000)
    data = archive.read_bytes().replace((5_000_000).to_bytes(4, "little"), (10).to_bytes(4, "little"))
    archive.write_bytes(data)
    [doc] = run(archive, max_bytes=1000)
    assert doc.source == f"{archive}!bomb.txt" and doc.text is None
    assert doc.error is not None and doc.error.startswith("corrupt archive member: ")
    # Without its index, the scan inflates the member, keeping no more than max_bytes + 1 MiB.
    salvaged = write(tmp_path / "liar_cut.zip", data[: data.index(b"PK\x01\x02")])
    docs = run(salvaged, max_bytes=1000)
    assert summary(docs[:1]) == [
        (f"{salvaged}!bomb.txt", None, "exceeds --max-bytes (1000 bytes); more than 1000 bytes uncompressed")
    ]


def test_oversized_tar_and_single_file_members(tmp_path: Path) -> None:
    archive = make_tar(tmp_path / "big.tar.gz", [("big.txt", b"x" * 5000), ("ok.txt", b"ok")], "w:gz")
    assert summary(run(archive, max_bytes=100)) == [
        (f"{archive}!big.txt", None, "exceeds --max-bytes (100 bytes); member is 5000 bytes"),
        (f"{archive}!ok.txt", "ok", None),
    ]
    single = write(tmp_path / "big.txt.gz", gzip.compress(b"x" * 5000))
    assert summary(run(single, max_bytes=100)) == [
        (str(single), None, "exceeds --max-bytes (100 bytes); more than 100 bytes uncompressed")
    ]


def test_is_hidden() -> None:
    assert is_hidden(".git/config") and is_hidden("a/.b/c.txt") and is_hidden("__MACOSX/a.txt")
    assert not is_hidden("./news/a.txt") and not is_hidden("news//a.txt")


# --- JSON Lines -----------------------------------------------------------------------------------------

JSONL = (
    '{"id": "x1", "text": "营收增长三成"}\n'
    "\n"
    '{"id": 7, "text": "利润1.2亿元"}\n'
    '{"id": "x3", "text": \n'
    '{"text": "没有编号"}\n'
    '["not", "an", "object"]\n'
    '{"id": "x6", "body": "no text field"}\n'
    '{"id": "x7", "text": null}\n'
)


def test_jsonl_with_id_field_and_bad_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", JSONL)
    docs = run(path, jsonl_field="text", id_field="id")
    assert summary(docs) == [
        (f"{path}!x1", "营收增长三成", None),
        (f"{path}!7", "利润1.2亿元", None),
        (f"{path}!4", None, "line 4: invalid JSON: Expecting value (column 22)"),
        (f"{path}!5", "没有编号", None),
        (f"{path}!6", None, "line 6: expected a JSON object, got list"),
        (f"{path}!x6", None, "line 7: no 'text' field"),
        (f"{path}!x7", None, "line 8: field 'text' is not a string"),
    ]
    assert docs[0].sha256 == sha("营收增长三成".encode()) and docs[0].size == 18
    assert docs[0].encoding == "utf-8" and docs[0].warnings == []
    assert docs[3].warnings == ["line 5: no 'id' value; the line number identifies the record"]


def test_jsonl_without_id_field_uses_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", '\ufeff{"text": "甲"}\n{"text": "乙"}')
    assert summary(list(iter_jsonl(path))) == [(f"{path}!1", "甲", None), (f"{path}!2", "乙", None)]
    assert summary(list(iter_jsonl(tmp_path / "missing.jsonl"))) == [
        (str(tmp_path / "missing.jsonl"), None, "no such file or directory")
    ]


def test_jsonl_non_utf8_and_overlong_lines(tmp_path: Path) -> None:
    gbk_line = '{"text": "国内生产总值同比增长"}\n'.encode("gbk")
    stream = io.BytesIO(gbk_line + b'{"text": "' + b"x" * 100 + b'"}\n' + b'{"text": "ok"}\n')
    docs = list(iter_jsonl(stream, source="s.jsonl", max_bytes=60))
    assert summary(docs) == [
        ("s.jsonl!1", "国内生产总值同比增长", None),
        ("s.jsonl!2", None, "line 2: exceeds --max-bytes (60 bytes)"),
        ("s.jsonl!3", "ok", None),
    ]
    assert (docs[0].encoding, docs[0].warnings) == ("gb18030", ["line 1: not UTF-8, decoded as gb18030"])


def test_jsonl_from_stdin_gz_and_zip(tmp_path: Path) -> None:
    lines = b'{"id": "a", "text": "\xe7\x94\xb2"}\n{"id": "b", "text": "\xe4\xb9\x99"}\n'
    docs = list(iter_documents([], jsonl_field="text", id_field="id", stdin=io.BytesIO(lines)))
    assert summary(docs) == [("<stdin>!a", "甲", None), ("<stdin>!b", "乙", None)]
    packed = write(tmp_path / "d.jsonl.gz", gzip.compress(lines))
    assert summary(run(packed, jsonl_field="text", id_field="id")) == [
        (f"{packed}!a", "甲", None),
        (f"{packed}!b", "乙", None),
    ]
    archive = make_zip(tmp_path / "dumps.zip", [("day1.jsonl", lines)])
    assert [doc.source for doc in run(archive, jsonl_field="text", id_field="id")] == [
        f"{archive}!day1.jsonl!a",
        f"{archive}!day1.jsonl!b",
    ]
    cut = write(tmp_path / "cut.jsonl.gz", gzip.compress(lines * 50)[:-30])
    docs = run(cut, jsonl_field="text")
    assert docs[-1].source == str(cut) and docs[-1].error is not None
    assert docs[-1].error.startswith("read error after line ")


# --- the shared real-news corpus (skipped when ../shared is absent) -------------------------------------

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


@needs_corpus
def test_real_gb18030_corpus_decodes_exactly() -> None:
    docs = list(iter_documents([str(CORPUS / "news_gbk")]))
    assert len(docs) == 1041
    for doc in docs:
        assert (doc.error, doc.encoding, doc.warnings) == (None, "gb18030", []), doc.source
        twin = CORPUS / "news" / Path(doc.source).relative_to(CORPUS / "news_gbk")
        assert doc.text == twin.read_text(encoding="utf-8"), doc.source


@needs_corpus
def test_real_zip_and_tar_gz_agree_and_decode_their_gb18030_members() -> None:
    zipped = CORPUS / "archives" / "news_sample.zip"
    tarred = CORPUS / "archives" / "news_sample.tar.gz"
    zip_docs = run(zipped)
    tar_docs = run(tarred)
    zip_pairs = texts(zip_docs, zipped)
    assert len(zip_pairs) == 351
    assert zip_pairs == texts(tar_docs, tarred)
    assert all(doc.error is None and doc.warnings == [] for doc in zip_docs + tar_docs)
    by_name = dict(zip_pairs)
    manifest = list(csv.DictReader(io.StringIO(by_name["MANIFEST.tsv"]), delimiter="\t"))
    assert len(manifest) == 350
    encodings = {doc.source.removeprefix(f"{zipped}!"): doc.encoding for doc in zip_docs}
    gb_members = [row["path"] for row in manifest if row["encoding"] == "gb18030"]
    assert len(gb_members) == 50
    for name in gb_members:
        assert encodings[name] == "gb18030", name
        twin = CORPUS / "news" / Path(name).relative_to("news_gbk")
        assert by_name[name] == twin.read_text(encoding="utf-8"), name
    for row in manifest:
        if row["path"] not in gb_members:
            assert encodings[row["path"]] == "utf-8", row["path"]
