"""Print a DASHBOARD_USERS entry for a user: `python -m webapp.hash_password alice`.

The password is read without echo (or from standard input when it is not a terminal).
"""

from __future__ import annotations

import getpass
import sys

from werkzeug.security import generate_password_hash


def main() -> None:
    if len(sys.argv) != 2 or ":" in sys.argv[1] or "," in sys.argv[1]:
        sys.exit("usage: python -m webapp.hash_password USERNAME   (no ':' or ',' in the name)")
    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 12:
        sys.exit("use a password of at least 12 characters")
    print(f"{sys.argv[1]}:{generate_password_hash(password)}")


if __name__ == "__main__":
    main()
