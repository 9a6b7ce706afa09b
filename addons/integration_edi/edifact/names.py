"""Names of UN/EDIFACT segments, composites and data elements (D.96A and the syntax 3/4
service segments), and meanings of the codes partners send most, for the readable view of a
payload (``BGM C002.1001 Document name code: 220 (Order)``).

Compact on purpose: the segments of the messages the hub handles (ORDERS, ORDRSP, ORDCHG,
DESADV, INVOIC, INVRPT, CONTRL) and their envelopes. Written for the hub from the names and
code values the UN/EDIFACT directories publish (UNECE, free to use); no third-party file was
copied. The 0085 syntax error codes are those of ``errors.py``.
"""

from .errors import SYNTAX_ERRORS
from .reader import CHARSETS

MESSAGES = {
    "CONTRL": "Syntax and service report message",
    "DESADV": "Despatch advice message",
    "INVOIC": "Invoice message",
    "INVRPT": "Inventory report message",
    "ORDCHG": "Purchase order change request message",
    "ORDERS": "Purchase order message",
    "ORDRSP": "Purchase order response message",
    "APERAK": "Application error and acknowledgement message",
    "RECADV": "Receiving advice message",
    "REMADV": "Remittance advice message",
}

# Composites: code -> (name, component element codes).
COMPOSITES = {
    "S001": ("Syntax identifier", ("0001", "0002", "0080", "0133")),
    "S002": ("Interchange sender", ("0004", "0007", "0008", "0042")),
    "S003": ("Interchange recipient", ("0010", "0007", "0014", "0046")),
    "S004": ("Date and time of preparation", ("0017", "0019")),
    "S005": ("Recipient reference/password details", ("0022", "0025")),
    "S006": ("Application sender identification", ("0040", "0007")),
    "S007": ("Application recipient identification", ("0044", "0007")),
    "S008": ("Message version", ("0052", "0054", "0057")),
    "S009": ("Message identifier", ("0065", "0052", "0054", "0051", "0057")),
    "S010": ("Status of the transfer", ("0070", "0073")),
    "S011": ("Data element identification", ("0098", "0104")),
    "C002": ("Document/message name", ("1001", "1131", "3055", "1000")),
    "C040": ("Carrier", ("3127", "1131", "3055", "3128")),
    "C056": ("Department or employee details", ("3413", "3412")),
    "C058": ("Name and address", ("3124", "3124", "3124", "3124", "3124")),
    "C059": ("Street", ("3042", "3042", "3042", "3042")),
    "C076": ("Communication contact", ("3148", "3155")),
    "C080": ("Party name", ("3036", "3036", "3036", "3036", "3036", "3045")),
    "C082": ("Party identification details", ("3039", "1131", "3055")),
    "C100": ("Terms of delivery or transport", ("4053", "1131", "3055", "4052", "4052")),
    "C107": ("Text reference", ("4441", "1131", "3055")),
    "C108": ("Text literal", ("4440", "4440", "4440", "4440", "4440")),
    "C110": ("Payment terms", ("4277", "1131", "3055", "4276", "4276")),
    "C112": ("Terms/time information", ("2475", "2009", "2151", "2152")),
    "C174": ("Value/range", ("6411", "6314", "6162", "6152", "6432")),
    "C186": ("Quantity details", ("6063", "6060", "6411")),
    "C202": ("Package type", ("7065", "1131", "3055", "7064")),
    "C208": ("Identity number range", ("7402", "7402")),
    "C210": ("Marks & labels", ("7102",) * 10),
    "C212": ("Item number identification", ("7140", "7143", "1131", "3055")),
    "C214": ("Special services identification", ("7161", "1131", "3055", "7160", "7160")),
    "C220": ("Mode of transport", ("8067", "8066")),
    "C228": ("Transport means", ("8179", "8178")),
    "C241": ("Duty/tax/fee type", ("5153", "1131", "3055", "5152")),
    "C243": ("Duty/tax/fee detail", ("5279", "1131", "3055", "5278", "5273", "1131", "3055")),
    "C270": ("Control", ("6069", "6066", "6411")),
    "C272": ("Item characteristic", ("7081", "1131", "3055")),
    "C273": ("Item description", ("7009", "1131", "3055", "7008", "7008", "3453")),
    "C279": ("Quantity difference information", ("6064", "6063")),
    "C501": ("Percentage details", ("5245", "5482", "5249", "1131", "3055")),
    "C502": ("Measurement details", ("6313", "6321", "6155", "6154")),
    "C504": ("Currency details", ("6347", "6345", "6343", "6348")),
    "C506": ("Reference", ("1153", "1154", "1156", "4000")),
    "C507": ("Date/time/period", ("2005", "2380", "2379")),
    "C509": ("Price information", ("5125", "5118", "5375", "5387", "5284", "6411")),
    "C516": ("Monetary amount", ("5025", "5004", "6345", "6343", "4405")),
    "C503": ("Document/message details", ("1004", "1373", "1366", "3453")),
    "C517": ("Location identification", ("3225", "1131", "3055", "3224")),
    "C531": ("Packaging details", ("7075", "7233", "7073")),
    "C533": ("Duty/tax/fee account detail", ("5289", "1131", "3055")),
    "C534": ("Payment instruction details", ("4439", "4431", "4461", "1131", "3055")),
    "C552": ("Allowance/charge information", ("1230", "5189")),
    "C829": ("Sub-line information", ("5495", "1082")),
}

ELEMENTS = {
    "0001": "Syntax identifier",
    "0002": "Syntax version number",
    "0004": "Sender identification",
    "0007": "Partner identification code qualifier",
    "0008": "Address for reverse routing",
    "0010": "Recipient identification",
    "0013": "Service segment tag",
    "0014": "Routing address",
    "0017": "Date of preparation",
    "0019": "Time of preparation",
    "0020": "Interchange control reference",
    "0022": "Recipient's reference/password",
    "0025": "Recipient's reference/password qualifier",
    "0026": "Application reference",
    "0029": "Processing priority code",
    "0031": "Acknowledgement request",
    "0032": "Communications agreement identification",
    "0035": "Test indicator",
    "0036": "Interchange control count",
    "0038": "Functional group identification",
    "0040": "Application sender identification",
    "0044": "Application recipient identification",
    "0048": "Functional group reference number",
    "0051": "Controlling agency",
    "0052": "Message version number",
    "0054": "Message release number",
    "0057": "Association assigned code",
    "0060": "Number of messages",
    "0062": "Message reference number",
    "0065": "Message type",
    "0068": "Common access reference",
    "0070": "Sequence of transfers",
    "0073": "First and last transfer",
    "0074": "Number of segments in the message",
    "0081": "Section identification",
    "0083": "Action, coded",
    "0085": "Syntax error, coded",
    "0096": "Segment position in message body",
    "0098": "Erroneous data element position in segment",
    "0104": "Erroneous component data element position",
    "1000": "Document name",
    "1001": "Document name code",
    "1004": "Document/message number",
    "1366": "Document source description",
    "1373": "Document status code",
    "4465": "Adjustment reason description code",
    "1082": "Line item number",
    "1131": "Code list identification code",
    "1153": "Reference qualifier",
    "1154": "Reference number",
    "1156": "Line number",
    "1225": "Message function code",
    "1229": "Action request/notification, coded",
    "1230": "Allowance or charge number",
    "2005": "Date/time/period qualifier",
    "2009": "Time relation, coded",
    "2151": "Type of period, coded",
    "2152": "Number of periods",
    "2379": "Date/time/period format qualifier",
    "2380": "Date/time/period",
    "2475": "Payment time reference, coded",
    "3035": "Party qualifier",
    "3036": "Party name",
    "3039": "Party id identification",
    "3042": "Street and number/P.O. Box",
    "3045": "Party name format, coded",
    "3055": "Code list responsible agency code",
    "3124": "Name and address line",
    "3127": "Carrier identification",
    "3128": "Carrier name",
    "3139": "Contact function, coded",
    "3148": "Communication number",
    "3155": "Communication channel qualifier",
    "3164": "City name",
    "3207": "Country, coded",
    "3224": "Place/location",
    "3225": "Place/location identification",
    "3227": "Place/location qualifier",
    "3229": "Country sub-entity identification",
    "3251": "Postcode identification",
    "3412": "Department or employee",
    "3413": "Department or employee identification",
    "3453": "Language, coded",
    "4017": "Delivery plan status indicator, coded",
    "4052": "Terms of delivery or transport",
    "4053": "Terms of delivery or transport, coded",
    "4055": "Terms of delivery or transport function, coded",
    "4215": "Transport charges method of payment, coded",
    "4221": "Discrepancy, coded",
    "4276": "Payment terms",
    "4277": "Payment terms identification",
    "4279": "Payment terms type qualifier",
    "4343": "Response type, coded",
    "4347": "Product id function qualifier",
    "4405": "Status, coded",
    "4440": "Free text",
    "4441": "Free text, coded",
    "4451": "Text subject qualifier",
    "4453": "Text function, coded",
    "4471": "Settlement, coded",
    "4493": "Delivery requirements, coded",
    "4499": "Reason for inventory movement, coded",
    "4501": "Inventory movement direction, coded",
    "4503": "Inventory balance method, coded",
    "5004": "Monetary amount",
    "5025": "Monetary amount type qualifier",
    "5118": "Price",
    "5125": "Price qualifier",
    "5152": "Duty/tax/fee type",
    "5153": "Duty/tax/fee type, coded",
    "5189": "Charge/allowance description, coded",
    "5213": "Sub-line price change, coded",
    "5245": "Percentage qualifier",
    "5249": "Percentage basis, coded",
    "5273": "Duty/tax/fee rate basis identification",
    "5278": "Duty/tax/fee rate",
    "5279": "Duty/tax/fee rate identification",
    "5283": "Duty/tax/fee function qualifier",
    "5284": "Unit price basis",
    "5286": "Duty/tax/fee assessment basis",
    "5289": "Duty/tax/fee account identification",
    "5305": "Duty/tax/fee category, coded",
    "5375": "Price type, coded",
    "5387": "Price type qualifier",
    "5402": "Rate of exchange",
    "5463": "Allowance or charge qualifier",
    "5482": "Percentage",
    "5495": "Sub-line indicator, coded",
    "6060": "Quantity",
    "6063": "Quantity qualifier",
    "6064": "Quantity difference",
    "6066": "Control value",
    "6069": "Control qualifier",
    "6152": "Range maximum",
    "6154": "Measurement attribute",
    "6155": "Measurement attribute, coded",
    "6162": "Range minimum",
    "6311": "Measurement application qualifier",
    "6313": "Measurement dimension, coded",
    "6314": "Measurement value",
    "6321": "Measurement significance, coded",
    "6341": "Currency market exchange, coded",
    "6343": "Currency qualifier",
    "6345": "Currency, coded",
    "6347": "Currency details qualifier",
    "6348": "Currency rate base",
    "6411": "Measure unit qualifier",
    "6432": "Significant digits",
    "7009": "Item description identification",
    "7008": "Item description",
    "7064": "Type of packages",
    "7065": "Type of packages identification",
    "7073": "Packaging terms and conditions, coded",
    "7075": "Packaging level, coded",
    "7077": "Item description type, coded",
    "7081": "Item characteristic, coded",
    "7083": "Configuration, coded",
    "7102": "Shipping marks",
    "7140": "Item number",
    "7143": "Item number type, coded",
    "7160": "Special service",
    "7161": "Special services, coded",
    "7164": "Hierarchical id number",
    "7166": "Hierarchical parent id",
    "7224": "Number of packages",
    "7233": "Packaging related information, coded",
    "7383": "Surface/layer indicator, coded",
    "7402": "Identity number",
    "7405": "Identity number qualifier",
    "7491": "Type of inventory affected, coded",
    "8028": "Conveyance reference number",
    "8051": "Transport stage qualifier",
    "8066": "Mode of transport",
    "8067": "Mode of transport, coded",
    "8275": "Container/package status, coded",
    "0042": "Interchange sender internal identification",
    "0046": "Interchange recipient internal identification",
    "0058": "Application password",
    "0080": "Service code list directory version number",
    "0133": "Character encoding, coded",
    "3239": "Country of origin, coded",
    "4000": "Reference version number",
    "4183": "Special conditions, coded",
    "4431": "Payment guarantee, coded",
    "4439": "Payment conditions, coded",
    "4461": "Payment means, coded",
    "9213": "Type of duty regime, coded",
    "1222": "Configuration level",
    "1227": "Calculation sequence indicator, coded",
    "3446": "Party tax identification number",
    "4233": "Marking instructions, coded",
    "8178": "Identification of means of transport",
    "8179": "Type of means of transport identification",
}

# Segments: tag -> (name, its data elements: composite or simple element codes, in order).
SEGMENTS = {
    "UNA": ("Service string advice", ()),
    "UNB": (
        "Interchange header",
        ("S001", "S002", "S003", "S004", "0020", "S005", "0026", "0029", "0031", "0032", "0035"),
    ),
    "UNZ": ("Interchange trailer", ("0036", "0020")),
    "UNG": (
        "Functional group header",
        ("0038", "S006", "S007", "S004", "0048", "0051", "S008", "0058"),
    ),
    "UNE": ("Functional group trailer", ("0060", "0048")),
    "UNH": ("Message header", ("0062", "S009", "0068", "S010")),
    "UNT": ("Message trailer", ("0074", "0062")),
    "UCI": (
        "Interchange response",
        ("0020", "S002", "S003", "0083", "0085", "0013", "S011"),
    ),
    "UCF": (
        "Functional group response",
        ("0048", "S006", "S007", "0083", "0085", "0013", "S011"),
    ),
    "UCM": ("Message response", ("0062", "S009", "0083", "0085", "0013", "S011")),
    "UCS": ("Segment error indication", ("0096", "0085")),
    "UCD": ("Data element error indication", ("0085", "S011")),
    "BGM": ("Beginning of message", ("C002", "1004", "1225", "4343")),
    "DTM": ("Date/time/period", ("C507",)),
    "PAI": ("Payment instructions", ("C534",)),
    "ALI": ("Additional information", ("3239", "9213", "4183")),
    "FTX": ("Free text", ("4451", "4453", "C107", "C108", "3453")),
    "RFF": ("Reference", ("C506",)),
    "NAD": (
        "Name and address",
        ("3035", "C082", "C058", "C080", "C059", "3164", "3229", "3251", "3207"),
    ),
    "LOC": ("Place/location identification", ("3227", "C517")),
    "CTA": ("Contact information", ("3139", "C056")),
    "COM": ("Communication contact", ("C076",)),
    "TAX": (
        "Duty/tax/fee details",
        ("5283", "C241", "C533", "5286", "C243", "5305", "3446"),
    ),
    "CUX": ("Currencies", ("C504", "C504", "5402", "6341")),
    "PAT": ("Payment terms basis", ("4279", "C110", "C112")),
    "TDT": ("Details of transport", ("8051", "8028", "C220", "C228", "C040")),
    "TOD": ("Terms of delivery or transport", ("4055", "4215", "C100")),
    "ALC": ("Allowance or charge", ("5463", "C552", "4471", "1227", "C214")),
    "PCD": ("Percentage details", ("C501",)),
    "MOA": ("Monetary amount", ("C516",)),
    "LIN": ("Line item", ("1082", "1229", "C212", "C829", "1222", "7083")),
    "PIA": ("Additional product id", ("4347", "C212", "C212", "C212", "C212", "C212")),
    "IMD": ("Item description", ("7077", "C272", "C273")),
    "MEA": ("Measurements", ("6311", "C502", "C174", "7383")),
    "QTY": ("Quantity", ("C186",)),
    "QVR": ("Quantity variances", ("C279", "4221")),
    "PRI": ("Price details", ("C509", "5213")),
    "SCC": ("Scheduling conditions", ("4017", "4493")),
    "CPS": ("Consignment packing sequence", ("7164", "7166", "7075")),
    "PAC": ("Package", ("7224", "C531", "C202")),
    "PCI": ("Package identification", ("4233", "C210", "8275")),
    "GIN": ("Goods identity number", ("7405", "C208", "C208", "C208", "C208", "C208")),
    "INV": ("Inventory management related details", ("4501", "7491", "4499", "4503")),
    "UNS": ("Section control", ("0081",)),
    "CNT": ("Control total", ("C270",)),
    "DOC": ("Document/message details", ("C002", "C503")),
    "AJT": ("Adjustment details", ("4465", "1082")),
}

DOCUMENT_NAMES = {  # 1001
    "35": "Inventory report",
    "220": "Order",
    "221": "Blanket order",
    "224": "Rush order",
    "226": "Call off order",
    "227": "Consignment order",
    "230": "Purchase order change request",
    "231": "Purchase order response",
    "351": "Despatch advice",
    "380": "Commercial invoice",
    "381": "Credit note",
    "383": "Debit note",
    "325": "Proforma invoice",
    "481": "Remittance advice",
}

MESSAGE_FUNCTIONS = {  # 1225
    "1": "Cancellation",
    "3": "Deletion",
    "4": "Change",
    "5": "Replace",
    "6": "Confirmation",
    "7": "Duplicate",
    "9": "Original",
    "27": "Not accepted",
    "29": "Accepted without amendment",
    "31": "Copy",
}

RESPONSE_TYPES = {  # 4343
    "AB": "Message acknowledgement",
    "AC": "Acknowledge - with detail and change",
    "AP": "Accepted",
    "CA": "Conditionally accepted",
    "NA": "No acknowledgement needed",
    "RE": "Rejected",
}

DATE_QUALIFIERS = {  # 2005
    "2": "Delivery date/time, requested",
    "3": "Invoice date/time",
    "4": "Order date/time",
    "10": "Shipment date/time, requested",
    "11": "Despatch date and/or time",
    "13": "Terms net due date",
    "17": "Delivery date/time, estimated",
    "35": "Delivery date/time, actual",
    "36": "Expiry date",
    "63": "Delivery date/time, latest",
    "64": "Delivery date/time, earliest",
    "69": "Delivery date/time, promised for",
    "132": "Arrival date/time, estimated",
    "137": "Document/message date/time",
    "140": "Payment due date",
    "171": "Reference date/time",
}

DATE_FORMATS = {  # 2379
    "101": "YYMMDD",
    "102": "CCYYMMDD",
    "203": "CCYYMMDDHHMM",
    "204": "CCYYMMDDHHMMSS",
    "718": "CCYYMMDD-CCYYMMDD",
}

PARTY_QUALIFIERS = {  # 3035
    "BY": "Buyer",
    "CA": "Carrier",
    "CN": "Consignee",
    "CZ": "Consignor",
    "DP": "Delivery party",
    "FW": "Freight forwarder",
    "II": "Issuer of invoice",
    "IV": "Invoicee",
    "MF": "Manufacturer of goods",
    "OB": "Ordered by",
    "PE": "Payee",
    "PR": "Payer",
    "SE": "Seller",
    "SF": "Ship from",
    "ST": "Ship to",
    "SU": "Supplier",
    "UC": "Ultimate consignee",
    "WH": "Warehouse keeper",
}

AGENCIES = {  # 3055
    "9": "GS1 (formerly EAN International)",
    "16": "DUNS (Dun & Bradstreet)",
    "91": "Assigned by seller or seller's agent",
    "92": "Assigned by buyer or buyer's agent",
    "ZZZ": "Mutually defined",
}

REFERENCE_QUALIFIERS = {  # 1153
    "AAJ": "Delivery order number",
    "AAK": "Despatch advice number",
    "AAU": "Despatch note number",
    "ACD": "Additional reference number",
    "ADE": "Account number",
    "BM": "Bill of lading number",
    "CR": "Customer reference number",
    "CT": "Contract number",
    "DQ": "Delivery note number",
    "FC": "Fiscal number",
    "IV": "Invoice number",
    "LI": "Line item reference number",
    "ON": "Order number (purchase)",
    "PD": "Promotion deal number",
    "VA": "VAT registration number",
    "VN": "Order number (supplier)",
}

QUANTITY_QUALIFIERS = {  # 6063
    "1": "Discrete quantity",
    "12": "Despatch quantity",
    "21": "Ordered quantity",
    "46": "Delivered quantity",
    "47": "Invoiced quantity",
    "48": "Received quantity",
    "59": "Number of consumer units in the traded unit",
    "61": "Return quantity",
    "83": "Backorder quantity",
    "113": "Quantity to be delivered",
    "145": "Actual stock",
    "192": "Free goods quantity",
    "194": "Received and accepted",
}

PRICE_QUALIFIERS = {  # 5125
    "AAA": "Calculation net",
    "AAB": "Calculation gross",
    "AAE": "Information price, excluding allowances or charges, including taxes",
    "AAF": "Information price, excluding allowances or charges and taxes",
}

ITEM_NUMBER_TYPES = {  # 7143
    "BP": "Buyer's part number",
    "EN": "International Article Numbering (EAN)",
    "IN": "Buyer's item number",
    "MF": "Manufacturer's article number",
    "NB": "Batch number",
    "SA": "Supplier's article number",
    "SN": "Serial number",
    "SRV": "GS1 Global Trade Item Number",
    "UP": "UPC (Universal product code)",
    "VN": "Vendor item number",
}

PRODUCT_ID_FUNCTIONS = {"1": "Additional identification", "5": "Product identification"}  # 4347

LINE_ACTIONS = {  # 1229
    "1": "Added",
    "2": "Deleted",
    "3": "Changed",
    "5": "Accepted without amendment",
    "6": "Accepted with amendment",
    "7": "Not accepted",
}

AMOUNT_QUALIFIERS = {  # 5025
    "5": "Adjustment amount",
    "12": "Amount remitted",
    "39": "Invoice total amount",
    "52": "Discount amount",
    "9": "Amount due/amount payable",
    "23": "Charge amount",
    "77": "Invoice amount",
    "79": "Total line items amount",
    "86": "Message total monetary amount",
    "124": "Tax amount",
    "125": "Taxable amount",
    "128": "Total amount",
    "131": "Total charges/allowances",
    "176": "Message total duty/tax/fee amount",
    "203": "Line item amount",
    "204": "Allowance amount",
}

TAX_FUNCTIONS = {"7": "Tax"}  # 5283
TAX_TYPES = {"GST": "Goods and services tax", "VAT": "Value added tax"}  # 5153
TAX_CATEGORIES = {  # 5305
    "AE": "VAT Reverse Charge",
    "E": "Exempt from tax",
    "S": "Standard rate",
    "Z": "Zero rated goods",
}
ALLOWANCE_QUALIFIERS = {"A": "Allowance", "C": "Charge"}  # 5463
CONTROL_QUALIFIERS = {  # 6069
    "1": "Algebraic total of the quantity values in line items",
    "2": "Number of line items in message",
}
TRANSPORT_STAGES = {"20": "Main-carriage transport"}  # 8051
TRANSPORT_MODES = {
    "1": "Maritime transport",
    "2": "Rail transport",
    "3": "Road transport",
    "4": "Air transport",
}  # 8067
LOCATION_QUALIFIERS = {
    "7": "Place of delivery",
    "11": "Place/port of discharge",
    "18": "Warehouse",
}  # 3227
IDENTITY_QUALIFIERS = {  # 7405
    "BJ": "Serial shipping container code (SSCC)",
    "BN": "Serial number",
    "BX": "Batch number",
}
PACKAGING_LEVELS = {"1": "Inner", "2": "Intermediate", "3": "Outer"}  # 7075
TEXT_SUBJECTS = {  # 4451
    "AAI": "General information",
    "DEL": "Delivery information",
    "PUR": "Purchasing information",
    "ZZZ": "Mutually defined",
}
INCOTERMS = {  # 4053
    "CFR": "Cost and freight",
    "CIF": "Cost, insurance and freight",
    "CIP": "Carriage and insurance paid to",
    "CPT": "Carriage paid to",
    "DAP": "Delivered at place",
    "DDP": "Delivered duty paid",
    "DPU": "Delivered at place unloaded",
    "EXW": "Ex works",
    "FCA": "Free carrier",
    "FOB": "Free on board",
}
INVENTORY_DIRECTIONS = {"1": "Movement out", "2": "Movement in"}  # 4501
ACTIONS = {  # 0083
    "4": "This level and all lower levels rejected",
    "7": "This level acknowledged, lower levels acknowledged if not explicitly rejected",
    "8": "Interchange received",
}
PARTNER_QUALIFIERS = {  # 0007
    "1": "DUNS (Dun & Bradstreet)",
    "14": "GS1 (EAN International)",
    "30": "ISO 6523: Organization identification",
    "ZZ": "Mutually defined",
}
SYNTAX_IDENTIFIERS = {
    name: f"UN/ECE level {name[-1]} ({codec})" for name, codec in CHARSETS.items()
}

# Coded data elements and their code lists (the same list wherever the element appears).
CODE_LISTS = {
    "0001": SYNTAX_IDENTIFIERS,
    "0007": PARTNER_QUALIFIERS,
    "0031": {"1": "Acknowledgement requested"},
    "0035": {"1": "Interchange is a test"},
    "0065": MESSAGES,
    "0083": ACTIONS,
    "0085": SYNTAX_ERRORS,
    "1001": DOCUMENT_NAMES,
    "1153": REFERENCE_QUALIFIERS,
    "1225": MESSAGE_FUNCTIONS,
    "1229": LINE_ACTIONS,
    "2005": DATE_QUALIFIERS,
    "2379": DATE_FORMATS,
    "3035": PARTY_QUALIFIERS,
    "3055": AGENCIES,
    "3227": LOCATION_QUALIFIERS,
    "4053": INCOTERMS,
    "4343": RESPONSE_TYPES,
    "4347": PRODUCT_ID_FUNCTIONS,
    "4451": TEXT_SUBJECTS,
    "4501": INVENTORY_DIRECTIONS,
    "5025": AMOUNT_QUALIFIERS,
    "5125": PRICE_QUALIFIERS,
    "5153": TAX_TYPES,
    "5283": TAX_FUNCTIONS,
    "5305": TAX_CATEGORIES,
    "5463": ALLOWANCE_QUALIFIERS,
    "6063": QUANTITY_QUALIFIERS,
    "6069": CONTROL_QUALIFIERS,
    "7075": PACKAGING_LEVELS,
    "7143": ITEM_NUMBER_TYPES,
    "7405": IDENTITY_QUALIFIERS,
    "8051": TRANSPORT_STAGES,
    "8067": TRANSPORT_MODES,
}


def segment_name(tag):
    """``Beginning of message`` for BGM; '' for a segment not listed."""
    entry = SEGMENTS.get(tag)
    return entry[0] if entry else ""


def element_spec(tag, index):
    """``(code, name, component codes)`` of data element ``index`` (0-based) of ``tag``:
    component codes are empty for a simple element; None when the segment or the position
    is not listed."""
    entry = SEGMENTS.get(tag)
    if not entry or index >= len(entry[1]):
        return None
    code = entry[1][index]
    if code in COMPOSITES:
        name, components = COMPOSITES[code]
        return code, name, components
    return code, ELEMENTS.get(code, ""), ()


def element_name(code):
    return ELEMENTS.get(code, "")


def code_meaning(code, value):
    """What ``value`` of data element ``code`` stands for; '' when unknown."""
    return CODE_LISTS.get(code, {}).get(value, "")
