"""hello-world: the platform's Python service."""

from hello_world.greeting import greet

__all__ = ["greet"]
