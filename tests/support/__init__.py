"""Helpers shared by the tests. Test modules import what they share from here, never from
one another.

Importable as ``support`` because ``pyproject.toml`` puts ``tests`` on the path
(``[tool.pytest.ini_options] pythonpath``); the programs the tests run in a process of their
own get the same path through :func:`support.reliability.child_env`.
"""
