"""The demo programme the project ships: SOC24 (soc24.toml) and its loader (loader.py).

This package seeds every app, so unlike the rest of ``conference`` it writes the models of
speakers, sessions and reports; nothing else in ``conference`` imports it.
"""
