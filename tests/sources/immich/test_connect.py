"""`memories immich connect`: the key comes from standard input or a file, checked, kept private."""

from __future__ import annotations

import stat

from click.testing import CliRunner

from gentle_memories.deliver.cli import cli
from gentle_memories.sources.immich.account import path
from tests.sources.immich.standin import KEY


def run(home, *args: str, stdin: str = "") -> object:
    return CliRunner().invoke(cli, ["--home", str(home), "immich", *args], input=stdin)


def test_the_key_is_read_from_standard_input_checked_and_kept_private(home, standin):
    done = run(home, "connect", standin.url, stdin=f"{KEY}\n")
    assert done.exit_code == 0, done.output
    assert "Connected to Immich v3.0.1" in done.stdout and "as Mara" in done.stdout
    assert KEY not in done.output, "the key is never shown"
    assert stat.S_IMODE(path(home).stat().st_mode) == 0o600
    status = run(home, "status")
    assert status.exit_code == 0, status.output
    assert f"key ****{KEY[-4:]}" in status.stdout and KEY not in status.stdout


def test_a_key_file_works_and_an_address_with_api_is_understood(home, standin, tmp_path):
    key_file = tmp_path / "immich.key"
    key_file.write_text(KEY + "\n")
    done = run(home, "connect", f"{standin.url}/api/", "--key-file", str(key_file))
    assert done.exit_code == 0, done.output
    assert f"at {standin.url} " in done.stdout


def test_a_wrong_key_says_so_in_one_line_and_keeps_nothing(home, standin):
    done = run(home, "connect", standin.url, stdin="not-the-key\n")
    assert done.exit_code == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: Immich at {standin.url} does not accept this API key (401); nothing was kept"
    ]
    assert not path(home).exists()


def test_a_server_that_is_not_there_says_so_in_one_line(home):
    done = run(home, "connect", "http://127.0.0.1:9", stdin=f"{KEY}\n")
    assert done.exit_code == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "cannot reach Immich at http://127.0.0.1:9" in done.stderr


def test_a_server_older_than_the_api_we_use_is_refused(home, standin):
    standin.version = (2, 5, 6)
    done = run(home, "connect", standin.url, stdin=f"{KEY}\n")
    assert done.exit_code == 1
    assert "v2.5.6; Gentle Memories needs v2.6.0 or newer" in done.stderr
    assert not path(home).exists()


def test_the_key_is_never_an_argument(home, standin):
    done = run(home, "connect", standin.url, KEY)
    assert done.exit_code == 2, "there is no place for it on the command line"
