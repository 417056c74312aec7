"""Small plain functions of the foundation plugins."""

import logging

from strict_build import WarningTally, verdict


def test_tally_counts_warnings_and_errors_only():
    tally = WarningTally()
    log = logging.getLogger("tally-test")
    log.addHandler(tally)
    try:
        log.info("fine")
        log.warning("one")
        log.error("two")
    finally:
        log.removeHandler(tally)
    assert tally.count == 2


def test_verdict_only_fails_strict_builds_with_warnings():
    assert verdict(0, strict=True) is None
    assert verdict(3, strict=False) is None
    assert (
        verdict(1, strict=True) == "STRICT: the build logged 1 warning (listed above); failing it."
    )
