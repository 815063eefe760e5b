"""Configuration-file values as the defaults of a command's options; the command line wins.

One file serves every command: `[tool.codevitals]` holds any command's keys (each command
applies those it has), and a command with options of its own beside the scanning ones (the
gate) reads them from its own table, `[tool.codevitals.gate]`. A shared value one command
cannot take but another can (`format = "html"`, which the gate does not write) is left to
the commands that take it.

Values are checked as the command line checks them, and a failure is one line naming the
file, the key and what is allowed. A path a repository's configuration names is relative to
the file and must lie inside the repository: the repository does not choose what is read
outside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from codevitals import config, git, repofiles
from codevitals.cli.types import NamedNumber
from codevitals.errors import ConfigError, UsageError
from codevitals.workers import processes

CLI_ONLY = frozenset(
    {"config_file", "output", "cache_dir", "write_baseline", "vuln_db", "index_url", "osv_url",
     "registry_url", "workdir", "scheduler",
     "store", "ignore_vuln"}
)  # fmt: skip
"""Options a configuration file may not set: a scanned repository never chooses where we
write, which servers we send requests to, or which advisories it is judged by (nor which of
them it is excused)."""
OWN_TABLES = {"gate": "gate", "trend": "trend"}
"""Commands whose own options live in a table of their own, by command name."""
OWN_ONLY = {"trend": frozenset({"since"})}
"""Options a command shares with `scan` by name but not by meaning (the trend's `since` is
the start of its range, not the hotspot window): read from the command's own table only."""
SHARED_WITH = "scan"
"""The command whose options are the shared ones."""


def _biomarker(name: str) -> object:
    # Imported when a threshold or weight is read: the rules' modules are no part of a
    # command that sets neither (`deps`, or a scan configured with defaults).
    from codevitals.code import biomarkers

    return biomarkers.lookup(name)


ITEM_TYPES = {
    "threshold": NamedNumber(0, known=_biomarker),
    "weight": NamedNumber(0, known=_biomarker),
}
"""Checks of each item of a table-valued key, so a bad one names the file and key at once
(`build.pairs` checks the command line's items as it reads them)."""


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
    top = git.toplevel(folder) or folder
    found = params["config_file"] or config.find(folder, stop=top)
    if found is None:
        return params
    commands = _commands(ctx)
    # A file the user named may lie anywhere; one found in the repository must lie in it.
    source = _Source(found, None if params["config_file"] else top, _cli_only_keys(commands))
    allowed = _shared_keys(commands) | set(OWN_TABLES.values())
    loaded = config.load(found, allowed, root=source.root, cli_only=source.cli_only)
    apart = set(OWN_TABLES.values()) | OWN_ONLY.get(ctx.command.name or "", frozenset())
    table = {k: v for k, v in loaded.values.items() if k not in apart}
    _apply(ctx, params, table, source.at(str(found), shared=True))
    own = OWN_TABLES.get(ctx.command.name or "")
    if own is not None:
        values = _own_table(loaded.values, own, source, _own_keys(commands, ctx.command))
        _apply(ctx, params, values, source.at(f"{found}: [{own}]", shared=False))
    return params


@dataclass(frozen=True, slots=True)
class _Source:
    """The configuration file read, the repository it must keep to (None: the user's file)."""

    path: Path
    root: Path | None
    cli_only: frozenset[str]
    where: str = ""
    shared: bool = True
    """Values from `[tool.codevitals]`, which serves every command."""

    def at(self, where: str, *, shared: bool) -> _Source:
        """The same file, its values read from the table `where` names."""
        return replace(self, where=where, shared=shared)


def _cli_only_keys(commands: Mapping[str, click.Command]) -> frozenset[str]:
    """How the command-line-only options would be spelled as keys (`config`, `output`, …)."""
    return frozenset(
        opt.lstrip("-")
        for command in commands.values()
        for param in command.params
        if param.name in CLI_ONLY
        for opt in param.opts
        if opt.startswith("--")
    )


def _commands(ctx: click.Context) -> dict[str, click.Command]:
    """Every command, each loaded if it was not (their options are the configuration's keys)."""
    root = ctx.find_root()
    group = root.command
    if not isinstance(group, click.Group):
        return {}
    found = {name: group.get_command(root, name) for name in group.list_commands(root)}
    return {name: command for name, command in found.items() if command is not None}


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
    values: Mapping[str, Any], table: str, source: _Source, keys: frozenset[str]
) -> dict[str, Any]:
    own = values.get(table, {})
    if not isinstance(own, dict):
        raise ConfigError(f"{source.path}: [tool.codevitals.{table}] must be a table")
    config.check_keys(own, keys, where=f"{source.path}: [{table}]", cli_only=source.cli_only)
    return own


def _apply(
    ctx: click.Context, params: dict[str, Any], values: Mapping[str, Any], source: _Source
) -> None:
    by_name = {p.name: p for p in ctx.command.params if p.name}
    for key, value in values.items():
        name = key.replace("-", "_")
        name = name if name in by_name else name + "_"  # `format` is `format_` in Python
        if name not in by_name:
            continue  # a key for another command (`fail-under` while explaining)
        if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT:
            continue  # the command line wins
        param = by_name[name]
        if source.shared and _for_other_commands(ctx, param, value):
            continue  # `format = "html"`: the scan's report, not the gate's
        where = f"{source.where}: {key}"
        params[name] = _cast(ctx, param, _located(source, param, value, where=where), where=where)


def _for_other_commands(ctx: click.Context, param: click.Parameter, value: Any) -> bool:
    """Whether a choice this command lacks is one another command offers."""
    if not isinstance(param.type, click.Choice) or value in param.type.choices:
        return False
    return any(
        isinstance(other.type, click.Choice) and value in other.type.choices
        for command in _commands(ctx).values()
        for other in command.params
        if other.name == param.name
    )


def _cast(ctx: click.Context, param: click.Parameter, value: Any, *, where: str) -> Any:
    if isinstance(value, Mapping):
        value = [f"{key}={item}" for key, item in value.items()]
    if param.multiple and isinstance(value, str):
        value = [value]  # `exclude = "legacy/"` means the one pattern
    try:
        converted = param.type_cast_value(ctx, value)
        for item in converted if param.name in ITEM_TYPES else ():
            ITEM_TYPES[str(param.name)].convert(item, param, ctx)
    except click.BadParameter as error:
        raise ConfigError(f"{where}: {_explained(param, value, error)}") from error
    if param.name in ("select", "deselect"):
        unknown = unknown_rules(converted)
        if unknown:
            raise ConfigError(f"{where}: unknown rule {unknown[0]!r} (see `codevitals rules`)")
    return converted


def _located(source: _Source, param: click.Parameter, value: Any, *, where: str) -> Any:
    """A path named in the file: relative to it, and inside the repository unless the user's.

    Any other value is returned as it is.
    """
    if not isinstance(param.type, click.Path) or not isinstance(value, str):
        return value
    path = source.path.parent / value
    if source.root is not None and not repofiles.inside(source.root, path):
        raise ConfigError(
            f"{where}: {value!r} lies outside the repository; a repository's configuration "
            "names only paths inside it (give this one on the command line)"
        )
    return str(path)


def _explained(param: click.Parameter, value: Any, error: click.BadParameter) -> str:
    """What is wrong, in the configuration file's terms rather than click's."""
    if param.multiple and not isinstance(value, list | tuple):
        return f'{value!r} is not a list; write a list such as ["…"]'
    allowed = _allowed(param.type)
    if not allowed:
        return error.message
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value!r} is out of range; allowed: {allowed}"
    return f"{value!r} is not a number; allowed: {allowed}"


def _allowed(kind: object) -> str:
    """A numeric range in words: `1 to 10`, `0 or more`, `at most 100`; "" when not a range."""
    if not isinstance(kind, click.IntRange | click.FloatRange):
        return ""
    low, high = kind.min, kind.max
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    return f"{low:g} or more" if low is not None else f"at most {high:g}"


def unknown_rules(selectors: Iterable[str]) -> list[str]:
    """The selectors that name no rule: ruff judges its own, the secrets codes are ours."""
    selectors = list(selectors)
    if not selectors:
        return []  # without loading ruff's runner and the secrets detector for nothing
    from codevitals.findings import ruff, secrets
    from codevitals.findings.presets import SECRETS_PREFIX

    ours = [rule.code for rule in (*secrets.RULES, secrets.HIGH_ENTROPY)]
    unknown: list[str] = []
    for selector in (s.strip().upper() for s in selectors):
        if selector.startswith(SECRETS_PREFIX):
            known = any(code.startswith(selector) for code in ours)
        else:
            known = bool(selector) and ruff.known_selector(selector)
        if not known:
            unknown.append(selector)
    return unknown
