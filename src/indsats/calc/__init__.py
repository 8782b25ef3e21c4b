"""Pure calculation core: no Django imports allowed here (a test enforces it)."""
