"""Importing a received plan: the preview dialog (`dialog`), its pages (`pages`, `review`), the banner
that says how the document was read (`banner`), pasting a text (`paste`) and small widgets."""
