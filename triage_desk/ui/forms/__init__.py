"""Forms rendered as Qt widgets; embed :class:`triage_desk.ui.forms.form_panel.FormPanel`."""
