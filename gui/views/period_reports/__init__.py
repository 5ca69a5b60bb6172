"""The «Báo cáo theo kỳ» screen: reports kept in the data file, edited, issued and re-printed."""
