from .safe_build import register

__all__ = ["register"]
