"""Dataset files (ACLED, GDELT, UCDP) → the event table, and their import into the store."""
