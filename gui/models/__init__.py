"""Qt item models over plain rows from storage; sorting and filtering through proxies."""
