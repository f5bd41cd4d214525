"""Logins that cannot freeze the app, and sessions that end.

:class:`LoginGuard` checks a name and password for the gate (:mod:`assistant.ui.gate`):

- the argon2 check runs in a small thread pool (``settings.login_workers``) at the lowest
  CPU priority, never on the server's event loop, and at most ``4 x workers`` checks wait
  for it; more concurrent attempts are refused with "try later" instead of queueing;
- failures are counted per user name and per client address with the ``limits`` package
  (a moving window of ``settings.login_lock_minutes``); after ``settings.login_failures``
  failures for a name (four times as many for an address) that name or address is locked
  until the window has moved on, and while locked even the right password is refused,
  without a hash check;
- each failure is answered after a growing delay (0.25 s, 0.5 s, 1 s … at most 4 s), a
  locked or busy attempt after 1 s (the waits hold no thread);
- every attempt and every lock is logged to the ``assistant.security`` logger.

:class:`SessionBook` remembers when each session token was issued and for which password:
a session older than ``settings.session_hours``, of a user removed from the users file or
whose password changed, is over at its next request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from assistant.auth import UserStore, normalize_username
from assistant.config import Settings

log = logging.getLogger("assistant.security")
if not log.handlers:  # the app's own log line for security events (stderr of the server)
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s security %(levelname)s %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False

Outcome = Literal["ok", "failed", "locked", "busy"]

#: Seconds before a locked or busy attempt is answered (a sequential flood slows down).
REFUSAL_DELAY = 1.0

#: An address may fail this many times more often than a single name before it is locked
#: (a shared office address with several operators who mistype).
ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    user: str  # the normalised name
    delay: float = 0.0  # seconds to wait before answering (failures only)


class LoginGuard:
    def __init__(self, users: UserStore, settings: Settings) -> None:
        self.users = users
        window = max(1, round(settings.login_lock_minutes * 60))
        self.per_name = RateLimitItemPerSecond(settings.login_failures, window)
        self.per_address = RateLimitItemPerSecond(settings.login_failures * ADDRESS_FACTOR, window)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.pool = ThreadPoolExecutor(
            settings.login_workers, thread_name_prefix="login", initializer=_lowest_priority
        )
        self.waiting = threading.BoundedSemaphore(settings.login_workers * 4)

    def address_locked(self, address: str) -> bool:
        """Checked before the request's form is even read: the cheapest refusal."""
        return not self.limiter.test(self.per_address, "addr", address)

    def locked(self, name: str, address: str) -> bool:
        return not (
            self.limiter.test(self.per_name, "name", name)
            and self.limiter.test(self.per_address, "addr", address)
        )

    def failures(self, name: str) -> int:
        stats = self.limiter.get_window_stats(self.per_name, "name", name)
        return self.per_name.amount - stats.remaining

    async def attempt(self, raw_name: str, password: str, address: str) -> LoginResult:
        """Check one login attempt; never blocks the event loop on a password hash."""
        name = normalize_username(raw_name)
        if self.locked(name, address):
            log.warning("login refused (locked) user=%r addr=%s", name, address)
            return LoginResult("locked", name, delay=REFUSAL_DELAY)
        if not self.waiting.acquire(blocking=False):
            log.warning("login refused (busy) user=%r addr=%s", name, address)
            return LoginResult("busy", name, delay=REFUSAL_DELAY)
        try:
            loop = asyncio.get_running_loop()
            ok = await loop.run_in_executor(self.pool, self.users.verify, name, password)
        finally:
            self.waiting.release()
        if ok:
            self.limiter.clear(self.per_name, "name", name)
            log.info("login ok user=%r addr=%s", name, address)
            return LoginResult("ok", name)
        self.limiter.hit(self.per_name, "name", name)
        self.limiter.hit(self.per_address, "addr", address)
        count = self.failures(name)
        log.warning("login failed user=%r addr=%s failures=%d", name, address, count)
        if self.locked(name, address):
            log.warning(
                "login locked user=%r addr=%s for %d s",
                name,
                address,
                self.per_name.get_expiry(),
            )
        return LoginResult("failed", name, delay=min(4.0, 0.25 * 2 ** max(0, count - 1)))

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _lowest_priority() -> None:
    """Run this worker thread (and the argon2 threads it starts) at the lowest CPU
    priority: under a flood of logins the app's own work gets the processor first.
    Linux applies ``setpriority`` to the one thread whose id is given."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def password_fingerprint(password_hash: str) -> str:
    """A short digest of a stored hash: changes when the password changes."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Session:
    user: str
    issued: float  # time.time()
    fingerprint: str


class SessionBook:
    """Issued session tokens with their user, time and password fingerprint."""

    def __init__(self, users: UserStore, settings: Settings) -> None:
        self.users = users
        self.lifetime = settings.session_hours * 3600
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def issue(self, token: str, name: str) -> None:
        user = self.users.get(name)
        if user is None:
            return
        with self._lock:
            self._sessions[token] = Session(
                name, time.time(), password_fingerprint(user.password_hash)
            )

    def end(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def check(self, token: str) -> str | None:
        """The user of a live session; an expired or revoked one is forgotten (None)."""
        with self._lock:
            session = self._sessions.get(token)
        if session is None:
            return None
        user = self.users.get(session.user)
        why = ""
        if time.time() - session.issued > self.lifetime:
            why = "expired"
        elif user is None:
            why = "user removed"
        elif password_fingerprint(user.password_hash) != session.fingerprint:
            why = "password changed"
        if why:
            self.end(token)
            log.info("session ended (%s) user=%r", why, session.user)
            return None
        return session.user
