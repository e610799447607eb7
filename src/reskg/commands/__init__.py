"""One module per `reskg` sub-command; each exposes a click command named `command`."""
