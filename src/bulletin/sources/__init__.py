"""Sources besides the YAML loader: an office's own Excel/WPS ledger (台账), read as it is."""
