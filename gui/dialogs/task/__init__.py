"""The task form: the dialog (`dialog`), its sections (`sections`: ordinal, parent, content, timeframe),
the assignment of units (`assignments`), progress per unit and round (`progress_panel`,
`progress_draft`), evidence files (`evidence`), and undo of saved edits (`undo`)."""
