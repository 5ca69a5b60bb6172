"""The «Tổng quan» home screen (screen.py) and its painted, clickable pieces (widgets.py)."""
