"""The `reskg` command line: a thin layer that parses arguments and calls the modules.

Every sub-command lives in its own module under `reskg.commands`, named as the command, and
exposes a click command named `command`; this file discovers them, so adding a command is adding
one module. A module is imported only when its command runs (or help lists them all), so that
one command does not pay for the imports of the others.
Exit codes: 0 success, 1 the data or query is wrong, 2 unusable input or arguments.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import click

from reskg import __version__, commands
from reskg.config import DEFAULT_BASE
from reskg.errors import EXIT_INPUT, ReskgError


class LazyCommands(click.Group):
    """A group whose sub-commands are the public modules of `reskg.commands`, imported on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        found = {m.name for m in pkgutil.iter_modules(commands.__path__) if m.name[0] != "_"}
        return sorted(found | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in self.list_commands(ctx):
            return None
        module = importlib.import_module(f"{commands.__name__}.{cmd_name}")
        command = getattr(module, "command", None)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise RuntimeError(
                f"reskg.commands.{cmd_name} must define a click command {cmd_name!r}"
            )
        self.add_command(command)
        return command


@click.group(cls=LazyCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reskg")
@click.option(
    "--base",
    envvar="RESKG_BASE",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI of the published graph (also RESKG_BASE).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
@click.pass_context
def cli(ctx: click.Context, base: str, quiet: bool) -> None:
    """Publish European Parliament resolutions as a linked RDF knowledge graph."""
    from reskg.config import Settings, normalise_base

    ctx.obj = {"settings": Settings(base=normalise_base(base)), "quiet": quiet}


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map our errors to messages and exit codes."""
    try:
        # Without standalone mode, click returns the code of ctx.exit(code) instead of raising.
        code = cli.main(args=argv, prog_name="reskg", standalone_mode=False)
    except ReskgError as exc:
        click.echo(f"reskg: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("reskg: aborted", err=True)
        sys.exit(EXIT_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("reskg: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug of ours: one line, no traceback (RESKG_DEBUG=1 shows it)
        if os.environ.get("RESKG_DEBUG"):
            raise
        click.echo(
            f"reskg: internal error: {type(exc).__name__}: {exc} "
            "(set RESKG_DEBUG=1 for the traceback)",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    sys.exit(code if isinstance(code, int) else 0)
