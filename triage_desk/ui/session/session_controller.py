"""Who is at the desk: sign-in, idle lock, unlock and switching user, for one main window.

The window's central area is a stack: the sign-in page, or the workspace. Only a signed-in,
unlocked user ever sees the workspace. Locking hides the workspace and every other window of the
app (a summary, a dialog) and remembers them and the focused field; unlocking puts all of it back
exactly as it was, drafts included — nothing is closed by a lock. Switching user is sign-out plus
sign-in: the previous user's records are closed (drafts saved) before the next user sees the desk.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from triage_desk.ui.session.idle_watch import IdleWatch
from triage_desk.ui.session.sign_in_page import SignInPage

if TYPE_CHECKING:
    from triage_desk.domain.principal import Principal
    from triage_desk.services.app import AppServices
    from triage_desk.ui.workers import BackgroundOps

log = logging.getLogger(__name__)


def _alive(widget: QWidget) -> bool:
    """False once Qt has deleted the C++ widget (a dialog closed with WA_DeleteOnClose)."""
    return shiboken6.isValid(widget)


class SessionController(QObject):
    principal_changed = Signal(object)  # Principal | None
    lock_changed = Signal(bool)  # True while the lock screen shows

    def __init__(self, window: QWidget, ops: BackgroundOps, stack: QStackedWidget, workspace: QWidget,
                 idle_minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.ops = ops
        self.stack = stack
        self.workspace = workspace
        self.page = SignInPage(ops, stack)
        stack.addWidget(self.page)
        stack.setCurrentWidget(self.page)
        self.app: AppServices | None = None
        self.principal: Principal | None = None
        self.locked = False
        self._hidden_windows: list[QWidget] = []
        self._focus: QWidget | None = None
        self.idle = IdleWatch(idle_minutes, self)
        self.idle.idle.connect(self.lock)
        self.page.signed_in.connect(self._signed_in)
        self.page.unlocked.connect(self._unlocked)
        self.page.switch_user.connect(self.sign_out)

    def attach(self, app: AppServices) -> None:
        self.app = app
        self._read_first_screen()

    def refresh_demo_accounts(self) -> None:
        """Demo data was just created (first run): show its accounts on the sign-in page."""
        if self.principal is None:
            self._read_first_screen()

    def _read_first_screen(self) -> None:
        # Both are database reads: on a worker, like every other read.
        app = self.app
        if app is None:
            return
        self.ops.run("first-screen", lambda: (app.auth.needs_first_admin(), app.is_demo),
                     self._first_screen_known)

    def _first_screen_known(self, answer: tuple[bool, bool]) -> None:
        app = self.app
        needs_admin, is_demo = answer
        if app is not None:
            self.page.set_auth(app.auth, app.demo_accounts() if is_demo else [])
        self._first_screen(needs_admin)

    def _first_screen(self, needs_admin: bool) -> None:
        if self.principal is not None:
            return
        if needs_admin:
            self.page.show_first_admin()
        else:
            self.page.show_sign_in()

    # ----- transitions ---------------------------------------------------------------------------
    def sign_in_as(self, principal: Principal) -> None:
        """Enter the workspace as ``principal`` (the sign-in page calls this; so do tests and selftest)."""
        self._signed_in(principal)

    def _signed_in(self, principal: Principal) -> None:
        self.principal = principal
        self.locked = False
        self.stack.setCurrentWidget(self.workspace)
        self.idle.start()
        log.info("signed in: %s", principal.role.value)
        self.principal_changed.emit(principal)
        self.lock_changed.emit(False)

    def lock(self) -> None:
        principal, app = self.principal, self.app
        if principal is None or self.locked or app is None:
            return
        self.locked = True
        self.idle.stop()
        # The window's own focus child: QApplication.focusWidget() is None when another program
        # (the command-and-control system) is in front, which is when an idle lock usually fires.
        self._focus = QApplication.focusWidget() or self.window.focusWidget()
        self._hide_other_windows()
        self.stack.setCurrentWidget(self.page)
        self.page.show_locked(principal)
        self.ops.run("lock-audit", lambda: app.auth.record_idle_lock(principal), lambda _none: None)
        self.lock_changed.emit(True)

    def _unlocked(self) -> None:
        self.locked = False
        self.stack.setCurrentWidget(self.workspace)
        for widget in self._hidden_windows:
            if _alive(widget):
                widget.show()
        self._hidden_windows = []
        focus = self._focus
        if focus is not None and _alive(focus):
            focus.setFocus()
        self._focus = None
        self.idle.start()
        self.lock_changed.emit(False)

    def showing_allowed(self) -> bool:
        """May a window or data open now? Not while locked or signed out (late worker answers)."""
        return self.principal is not None and not self.locked

    def sign_out(self) -> None:
        principal, app = self.principal, self.app
        self.idle.stop()
        self.ops.discard_all()  # nothing read for this user may land after they have gone
        self.principal = None
        self.locked = False
        for widget in self._hidden_windows:  # the previous user's windows are closed, not kept
            if _alive(widget):
                widget.close()
        self._hidden_windows = []
        self._close_other_windows()
        self.principal_changed.emit(None)  # listeners close records (drafts saved) and clear panels
        self.stack.setCurrentWidget(self.page)
        self.page.show_sign_in("Signed out. The next person signs in with their own account.")
        if principal is not None and app is not None:
            self.ops.run("sign-out", lambda: app.auth.sign_out(principal), lambda _none: None)
        self.lock_changed.emit(True)

    def _other_windows(self) -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets()
                if w is not self.window and w.isVisible() and not w.isHidden()]

    def _hide_other_windows(self) -> None:
        for widget in self._other_windows():
            self._hidden_windows.append(widget)
            widget.hide()

    def _close_other_windows(self) -> None:
        for widget in self._other_windows():
            widget.close()
