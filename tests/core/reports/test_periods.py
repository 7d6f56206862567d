"""Shift periods as a control-room supervisor would name them, across both clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from triage_desk.domain.errors import ValidationError
from triage_desk.reports.periods import (
    custom,
    day_shift,
    london_offsets,
    night_shift,
    preset,
    shift_containing,
)


def test_the_night_the_clocks_go_back_is_13_hours() -> None:
    night = night_shift(date(2025, 10, 25))
    assert night.start == datetime(2025, 10, 25, 18, tzinfo=UTC)  # 19:00 BST
    assert night.end == datetime(2025, 10, 26, 7, tzinfo=UTC)  # 07:00 GMT
    assert night.hours == 13


def test_the_night_the_clocks_go_forward_is_11_hours() -> None:
    night = night_shift(date(2026, 3, 28))
    assert night.start == datetime(2026, 3, 28, 19, tzinfo=UTC)  # 19:00 GMT
    assert night.end == datetime(2026, 3, 29, 6, tzinfo=UTC)  # 07:00 BST
    assert night.hours == 11


def test_day_shift_is_07_to_19_london_time_in_summer_and_winter() -> None:
    summer, winter = day_shift(date(2025, 7, 1)), day_shift(date(2025, 12, 1))
    assert (summer.start.hour, summer.end.hour, summer.hours) == (6, 18, 12)
    assert (winter.start.hour, winter.end.hour, winter.hours) == (7, 19, 12)


def test_current_and_last_shift() -> None:
    three_am = datetime(2025, 12, 2, 3, tzinfo=UTC)
    assert preset("current", three_am).start == night_shift(date(2025, 12, 1)).start
    assert preset("last", three_am).start == day_shift(date(2025, 12, 1)).start
    noon = datetime(2025, 12, 2, 12, tzinfo=UTC)
    assert preset("last", noon).start == night_shift(date(2025, 12, 1)).start
    assert shift_containing(datetime(2025, 12, 1, 19, tzinfo=UTC)) == night_shift(date(2025, 12, 1))


def test_day_and_night_presets_take_the_latest_started_shift() -> None:
    morning = datetime(2025, 12, 2, 8, tzinfo=UTC)
    assert preset("day", morning).start == day_shift(date(2025, 12, 2)).start
    assert preset("night", morning).start == night_shift(date(2025, 12, 1)).start
    assert preset("night", morning, on=date(2025, 10, 25)).hours == 13


def test_custom_range_reads_naive_times_as_london_and_refuses_backwards() -> None:
    period = custom(datetime(2025, 7, 1, 9), datetime(2025, 7, 1, 17))
    assert period.start == datetime(2025, 7, 1, 8, tzinfo=UTC)
    with pytest.raises(ValidationError):
        custom(datetime(2025, 7, 2), datetime(2025, 7, 1))
    with pytest.raises(ValidationError):
        preset("fortnight", datetime(2025, 7, 1, tzinfo=UTC))


def test_london_offsets_name_each_clock_change_inside_a_period() -> None:
    october, march = night_shift(date(2025, 10, 25)), night_shift(date(2026, 3, 28))
    assert london_offsets(october) == [(october.start, 60), (datetime(2025, 10, 26, 1, tzinfo=UTC), 0)]
    assert london_offsets(march) == [(march.start, 0), (datetime(2026, 3, 29, 1, tzinfo=UTC), 60)]
    assert london_offsets(day_shift(date(2025, 7, 1))) == [(day_shift(date(2025, 7, 1)).start, 60)]
    year = custom(datetime(2025, 1, 1), datetime(2026, 1, 1))
    assert [minutes for _, minutes in london_offsets(year)] == [0, 60, 0]
