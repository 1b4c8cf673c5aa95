"""The checks, in the order they run.  Each is ``check(essay, factbase, config) -> Iterator[Finding]``.

A finding that overlaps one from an earlier check of the same or higher severity is dropped,
so the most specific explanation of a mistake wins.
"""
from . import dates_conflict, dates_period, numbers_conflict, people, spelling, unsupported

CHECKS = (
    (dates_conflict.ID, dates_conflict.check),
    (people.AFTER_DEATH, people.check_after_death),
    (people.WRONG_PERSON, people.check_wrong_person),
    (numbers_conflict.ID, numbers_conflict.check),
    (dates_period.ID, dates_period.check),
    (spelling.ID, spelling.check),
    (unsupported.ID, unsupported.check),
)

CHECK_IDS = tuple(cid for cid, _ in CHECKS)
