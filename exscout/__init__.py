"""exscout: the CLI, the store and the outputs; the only package that persists."""

__version__ = "0.1.0"
