"""Config sections of the features, one module each (see bot/config.py)."""
