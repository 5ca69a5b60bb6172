"""The reports as Word documents (.docx) in the same official layout as the PDFs.

`document.OfficialDocument` holds the layout pieces (page set-up, header block, title, body,
signature block, landscape annexes, tables with repeated header rows); one module per report builds
the same content as the PDF module of the same name: `plan`, `progress`, `deadline_list`,
`assignment_sheet`. `core.reports.render_docx` picks the right one.
"""
