"""Users files of the tests, hashed with argon2's cheapest parameters.

The product hashes with argon2's RFC 9106 low-memory profile on purpose: about 0.2 s of CPU
per hash and per check. A stored hash carries its own parameters and a check uses them, so
an app reading a users file written here logs its users in through the very same code in
well under a millisecond. The suite's fixtures wrote some 50 hashes and its apps checked
some 70 logins: about 25 s of CPU. A check of an unknown name costs what a known one does
(its decoy hash has the stored parameters). What still costs the real price: the tests of
hashing itself (tests/app/test_auth.py, the users command).
"""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher, profiles

from assistant.auth import Role, UserStore

CHEAP = PasswordHasher.from_parameters(profiles.CHEAPEST)


def user_store(path: Path, users: dict[str, Role]) -> UserStore:
    """A users file at ``path``: each ``name: role`` with the password ``{name}-pass``."""
    store = UserStore(path, hasher=CHEAP)
    for name, role in users.items():
        store.add(name, f"{name}-pass", role)
    return store
