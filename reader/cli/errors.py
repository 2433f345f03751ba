"""The CLI's exit codes and its error for a command given wrongly."""

EXIT_ERROR = 1  # a command that could not be carried out
EXIT_USAGE = 2  # argparse's own code for a usage error; the same for the ones found after parsing


class CliError(Exception):
    """One line for stderr; the command exits with EXIT_ERROR."""
