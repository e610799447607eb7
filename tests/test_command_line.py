"""The command line: every module of reskg.commands is a sub-command, loaded when used."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click
from click.testing import CliRunner

from reskg import commands
from reskg.cli import cli

EXPECTED = {"build", "export", "ingest", "links", "push", "query", "serve", "site", "validate"}


def test_every_command_module_is_listed_and_named_as_its_module():
    modules = {m.name for m in pkgutil.iter_modules(commands.__path__) if m.name[0] != "_"}
    assert modules == EXPECTED
    assert cli.list_commands(click.Context(cli)) == sorted(EXPECTED)
    for name in modules:
        command = importlib.import_module(f"reskg.commands.{name}").command
        assert command.name == name
        assert cli.get_command(click.Context(cli), name) is command
    assert cli.get_command(click.Context(cli), "no-such-command") is None


def test_help_lists_every_command_and_unknown_ones_exit_2():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:", 1)[1].split()
    assert set(listed) >= EXPECTED
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


def test_one_command_does_not_import_the_others():
    code = (
        "import sys; from reskg.cli import main\n"
        "try: main(['validate', '--help'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('reskg.commands.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['reskg.commands.validate']"
