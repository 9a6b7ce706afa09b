"""ORM-free services of integration_wms: confirmations as parts to book, reconciliation."""
