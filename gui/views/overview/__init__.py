"""The «Tổng quan» home screen (screen.py), its boxes (panels.py), their clickable pieces (widgets.py)
and where a piece leads (links.py)."""
