"""Administrators: the desk's accounts — add, disable, unlock after repeated failures.

Every call goes through the AuthService with the signed-in principal, which checks the admin role
and writes the audit event; this dialog only collects input and shows answers. Password hashing
(Argon2id) is slow on purpose, so each call runs on a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.clock import format_local
from triage_desk.domain.principal import UserAccount
from triage_desk.domain.roles import Role
from triage_desk.ui.models.record_table import Column, RecordTableModel, make_proxy
from triage_desk.ui.panels.common import record_table
from triage_desk.ui.session.sign_in_page import error_text

if TYPE_CHECKING:
    from triage_desk.domain.principal import Principal
    from triage_desk.services.auth import AuthService
    from triage_desk.ui.workers import BackgroundOps


class UsersModel(RecordTableModel[UserAccount]):
    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__((), parent)
        self.columns = (
            Column("Username", lambda u: u.username),
            Column("Name", lambda u: u.display_name),
            Column("Role", lambda u: u.role.value),
            Column("State", lambda u: _state(u, zone)),
        )


def _state(user: UserAccount, zone: str) -> str:
    if not user.active:
        return "disabled"
    if user.locked_until is not None:
        return f"locked until {format_local(user.locked_until, zone, '%H:%M')}"
    return "active"


class UsersDialog(QDialog):
    def __init__(self, ops: BackgroundOps, auth: AuthService, principal: Principal, zone: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("User accounts")
        self.resize(760, 560)
        self.auth, self.principal = auth, principal
        # The window's workers, so closing the window waits for an account write in progress.
        self.ops = ops
        self.model = UsersModel(zone, self)
        self.proxy = make_proxy(self.model, self)
        self.table = record_table("User accounts", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.disable_button = QPushButton("&Disable selected", self)
        self.unlock_button = QPushButton("&Unlock selected", self)

        self.username = QLineEdit(self)
        self.username.setAccessibleName("New user's username")
        self.display_name = QLineEdit(self)
        self.display_name.setAccessibleName("New user's full name")
        self.role = QComboBox(self)
        self.role.setAccessibleName("New user's role")
        for role in Role:
            self.role.addItem(role.value, role)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("New user's first password")
        self.password_again = QLineEdit(self)
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName("First password again")
        self.add_button = QPushButton("&Add user", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Result")

        add_box = QGroupBox("Add a user", self)
        form = QFormLayout(add_box)
        form.addRow("User&name", self.username)
        form.addRow("&Full name", self.display_name)
        form.addRow("&Role", self.role)
        form.addRow("First &password", self.password)
        form.addRow("Password a&gain", self.password_again)
        form.addRow("", self.add_button)
        row = QHBoxLayout()
        row.addWidget(self.disable_button)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(add_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.add_button.clicked.connect(self.add_user)
        self.disable_button.clicked.connect(lambda: self._on_selected("disable"))
        self.unlock_button.clicked.connect(lambda: self._on_selected("unlock"))
        self.reload()

    def reload(self) -> None:
        auth, principal = self.auth, self.principal
        self._run("users", lambda: auth.list_users(principal), self._show, self._failed)

    def _run(self, key: str, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        """On the window's workers; an answer arriving after the dialog was closed is dropped."""
        self.ops.run(key, work, lambda result: shiboken6.isValid(self) and done(result),
                     lambda exc: shiboken6.isValid(self) and failed(exc))

    def _show(self, accounts: list[UserAccount]) -> None:
        self.model.set_rows(accounts)
        self.table.resizeColumnsToContents()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))

    def selected_username(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row()).username

    def _on_selected(self, what: str) -> None:
        username = self.selected_username()
        if username is None:
            self.message.setText("Select a user in the list first.")
            return
        auth, principal = self.auth, self.principal
        call = auth.disable_user if what == "disable" else auth.unlock_user
        done = "disabled" if what == "disable" else "unlocked"
        self._run(f"user-{what}", lambda: call(principal, username),
                  lambda _none: self._done(f"{username} {done}."), self._failed)

    def add_user(self) -> None:
        username, name = self.username.text().strip(), self.display_name.text().strip()
        password = self.password.text()
        if password != self.password_again.text():
            self.message.setText("The two passwords are different.")
            return
        role = Role(self.role.currentData())
        auth, principal = self.auth, self.principal
        self.add_button.setEnabled(False)

        def added(_account: object) -> None:
            self.add_button.setEnabled(True)
            for box in (self.username, self.display_name, self.password, self.password_again):
                box.clear()
            self._done(f"{username} added as {role.value}; they sign in with the password you set.")

        def failed(exc: BaseException) -> None:
            self.add_button.setEnabled(True)
            self._failed(exc)

        self._run("user-add", lambda: auth.add_user(principal, username, name, role, password),
                  added, failed)

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.reload()
