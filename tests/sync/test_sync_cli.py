"""The sync command line as an operator uses it: hub init, passwords, sync, status, dump."""

from __future__ import annotations

import io
import logging

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import make_url

from tests.sync.desk_ops import create_person
from triage_desk.cli.main import main
from triage_desk.services.app import open_app
from triage_desk.sync import credentials


def test_hub_init_sync_status_and_dump(tmp_path, capsys):
    hub = f"sqlite:///{tmp_path}/hub.db"
    assert main(["hub", "init", hub]) == 0
    assert "schema h002, protocol 2" in capsys.readouterr().out
    for name in ("a", "b"):
        app = open_app(tmp_path / name)
        if name == "a":
            create_person(app.db, "Ann")
        app.close()
    assert main(["--data-dir", str(tmp_path / "a"), "sync", "status"]) == 0
    assert "Pending changes: 1" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "a"), "sync", "--hub", hub, "--quiet"]) == 0
    assert "Sent: 1 applied" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "b"), "sync", "--hub", hub, "--quiet"]) == 0
    assert "Received: 1 changes" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "a"), "dump", "--format", "jsonl"]) == 0
    dump_a = capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "b"), "dump"]) == 0
    assert capsys.readouterr().out == dump_a and '"given_name":"Ann"' in dump_a


def test_unreachable_hub_is_one_line_and_exit_1(tmp_path, capsys):
    app = open_app(tmp_path / "a")
    create_person(app.db)
    app.close()
    code = main(
        ["--data-dir", str(tmp_path / "a"), "sync", "--hub", "postgresql+psycopg://u@127.0.0.1:1/hub"]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Cannot reach hub 127.0.0.1/hub" in err
    assert main(["--data-dir", str(tmp_path / "a"), "sync", "status"]) == 0
    assert "Pending changes: 1" in capsys.readouterr().out


def test_password_goes_to_keyring_and_into_the_url_but_never_the_log(
    memory_keyring, monkeypatch, caplog, capsys
):
    url = "postgresql+psycopg://triage@hub.example:5432/force"
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
    with caplog.at_level(logging.DEBUG):
        assert main(["hub", "set-password", url, "--password-stdin"]) == 0
    assert list(memory_keyring.store.values()) == ["s3cret"]
    assert make_url(credentials.url_with_password(url)).password == "s3cret"
    assert "s3cret" not in capsys.readouterr().out + caplog.text


def test_no_keyring_backend_is_said_plainly(capsys, monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
        code = main(["hub", "set-password", "postgresql+psycopg://u@h/db", "--password-stdin"])
    finally:
        keyring.set_keyring(previous)
    assert code == 1
    assert "No system keyring is available" in capsys.readouterr().err


@pytest.mark.postgres
def test_hub_init_on_postgresql(pg_url, capsys):
    assert main(["hub", "init", pg_url]) == 0
    out = capsys.readouterr().out
    assert "ready: schema h002" in out and "triage_test" not in out.split("Hub ")[1].split(" ready")[0]
