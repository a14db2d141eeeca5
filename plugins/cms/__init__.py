from .cms import register

__all__ = ["register"]
