"""What the window shows while nobody is signed in, or while the desk is locked.

One page, three states: first run (create the first administrator), sign in, and locked (the
signed-in user's password unlocks; anyone else switches user). While it shows, the workspace
behind it is hidden, so no patient data is on screen. Password checks (Argon2id, deliberately
slow) run on a worker; the answer comes back as a signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.errors import TriageDeskError

if TYPE_CHECKING:
    from triage_desk.domain.principal import Principal
    from triage_desk.services.auth import AuthService
    from triage_desk.ui.workers import BackgroundOps

FIRST_ADMIN = "first-admin"
SIGN_IN = "sign-in"
LOCKED = "locked"


def error_text(exc: BaseException) -> str:
    if isinstance(exc, TriageDeskError):
        return f"{exc.message} {exc.hint}" if exc.hint else exc.message
    return "Something went wrong; the details are in the log file."


def _line(parent: QWidget, name: str, *, password: bool = False) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(name)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class SignInPage(QWidget):
    signed_in = Signal(object)  # Principal: a new session
    unlocked = Signal()  # the locked user typed their password: back to exactly where they were
    switch_user = Signal()  # from the lock: someone else wants the desk

    def __init__(self, ops: BackgroundOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInPage")
        self.ops = ops
        self.auth: AuthService | None = None
        self.mode = SIGN_IN
        self.locked_principal: Principal | None = None

        card = QFrame(self)
        card.setObjectName("signInCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(440)
        self.heading = QLabel(card)
        self.heading.setObjectName("signInHeading")  # styled by the theme (resources/styles)
        self.explanation = QLabel(card)
        self.explanation.setWordWrap(True)
        self.username = _line(card, "Username")
        self.display_name = _line(card, "Full name")
        self.password = _line(card, "Password", password=True)
        self.password_again = _line(card, "Password again", password=True)
        self.error = QLabel(card)
        self.error.setObjectName("signInError")
        self.error.setProperty("tone", "error")  # coloured by the theme (themes.TONES)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Sign-in problem")
        self.submit = QPushButton("Sign in", card)
        self.submit.setDefault(True)
        self.switch_button = QPushButton("Switch user", card)
        self.switch_button.setAccessibleName("Switch user")
        self.demo_note = QLabel(card)
        self.demo_note.setWordWrap(True)
        self._plain_text = False
        self.demo_note.setObjectName("demoAccounts")

        self.form = QFormLayout()
        self.form.addRow("&Username", self.username)
        self.form.addRow("&Full name", self.display_name)
        self.form.addRow("&Password", self.password)
        self.form.addRow("Password &again", self.password_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(self.heading)
        inner.addWidget(self.explanation)
        inner.addLayout(self.form)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        inner.addWidget(self.demo_note)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.submit.clicked.connect(self._submit)
        for edit in (self.username, self.display_name, self.password, self.password_again):
            edit.returnPressed.connect(self._submit)
        self.switch_button.clicked.connect(self.switch_user)
        self.show_waiting()

    # ----- states --------------------------------------------------------------------------------
    def show_waiting(self) -> None:
        """Before the database is open: nothing to type into yet."""
        self._set_mode(SIGN_IN, "Triage Desk", "Opening the database…", fixed_text=True)
        self.setEnabled(False)

    def _use_plain_text(self) -> None:
        """Names and errors are shown as typed, never interpreted as HTML.

        Not done in ``__init__``: the first paint shows only fixed text, and setting a text format
        loads Qt's enum namespace, which PySide takes ~20 ms to build.
        """
        if self._plain_text:
            return
        from PySide6.QtCore import Qt

        for label in (self.heading, self.explanation, self.error, self.demo_note):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._plain_text = True

    def set_auth(self, auth: AuthService, demo_accounts: Sequence[tuple[str, str, str]] = ()) -> None:
        self._use_plain_text()
        self.auth = auth
        self.setEnabled(True)
        if demo_accounts:
            lines = "\n".join(f"  {name} / {password}  ({role})" for name, role, password in demo_accounts)
            self.demo_note.setText(f"DEMO DATABASE — demo accounts (username / password):\n{lines}")
        self.demo_note.setVisible(bool(demo_accounts))

    def show_sign_in(self, note: str = "") -> None:
        self.locked_principal = None
        self._set_mode(SIGN_IN, "Sign in", note or "Sign in with your own account. Access is audited.")
        self.username.clear()
        self.username.setFocus()

    def show_first_admin(self) -> None:
        self.locked_principal = None
        self._set_mode(
            FIRST_ADMIN,
            "Create the first administrator",
            "This desk has no accounts yet. The administrator creates everyone else's accounts "
            "(Admin ▸ or `triage-desk users add`).",
        )
        self.username.setFocus()

    def show_locked(self, principal: Principal) -> None:
        self.locked_principal = principal
        self._set_mode(
            LOCKED,
            "Locked",
            f"Locked for {principal.display_name} ({principal.username}). Type the password to carry "
            "on exactly where you were, or switch user.",
        )
        self.username.setText(principal.username)
        self.password.setFocus()

    def _set_mode(self, mode: str, heading: str, explanation: str, *, fixed_text: bool = False) -> None:
        if not fixed_text:
            self._use_plain_text()
        self.mode = mode
        self.heading.setText(heading)
        self.explanation.setText(explanation)
        first = mode == FIRST_ADMIN
        self._show_row(self.display_name, first)
        self._show_row(self.password_again, first)
        self.username.setReadOnly(mode == LOCKED)
        self.switch_button.setVisible(mode == LOCKED)
        self.submit.setText({FIRST_ADMIN: "Create and sign in", LOCKED: "Unlock"}.get(mode, "Sign in"))
        self.password.clear()
        self.password_again.clear()
        self.error.clear()
        self.submit.setEnabled(True)
        self.switch_button.setEnabled(True)

    def _show_row(self, field: QWidget, visible: bool) -> None:
        self.form.setRowVisible(field, visible)

    # ----- submitting ----------------------------------------------------------------------------
    def _submit(self) -> None:
        auth = self.auth
        if auth is None or not self.submit.isEnabled():
            return
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self._fail_text("Type your username.", self.username)
            return
        if not password:
            self._fail_text("Type your password.", self.password)
            return
        work: Callable[[], Any]
        if self.mode == FIRST_ADMIN:
            if password != self.password_again.text():
                self._fail_text("The two passwords are different.", self.password_again)
                return
            display = self.display_name.text().strip() or username

            def work() -> Principal:
                auth.create_first_admin(username, display, password)
                return auth.sign_in(username, password)
        elif self.mode == LOCKED and self.locked_principal is not None:
            principal = self.locked_principal

            def work() -> Principal:
                auth.confirm_password(principal, password)
                return principal
        else:

            def work() -> Principal:
                return auth.sign_in(username, password)

        self.submit.setEnabled(False)
        self.switch_button.setEnabled(False)
        self.error.setText("Checking…")
        started = (self.mode, self.locked_principal)
        self.ops.run("sign-in", work, lambda principal: self._answered(started, principal), self._failed)

    def _answered(self, started: tuple[str, Principal | None], principal: Principal) -> None:
        if (self.mode, self.locked_principal) != started:
            return  # the page moved on (switched user, signed out) while the password was checked
        self._succeeded(principal)

    def _succeeded(self, principal: Principal) -> None:
        self.password.clear()
        self.password_again.clear()
        self.error.clear()
        self.submit.setEnabled(True)
        self.switch_button.setEnabled(True)
        if self.mode == LOCKED:
            self.locked_principal = None
            self.unlocked.emit()
        else:
            self.signed_in.emit(principal)

    def _failed(self, exc: BaseException) -> None:
        self.submit.setEnabled(True)
        self.switch_button.setEnabled(True)
        self._fail_text(error_text(exc), self.password)
        self.password.clear()

    def _fail_text(self, text: str, focus: QWidget) -> None:
        self._use_plain_text()
        self.error.setText(text)
        focus.setFocus()
