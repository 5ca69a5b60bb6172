"""Qt user interface: main window, table models, workers, dialogs."""
