from .groups import register

__all__ = ["register"]
