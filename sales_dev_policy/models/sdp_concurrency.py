"""Work that runs on several workers and servers at once: two people (or a scheduled action and
a person) acting on the same records at the same moment, on two Odoo servers sharing one
database.

Two rules make that safe:

- ``serialize_on`` makes two transactions working on the same records conflict on rows both
  update (the records themselves, or the company whose records a generation makes), before
  either reads what exists. Under REPEATABLE READ the second one then fails with a
  serialization error and Odoo retries the whole request with a fresh snapshot, in which it
  sees what the first one did: a second confirmation or release is refused with a clear
  message, a second generation adds nothing (the unique constraints stay the last line of
  defence, never the normal path).
- ``run_batch`` (and ``run_one_batch`` for a list of units) does one batch of a scheduled
  action per call and reports it with ``_notify_progress``; Odoo's cron runner calls again
  while work remains, committing after each, so a run stopped halfway (time limit, restart)
  resumes where it stopped. A batch first takes its records with ``serialize_on(records,
  nowait=True)``: one that meets a concurrent transaction on them (a lock still held, a change
  committed after its snapshot, a concurrent generation) is rolled back and run again in a new
  transaction instead of failing the scheduled action or waiting behind the lock.
  ``take_batch`` takes such a batch of records across several domains (per stage, per
  company ...) and counts what remains.

Shared by all features.
"""

import logging
from datetime import timedelta

from psycopg2 import errors

from odoo import fields
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# What a concurrent transaction doing the same work raises here; a fresh transaction succeeds.
CONCURRENCY_ERRORS = (
    errors.SerializationFailure,
    errors.UniqueViolation,
    errors.DeadlockDetected,
    errors.LockNotAvailable,
)


def serialize_on(records, nowait=False):
    """Update the rows of ``records`` (to themselves) so that two transactions doing the same
    work on them cannot both run on snapshots that miss each other's changes (see the module
    docstring). A plain ``SELECT ... FOR UPDATE`` is not enough under REPEATABLE READ: the
    second transaction would wait, then go on with its old snapshot.

    ``nowait`` (scheduled actions): a row locked by a transaction still running fails at once
    (``LockNotAvailable``) instead of waiting for it, so a batch never hangs behind a user's
    request; ``run_batch`` then reports the batch as remaining. The failure is expected and
    handled by the caller (``run_batch``, or Odoo's retry of a request), so PostgreSQL's error
    is not logged as a "bad query"."""
    ids = tuple(id_ for id_ in records.ids if id_)
    if not ids:
        return
    table = SQL.identifier(records._table)
    if nowait:
        records.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE NOWAIT",
                table,
                ids,
            ),
            log_exceptions=False,
        )
    records.env.cr.execute(
        SQL("UPDATE %s SET write_date = write_date WHERE id IN %s", table, ids),
        log_exceptions=False,
    )


def _run_again_later(env, cron_xmlid, delay=10):
    cron = env.ref(cron_xmlid, raise_if_not_found=False)
    if cron:
        # sudo: only schedules this same action again; the runner runs it as its user.
        cron.sudo()._trigger(fields.Datetime.now() + timedelta(seconds=delay))


def run_batch(env, cron_xmlid, batch, pending=1):
    """Run ``batch()`` (one batch of a scheduled action, returning ``(done, remaining)``) in a
    savepoint and report it to the cron runner; True when it ran. When it meets a concurrent
    transaction on the same rows it is undone, reported as not done with ``pending`` remaining
    (a number, or a function counting what is left once the batch is undone), and the cron
    runs again shortly (a new transaction, a fresh snapshot) instead of failing."""
    try:
        with env.cr.savepoint():
            done, remaining = batch()
    except CONCURRENCY_ERRORS as exc:
        env.invalidate_all()
        _logger.info(
            "%s met a concurrent transaction (%s); it runs again in a new one.",
            cron_xmlid,
            type(exc).__name__,
        )
        _run_again_later(env, cron_xmlid)
        if callable(pending):
            pending = max(pending(), 1)  # the undone batch at least
        env["ir.cron"]._notify_progress(done=0, remaining=pending)
        return False
    env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    return True


def take_batch(model, parts, batch_size, order=None):
    """Take one batch of a scheduled action: at most ``batch_size`` records of ``model`` across
    ``parts`` (``[(key, domain)]``, in their order), each part's records taken with
    ``serialize_on(..., nowait=True)`` so that a batch meeting someone changing one of them at
    the same moment is undone and run again by ``run_batch``. Returns ``([(key, records)],
    remaining)``; ``remaining`` counts the records of the parts beyond the batch, never the
    batch's own, whether or not the batch's work makes them leave their domain."""
    taken, remaining, room = [], 0, batch_size
    for key, domain in parts:
        if room <= 0:
            remaining += model.search_count(domain)
            continue
        records = model.search(domain, limit=room, order=order)
        if len(records) == room:
            remaining += model.search_count(domain) - room
        room -= len(records)
        serialize_on(records, nowait=True)
        taken.append((key, records))
    return taken, remaining


def count_parts(model, parts):
    """How many records the ``parts`` of a scheduled action hold (``run_batch``'s ``pending``
    once an undone batch is rolled back)."""
    return sum(model.search_count(domain) for _key, domain in parts)


def run_one_batch(env, cron_xmlid, units):
    """Run the first of ``units`` (callables, in order; each one commits nothing itself and
    records its own progress marker) and report to the cron runner: done 1, remaining the
    others. On a concurrent generation the unit is undone and the cron is triggered again."""
    if not units:
        env["ir.cron"]._notify_progress(done=0, remaining=0)
        return

    def first():
        units[0]()
        return 1, len(units) - 1

    ran = run_batch(env, cron_xmlid, first, pending=len(units))
    if ran and len(units) > 1 and not env.context.get("cron_id"):
        # Started by hand ("Run Manually" does one call): the cron workers do the rest now.
        _run_again_later(env, cron_xmlid, delay=0)
