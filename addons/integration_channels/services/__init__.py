"""The ORM-free logic of the channels module: webhook signatures, shop order mapping,
amounts and available-to-sell. Nothing here imports Odoo, so it is tested with plain pytest."""
