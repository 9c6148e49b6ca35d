"""The national working-day calendar and the clocks that count time limits on it."""
