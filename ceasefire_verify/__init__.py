"""Check the mechanism's transparency log from outside, with no access to its database.

Standard library and `cryptography` only; imports nothing of the project, so a party can
copy this package to its own machine and run `python -m ceasefire_verify`.
"""
