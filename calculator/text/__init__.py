"""Parsers of what people type into job plan cells: small pure functions that return a value,
None where the cell may say nothing, or raise TextParseError with a message a manager can act on."""
from calculator.text.amounts import Amount, parse_amount, parse_hours
from calculator.text.dates import parse_date
from calculator.text.frequency import Frequency, parse_frequency
from calculator.text.lengths import Length, parse_length, without_length
from calculator.text.not_working import NOT_WORKING_WORDS, is_not_working
from calculator.text.sessions import DayHalf, parse_day_half, parse_session_ref
from calculator.text.shares import parse_clinical_share
from calculator.text.times import parse_time_range

__all__ = [
    "Amount",
    "DayHalf",
    "Frequency",
    "Length",
    "NOT_WORKING_WORDS",
    "is_not_working",
    "parse_amount",
    "parse_clinical_share",
    "parse_date",
    "parse_day_half",
    "parse_frequency",
    "parse_hours",
    "parse_length",
    "parse_session_ref",
    "parse_time_range",
    "without_length",
]
