from .threads import register

__all__ = ["register"]
