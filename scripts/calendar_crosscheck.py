#!/usr/bin/env python3
"""Cross-check rectify's working-day calendar against an independent source.

Reads lines ``YYYY-MM-DD true|false`` (is it a working day) from stdin, as
printed by ``rectify calendar dump --from 2019-01-01 --to 2026-12-31``, and
compares every day with the PyPI package ``chinesecalendar`` (import name
``chinese_calendar``, maintained separately from the State Council notices).

Prints each mismatch, then a final line ``N passed, N failed``; exits 1 when
anything failed (a mismatch, a malformed line, a day the package does not
cover, or no input at all), 2 when the package is not installed.

    pip install chinesecalendar
    rectify calendar dump --from 2019-01-01 --to 2026-12-31 \\
        | python3 scripts/calendar_crosscheck.py
"""

import datetime
import sys


def main() -> int:
    try:
        import chinese_calendar
    except ImportError:
        print(
            "chinesecalendar is not installed: pip install chinesecalendar",
            file=sys.stderr,
        )
        return 2

    version = getattr(chinese_calendar, "__version__", "unknown")
    passed = 0
    failed = 0
    for line_no, raw in enumerate(sys.stdin, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in ("true", "false"):
            print(f"line {line_no}: malformed: {line!r}")
            failed += 1
            continue
        try:
            day = datetime.date.fromisoformat(parts[0])
        except ValueError:
            print(f"line {line_no}: bad date: {parts[0]!r}")
            failed += 1
            continue
        ours = parts[1] == "true"
        try:
            theirs = chinese_calendar.is_workday(day)
        except NotImplementedError:
            print(f"{day}: not covered by chinesecalendar {version}")
            failed += 1
            continue
        if ours == theirs:
            passed += 1
        else:
            try:
                _, name = chinese_calendar.get_holiday_detail(day)
            except NotImplementedError:
                name = None
            detail = f" ({name})" if name else ""
            print(
                f"{day}: rectify says {'workday' if ours else 'rest day'}, "
                f"chinesecalendar {version} says {'workday' if theirs else 'rest day'}{detail}"
            )
            failed += 1

    print(f"{passed} passed, {failed} failed")
    if passed + failed == 0:
        print("no input lines", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
