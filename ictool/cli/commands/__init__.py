"""One module per ``ictool`` command (see ``ictool.cli.main.COMMAND_MODULES``)."""
