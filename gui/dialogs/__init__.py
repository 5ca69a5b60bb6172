"""Dialogs that edit one thing: a plan, a task, a unit."""
