"""Names of X12 segments and elements, and meanings of the codes partners send most, for the
readable view of a payload (``BEG03 Purchase Order Number``, ``N101 ST: Ship To``).

Compact on purpose: the envelopes, the 997/999/TA1 and the segments of the sets the hub reads
and writes (850, 855, 856, 810, 846, 860, 940, 944, 945). Written for the hub from the element
names and code values the X12 standard publishes (as repeated in every implementation guide);
no third-party file was copied. The acknowledgement code lists are those of ``codes.py``.
"""

from .codes import (
    ELEMENT_ERRORS,
    GROUP_ERRORS,
    INTERCHANGE_NOTES,
    SEGMENT_ERRORS,
    SET_ERRORS,
)

SETS = {
    "214": "Transportation Carrier Shipment Status Message",
    "810": "Invoice",
    "820": "Payment Order/Remittance Advice",
    "846": "Inventory Inquiry/Advice",
    "850": "Purchase Order",
    "855": "Purchase Order Acknowledgment",
    "856": "Ship Notice/Manifest",
    "860": "Purchase Order Change Request - Buyer Initiated",
    "865": "Purchase Order Change Acknowledgment/Request - Seller Initiated",
    "180": "Return Merchandise Authorization and Notification",
    "940": "Warehouse Shipping Order",
    "943": "Warehouse Stock Transfer Shipment Advice",
    "944": "Warehouse Stock Transfer Receipt Advice",
    "945": "Warehouse Shipping Advice",
    "947": "Warehouse Inventory Adjustment Advice",
    "997": "Functional Acknowledgment",
    "999": "Implementation Acknowledgment",
}

# GS01 (479): the functional group of each set.
FUNCTIONAL_IDS = {
    "PO": "Purchase Order (850)",
    "PR": "Purchase Order Acknowledgment (855)",
    "PC": "Purchase Order Change Request - Buyer Initiated (860)",
    "CA": "Purchase Order Change Acknowledgment/Request - Seller Initiated (865)",
    "SH": "Ship Notice/Manifest (856)",
    "IN": "Invoice Information (810)",
    "RA": "Payment Order/Remittance Advice (820)",
    "IB": "Inventory Inquiry/Advice (846)",
    "OW": "Warehouse Shipping Order (940)",
    "AR": "Warehouse Stock Transfer (943, 944)",
    "SW": "Warehouse Shipping Advice (945)",
    "AW": "Warehouse Inventory Adjustment Advice (947)",
    "FA": "Functional or Application Acknowledgment (997, 999)",
    "QM": "Transportation Carrier Shipment Status Message (214)",
    "AN": "Return Merchandise Authorization and Notification (180)",
}

ENTITY_IDS = {  # 98
    "BT": "Bill-to-Party",
    "BS": "Bill and Ship To",
    "BY": "Buying Party (Purchaser)",
    "CN": "Consignee",
    "DA": "Delivery Address",
    "II": "Issuer of Invoice",
    "MF": "Manufacturer of Goods",
    "OB": "Ordered By",
    "PE": "Payee",
    "PR": "Payer",
    "RE": "Party to Receive Commercial Invoice Remittance",
    "RI": "Remit To",
    "SE": "Selling Party",
    "SF": "Ship From",
    "SH": "Shipper",
    "SO": "Sold To If Different From Bill To",
    "ST": "Ship To",
    "SU": "Supplier/Manufacturer",
    "VN": "Vendor",
    "WH": "Warehouse",
    "Z7": "Mark-for Party",
}

ID_QUALIFIERS = {  # 66
    "1": "D-U-N-S Number, Dun & Bradstreet",
    "9": "D-U-N-S+4, D-U-N-S Number with Four Character Suffix",
    "2": "Standard Carrier Alpha Code (SCAC)",
    "91": "Assigned by Seller or Seller's Agent",
    "92": "Assigned by Buyer or Buyer's Agent",
    "UL": "Global Location Number (GLN)",
    "ZZ": "Mutually Defined",
}

REFERENCE_QUALIFIERS = {  # 128
    "2I": "Tracking Number",
    "BM": "Bill of Lading Number",
    "CN": "Carrier's Reference Number (PRO/Invoice)",
    "CO": "Customer Order Number",
    "CR": "Customer Reference Number",
    "DP": "Department Number",
    "IA": "Internal Vendor Number",
    "IV": "Seller's Invoice Number",
    "LT": "Lot Number",
    "MR": "Merchandise Type Code",
    "PK": "Packing List Number",
    "PO": "Purchase Order Number",
    "SI": "Shipper's Identifying Number for Shipment (SID)",
    "SN": "Seal Number",
    "VN": "Vendor Order Number",
    "ZZ": "Mutually Defined",
}

DATE_QUALIFIERS = {  # 374
    "002": "Delivery Requested",
    "003": "Invoice",
    "004": "Purchase Order",
    "010": "Requested Ship",
    "011": "Shipped",
    "017": "Estimated Delivery",
    "035": "Delivered",
    "036": "Expiration",
    "037": "Ship Not Before",
    "038": "Ship No Later",
    "050": "Received",
    "063": "Do Not Deliver After",
    "064": "Do Not Deliver Before",
    "067": "Current Schedule Delivery",
    "068": "Current Schedule Ship",
    "069": "Promised for Delivery",
    "097": "Transaction Creation",
    "405": "Production",
}

G62_QUALIFIERS = {  # 432 Date Qualifier, 176 Time Qualifier
    "02": "Delivery Requested on This Date",
    "04": "Purchase Order Date",
    "10": "Requested Ship Date/Pick-up Date",
    "11": "Shipped on This Date",
    "17": "Estimated Delivery Date",
    "35": "Delivered on This Date",
    "53": "Deliver No Later Than Date",
    "54": "Deliver No Earlier Than Date",
}

UNITS = {  # 355
    "BG": "Bag",
    "BX": "Box",
    "CA": "Case",
    "CT": "Carton",
    "DZ": "Dozen",
    "EA": "Each",
    "FT": "Foot",
    "GA": "Gallon",
    "KG": "Kilogram",
    "LB": "Pound",
    "LT": "Liter",
    "MR": "Meter",
    "PC": "Piece",
    "PK": "Package",
    "PL": "Pallet/Unit Load",
    "PR": "Pair",
    "RL": "Roll",
    "ST": "Set",
    "UN": "Unit",
}

PRODUCT_QUALIFIERS = {  # 235
    "BP": "Buyer's Part Number",
    "CB": "Buyer's Catalog Number",
    "EN": "European Article Number (EAN) (2-5-5-1)",
    "IN": "Buyer's Item Number",
    "LT": "Lot Number",
    "MG": "Manufacturer's Part Number",
    "ND": "National Drug Code (NDC)",
    "PI": "Purchaser's Item Code",
    "SK": "Stock Keeping Unit (SKU)",
    "SN": "Serial Number",
    "UA": "U.P.C./EAN Case Code (2-5-5)",
    "UI": "U.P.C. Consumer Package Code (1-5-5)",
    "UK": "GTIN-14 (I-2-5-5-1)",
    "UP": "U.P.C. Consumer Package Code (1-5-5-1)",
    "VC": "Vendor's (Seller's) Catalog Number",
    "VN": "Vendor's (Seller's) Item Number",
    "VP": "Vendor's (Seller's) Part Number",
}

PRICE_BASES = {  # 639
    "CP": "Current Price (Subject to Change)",
    "CT": "Contract",
    "NT": "Net",
    "PE": "Price per Each",
    "QT": "Quoted",
    "UM": "Price per Unit of Measure",
}

PURPOSES = {  # 353
    "00": "Original",
    "01": "Cancellation",
    "04": "Change",
    "05": "Replace",
    "06": "Confirmation",
    "07": "Duplicate",
    "11": "Response",
    "13": "Request",
    "18": "Reissue",
}

ORDER_TYPES = {  # 92
    "BK": "Blanket Order (Quantity Firm)",
    "DS": "Dropship",
    "NE": "New Order",
    "RL": "Release or Delivery Order",
    "SA": "Stand-alone Order",
}

ACK_TYPES = {  # 587
    "AC": "Acknowledge - With Detail and Change",
    "AD": "Acknowledge - With Detail, No Change",
    "AE": "Acknowledge - With Exception Detail Only",
    "AK": "Acknowledge - No Detail or Change",
    "AT": "Accepted",
    "RD": "Reject with Detail",
    "RJ": "Rejected - No Detail",
}

LINE_STATUSES = {  # 668
    "AC": "Item Accepted and Shipped",
    "DR": "Item Accepted - Date Rescheduled",
    "IA": "Item Accepted",
    "IB": "Item Backordered",
    "IC": "Item Accepted - Changes Made",
    "ID": "Item Deleted",
    "IH": "Item on Hold",
    "IP": "Item Accepted - Price Changed",
    "IQ": "Item Accepted - Quantity Changed",
    "IR": "Item Rejected",
    "IS": "Item Accepted - Substitution Made",
}

CHANGE_TYPES = {  # 670
    "AI": "Add Additional Item(s)",
    "CA": "Changes To Line Items",
    "CT": "Change of Dates",
    "DI": "Delete Item(s)",
    "PC": "Price Change",
    "QD": "Quantity Decrease",
    "QI": "Quantity Increase",
}

HIERARCHY_LEVELS = {  # 735
    "I": "Item",
    "O": "Order",
    "P": "Pack",
    "S": "Shipment",
    "T": "Shipping Tare",
}

HIERARCHY_STRUCTURES = {  # 1005
    "0001": "Shipment, Order, Packaging, Item",
    "0002": "Shipment, Order, Item, Packaging",
    "0004": "Shipment, Order, Item",
}

MARKS = {  # 88
    "AA": "Pallet Number",
    "CP": "Carrier-Assigned Package ID Number",
    "GM": "SSCC-18 and Application Identifier",
    "UC": "U.P.C. Shipping Container Code",
    "ZZ": "Mutually Defined",
}

TRANSPORT_METHODS = {  # 91
    "A": "Air",
    "H": "Customer Pickup",
    "LT": "Less Than Trailer Load (LTL)",
    "M": "Motor (Common Carrier)",
    "R": "Rail",
    "U": "Private Parcel Service",
}

SHIPMENT_STATUSES = {  # 368
    "BP": "Shipment Partial, Balance Pending",
    "CC": "Shipment Complete on (Date)",
    "PR": "Partial Shipment",
    "SS": "Split Shipment",
}

CARRIER_STATUSES = {  # 1650 (AT701), those the 214 mapper reads
    "A3": "Shipment Returned to Shipper",
    "A7": "Refused by Consignee",
    "A9": "Shipment Damaged",
    "AF": "Carrier Departed Pick-up Location with Shipment",
    "AG": "Estimated Delivery",
    "AH": "Attempted Delivery",
    "AM": "Loaded on Truck",
    "AP": "Delivery Not Completed",
    "AV": "Available for Delivery",
    "CA": "Shipment Cancelled",
    "CP": "Completed Loading at Pick-up Location",
    "D1": "Completed Unloading at Delivery Location",
    "I1": "In-Gate",
    "J1": "Delivered to Connecting Line",
    "P1": "Departed Terminal Location",
    "R1": "Received from Prior Carrier",
    "SD": "Shipment Delayed",
    "X1": "Arrived at Delivery Location",
    "X2": "Estimated Date and/or Time of Arrival at Consignee's Location",
    "X3": "Arrived at Pick-up Location",
    "X4": "Arrived at Terminal Location",
    "X6": "En Route to Delivery Location",
}
STATUS_REASONS = {  # 1651 (AT702)
    "A1": "Missed Delivery",
    "A2": "Incorrect Address",
    "A3": "Indirect Delivery",
    "A5": "Unable to Locate",
    "AF": "Accident",
    "AG": "Consignee Related",
    "AJ": "Other Carrier-related",
    "AM": "Shipper Related",
    "AN": "Holiday - Closed",
    "AO": "Weather or Natural Disaster Related",
    "AY": "Missed Pick-up",
    "B1": "Consignee Closed",
    "BG": "Other",
    "BS": "Refused by Customer",
    "NS": "Normal Status",
}
ALLOWANCE_INDICATORS = {"A": "Allowance", "C": "Charge", "N": "No Allowance or Charge"}  # 248

ALLOWANCE_CODES = {  # 1300
    "C310": "Discount",
    "D240": "Freight",
    "F050": "Other (See related description)",
    "H850": "Tax",
    "I530": "Handling",
}

TAX_TYPES = {  # 963
    "CA": "City Tax",
    "CT": "County Tax",
    "FT": "Federal Tax",
    "GS": "Goods and Services Tax",
    "LS": "State and Local Sales Tax",
    "ST": "State Sales Tax",
    "VA": "Value Added Tax",
}

ISA_AUTHORIZATION = {"00": "No Authorization Information Present"}
ISA_SECURITY = {"00": "No Security Information Present", "01": "Password"}
ISA_ID_QUALIFIERS = {  # I05
    "01": "Duns (Dun & Bradstreet)",
    "08": "UCC EDI Communications ID (Comm ID)",
    "12": "Phone (Telephone Companies)",
    "14": "Duns Plus Suffix",
    "ZZ": "Mutually Defined",
}
ACK_REQUESTED = {"0": "No Interchange Acknowledgment Requested", "1": "TA1 Requested"}
USAGE = {"I": "Information", "P": "Production Data", "T": "Test Data"}
AGENCIES = {
    "T": "Transportation Data Coordinating Committee",
    "X": "Accredited Standards Committee X12",
}
ACK_CODES = {  # 715, 717, I17
    "A": "Accepted",
    "E": "Accepted But Errors Were Noted",
    "M": "Rejected, Message Authentication Code (MAC) Failed",
    "P": "Partially Accepted, At Least One Transaction Set Was Rejected",
    "R": "Rejected",
    "W": "Rejected, Assurance Failed Validity Tests",
    "X": "Rejected, Content After Decryption Could Not Be Analyzed",
}

# tag: (segment name, names of its elements 01, 02...)
SEGMENTS = {
    "ISA": (
        "Interchange Control Header",
        (
            "Authorization Information Qualifier",
            "Authorization Information",
            "Security Information Qualifier",
            "Security Information",
            "Interchange ID Qualifier",
            "Interchange Sender ID",
            "Interchange ID Qualifier",
            "Interchange Receiver ID",
            "Interchange Date",
            "Interchange Time",
            "Repetition Separator / Interchange Control Standards Identifier",
            "Interchange Control Version Number",
            "Interchange Control Number",
            "Acknowledgment Requested",
            "Interchange Usage Indicator",
            "Component Element Separator",
        ),
    ),
    "IEA": (
        "Interchange Control Trailer",
        ("Number of Included Functional Groups", "Interchange Control Number"),
    ),
    "GS": (
        "Functional Group Header",
        (
            "Functional Identifier Code",
            "Application Sender's Code",
            "Application Receiver's Code",
            "Date",
            "Time",
            "Group Control Number",
            "Responsible Agency Code",
            "Version / Release / Industry Identifier Code",
        ),
    ),
    "GE": (
        "Functional Group Trailer",
        ("Number of Transaction Sets Included", "Group Control Number"),
    ),
    "ST": (
        "Transaction Set Header",
        (
            "Transaction Set Identifier Code",
            "Transaction Set Control Number",
            "Implementation Convention Reference",
        ),
    ),
    "SE": (
        "Transaction Set Trailer",
        ("Number of Included Segments", "Transaction Set Control Number"),
    ),
    "TA1": (
        "Interchange Acknowledgment",
        (
            "Interchange Control Number",
            "Interchange Date",
            "Interchange Time",
            "Interchange Acknowledgment Code",
            "Interchange Note Code",
        ),
    ),
    "AK1": (
        "Functional Group Response Header",
        (
            "Functional Identifier Code",
            "Group Control Number",
            "Version / Release / Industry Identifier Code",
        ),
    ),
    "AK2": (
        "Transaction Set Response Header",
        (
            "Transaction Set Identifier Code",
            "Transaction Set Control Number",
            "Implementation Convention Reference",
        ),
    ),
    "AK3": (
        "Data Segment Note",
        (
            "Segment ID Code",
            "Segment Position in Transaction Set",
            "Loop Identifier Code",
            "Segment Syntax Error Code",
        ),
    ),
    "AK4": (
        "Data Element Note",
        (
            "Position in Segment",
            "Data Element Reference Number",
            "Data Element Syntax Error Code",
            "Copy of Bad Data Element",
        ),
    ),
    "AK5": (
        "Transaction Set Response Trailer",
        ("Transaction Set Acknowledgment Code",) + ("Transaction Set Syntax Error Code",) * 5,
    ),
    "AK9": (
        "Functional Group Response Trailer",
        (
            "Functional Group Acknowledge Code",
            "Number of Transaction Sets Included",
            "Number of Received Transaction Sets",
            "Number of Accepted Transaction Sets",
        )
        + ("Functional Group Syntax Error Code",) * 5,
    ),
    "IK3": (
        "Error Identification",
        (
            "Segment ID Code",
            "Segment Position in Transaction Set",
            "Loop Identifier Code",
            "Implementation Segment Syntax Error Code",
        ),
    ),
    "IK4": (
        "Implementation Data Element Note",
        (
            "Position in Segment",
            "Data Element Reference Number",
            "Implementation Data Element Syntax Error Code",
            "Copy of Bad Data Element",
        ),
    ),
    "IK5": (
        "Implementation Transaction Set Response Trailer",
        ("Transaction Set Acknowledgment Code",)
        + ("Implementation Transaction Set Syntax Error Code",) * 5,
    ),
    "CTX": ("Context", ("Context Identification", "Segment ID Code", "Segment Position")),
    "BEG": (
        "Beginning Segment for Purchase Order",
        (
            "Transaction Set Purpose Code",
            "Purchase Order Type Code",
            "Purchase Order Number",
            "Release Number",
            "Date",
            "Contract Number",
        ),
    ),
    "BCH": (
        "Beginning Segment for Purchase Order Change",
        (
            "Transaction Set Purpose Code",
            "Purchase Order Type Code",
            "Purchase Order Number",
            "Release Number",
            "Change Order Sequence Number",
            "Date",
        ),
    ),
    "BCA": (
        "Beginning Segment for Purchase Order Change Acknowledgment",
        (
            "Transaction Set Purpose Code",
            "Acknowledgment Type",
            "Purchase Order Number",
            "Release Number",
            "Change Order Sequence Number",
            "Date",
            "Request Reference Number",
            "Contract Number",
            "Reference Identification",
            "Date",
        ),
    ),
    "BAK": (
        "Beginning Segment for Purchase Order Acknowledgment",
        (
            "Transaction Set Purpose Code",
            "Acknowledgment Type",
            "Purchase Order Number",
            "Date",
            "Release Number",
            "Request Reference Number",
            "Contract Number",
            "Reference Identification",
            "Date",
        ),
    ),
    "BSN": (
        "Beginning Segment for Ship Notice",
        (
            "Transaction Set Purpose Code",
            "Shipment Identification",
            "Date",
            "Time",
            "Hierarchical Structure Code",
        ),
    ),
    "BIG": (
        "Beginning Segment for Invoice",
        (
            "Date",
            "Invoice Number",
            "Date",
            "Purchase Order Number",
            "Release Number",
            "Change Order Sequence Number",
            "Transaction Type Code",
        ),
    ),
    "BIA": (
        "Beginning Segment for Inventory Inquiry/Advice",
        (
            "Transaction Set Purpose Code",
            "Report Type Code",
            "Reference Identification",
            "Date",
            "Time",
        ),
    ),
    "CUR": ("Currency", ("Entity Identifier Code", "Currency Code")),
    "REF": (
        "Reference Identification",
        ("Reference Identification Qualifier", "Reference Identification", "Description"),
    ),
    "N9": (
        "Reference Identification",
        ("Reference Identification Qualifier", "Reference Identification", "Free-form Description"),
    ),
    "PER": (
        "Administrative Communications Contact",
        (
            "Contact Function Code",
            "Name",
            "Communication Number Qualifier",
            "Communication Number",
            "Communication Number Qualifier",
            "Communication Number",
        ),
    ),
    "FOB": (
        "F.O.B. Related Instructions",
        ("Shipment Method of Payment", "Location Qualifier", "Description"),
    ),
    "ITD": (
        "Terms of Sale/Deferred Terms of Sale",
        (
            "Terms Type Code",
            "Terms Basis Date Code",
            "Terms Discount Percent",
            "Terms Discount Due Date",
            "Terms Discount Days Due",
            "Terms Net Due Date",
            "Terms Net Days",
        ),
    ),
    "DTM": (
        "Date/Time Reference",
        ("Date/Time Qualifier", "Date", "Time", "Time Code"),
    ),
    "B10": (
        "Beginning Segment for Transportation Carrier Shipment Status Message",
        (
            "Reference Identification",
            "Shipment Identification Number",
            "Standard Carrier Alpha Code",
        ),
    ),
    "L11": (
        "Business Instructions and Reference Number",
        ("Reference Identification", "Reference Identification Qualifier", "Description"),
    ),
    "AT7": (
        "Shipment Status Details",
        (
            "Shipment Status Code",
            "Shipment Status or Appointment Reason Code",
            "Shipment Appointment Status Code",
            "Shipment Status or Appointment Reason Code",
            "Date",
            "Time",
            "Time Code",
        ),
    ),
    "MS1": (
        "Equipment, Shipment, or Real Property Location",
        ("City Name", "State or Province Code", "Country Code"),
    ),
    "K1": ("Remarks", ("Free-form Message", "Free-form Message")),
    "G62": (
        "Date/Time",
        ("Date Qualifier", "Date", "Time Qualifier", "Time"),
    ),
    "TD1": (
        "Carrier Details (Quantity and Weight)",
        (
            "Packaging Code",
            "Lading Quantity",
            "Commodity Code Qualifier",
            "Commodity Code",
            "Lading Description",
            "Weight Qualifier",
            "Weight",
            "Unit or Basis for Measurement Code",
        ),
    ),
    "TD3": (
        "Carrier Details (Equipment)",
        ("Equipment Description Code", "Equipment Initial", "Equipment Number"),
    ),
    "TD5": (
        "Carrier Details (Routing Sequence/Transit Time)",
        (
            "Routing Sequence Code",
            "Identification Code Qualifier",
            "Identification Code",
            "Transportation Method/Type Code",
            "Routing",
            "Shipment/Order Status Code",
        ),
    ),
    "MSG": ("Message Text", ("Free-Form Message Text",)),
    "NTE": ("Note/Special Instruction", ("Note Reference Code", "Description")),
    "N1": (
        "Name",
        ("Entity Identifier Code", "Name", "Identification Code Qualifier", "Identification Code"),
    ),
    "N2": ("Additional Name Information", ("Name", "Name")),
    "N3": ("Address Information", ("Address Information", "Address Information")),
    "N4": (
        "Geographic Location",
        (
            "City Name",
            "State or Province Code",
            "Postal Code",
            "Country Code",
            "Location Qualifier",
            "Location Identifier",
        ),
    ),
    "PO1": (
        "Baseline Item Data",
        ("Assigned Identification", "Quantity Ordered", "Unit or Basis for Measurement Code")
        + ("Unit Price", "Basis of Unit Price Code")
        + ("Product/Service ID Qualifier", "Product/Service ID") * 10,
    ),
    "POC": (
        "Line Item Change",
        (
            "Assigned Identification",
            "Change or Response Type Code",
            "Quantity Ordered",
            "Quantity Left to Receive",
            "Unit or Basis for Measurement Code",
            "Unit Price",
            "Basis of Unit Price Code",
        )
        + ("Product/Service ID Qualifier", "Product/Service ID") * 10,
    ),
    "PID": (
        "Product/Item Description",
        (
            "Item Description Type",
            "Product/Process Characteristic Code",
            "Agency Qualifier Code",
            "Product Description Code",
            "Description",
        ),
    ),
    "PKG": (
        "Marks and Packaging",
        (
            "Item Description Type",
            "Packaging Characteristic Code",
            "Agency Qualifier Code",
            "Packaging Description Code",
            "Description",
        ),
    ),
    "PO4": (
        "Item Physical Details",
        (
            "Pack",
            "Size",
            "Unit or Basis for Measurement Code",
            "Packaging Code",
            "Weight Qualifier",
            "Gross Weight per Pack",
            "Unit or Basis for Measurement Code",
            "Gross Volume per Pack",
            "Unit or Basis for Measurement Code",
            "Length",
        ),
    ),
    "SAC": (
        "Service, Promotion, Allowance, or Charge Information",
        (
            "Allowance or Charge Indicator",
            "Service, Promotion, Allowance, or Charge Code",
            "Agency Qualifier Code",
            "Agency Service, Promotion, Allowance, or Charge Code",
            "Amount",
            "Allowance/Charge Percent Qualifier",
            "Percent",
            "Rate",
            "Unit or Basis for Measurement Code",
            "Quantity",
            "Quantity",
            "Allowance or Charge Method of Handling Code",
            "Reference Identification",
            "Option Number",
            "Description",
        ),
    ),
    "CTT": (
        "Transaction Totals",
        (
            "Number of Line Items",
            "Hash Total",
            "Weight",
            "Unit or Basis for Measurement Code",
            "Volume",
            "Unit or Basis for Measurement Code",
            "Description",
        ),
    ),
    "AMT": ("Monetary Amount", ("Amount Qualifier Code", "Monetary Amount")),
    "ACK": (
        "Line Item Acknowledgment",
        (
            "Line Item Status Code",
            "Quantity",
            "Unit or Basis for Measurement Code",
            "Date/Time Qualifier",
            "Date",
            "Request Reference Number",
        )
        + ("Product/Service ID Qualifier", "Product/Service ID") * 11,
    ),
    "HL": (
        "Hierarchical Level",
        (
            "Hierarchical ID Number",
            "Hierarchical Parent ID Number",
            "Hierarchical Level Code",
            "Hierarchical Child Code",
        ),
    ),
    "PRF": (
        "Purchase Order Reference",
        ("Purchase Order Number", "Release Number", "Change Order Sequence Number", "Date"),
    ),
    "LIN": (
        "Item Identification",
        ("Assigned Identification",) + ("Product/Service ID Qualifier", "Product/Service ID") * 15,
    ),
    "SN1": (
        "Item Detail (Shipment)",
        (
            "Assigned Identification",
            "Number of Units Shipped",
            "Unit or Basis for Measurement Code",
            "Quantity Shipped to Date",
            "Quantity Ordered",
            "Unit or Basis for Measurement Code",
            "Returnable Container Load Make-Up Code",
            "Line Item Status Code",
        ),
    ),
    "MAN": (
        "Marks and Numbers",
        ("Marks and Numbers Qualifier", "Marks and Numbers", "Marks and Numbers"),
    ),
    "IT1": (
        "Baseline Item Data (Invoice)",
        ("Assigned Identification", "Quantity Invoiced", "Unit or Basis for Measurement Code")
        + ("Unit Price", "Basis of Unit Price Code")
        + ("Product/Service ID Qualifier", "Product/Service ID") * 10,
    ),
    "TDS": (
        "Total Monetary Value Summary",
        ("Amount (total invoice)", "Amount (subject to terms discount)", "Amount", "Amount"),
    ),
    "TXI": (
        "Tax Information",
        ("Tax Type Code", "Monetary Amount", "Percent", "Tax Jurisdiction Code Qualifier"),
    ),
    "ISS": (
        "Invoice Shipment Summary",
        ("Number of Units Shipped", "Unit or Basis for Measurement Code", "Weight"),
    ),
    "QTY": (
        "Quantity",
        ("Quantity Qualifier", "Quantity", "Composite Unit of Measure"),
    ),
    "LX": ("Assigned Number", ("Assigned Number",)),
    "G61": (
        "Contact",
        ("Contact Function Code", "Name", "Communication Number Qualifier", "Communication Number"),
    ),
    "CSH": ("Sales Requirements", ("Sales Requirement Code",)),
    "SCH": (
        "Line Item Schedule",
        (
            "Quantity",
            "Unit or Basis for Measurement Code",
            "Entity Identifier Code",
            "Name",
            "Date/Time Qualifier",
            "Date",
        ),
    ),
    "W09": (
        "Equipment and Temperature",
        (
            "Equipment Description Code",
            "Temperature",
            "Unit or Basis for Measurement Code",
            "Temperature",
            "Unit or Basis for Measurement Code",
        ),
    ),
    "W10": ("Unit Load Detail", ("Unit Load Option Code", "Quantity of Pallets Shipped")),
    "G69": ("Line Item Detail - Description", ("Free-form Description",)),
    "W01": (
        "Line Item Detail - Warehouse",
        (
            "Quantity Ordered",
            "Unit or Basis for Measurement Code",
            "U.P.C. Case Code",
            "Product/Service ID Qualifier",
            "Product/Service ID",
            "Product/Service ID Qualifier",
            "Product/Service ID",
        ),
    ),
    "W03": ("Total Shipment Information", ("Number of Units Shipped", "Weight", "Unit Code")),
    "W05": (
        "Shipping Order Identification",
        (
            "Order Status Code",
            "Depositor Order Number",
            "Purchase Order Number",
            "Link Sequence Number",
            "Master Reference (Link) Number",
        ),
    ),
    "W06": (
        "Warehouse Shipment Identification",
        (
            "Reporting Code",
            "Depositor Order Number",
            "Date",
            "Shipment Identification Number",
            "Agent Shipment ID Number",
            "Purchase Order Number",
        ),
    ),
    "W07": (
        "Item Detail for Stock Receipt",
        (
            "Quantity Received",
            "Unit or Basis for Measurement Code",
            "U.P.C. Case Code",
            "Product/Service ID Qualifier",
            "Product/Service ID",
            "Product/Service ID Qualifier",
            "Product/Service ID",
            "Warehouse Lot Number",
        ),
    ),
    "W12": (
        "Warehouse Item Detail",
        (
            "Shipment/Order Status Code",
            "Quantity Ordered",
            "Number of Units Shipped",
            "Quantity Difference",
            "Unit or Basis for Measurement Code",
            "U.P.C. Case Code",
            "Product/Service ID Qualifier",
            "Product/Service ID",
            "Warehouse Lot Number",
        ),
    ),
    "W14": ("Total Receipt Information", ("Quantity Received", "Number of Units Shipped")),
    "W17": (
        "Warehouse Receipt Identification",
        (
            "Reporting Code",
            "Date",
            "Warehouse Receipt Number",
            "Depositor Order Number",
            "Shipment Identification Number",
        ),
    ),
    "W20": (
        "Line Item Detail (Miscellaneous)",
        ("Pack", "Size", "Unit or Basis for Measurement Code"),
    ),
    "W27": (
        "Carrier Detail",
        (
            "Transportation Method/Type Code",
            "Standard Carrier Alpha Code",
            "Routing",
            "Shipment Method of Payment",
        ),
    ),
    "W66": (
        "Warehouse Carrier Information",
        (
            "Shipment Method of Payment",
            "Transportation Method/Type Code",
            "Pallet Exchange Code",
            "Unit Load Option Code",
            "Routing",
            "",
            "",
            "",
            "",
            "Standard Carrier Alpha Code",
        ),
    ),
    "BPR": (
        "Beginning Segment for Payment Order/Remittance Advice",
        (
            "Transaction Handling Code",
            "Monetary Amount",
            "Credit/Debit Flag Code",
            "Payment Method Code",
            "Payment Format Code",
            "(DFI) ID Number Qualifier",
            "(DFI) Identification Number",
            "Account Number Qualifier",
            "Account Number",
            "Originating Company Identifier",
            "Originating Company Supplemental Code",
            "(DFI) ID Number Qualifier",
            "(DFI) Identification Number",
            "Account Number Qualifier",
            "Account Number",
            "Date",
        ),
    ),
    "TRN": (
        "Trace",
        ("Trace Type Code", "Reference Identification", "Originating Company Identifier"),
    ),
    "ENT": ("Entity", ("Assigned Number",)),
    "RMR": (
        "Remittance Advice Accounts Receivable Open Item Reference",
        (
            "Reference Identification Qualifier",
            "Reference Identification",
            "Payment Action Code",
            "Monetary Amount",
            "Monetary Amount",
            "Monetary Amount",
        ),
    ),
    "ADX": (
        "Adjustment",
        (
            "Monetary Amount",
            "Adjustment Reason Code",
            "Reference Identification Qualifier",
            "Reference Identification",
        ),
    ),
    "BGN": (
        "Beginning Segment",
        ("Transaction Set Purpose Code", "Reference Identification", "Date", "Time"),
    ),
    "RDR": (
        "Return Disposition Reason",
        (
            "Returns Disposition Code",
            "Return Request Reason Code",
            "Return Response Reason Code",
            "Description",
            "Yes/No Condition or Response Code",
        ),
    ),
    "BLI": (
        "Baseline Item Data",
        (
            "Product/Service ID Qualifier",
            "Product/Service ID",
            "Quantity",
            "Unit or Basis for Measurement Code",
            "Price Identifier Code",
            "Unit Price",
            "Unit or Basis for Measurement Code",
        )
        + ("Product/Service ID Qualifier", "Product/Service ID") * 3,
    ),
    "W76": (
        "Total Shipping Order",
        (
            "Quantity Ordered",
            "Weight",
            "Unit or Basis for Measurement Code",
            "Volume",
            "Unit or Basis for Measurement Code",
        ),
    ),
}

# Coded elements and the code list explaining their values, by element name: X12 ties a
# code list to its data element, whatever segment carries it.
BY_ELEMENT = {
    "Acknowledgment Requested": ACK_REQUESTED,
    "Acknowledgment Type": ACK_TYPES,
    "Allowance or Charge Indicator": ALLOWANCE_INDICATORS,
    "Authorization Information Qualifier": ISA_AUTHORIZATION,
    "Basis of Unit Price Code": PRICE_BASES,
    "Change or Response Type Code": CHANGE_TYPES,
    "Data Element Syntax Error Code": ELEMENT_ERRORS,
    "Date Qualifier": G62_QUALIFIERS,
    "Date/Time Qualifier": DATE_QUALIFIERS,
    "Entity Identifier Code": ENTITY_IDS,
    "Functional Group Acknowledge Code": ACK_CODES,
    "Functional Group Syntax Error Code": GROUP_ERRORS,
    "Functional Identifier Code": FUNCTIONAL_IDS,
    "Hierarchical Level Code": HIERARCHY_LEVELS,
    "Hierarchical Structure Code": HIERARCHY_STRUCTURES,
    "Identification Code Qualifier": ID_QUALIFIERS,
    "Implementation Data Element Syntax Error Code": ELEMENT_ERRORS,
    "Implementation Segment Syntax Error Code": SEGMENT_ERRORS,
    "Implementation Transaction Set Syntax Error Code": SET_ERRORS,
    "Interchange Acknowledgment Code": ACK_CODES,
    "Interchange ID Qualifier": ISA_ID_QUALIFIERS,
    "Interchange Note Code": INTERCHANGE_NOTES,
    "Interchange Usage Indicator": USAGE,
    "Line Item Status Code": LINE_STATUSES,
    "Marks and Numbers Qualifier": MARKS,
    "Product/Service ID Qualifier": PRODUCT_QUALIFIERS,
    "Purchase Order Type Code": ORDER_TYPES,
    "Reference Identification Qualifier": REFERENCE_QUALIFIERS,
    "Responsible Agency Code": AGENCIES,
    "Security Information Qualifier": ISA_SECURITY,
    "Segment Syntax Error Code": SEGMENT_ERRORS,
    "Service, Promotion, Allowance, or Charge Code": ALLOWANCE_CODES,
    "Shipment/Order Status Code": SHIPMENT_STATUSES,
    "Shipment Status Code": CARRIER_STATUSES,
    "Shipment Status or Appointment Reason Code": STATUS_REASONS,
    "Tax Type Code": TAX_TYPES,
    "Transaction Set Acknowledgment Code": ACK_CODES,
    "Transaction Set Identifier Code": SETS,
    "Transaction Set Purpose Code": PURPOSES,
    "Transaction Set Syntax Error Code": SET_ERRORS,
    "Transportation Method/Type Code": TRANSPORT_METHODS,
    "Unit or Basis for Measurement Code": UNITS,
}
# ``BEG01``-style reference -> code list, for every listed element that has one.
CODE_LISTS = {
    f"{tag}{position:02d}": BY_ELEMENT[name]
    for tag, (_segment, elements) in SEGMENTS.items()
    for position, name in enumerate(elements, 1)
    if name in BY_ELEMENT
}
# Before 00402, ISA11 is the standards identifier, not the repetition separator.
CODE_LISTS["ISA11"] = {"U": "U.S. EDI Community of ASC X12, TDCC, and UCS"}


def segment_name(tag):
    """``Beginning Segment for Purchase Order`` for BEG; '' for a segment not listed."""
    entry = SEGMENTS.get(tag)
    return entry[0] if entry else ""


def element_name(tag, position):
    """The name of element ``position`` (1-based) of segment ``tag``; '' when not listed."""
    entry = SEGMENTS.get(tag)
    if not entry or not 0 < position <= len(entry[1]):
        return ""
    return entry[1][position - 1]


def code_meaning(tag, position, value):
    """What coded ``value`` of element ``position`` of ``tag`` stands for; '' when unknown."""
    table = CODE_LISTS.get(f"{tag}{position:02d}")
    return (table.get(value.strip()) or "") if table else ""
