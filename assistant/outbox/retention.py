"""Retention: ``python -m assistant.outbox.retention [--days N]`` erases old customer text.

An explicit, logged maintenance operation (run it from cron): the message, nickname and
first draft of records older than ``--days`` (default ``ASSISTANT_RETENTION_DAYS``) are
erased; replies, findings and audit fields stay (:meth:`Outbox.erase_customer_text`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from assistant.config import get_settings

log = logging.getLogger("assistant.security")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=None)
    args = parser.parse_args(argv)
    settings = get_settings()
    days = args.days or settings.retention_days
    if not days or days < 1:
        print("Срок хранения не задан (--days или ASSISTANT_RETENTION_DAYS).", file=sys.stderr)
        return 2
    from assistant.outbox.store import Outbox

    cut = datetime.now(UTC) - timedelta(days=days)
    erased = Outbox(settings.db_url).erase_customer_text(cut)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s security %(message)s")
    log.warning("retention: erased customer text of %d records before %s", erased, cut)
    print(f"Стёрт текст клиентов в {erased} записях старше {days} дн.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
