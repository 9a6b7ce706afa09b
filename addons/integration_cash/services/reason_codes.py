"""What a payer's deduction codes mean: the X12 426 adjustment reason codes of an 820's ADX
segments, the EDIFACT 4465 codes of a REMADV's AJT segments, and the hub's own names used by
CSV files and canonical JSON, each with its kind (shortage, damage, pricing, chargeback...)
so a person sees at once what is disputed.

Compact on purpose: the codes payers use for deductions. Written for the hub from the code
names the standards publish; an unknown code is shown as such, never refused.
"""

from typing import NamedTuple

KINDS = {
    "shortage": "Shortage",
    "damage": "Damage",
    "pricing": "Pricing",
    "chargeback": "Chargeback",
    "returns": "Returns",
    "discount": "Discount",
    "freight": "Freight",
    "allowance": "Allowance",
    "other": "Other",
}

# X12 426 (ADX02).
X12 = {
    "01": ("Pricing Error", "pricing"),
    "02": ("Allowance/Charge Error", "pricing"),
    "03": ("Extension Error", "pricing"),
    "04": ("Item Not Accepted - Damaged", "damage"),
    "05": ("Item Not Accepted - Quality", "damage"),
    "06": ("Quantity Contested", "shortage"),
    "07": ("Incorrect Product", "shortage"),
    "08": ("Substitute Product", "shortage"),
    "09": ("Terms of Sale Error", "pricing"),
    "11": ("Returns - Damage", "returns"),
    "12": ("Returns - Quality", "returns"),
    "19": ("Duplicate Billing", "pricing"),
    "22": ("Weight Error", "freight"),
    "24": ("Incorrect Discount", "discount"),
    "25": ("Item Not Accepted", "damage"),
    "27": ("Product Transfers Subject to Charge Back", "chargeback"),
    "42": ("Item Not Accepted - Loss", "shortage"),
    "43": ("Missing Discount", "discount"),
    "54": ("Freight Deducted", "freight"),
    "55": ("Tax Deducted", "pricing"),
    "56": ("Advertising Allowance Taken", "allowance"),
    "57": ("Volume Discount Taken", "discount"),
    "59": ("Item not received", "shortage"),
    "70": ("Advanced Ship Notice Not Received", "chargeback"),
    "72": ("Authorized Return", "returns"),
}

# EDIFACT 4465 (AJT 4465).
EDIFACT = {
    "1": ("Agreed settlement", "other"),
    "2": ("Below specification goods", "damage"),
    "3": ("Damaged goods", "damage"),
    "4": ("Short delivery", "shortage"),
    "5": ("Price query", "pricing"),
    "6": ("Proof of delivery required", "shortage"),
    "9": ("Invoice error", "pricing"),
    "11": ("Bank charges", "other"),
    "13": ("Counter claim", "chargeback"),
    "14": ("Wrong delivery", "shortage"),
    "16": ("Goods partly returned", "returns"),
    "17": ("Transport damage", "damage"),
    "19": ("Trade discount", "discount"),
    "20": ("Deduction for late delivery", "chargeback"),
    "21": ("Advertising costs", "allowance"),
    "32": ("Goods not delivered", "shortage"),
    "33": ("Late delivery", "chargeback"),
    "35": ("Goods returned", "returns"),
    "39": ("Deducted discount", "discount"),
    "40": ("Deducted freight costs", "freight"),
}

# The hub's own codes (CSV, canonical JSON): the kinds themselves.
CANONICAL = {code: (label, code) for code, label in KINDS.items()}

CODE_LISTS = {"x12": X12, "edifact": EDIFACT, "canonical": CANONICAL}
LIST_LABELS = {"x12": "X12 426", "edifact": "EDIFACT 4465", "canonical": "Hub"}


class Reason(NamedTuple):
    """A deduction code read: its list, the code, what it means and its kind."""

    code_list: str
    code: str
    meaning: str
    kind: str

    @property
    def label(self):
        """``X12 426 04: Item Not Accepted - Damaged (Damage)``."""
        code_list = LIST_LABELS.get(self.code_list, self.code_list)
        return f"{code_list} {self.code}: {self.meaning} ({KINDS[self.kind]})"


def reason(code_list, code):
    """The Reason of ``code`` in ``code_list``; an unknown code keeps the code, kind other."""
    table = CODE_LISTS.get(code_list, {})
    meaning, kind = table.get(code) or table.get(code.lower()) or ("unknown code", "other")
    return Reason(code_list, code, meaning, kind)
