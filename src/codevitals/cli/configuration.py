"""Configuration-file values as the defaults of a command's options; the command line wins.

One file serves every command: `[tool.codevitals]` holds any command's keys (each command
applies those it has), and a command with options of its own beside the scanning ones (the
gate) reads them from its own table, `[tool.codevitals.gate]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from codevitals import config, git, processes
from codevitals.errors import ConfigError, UsageError

CLI_ONLY = frozenset(
    {"config_file", "output", "cache_dir", "write_baseline", "vuln_db", "index_url", "osv_url",
     "workdir", "scheduler",
     "store"}
)  # fmt: skip
"""Options a configuration file may not set: a scanned repository never chooses where we
write, which servers we send requests to, or which advisories it is judged by."""
OWN_TABLES = {"gate": "gate", "trend": "trend"}
"""Commands whose own options live in a table of their own, by command name."""
OWN_ONLY = {"trend": frozenset({"since"})}
"""Options a command shares with `scan` by name but not by meaning (the trend's `since` is
the start of its range, not the hotspot window): read from the command's own table only."""
SHARED_WITH = "scan"
"""The command whose options are the shared ones."""


def config_keys(command: click.Command, shared: click.Command | None = None) -> frozenset[str]:
    """The command's long option names, but not the CLI-only ones (nor `shared`'s)."""
    common = {p.name for p in shared.params} if shared is not None else set()
    return frozenset(
        param.name.replace("_", "-").rstrip("-")
        for param in command.params
        if isinstance(param, click.Option)
        and param.name
        and param.name not in CLI_ONLY
        and param.name not in common
    )


WORKER_COUNTS = ("jobs", "workers")
"""Options that count worker processes: never more than the CPUs."""


def configured(ctx: click.Context, path: Path) -> dict[str, Any]:
    """The command's parameters with configuration-file values filling the defaults.

    A worker count above the CPUs (from either) is lowered to the CPUs, with a notice.
    """
    params = _with_file(ctx, path)
    _cap_workers(params)
    return params


def _cap_workers(params: dict[str, Any]) -> None:
    cpus = processes.cpus()
    for name in WORKER_COUNTS:
        value = params.get(name)
        if isinstance(value, int) and value > cpus:
            params[name] = cpus
            if not params.get("quiet"):
                click.echo(f"codevitals: {name} {value} is more than the {cpus} CPUs here: "
                           f"using {cpus}", err=True)  # fmt: skip


def _with_file(ctx: click.Context, path: Path) -> dict[str, Any]:
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    params = dict(ctx.params)
    folder = path if path.is_dir() else path.parent
    # Configuration comes from inside the repository (or the scanned folder), never above it.
    found = params["config_file"] or config.find(folder, stop=git.toplevel(folder) or folder)
    if found is None:
        return params
    commands = _commands(ctx)
    loaded = config.load(found, _shared_keys(commands) | set(OWN_TABLES.values()))
    apart = set(OWN_TABLES.values()) | OWN_ONLY.get(ctx.command.name or "", frozenset())
    table = {k: v for k, v in loaded.values.items() if k not in apart}
    _apply(ctx, params, table, where=str(found))
    own = OWN_TABLES.get(ctx.command.name or "")
    if own is not None:
        values = _own_table(loaded.values, own, found, _own_keys(commands, ctx.command))
        _apply(ctx, params, values, where=f"{found}: [{own}]")
    return params


def _commands(ctx: click.Context) -> dict[str, click.Command]:
    group = ctx.find_root().command
    return dict(group.commands) if isinstance(group, click.Group) else {}


def _own_keys(commands: Mapping[str, click.Command], command: click.Command) -> frozenset[str]:
    """Keys of a command's own table: its options `scan` lacks, and those it reads only there."""
    own_only = OWN_ONLY.get(command.name or "", frozenset())
    return _distinct_keys(commands, command) | own_only


def _distinct_keys(commands: Mapping[str, click.Command], command: click.Command) -> frozenset[str]:
    return config_keys(command, shared=commands.get(SHARED_WITH))


def _shared_keys(commands: Mapping[str, click.Command]) -> frozenset[str]:
    """Keys of `[tool.codevitals]`: every command's options but those with a table of their own."""
    keys = {key for command in commands.values() for key in config_keys(command)}
    for name in OWN_TABLES:
        if name in commands:
            keys -= _distinct_keys(commands, commands[name])
    return frozenset(keys)


def _own_table(
    values: Mapping[str, Any], table: str, found: Path, keys: frozenset[str]
) -> dict[str, Any]:
    own = values.get(table, {})
    if not isinstance(own, dict):
        raise ConfigError(f"{found}: [tool.codevitals.{table}] must be a table")
    config.check_keys(own, keys, where=f"{found}: [{table}]")
    if "baseline" in own:  # relative to the configuration file, not to where the command runs
        own = {**own, "baseline": str(found.parent / str(own["baseline"]))}
    return own


def _apply(
    ctx: click.Context, params: dict[str, Any], values: Mapping[str, Any], where: str
) -> None:
    by_name = {p.name: p for p in ctx.command.params if p.name}
    for key, value in values.items():
        name = key.replace("-", "_")
        name = name if name in by_name else name + "_"  # `format` is `format_` in Python
        if name not in by_name:
            continue  # a key for another command (`fail-under` while explaining)
        if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT:
            continue  # the command line wins
        params[name] = _cast(ctx, by_name[name], value, where=f"{where}: {key}")


def _cast(ctx: click.Context, param: click.Parameter, value: Any, *, where: str) -> Any:
    if isinstance(value, Mapping):
        value = [f"{key}={item}" for key, item in value.items()]
    try:
        return param.type_cast_value(ctx, value)
    except click.BadParameter as error:
        raise ConfigError(f"{where}: {error.message}") from error
