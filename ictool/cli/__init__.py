"""The ``ictool`` command: every core capability, headless.

Each command lives in ``ictool.cli.commands.<name>`` with ``register(subparsers)``;
``main`` wires them, turns ``UserError`` into one stderr line per problem and exit 2.
"""
