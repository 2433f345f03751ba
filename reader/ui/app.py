"""Placeholder until the TUI lands: index, then say so."""


def run(lib, seed_if_empty: bool = True, paths=None) -> int:
    if paths:
        lib.index_paths(paths)
    elif seed_if_empty:
        lib.ensure_seeds()
    print(f"{lib.store.count()} articles indexed in {lib.dir}")
    return 0
