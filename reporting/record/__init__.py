"""The physician's whole record: its change history, and export and import as one ZIP."""
