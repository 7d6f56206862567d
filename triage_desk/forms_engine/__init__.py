"""Form schema, loader, safe expression evaluator, validation."""
