"""A domain package: the generated bases (generated*.py) and your code that extends them."""
