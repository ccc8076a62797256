"""Deprecated import path kept for the tests and fixtures written against it; not a plugin."""

from gklint.templates.national import *  # noqa: F403
from gklint.templates.national import NATIONAL_2021 as NATIONAL_2021
