from .resident import register

__all__ = ["register"]
