"""Qt user interface: windows, widgets, Qt models, workers. The only package that imports PySide6."""
