"""The service's one piece of logic, kept apart from the HTTP layer so tests need no server."""


def greet(name: str | None) -> dict[str, str]:
    """Returns the JSON body of GET /hello?name=…; a blank name greets the world."""
    name = (name or "").strip() or "world"
    return {"message": f"hello from python, {name}"}
