"""`newsreader completion bash|zsh|fish`: a completion script made from the
parser itself, so that a new command or option completes without anyone
editing a script. No dependency: the scripts complete commands, actions,
options and choices, and file names where a command takes a path.
"""

from __future__ import annotations

import argparse

_PATH_DESTS = {"paths", "file", "output", "target", "index", "global_index"}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse offers no public walk of its tree
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(o for a in parser._actions for o in a.option_strings)


def _choices(parser: argparse.ArgumentParser) -> list[str]:
    out: list[str] = []
    for action in parser._actions:
        if not action.option_strings and action.choices and not isinstance(action, argparse._SubParsersAction):
            out += [str(c) for c in action.choices]
    return out


def _takes_paths(parser: argparse.ArgumentParser) -> bool:
    return any(not a.option_strings and a.dest in _PATH_DESTS for a in parser._actions)


def table(parser: argparse.ArgumentParser) -> dict[str, tuple[list[str], bool]]:
    """Each command path ("", "feeds", "feeds add") -> (words to offer, also
    file names?)."""
    out: dict[str, tuple[list[str], bool]] = {}

    def walk(prefix: str, p: argparse.ArgumentParser) -> None:
        subs = _subparsers(p)
        out[prefix] = (sorted(subs) + _choices(p) + _options(p), _takes_paths(p))
        for name, child in subs.items():
            walk(f"{prefix} {name}".strip(), child)

    walk("", parser)
    return out


def _bash(rows: dict[str, tuple[list[str], bool]]) -> str:
    cases = "\n".join(
        f'        "{key}") words="{" ".join(words)}"; files={int(files)} ;;' for key, (words, files) in rows.items()
    )
    return f"""# bash completion for newsreader: eval "$(newsreader completion bash)"
_newsreader() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} path="" w words files i
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${{COMP_WORDS[i]}}
        [[ $w == -* ]] && continue
        case "${{path:+$path }}$w" in
{_bash_known(rows)}
        esac
    done
    case "$prev" in
        --index|--output|--file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    case "$path" in
{cases}
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    if [[ $files == 1 && $cur != -* ]]; then COMPREPLY+=($(compgen -f -- "$cur")); fi
}}
complete -o filenames -F _newsreader newsreader
"""


def _bash_known(rows: dict[str, tuple[list[str], bool]]) -> str:
    keys = " | ".join(f'"{k}"' for k in rows if k)
    return f"            {keys}) path=\"${{path:+$path }}$w\" ;;"


def _zsh(rows: dict[str, tuple[list[str], bool]]) -> str:
    # zsh runs the bash script through bashcompinit: one generator, two shells
    return "# zsh completion for newsreader: eval \"$(newsreader completion zsh)\"\n" \
        "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\n" \
        "autoload -U +X bashcompinit && bashcompinit\n" \
        + _bash(rows).split("\n", 1)[1]


def _fish(rows: dict[str, tuple[list[str], bool]]) -> str:
    lines = ["# fish completion for newsreader: newsreader completion fish | source", "complete -c newsreader -f"]
    for key, (words, files) in rows.items():
        parts = key.split()
        if parts:
            cond = " && ".join(f"__fish_seen_subcommand_from {p}" for p in parts)
            # not deeper: a word of a nested command is offered only at its level
            deeper = [k.split()[len(parts)] for k in rows if k.startswith(key + " ")]
            if deeper:
                cond += f"; and not __fish_seen_subcommand_from {' '.join(sorted(set(deeper)))}"
        else:
            top = sorted({k.split()[0] for k in rows if k})
            cond = f"not __fish_seen_subcommand_from {' '.join(top)}"
        plain = [w for w in words if not w.startswith("-")]
        if plain:
            lines.append(f"complete -c newsreader -n '{cond}' -a '{' '.join(plain)}'")
        for opt in (w for w in words if w.startswith("--")):
            lines.append(f"complete -c newsreader -n '{cond}' -l {opt[2:]}")
        if files:
            lines.append(f"complete -c newsreader -n '{cond}' -F")
    return "\n".join(lines) + "\n"


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    rows = table(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](rows)
