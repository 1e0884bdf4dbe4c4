"""One module per view of the app; each renders from plain data (reports, documents,
labels) so AppTest can drive it alone. ``app.py`` only wires them."""
