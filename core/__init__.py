"""The domain: plans, tasks, units, assignments, timeframes and deadline status. No Qt, no SQL."""
