from .categories import register

__all__ = ["register"]
