"""X12 and EDIFACT as partners really send them: characters beyond the declared syntax
level, layout white space, ISA11 'U' in 00402+, EBCDIC, any product id qualifier, ISO
alpha-3 countries. Each is read (with a warning where the file is not as declared)."""

import io

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi import edifact, x12

ISA_00501_U = (
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*U*"
    "00501*000000007*0*P*>"
)
X12_BODY = [
    "GS*PO*SENDER*RECEIVER*20240101*1200*7*X*005010",
    "ST*850*0001",
    "BEG*00*SA*PO-77**20240101",
    "N1*BY*Buyer*92*BUY-1",
    "N1*ST*Depot Lyon",
    "N4*Lyon**69001*FRA",
    "PO1*1*2*EA*10**MG*MFR-889",
    "CTT*1*2",
    "SE*8*0001",
    "GE*1*7",
    "IEA*1*000000007",
]


def x12_text(isa=ISA_00501_U, body=X12_BODY, end="~\n"):
    return end.join([isa, *body]) + end


def read_x12(data, **options):
    return x12.validate(io.BytesIO(data), keep_segments=True, **options)


def elements(result):
    return [(s.tag, s.elements) for t in result.transaction_sets() for s in t.segments]


def only_set(result):
    (transaction_set,) = result.transaction_sets()
    return transaction_set


UNB_UNOA = "UNB+UNOA:3+BUYER01:ZZ+SUPPLIER01:ZZ+240502:0915+17'"
EDIFACT_BODY = [
    "UNH+1+ORDERS:D:96A:UN'",
    "BGM+220+4500012345+9'",
    "DTM+137:20240502:102'",
    "NAD+BY+BUYER01::92++{name}'",
    "NAD+DP+STORE-12::92++STORE 12+1 RUE HAUTE+PARIS++75001+FRA'",
    "LIN+10'",
    "PIA+5+ACME-5551:MF::92'",
    "QTY+21:2:PCE'",
    "UNT+9+1'",
    "UNZ+1+17'",
]


def edifact_text(name="ACME", unb=UNB_UNOA, sep="\n"):
    return sep.join([unb, *EDIFACT_BODY]).format(name=name) + sep


def read_edifact(data, **options):
    (interchange,) = edifact.read_interchanges(data, **options)
    return interchange


def nad_name(interchange):
    return next(s for s in interchange.messages[0].body if s.tag == "NAD").value(3)


# -- characters beyond the declared EDIFACT syntax level ------------------------------------


@pytest.mark.parametrize(
    ("encoding", "byte"), [("iso8859-1", "0xFC"), ("utf-8", "0xC3")], ids=["latin-1", "utf-8"]
)
def test_unoa_carrying_accented_letters_is_read_with_a_warning(encoding, byte):
    interchange = read_edifact(edifact_text(name="Müller Søn").encode(encoding))
    assert nad_name(interchange) == "Müller Søn"
    assert interchange.is_valid
    (warning,) = interchange.warnings
    read_as = "utf-8" if encoding == "utf-8" else "iso8859-1"
    assert warning.text.startswith(f"byte {byte} at offset ")
    assert warning.text.endswith(
        f"is not valid in ascii, the declared character set: the interchange is read as {read_as}"
    )
    assert warning.interchange_ref == "17"


# -- white space and line breaks ------------------------------------------------------------


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(lambda text: text.replace("~\n", "~\r\n"), id="crlf"),
        pytest.param(lambda text: text.replace("~\n", "~\r\n\r\n"), id="blank-lines"),
        pytest.param(lambda text: text.replace("~\n", "~   \n"), id="spaces-after-terminator"),
        pytest.param(lambda text: text.replace("~\n", "~ \t"), id="blanks-no-line-break"),
        pytest.param(
            lambda text: text.replace("~\n", "\n").replace("\n", "  \n"),
            id="trailing-spaces-newline-terminator",
        ),
        pytest.param(lambda text: "\n\n" + text + "\n\n", id="blank-lines-around"),
    ],
)
def test_x12_layout_white_space_is_not_data(layout):
    clean = read_x12(x12_text().encode())
    result = read_x12(layout(x12_text()).encode())
    assert result.ok, list(result.all_errors())
    assert elements(result) == elements(clean)


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: text.replace("\n", "\n\n   "), id="blank-lines-and-spaces"),
        pytest.param(lambda text: text.replace("++STORE 12+", "++STORE 12\r\n+"), id="wrapped"),
        pytest.param(lambda text: text.replace("'\n", "'  \t\n"), id="trailing-blanks"),
    ],
)
def test_edifact_layout_white_space_is_not_data(layout):
    clean = read_edifact(edifact_text())
    interchange = read_edifact(layout(edifact_text()).encode())
    assert interchange.is_valid, interchange.all_errors()
    assert list(interchange.segments()) == list(clean.segments())


# -- ISA11 'U' from 00402 on ----------------------------------------------------------------


def test_isa11_u_in_a_5010_interchange_is_read_and_written_back_the_same():
    data = x12_text().encode()
    result = read_x12(data)
    assert result.ok
    (interchange,) = result.interchanges
    assert interchange.delimiters.repetition is None
    assert interchange.header.standards_id == "U"
    assert x12.rewrite_interchange(interchange) == data


def test_isa11_repetition_separator_is_written_back_the_same():
    data = x12_text(isa=ISA_00501_U.replace("*U*00501", "*^*00501")).encode()
    (interchange,) = read_x12(data).interchanges
    assert interchange.delimiters.repetition == "^"
    assert x12.rewrite_interchange(interchange) == data


# -- EBCDIC ---------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["cp037", "cp500"])
def test_ebcdic_x12_is_transcoded(codec):
    text = x12_text()
    result = read_x12(text.encode(codec), encoding=codec)
    assert result.ok
    assert elements(result) == elements(read_x12(text.encode()))
    assert [w.message for w in result.warnings] == [f"the file is EBCDIC: read as {codec}"]


def test_ebcdic_x12_with_mainframe_line_ends_is_read_as_cp037_by_default():
    # NL (0x15) ends each line, as mainframes write text.
    data = x12_text().encode("cp037").replace(b"\x25", b"\x15")
    result = read_x12(data)
    assert result.ok
    assert elements(result) == elements(read_x12(x12_text().encode()))


def test_unreadable_ebcdic_x12_is_refused_with_a_message_that_says_ebcdic():
    data = x12_text().encode("cp037")[:60]  # cut inside the ISA
    with pytest.raises(x12.X12SyntaxError, match="the file is EBCDIC, read as cp037: set the"):
        read_x12(data)


def test_unreadable_ebcdic_edifact_is_refused_with_a_message_that_says_ebcdic():
    data = edifact_text().encode("cp037")[:70]  # cut inside a segment
    with pytest.raises(edifact.EdifactSyntaxError, match="the file is EBCDIC, read as cp037"):
        read_edifact(data)


@pytest.mark.parametrize("codec", ["cp037", "cp500"])
def test_ebcdic_edifact_is_transcoded(codec):
    text = edifact_text(name="Müller")
    interchange = read_edifact(text.encode(codec), ebcdic=codec)
    assert nad_name(interchange) == "Müller"
    assert list(interchange.segments()) == list(read_edifact(text).segments())
    assert [w.text for w in interchange.warnings] == [f"the file is EBCDIC: read as {codec}"]


# -- product ids under any qualifier, countries in alpha-3 ----------------------------------


def test_850_product_id_under_any_qualifier_and_alpha3_country():
    order = validate_document(
        "order", x12.order_from_850(only_set(read_x12(x12_text().encode())).segments)
    )
    assert order.lines[0].product_code == "MFR-889"
    assert order.ship_to.country_code == "FR"


def test_orders_item_number_of_any_type_and_alpha3_country():
    order = validate_document(
        "order", edifact.order_from_orders(read_edifact(edifact_text()).messages[0])
    )
    assert order.lines[0].product_code == "ACME-5551"
    assert order.ship_to.country_code == "FR"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("DEU", "DE"), ("deu", "DE"), ("276", "DE"), ("USA", "US"), ("de", "de"), ("ANT", "ANT")],
)
def test_country_codes_become_alpha2(sent, kept):
    from odoo.addons.integration_core.services.countries import alpha2

    assert alpha2(sent) == kept
