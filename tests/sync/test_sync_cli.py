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


def _records(dump: str) -> list[str]:
    # Audit events sync, but each dump's own sign-in is written after the last sync: compare the rest.
    return [line for line in dump.splitlines() if '"table":"audit_events"' not in line]


def test_hub_init_sync_status_and_dump(tmp_path, capsys, monkeypatch):
    hub = f"sqlite:///{tmp_path}/hub.db"
    assert main(["hub", "init", hub]) == 0
    assert "schema h002, protocol 2" in capsys.readouterr().out
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    assert main(["--data-dir", a, "init", "--admin-user", "root", "--admin-name", "Rosa Root"]) == 0
    app = open_app(tmp_path / "a")
    create_person(app.db, "Ann")
    app.close()
    open_app(tmp_path / "b").close()
    assert main(["--data-dir", a, "sync", "status"]) == 0
    # The administrator, the audit event of creating them, and Ann: audit events sync too.
    assert "Pending changes: 3" in capsys.readouterr().out
    assert main(["--data-dir", a, "sync", "--hub", hub, "--quiet"]) == 0
    assert "Sent: 3 applied" in capsys.readouterr().out
    assert main(["--data-dir", b, "sync", "--hub", hub, "--quiet"]) == 0
    assert "Received: 3 changes" in capsys.readouterr().out
    assert main(["--data-dir", a, "--user", "root", "dump", "--format", "jsonl"]) == 0
    dump_a = capsys.readouterr().out
    # Desk B never had an account of its own: the administrator made on A signs in there.
    assert main(["--data-dir", b, "--user", "root", "dump"]) == 0
    dump_b = capsys.readouterr().out
    assert _records(dump_b) == _records(dump_a) and '"given_name":"Ann"' in dump_a


def test_dump_is_for_administrators_only(tmp_path, capsys, monkeypatch):
    desk = str(tmp_path / "d")
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    assert main(["--data-dir", desk, "init", "--admin-user", "root", "--admin-name", "Rosa Root"]) == 0
    for name, role in (("nina", "clinician"), ("sam", "supervisor")):
        monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", f"{name} password 1")
        add = ["users", "add", name, "--role", role, "--display-name", name.title()]
        assert main(["--data-dir", desk, "--user", "root", *add]) == 0
    capsys.readouterr()
    assert main(["--data-dir", desk, "dump"]) == 1
    assert "needs you to sign in" in capsys.readouterr().err
    for name, role in (("nina", "clinician"), ("sam", "supervisor")):
        monkeypatch.setenv("TRIAGE_DESK_PASSWORD", f"{name} password 1")
        assert main(["--data-dir", desk, "--user", name, "dump", "--format", "jsonl"]) == 1
        out, err = capsys.readouterr()
        refusal = f"Dumping every synced record needs the admin role; you are signed in as {name} ({role})"
        assert out == "" and refusal in err
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    assert main(["--data-dir", desk, "--user", "root", "dump", "--format", "jsonl"]) == 0
    assert '"username":"nina"' in capsys.readouterr().out


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
