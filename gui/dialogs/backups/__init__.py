"""Backups in the GUI: the list of automatic copies to restore from, and the restore itself."""
