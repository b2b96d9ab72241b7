from hello_world import greet


def test_greets_by_name() -> None:
    assert greet("ant") == {"message": "hello from python, ant"}


def test_blank_name_greets_the_world() -> None:
    assert greet("  ") == {"message": "hello from python, world"}
    assert greet(None) == {"message": "hello from python, world"}
