"""X12 acknowledgement code lists, so that errors we send and receive read as sentences."""

# I18 Interchange Note Code (TA105).
INTERCHANGE_NOTES = {
    "000": "No error",
    "001": "Interchange control numbers in header and trailer do not match",
    "002": "Control standard not supported",
    "003": "Version of the controls not supported",
    "004": "Segment terminator is invalid",
    "005": "Invalid interchange ID qualifier for sender",
    "006": "Invalid interchange sender ID",
    "007": "Invalid interchange ID qualifier for receiver",
    "008": "Invalid interchange receiver ID",
    "009": "Unknown interchange receiver ID",
    "014": "Invalid interchange date value",
    "015": "Invalid interchange time value",
    "017": "Invalid interchange version ID value",
    "018": "Invalid interchange control number value",
    "019": "Invalid acknowledgment requested value",
    "020": "Invalid test indicator value",
    "021": "Invalid number of included groups value",
    "022": "Invalid control structure",
    "023": "Improper (premature) end-of-file",
    "024": "Invalid interchange content",
    "025": "Duplicate interchange control number",
    "026": "Invalid data element separator",
    "027": "Invalid component element separator",
    "032": "Invalid repetition separator",
}

# 716 Functional Group Syntax Error Code (AK905..AK909).
GROUP_ERRORS = {
    "1": "Functional group not supported",
    "2": "Functional group version not supported",
    "3": "Functional group trailer missing",
    "4": "Group control numbers in header and trailer do not agree",
    "5": "Number of included transaction sets does not match actual count",
    "6": "Group control number violates syntax",
    "19": "Functional group control number not unique within interchange",
}

# 718 Transaction Set Syntax Error Code (AK502..AK506, IK502..IK506).
SET_ERRORS = {
    "1": "Transaction set not supported",
    "2": "Transaction set trailer missing",
    "3": "Transaction set control numbers in header and trailer do not match",
    "4": "Number of included segments does not match actual count",
    "5": "One or more segments in error",
    "6": "Missing or invalid transaction set identifier",
    "7": "Missing or invalid transaction set control number",
    "23": "Transaction set control number not unique within the functional group",
    "I5": "Implementation: one or more segments in error",
    "I6": "Implementation convention not supported",
}

# 720 Segment Syntax Error Code (AK304) and 620 Implementation Segment Syntax Error (IK304).
SEGMENT_ERRORS = {
    "1": "Unrecognized segment ID",
    "2": "Unexpected segment",
    "3": "Required segment missing",
    "4": "Loop occurs over maximum times",
    "5": "Segment exceeds maximum use",
    "6": "Segment not in defined transaction set",
    "7": "Segment not in proper sequence",
    "8": "Segment has data element errors",
    "I4": "Implementation: 'not used' segment present",
    "I6": "Implementation dependent segment missing",
    "I7": "Implementation loop occurs under minimum times",
    "I8": "Implementation segment below minimum use",
    "I9": "Implementation dependent 'not used' segment present",
}

# 723 Data Element Syntax Error Code (AK403) and 621 (IK403).
ELEMENT_ERRORS = {
    "1": "Required data element missing",
    "2": "Conditional required data element missing",
    "3": "Too many data elements",
    "4": "Data element too short",
    "5": "Data element too long",
    "6": "Invalid character in data element",
    "7": "Invalid code value",
    "8": "Invalid date",
    "9": "Invalid time",
    "10": "Exclusion condition violated",
    "12": "Too many repetitions",
    "13": "Too many components",
    "I10": "Implementation 'not used' data element present",
    "I11": "Implementation too few repetitions",
    "I12": "Implementation pattern match failure",
    "I13": "Implementation dependent 'not used' data element present",
}


def describe(table, code):
    """The sentence for ``code``, or a neutral one for a code this table does not list."""
    return table.get(code) or f"error code {code}"
