from .provinces import register

__all__ = ["register"]
