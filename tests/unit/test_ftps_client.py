import calendar

import pytest

from odoo.addons.integration_core.services.errors import PermanentTransportError
from odoo.addons.integration_core.services.ftps_client import (
    _LIST_LINE,
    _code,
    _list_time,
    _mdtm_time,
    tls_context,
)


def test_list_lines_of_unix_servers_give_kind_size_and_name():
    line = "-rw-r--r--    1 103      110          2048 Dec 02 21:24 order 1.edi"
    match = _LIST_LINE.match(line)
    assert (match["type"], match["size"], match["name"]) == ("-", "2048", "order 1.edi")
    assert (
        _LIST_LINE.match("drwxrwxrwx    2 0        0            4096 Jan  5  2025 archive")["type"]
        == "d"
    )
    assert _LIST_LINE.match("01-05-25  09:14AM       <DIR>          archive") is None


def test_mdtm_and_mlsd_times_are_utc():
    assert _mdtm_time("20261202212419") == calendar.timegm((2026, 12, 2, 21, 24, 19))
    assert _mdtm_time("20261202212419.250") == calendar.timegm((2026, 12, 2, 21, 24, 19)) + 0.25


def test_list_dates_without_a_year_are_within_the_last_months():
    now = calendar.timegm((2026, 1, 1, 10, 0, 0))
    assert _list_time("Dec", "31", "23:00", now) == calendar.timegm((2025, 12, 31, 23, 0, 0))
    assert _list_time("Jan", "1", "09:30", now) == calendar.timegm((2026, 1, 1, 9, 30, 0))
    assert _list_time("Mar", "3", "2024", now) == calendar.timegm((2024, 3, 3, 0, 0, 0))
    assert _list_time("Dez", "3", "2024", now) == 0.0


def test_reply_codes():
    assert _code(Exception("530 Login incorrect.")) == 530
    assert _code(Exception("no code")) == 0


def test_a_ca_that_is_not_pem_is_a_permanent_error():
    with pytest.raises(PermanentTransportError, match="not a readable PEM"):
        tls_context("not a certificate")
    assert tls_context(None).check_hostname
