"""The ``relay`` command: a thin layer that parses options, calls the Python API and prints."""
