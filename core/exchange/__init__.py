"""Spreadsheet exchange (openpyxl; python-calamine for fast reading): workbooks out, returned ones in.

Out: the annex table of a plan (`annex`), the progress report as of a date (`progress`), the
collection template units fill in (`template`), all styled by `styles` the way a clerk would.
In: `safety` checks a file is a real, safe .xlsx; `reader` reads its values; `template_reader`
finds the template's tables however the unit rearranged them; `cells` interprets typed values;
`preview` compares them with the stored plan and lists changes and problems. storage.exchange
gathers the rows to export and writes a confirmed preview.

An annex table received from above (TT / Nội dung / Chủ trì / Phối hợp / Thời gian) is not read
here: it becomes a plan through core.importing (its xlsx_reader turns the table into the text the
plan parser reads). The annex written by `annex` uses the same column titles, so it reads back
the same way.
"""
