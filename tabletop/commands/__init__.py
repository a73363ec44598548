"""One module per `tabletop` sub-command (see `tabletop.cli`)."""
